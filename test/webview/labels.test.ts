// The labels of an object's box: reference count, generation, cache.

import * as assert from 'assert';
import { cacheLabel, genLabel, rcLabel, typeKind } from '../../src/webview/model/labels';

describe('webview labels', () => {
  it('reference counts, immortal and unknown', () => {
    assert.strictEqual(rcLabel({ refcnt: 2, immortal: false }), 'rc 2');
    assert.strictEqual(rcLabel({ refcnt: 12_000, immortal: false }), 'rc 12,000');
    assert.strictEqual(rcLabel({ refcnt: 2 ** 32, immortal: true }), 'immortal');
    assert.strictEqual(rcLabel({ refcnt: -1, immortal: false }), 'rc ?');
  });

  it('generations: 0..2, untracked, permanent, unknown', () => {
    assert.strictEqual(genLabel(0), 'gen 0');
    assert.strictEqual(genLabel(2), 'gen 2');
    assert.strictEqual(genLabel(-1), 'untracked');
    assert.strictEqual(genLabel(3), 'permanent');
    assert.strictEqual(genLabel(-2), null);
  });

  it('names every cache', () => {
    assert.strictEqual(cacheLabel('small-int'), 'small int cache');
    assert.strictEqual(cacheLabel('interned'), 'interned');
    assert.strictEqual(cacheLabel('singleton'), 'singleton');
    assert.strictEqual(cacheLabel('latin1-char'), 'latin-1 char cache');
    assert.strictEqual(cacheLabel('constant'), 'constant');
    assert.strictEqual(cacheLabel('preexisting'), 'pre-existing');
    assert.strictEqual(cacheLabel(null), null);
  });

  it('sorts types into colour families', () => {
    assert.strictEqual(typeKind('int'), 'number');
    assert.strictEqual(typeKind('str'), 'text');
    assert.strictEqual(typeKind('dict'), 'container');
    assert.strictEqual(typeKind('Node'), 'other');
  });
});

// The details pane's view-model (model/details.ts): the breakdown's rows and totals with what
// explains sys.getsizeof against the bytes held, the referrers grouped with ob_refcnt broken down,
// the chain from a root, and the unreachable cycle. The details here are built by hand in the shape
// the engine sends (ObjectDetails); their numbers are arbitrary.

import * as assert from 'assert';
import type { ObjectDetails } from '../../src/shared/protocol';
import { breakdown, cacheLines, chainModel, referrerGroups, referrerText } from '../../src/webview/model/details';

function details(extra: Partial<ObjectDetails> = {}): ObjectDetails {
  return {
    pythonVersion: '3.12', step: 4, id: 0x7f0000001010, alive: true, type: 'list', repr: '[3 items]', exact: true,
    sizeof: 88, refcnt: 5, immortal: false, refcntShared: false, gen: 0, cache: null, gcHeadSize: 16, preHeaderSize: 16,
    smallRequestThreshold: 512, alignment: 16,
    allocations: [
      { kind: 'object', what: 'list', address: 0x7f0000001000, request: 56, gcHead: 16, preHeader: 0, allocator: 'pymalloc', blockSize: 64, szidx: 3, pool: 0x7f0000000000, arena: 0 },
      { kind: 'buffer', what: 'ob_item', address: 0x7f0000004000, request: 32, gcHead: 0, preHeader: 0, allocator: 'pymalloc', blockSize: 32, szidx: 1, pool: 0x7f0000004000, arena: 0 },
    ],
    allocationNotes: [],
    referrers: [
      { kind: 'global', id: 0, type: '<module>', label: 'a', repr: null },
      { kind: 'value', id: 0x7f00000020a0, type: 'dict', label: "'k'", repr: '{1 items}' },
      { kind: 'item', id: 0x7f00000030b0, type: 'tuple', label: '0', repr: '(2 items)' },
      { kind: 'item', id: 0x7f00000030b0, type: 'tuple', label: '1', repr: '(2 items)' },
      { kind: 'attribute', id: 0x7f00000040c0, type: 'P', label: 'peer', repr: '<P object>' },
    ],
    referrersTotal: 5, internal: [], unexplained: 0,
    reach: 'root',
    chain: { frame: '<module>', kind: 'global', name: 'a', hops: [{ id: 0x7f0000001010, type: 'list', label: 'a', kind: 'global', repr: '[3 items]' }] },
    fromFreeList: true, onDeath: { freeList: 'list', max: 80, to: 'pymalloc' },
    ...extra,
  };
}

describe('details pane model: allocation breakdown', () => {
  it('one row per request, with the header parts, the block and where it lies', () => {
    const b = breakdown(details());
    assert.deepStrictEqual(b.rows.map((r) => [r.what, r.request, r.block, r.held, r.slack]), [
      ['list object', 56, '64 B (class 3)', 64, 8],
      ['ob_item', 32, '32 B (class 1)', 32, 0],
    ]);
    assert.strictEqual(b.rows[0].parts, 'PyGC_Head 16 B + object 40 B');
    assert.strictEqual(b.rows[0].where, 'pool 0x7f0000000000, arena 0');
    assert.strictEqual(b.rows[1].parts, null);
    assert.deepStrictEqual([b.requested, b.held, b.sizeof], [88, 96, 88]);
  });

  it('explains the difference: the headers, the rounding, what sys.getsizeof does not count', () => {
    const b = breakdown(details({
      sizeof: 48,
      allocations: [{ kind: 'object', what: 'P', address: 0x1000, request: 320, gcHead: 16, preHeader: 16, allocator: 'pymalloc', blockSize: 320, szidx: 19, pool: 0x0, arena: 1 }],
    }));
    assert.strictEqual(b.rows[0].parts, 'pre-header 16 B + PyGC_Head 16 B + object 288 B');
    assert.ok(b.explain[0].startsWith('the pre-header (16 B) and the PyGC_Head (16 B): before id()'), b.explain[0]);
    assert.ok(b.explain.includes('272 B requested that sys.getsizeof does not count'), b.explain.join('|'));
    const r = breakdown(details());
    assert.ok(r.explain.includes('list object: 56 B rounded up to its size class: +8 B'), r.explain.join('|'));
  });

  it('a request over 512 bytes is raw malloc with its usable size; a shared keys table is what getsizeof counts besides', () => {
    const b = breakdown(details({
      sizeof: 1100,
      allocations: [{ kind: 'buffer', what: 'ob_item', address: 0x5500, request: 800, gcHead: 0, preHeader: 0, allocator: 'raw', blockSize: 808, szidx: -1, pool: null, arena: null }],
    }));
    assert.strictEqual(b.rows[0].block, 'raw malloc, 808 B usable');
    assert.strictEqual(b.rows[0].where, 'chunk at 0x5500');
    assert.ok(b.explain.some((e) => e.startsWith('sys.getsizeof counts 300 B that are not blocks of this object')), b.explain.join('|'));
  });
});

describe('details pane model: referrers', () => {
  it('groups frames, containers and attributes, and breaks ob_refcnt down', () => {
    const g = referrerGroups(details());
    assert.deepStrictEqual(g.groups.map((x) => [x.title, x.count]), [['Frames', 1], ['Containers', 3], ['Attributes', 1]]);
    assert.deepStrictEqual(g.groups[1].rows.map((r) => r.text), [
      "['k'] of dict at 0x7f00000020a0", '[0] of tuple at 0x7f00000030b0', '[1] of tuple at 0x7f00000030b0',
    ]);
    assert.strictEqual(g.groups[0].rows[0].text, 'a (global of the module)');
    assert.strictEqual(g.groups[0].rows[0].id, 0);
    assert.strictEqual(g.groups[2].rows[0].text, '.peer of P at 0x7f00000040c0');
    assert.strictEqual(g.sum, 'ob_refcnt 5 = 5 listed + 0 interpreter + 0 unexplained');
  });

  it('the interpreter\'s references and the unexplained ones are groups of their own', () => {
    const g = referrerGroups(details({
      refcnt: 4, referrers: [{ kind: 'local', id: 0, type: 'f', label: 'x', repr: null }], referrersTotal: 1,
      internal: [{ what: 'code constants', count: 1, detail: '<code f>' }, { what: 'interned table', count: 0, detail: null }], unexplained: 2,
    }));
    assert.deepStrictEqual(g.groups.map((x) => [x.title, x.count]), [['Frames', 1], ['Interpreter', 2], ['Unexplained', 2]]);
    assert.strictEqual(g.groups[0].rows[0].text, 'x (local of f)');
    assert.strictEqual(g.groups[1].rows[0].text, 'the constants of a code object (co_consts): <code f>');
    assert.ok(g.groups[1].rows[1].text.endsWith('(not counted)'));
    assert.ok(g.groups[2].rows[0].text.startsWith('2 references the trace does not show'));
    assert.strictEqual(g.sum, 'ob_refcnt 4 = 1 listed + 1 interpreter + 2 unexplained');
  });

  it('an immortal count and a count shared with the interpreter are not broken down', () => {
    assert.strictEqual(referrerGroups(details({ immortal: true, unexplained: null })).sum, 'ob_refcnt is immortal: references are not counted');
    assert.ok(referrerGroups(details({ refcntShared: true, unexplained: null })).sum.includes('whole interpreter'));
    assert.strictEqual(referrerGroups(details({ refcnt: -1, unexplained: null })).sum, 'ob_refcnt is not known at this step');
  });

  it('a key of a dict and a plain referent read as such', () => {
    assert.strictEqual(referrerText({ kind: 'key', id: 16, type: 'dict', label: '(1, 2)', repr: null }), 'key (1, 2) of dict at 0x10');
    assert.strictEqual(referrerText({ kind: 'referent', id: 16, type: 'list_iterator', label: null, repr: null }), 'list_iterator at 0x10');
  });
});

describe('details pane model: chain and caches', () => {
  it('the chain from a root: the root\'s name, then index, key and attribute', () => {
    const c = chainModel(details({
      id: 4,
      chain: {
        frame: 'f', kind: 'local', name: 'p', hops: [
          { id: 1, type: 'P', label: 'p', kind: 'local', repr: null },
          { id: 2, type: 'dict', label: 'items', kind: 'attribute', repr: null },
          { id: 3, type: 'list', label: "'k'", kind: 'value', repr: null },
          { id: 4, type: 'str', label: '1', kind: 'item', repr: null },
        ],
      },
    }));
    assert.strictEqual(c.kind, 'root');
    assert.strictEqual(c.root, 'local of f');
    assert.deepStrictEqual(c.steps.map((s) => s.via), ['p', '.items', "['k']", '[1]']);
    assert.deepStrictEqual(c.steps.map((s) => s.text), ['P at 0x1', 'dict at 0x2', 'list at 0x3', 'str at 0x4']);
  });

  it('unreachable: only a cycle holds it', () => {
    const c = chainModel(details({ reach: 'cycle', chain: null }));
    assert.strictEqual(c.kind, 'cycle');
    assert.strictEqual(c.steps.length, 0);
    assert.strictEqual(c.message, 'unreachable: only a cycle holds it (the cyclic collector would free it)');
    assert.ok(chainModel(details({ reach: 'none', chain: null, cache: 'interned' })).message.includes('the interpreter holds it'));
  });

  it('cache and free-list lines', () => {
    const lines = cacheLines(details());
    assert.deepStrictEqual(lines, [
      'its block was taken from the list free list, not from pymalloc',
      'when it dies: onto the list free list while it holds fewer than 80, else back to its pool in pymalloc',
      'tracked by the cyclic collector (generation 0)',
    ]);
    const small = cacheLines(details({ cache: 'small-int', immortal: true, fromFreeList: false, onDeath: null, gen: -1 }));
    assert.deepStrictEqual(small, [
      'a small int (-5..256) from the small-int cache: never allocated by the program', 'immortal: never freed', 'not tracked by the cyclic collector',
    ]);
  });
});

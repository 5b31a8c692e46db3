// The stack column: frames newest first, names bound or not.

import * as assert from 'assert';
import { stackFrames } from '../../src/webview/model/stack';
import { frame } from './fixtures';

describe('webview stack', () => {
  it('lists the frames newest first, the innermost marked current', () => {
    const f = stackFrames([frame('<module>', 12, [['x', 5]]), frame('f', 3, [['a', 6]]), frame('g', 7, [])]);
    assert.deepStrictEqual(f.map((x) => x.name), ['g', 'f', '<module>']);
    assert.deepStrictEqual(f.map((x) => x.current), [true, false, false]);
    assert.deepStrictEqual(f.map((x) => x.lineLabel), ['line 7', 'line 3', 'line 12']);
    // keys stay with a frame while it lives: its depth from the outermost
    assert.deepStrictEqual(f.map((x) => x.key), ['f2', 'f1', 'f0']);
  });

  it('says which names are unbound', () => {
    const [f] = stackFrames([frame('f', 1, [['a', 10], ['b', 0]])]);
    assert.deepStrictEqual(f.locals, [{ name: 'a', id: 10, bound: true }, { name: 'b', id: 0, bound: false }]);
  });

  it('has no line label for an unknown line', () => {
    assert.strictEqual(stackFrames([frame('f', 0, [])])[0].lineLabel, '');
  });
});

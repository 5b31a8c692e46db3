// The pure parts of the editor's side of the panel: a selection's program and its lines, the first
// changed line that decides whether a re-simulation keeps the panel's step, and where the "Step
// to Line" code lenses go.

import * as assert from 'assert';
import { dedent, firstChangedLine, toDocLine, toProgramLine } from '../../src/extension/programLines';
import { stepTargets } from '../../src/extension/stepTargets';

describe('program lines', () => {
  it('dedents a selection by the indentation its lines share, ignoring blank lines', () => {
    assert.deepStrictEqual(dedent(['    x = 1', '', '    if x:', '        y = 2']), ['x = 1', '', 'if x:', '    y = 2']);
    assert.deepStrictEqual(dedent(['\tx = 1', '\t\ty = 2']), ['x = 1', '\ty = 2']);
    // nothing shared: unchanged
    assert.deepStrictEqual(dedent(['x = 1', '    y = 2']), ['x = 1', '    y = 2']);
    // mixed tabs and spaces share only their common prefix
    assert.deepStrictEqual(dedent(['  \tx', '    y']), ['\tx', '  y']);
  });

  it('maps program lines to document lines and back, inside the selection only', () => {
    const span = { firstLine: 10, lineCount: 3 };
    assert.strictEqual(toDocLine(span, 1), 10);
    assert.strictEqual(toDocLine(span, 3), 12);
    assert.strictEqual(toDocLine(span, 0), 0);
    assert.strictEqual(toProgramLine(span, 10), 1);
    assert.strictEqual(toProgramLine(span, 12), 3);
    assert.strictEqual(toProgramLine(span, 9), 0);
    assert.strictEqual(toProgramLine(span, 13), 0);
  });

  it('finds the first line where two texts differ', () => {
    assert.strictEqual(firstChangedLine('a\nb\nc\n', 'a\nb\nc\n'), 0);
    assert.strictEqual(firstChangedLine('a\nb\nc\n', 'a\nB\nc\n'), 2);
    assert.strictEqual(firstChangedLine('a\nb\n', 'a\nb\nc\n'), 3);
    assert.strictEqual(firstChangedLine('a\nb\nc\n', 'a\nb\n'), 3);
    assert.strictEqual(firstChangedLine('a\r\nb\r\n', 'a\nb\n'), 0);
    assert.strictEqual(firstChangedLine('x', 'y'), 1);
  });
});

describe('step targets (the code lenses of "Step to Line")', () => {
  it('puts a lens on each def (to its first body line) and each loop (to its own line)', () => {
    const src = [
      'def f(a,', //           1
      '      b=(1, 2)):', //    2
      '    # a comment', //     3
      '', //                    4
      '    return a', //        5
      'for i in range(3):', //  6
      '    while i:', //        7
      '        i -= 1', //      8
      'async def g(): return 1', // 9
      'define = 3', //          10
      '    def h(self) -> dict[str, int]:', // 11
      '        """doc"""', //   12
    ].join('\n');
    assert.deepStrictEqual(stepTargets(src), [
      { line: 1, kind: 'def', name: 'f', target: 5 },
      { line: 6, kind: 'loop', name: 'for', target: 6 },
      { line: 7, kind: 'loop', name: 'while', target: 7 },
      { line: 9, kind: 'def', name: 'g', target: 9 },
      { line: 11, kind: 'def', name: 'h', target: 12 },
    ]);
  });

  it('skips a def whose body is missing or whose header never ends', () => {
    assert.deepStrictEqual(stepTargets('def f():\nx = 1\n'), []);
    assert.deepStrictEqual(stepTargets('def f(:\n'), []);
  });
});

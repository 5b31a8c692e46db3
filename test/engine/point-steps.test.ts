// The steps at which a run reaches the points of an annotated snippet: before a statement (each
// time its frame comes to it; a loop is entered once, however often its header runs), after it
// (its frame at a line outside it, or returned), and the end of the run.

import * as assert from 'assert';
import { pointSteps } from '../../src/engine';
import { lineOf, record } from './trace-helpers';

const SRC = [
  'total = 0',
  'for i in range(3):',
  '    total += i',
  '    x = [i]',
  'print(total)',
  'def f(n):',
  '    return [n] * n',
  'y = f(2)',
  'z = f(3)',
  '',
].join('\n');

describe('pointSteps', () => {
  const rec = record(SRC);
  const L = (t: string) => lineOf(SRC, t);

  it('reaches a loop once before it and once after it, and its body once per iteration', () => {
    const [beforeLoop, afterLoop, beforeBody, afterBody] = pointSteps(rec, SRC, [
      { kind: 'before', line: L('for i in range(3):') }, { kind: 'after', line: L('for i in range(3):') },
      { kind: 'before', line: L('    total += i') }, { kind: 'after', line: L('    x = [i]') },
    ]);
    assert.strictEqual(beforeLoop.reaches, 1);
    assert.strictEqual(rec.lineAt(beforeLoop.steps[0]), L('for i in range(3):'));
    // after the loop: the next statement is about to run
    assert.deepStrictEqual(afterLoop.steps.map((s) => rec.lineAt(s)), [L('print(total)')]);
    assert.strictEqual(beforeBody.reaches, 3);
    assert.ok(beforeBody.steps.every((s) => rec.lineAt(s) === L('    total += i')));
    // after the body's last statement: back at the loop's header
    assert.strictEqual(afterBody.reaches, 3);
    assert.ok(afterBody.steps.every((s) => rec.lineAt(s) === L('for i in range(3):')));
  });

  it('reaches a function\'s statement once per call, and a calling line after the call returned', () => {
    const [ret, call] = pointSteps(rec, SRC, [{ kind: 'before', line: L('    return [n] * n') }, { kind: 'after', line: L('y = f(2)') }]);
    assert.strictEqual(ret.reaches, 2);
    assert.deepStrictEqual(call.steps.map((s) => rec.lineAt(s)), [L('z = f(3)')]);
  });

  it('puts the end at the last state, and a line that never runs nowhere', () => {
    const [end, none, blank] = pointSteps(rec, SRC, [{ kind: 'end', line: null }, { kind: 'before', line: 99 }, { kind: 'before', line: 10 }]);
    assert.deepStrictEqual(end, { steps: [rec.steps], reaches: 1 });
    assert.deepStrictEqual(none, { steps: [], reaches: 0 });
    assert.deepStrictEqual(blank, { steps: [], reaches: 0 });
  });

  it('keeps the first `cap` steps and counts the rest', () => {
    const [body] = pointSteps(rec, SRC, [{ kind: 'before', line: L('    total += i') }], 2);
    assert.deepStrictEqual([body.steps.length, body.reaches], [2, 3]);
  });
});

// The simulation worker answers the editor's requests about a run it holds (engine/trace/
// sourceFacts.ts): a name's object after a line ran (hovers), the values assignments bound
// (inlay hints) and the functions' statistics (code lenses); and an error for a run it no longer
// holds.

import * as assert from 'assert';
import { SimulationHost } from '../../src/worker/simulation';
import { RUN_WATCH_LENGTH } from '../../src/worker/protocol';
import type { FromWorkerMessage, SimulateRequest } from '../../src/worker/protocol';

const SOURCE = [
  'def grow(n):',
  '    out = [0] * n',
  '    return out',
  '',
  'xs = grow(5)',
  'ys = grow(3)',
  'zs = "tail" * 3',
  'print(len(zs))',
  '',
].join('\n');

describe('the simulation worker: source facts', () => {
  it('replies with a name\'s facts, the hints of some lines and the run\'s statistics', () => {
    const posted: FromWorkerMessage[] = [];
    const h = new SimulationHost((m) => posted.push(m));
    const req: SimulateRequest = {
      type: 'simulate', id: 7, source: SOURCE, version: '3.12', maxSteps: 100_000,
      filename: 'prog.py', displayName: 'prog.py', trace: true, watch: new SharedArrayBuffer(RUN_WATCH_LENGTH * 4), stdoutLimit: 1 << 20,
    };
    h.handle(req);
    const run = posted.pop();
    assert.ok(run && run.type === 'simulated');

    h.handle({ type: 'nameFacts', id: 8, runId: 7, query: { line: 2, path: ['out'] } });
    const n = posted.pop();
    assert.ok(n && n.type === 'nameFacts' && n.id === 8, JSON.stringify(n).slice(0, 200));
    assert.deepStrictEqual([n.facts.status, n.facts.run, n.facts.runs, n.facts.frame, n.facts.object?.type], ['found', 2, 2, 'grow', 'list']);
    assert.deepStrictEqual(n.facts.object?.allocations.map((a) => a.what), ['list', 'ob_item']);

    h.handle({ type: 'hints', id: 9, runId: 7, query: { fromLine: 1, toLine: 7 } });
    const hi = posted.pop();
    assert.ok(hi && hi.type === 'hints' && hi.id === 9);
    assert.deepStrictEqual(hi.hints.map((x) => [x.line, x.targets.map((t) => [t.path.join('.'), t.type])]),
      [[2, [['out', 'list']]], [5, [['xs', 'list']]], [6, [['ys', 'list']]], [7, [['zs', 'str']]]]);

    h.handle({ type: 'runStats', id: 10, runId: 7 });
    const st = posted.pop();
    assert.ok(st && st.type === 'runStats' && st.id === 10);
    assert.strictEqual(st.stats.totalSteps, run.run.totalSteps);
    assert.deepStrictEqual(st.stats.functions.map((f) => [f.name, f.defLine, f.bodyLine, f.calls]), [['grow', 1, 2, 2]]);

    // a run the worker does not hold
    h.handle({ type: 'nameFacts', id: 11, runId: 99, query: { line: 2, path: ['out'] } });
    const e1 = posted.pop();
    assert.ok(e1 && e1.type === 'error' && e1.id === 11);
    h.handle({ type: 'hints', id: 12, runId: 99, query: { fromLine: 1, toLine: 2 } });
    const e2 = posted.pop();
    assert.ok(e2 && e2.type === 'error' && e2.id === 12);
    h.handle({ type: 'runStats', id: 13, runId: 99 });
    const e3 = posted.pop();
    assert.ok(e3 && e3.type === 'error' && e3.id === 13);
  });
});

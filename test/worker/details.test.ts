// The simulation worker answers the details pane's request (DetailsRequest) for a run it holds:
// an object's allocations, referrers and chain at a step, "not alive" for an id that is not, and
// an error for a run it no longer holds.

import * as assert from 'assert';
import { SimulationHost } from '../../src/worker/simulation';
import { RUN_WATCH_LENGTH } from '../../src/worker/protocol';
import type { FromWorkerMessage, SimulateRequest } from '../../src/worker/protocol';

describe('the simulation worker: object details', () => {
  it('replies with the details of an object at a step', () => {
    const posted: FromWorkerMessage[] = [];
    const h = new SimulationHost((m) => posted.push(m));
    const req: SimulateRequest = {
      type: 'simulate', id: 7, source: 'xs = [str(i) * 4 for i in range(30)]\nd = {"all": xs}\ny = 1\n', version: '3.12', maxSteps: 100_000,
      filename: 'prog.py', displayName: 'prog.py', trace: true, watch: new SharedArrayBuffer(RUN_WATCH_LENGTH * 4), stdoutLimit: 1 << 20,
    };
    h.handle(req);
    const run = posted.pop();
    assert.ok(run && run.type === 'simulated');
    const steps = run.run.totalSteps;
    h.handle({ type: 'view', id: 8, runId: 7, query: { step: steps - 1 } });
    const v = posted.pop();
    assert.ok(v && v.type === 'view');
    const xs = v.view.frames[0].locals.find((l) => l.name === 'xs')!.id;
    h.handle({ type: 'details', id: 9, runId: 7, query: { step: steps - 1, id: xs } });
    const r = posted.pop();
    assert.ok(r && r.type === 'details' && r.id === 9, JSON.stringify(r).slice(0, 200));
    const d = r.details;
    assert.strictEqual(d.alive, true);
    assert.strictEqual(d.type, 'list');
    assert.deepStrictEqual(d.allocations.map((a) => a.what), ['list', 'ob_item']);
    assert.deepStrictEqual(d.referrers.map((x) => [x.kind, x.label]).sort(), [['global', 'xs'], ['value', "'all'"]]);
    assert.strictEqual(d.refcnt, 2);
    assert.strictEqual(d.unexplained, 0);
    assert.strictEqual(d.chain?.name, 'xs');
    // a step past the end is the last step; an id not alive
    h.handle({ type: 'details', id: 10, runId: 7, query: { step: 1e9, id: 1 } });
    const r3 = posted.pop();
    assert.ok(r3 && r3.type === 'details' && r3.details.step === steps && !r3.details.alive);
    h.handle({ type: 'details', id: 11, runId: 99, query: { step: 0, id: xs } });
    const r4 = posted.pop();
    assert.ok(r4 && r4.type === 'error' && r4.id === 11);
  });
});

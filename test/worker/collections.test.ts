// The simulation worker answers the Collector tab's request (CollectionsRequest) for a run it
// holds: the collections at or before a step, the phases of one when asked, and an error for a
// run it no longer holds.

import * as assert from 'assert';
import { SimulationHost } from '../../src/worker/simulation';
import { RUN_WATCH_LENGTH } from '../../src/worker/protocol';
import type { FromWorkerMessage, SimulateRequest } from '../../src/worker/protocol';

describe('the simulation worker: collections', () => {
  it('replies with the collections at a step, and a collection\'s phases when asked', () => {
    const posted: FromWorkerMessage[] = [];
    const h = new SimulationHost((m) => posted.push(m));
    const req: SimulateRequest = {
      type: 'simulate', id: 7, source: 'import gc\nl = []\nl.append(l)\ndel l\nn = gc.collect()\nprint(n)\n', version: '3.12', maxSteps: 100_000,
      filename: 'prog.py', displayName: 'prog.py', trace: true, watch: new SharedArrayBuffer(RUN_WATCH_LENGTH * 4), stdoutLimit: 1 << 20,
    };
    h.handle(req);
    const run = posted.pop();
    assert.ok(run && run.type === 'simulated');
    assert.strictEqual(run.run.stdout, '1\n');
    h.handle({ type: 'collections', id: 8, runId: 7, query: { step: 1e9 } });
    const r = posted.pop();
    assert.ok(r && r.type === 'collections' && r.id === 8, JSON.stringify(r).slice(0, 200));
    const manual = r.collections.collections.find((c) => c.reason === 'manual');
    assert.ok(manual);
    assert.strictEqual(manual.collected, 1);
    assert.strictEqual(r.collections.detail, null);
    h.handle({ type: 'collections', id: 9, runId: 7, query: { step: 1e9, open: manual.index } });
    const r2 = posted.pop();
    assert.ok(r2 && r2.type === 'collections' && r2.collections.detail);
    assert.strictEqual(r2.collections.detail.freed.total, 1);
    assert.strictEqual(r2.collections.detail.objects.find((o) => !o.reachable)?.type, 'list');
    // before the collection: not listed
    h.handle({ type: 'collections', id: 10, runId: 7, query: { step: manual.step - 1 } });
    const r3 = posted.pop();
    assert.ok(r3 && r3.type === 'collections');
    assert.ok(!r3.collections.collections.some((c) => c.index === manual.index));
    h.handle({ type: 'collections', id: 11, runId: 99, query: { step: 0 } });
    const r4 = posted.pop();
    assert.ok(r4 && r4.type === 'error' && r4.id === 11);
  });
});

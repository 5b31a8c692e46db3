// The simulation worker answers the allocator map's request (AllocMapRequest) for a run it holds,
// with a pool's blocks when asked, and an error for a run it no longer holds.

import * as assert from 'assert';
import { SimulationHost } from '../../src/worker/simulation';
import { RUN_WATCH_LENGTH } from '../../src/worker/protocol';
import type { FromWorkerMessage, SimulateRequest } from '../../src/worker/protocol';

describe('the simulation worker: allocator maps', () => {
  it('replies with the map of a step, and a pool\'s blocks and owners when asked', () => {
    const posted: FromWorkerMessage[] = [];
    const h = new SimulationHost((m) => posted.push(m));
    const req: SimulateRequest = {
      type: 'simulate', id: 7, source: 'xs = [str(i) * 4 for i in range(300)]\ny = 1\n', version: '3.10', maxSteps: 100_000,
      filename: 'prog.py', displayName: 'prog.py', trace: true, watch: new SharedArrayBuffer(RUN_WATCH_LENGTH * 4), stdoutLimit: 1 << 20,
    };
    h.handle(req);
    const run = posted.pop();
    assert.ok(run && run.type === 'simulated');
    const steps = run.run.totalSteps;
    h.handle({ type: 'allocMap', id: 8, runId: 7, query: { step: steps - 1 } });
    const r = posted.pop();
    assert.ok(r && r.type === 'allocMap' && r.id === 8, JSON.stringify(r).slice(0, 200));
    const map = r.map;
    assert.strictEqual(map.poolSize, 16384);
    assert.strictEqual(map.arenaSize, 1 << 20);
    assert.ok(map.arenas.length >= 1);
    assert.ok(map.sizeClasses.length >= 1);
    const a = map.arenas[0];
    const first = Math.ceil(a.address / map.poolSize) * map.poolSize;
    let strs = 0;
    a.count.forEach((count, k) => {
      if (!count) return;
      h.handle({ type: 'allocMap', id: 9, runId: 7, query: { step: steps - 1, pool: first + k * map.poolSize } });
      const r2 = posted.pop();
      assert.ok(r2 && r2.type === 'allocMap' && r2.map.pool);
      assert.strictEqual(r2.map.pool.count, count);
      strs += r2.map.pool.owners.filter((o) => o.type === 'str').length;
    });
    assert.ok(strs >= 300, `the program's strs are owners of blocks: ${strs}`);
    // a step past the end is the last step
    h.handle({ type: 'allocMap', id: 10, runId: 7, query: { step: 1e9 } });
    const r3 = posted.pop();
    assert.ok(r3 && r3.type === 'allocMap' && r3.map.step === steps);
    h.handle({ type: 'allocMap', id: 11, runId: 99, query: { step: 0 } });
    const r4 = posted.pop();
    assert.ok(r4 && r4.type === 'error' && r4.id === 11);
  });
});

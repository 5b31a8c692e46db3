// The simulation worker's memory series (the panel's Memory tab): the reply to a `series` request
// for a run it holds, whose figures at a step are the step view's heap summary there; the bounds
// it keeps whatever is asked; the error for a run it does not hold.

import * as assert from 'assert';
import { SimulationHost } from '../../src/worker/simulation';
import { RUN_WATCH_LENGTH } from '../../src/worker/protocol';
import type { FromWorkerMessage, RunSummary, SimulateRequest, ToWorkerMessage } from '../../src/worker/protocol';
import { SERIES_MAX_BUCKETS } from '../../src/worker/series';
import type { MemorySeries, StepView } from '../../src/engine';

const FIGURES = ['pymallocBytes', 'rawBytes', 'allocatedBlocks', 'arenas'] as const;

function host() {
  const posted: FromWorkerMessage[] = [];
  const h = new SimulationHost((m) => posted.push(m));
  const send = (m: ToWorkerMessage): FromWorkerMessage => {
    const before = posted.length;
    h.handle(m);
    assert.strictEqual(posted.length, before + 1);
    return posted[before];
  };
  const simulate = (source: string, version: SimulateRequest['version'] = '3.12'): RunSummary => {
    const r = send({
      type: 'simulate', id: 1, source, version, maxSteps: 100_000, filename: 'prog.py', displayName: 'prog.py', trace: true,
      watch: new SharedArrayBuffer(RUN_WATCH_LENGTH * 4), stdoutLimit: 1 << 20,
    });
    assert.strictEqual(r.type, 'simulated');
    return (r as Extract<FromWorkerMessage, { type: 'simulated' }>).run;
  };
  const series = (runId: number, from: number, to: number, maxBuckets: number): MemorySeries => {
    const r = send({ type: 'series', id: 7, runId, from, to, maxBuckets });
    assert.strictEqual(r.type, 'series', JSON.stringify(r));
    assert.strictEqual(r.id, 7);
    return (r as Extract<FromWorkerMessage, { type: 'series' }>).series;
  };
  const view = (runId: number, step: number): StepView => {
    const r = send({ type: 'view', id: 9, runId, query: { step } });
    return (r as Extract<FromWorkerMessage, { type: 'view' }>).view;
  };
  return { send, simulate, series, view };
}

const PROGRAMS = [
  'xs = []\nfor i in range(120):\n    xs.append([i] * (i % 7))\nd = dict.fromkeys(range(50))\ndel xs\nb = b"x" * 3000\n',
  'import gc\nclass A:\n    pass\nfor i in range(400):\n    a = A()\n    a.me = a\ndel a\ngc.collect()\ns = "-".join(str(i) for i in range(100))\n',
  'def f(n):\n    return [str(k) for k in range(n)]\nys = [f(n) for n in range(30)]\nys.clear()\n',
];

describe('the simulation worker: memory series', function () {
  this.timeout(120_000);
  for (const [i, source] of PROGRAMS.entries()) {
    for (const version of ['3.9', '3.12'] as const) {
      it(`program ${i + 1} (${version}): the series' value at step N is the view's heap at N`, () => {
        const { simulate, series, view } = host();
        const run = simulate(source, version);
        const s = series(run.runId, 0, run.totalSteps, SERIES_MAX_BUCKETS);
        assert.strictEqual(s.stride, 1, `${run.totalSteps} steps fit`);
        assert.strictEqual(s.totalSteps, run.totalSteps);
        const probe = [0, 1, 2, Math.floor(run.totalSteps / 3), Math.floor(run.totalSteps / 2), run.totalSteps - 1, run.totalSteps];
        for (const n of probe) {
          const heap = view(run.runId, n).heap;
          for (const f of FIGURES) {
            assert.strictEqual(s[f].min[n], heap[f], `${f} at step ${n}`);
            assert.strictEqual(s[f].max[n], heap[f], `${f} at step ${n}`);
          }
          // a range that starts at the step has the same figure first
          const z = series(run.runId, n, run.totalSteps, 10);
          assert.strictEqual(z.start[0], n);
          for (const f of FIGURES) assert.ok(z[f].min[0] <= heap[f] && heap[f] <= z[f].max[0]);
        }
      });
    }
  }

  it('bounds the buckets whatever is asked, and says when the run is not held', () => {
    const { simulate, series, send } = host();
    const run = simulate(PROGRAMS[0]);
    assert.strictEqual(series(run.runId, 0, run.totalSteps, 1e9).start.length, run.totalSteps + 1);
    assert.strictEqual(series(run.runId, 0, run.totalSteps, 0).start.length, 1);
    assert.strictEqual(series(run.runId, 0, run.totalSteps, Number.NaN).stride, 1);
    const few = series(run.runId, 0, run.totalSteps, 5);
    assert.ok(few.start.length <= 5);
    assert.strictEqual(few.end[few.end.length - 1], run.totalSteps);
    const r = send({ type: 'series', id: 3, runId: 12345, from: 0, to: 10, maxBuckets: 10 });
    assert.strictEqual(r.type, 'error');
  });
});

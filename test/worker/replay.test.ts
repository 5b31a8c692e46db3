// Exact views in the simulation worker: a view asked for with `exact: true` of a step between two
// sparse checkpoints is made by a replay of the run, equal to a dense recording's view of the
// step; the replay stays paused for the next step, gives way to a message that arrives meanwhile
// (the host's line questions are answered between its slices), is dropped with its run or by a
// new simulation, and a run that cannot be replayed keeps its trace's views. Then the real thread:
// a step asked for during a long replay is answered without waiting for the replay.

import * as assert from 'assert';
import * as fs from 'fs';
import { SimulationHost } from '../../src/worker/simulation';
import { Session, TraceRecorder, stepView } from '../../src/engine';
import type { RunOptions, StepView, ViewQuery } from '../../src/engine';
import { RUN_WATCH_LENGTH } from '../../src/worker/protocol';
import type { FromWorkerMessage, RunSummary, SimulateRequest, ToWorkerMessage } from '../../src/worker/protocol';
import { SimulationWorker } from '../../src/extension/simulationWorker';
import { bundleWorker } from './bundle';

/** more live objects than a trace records a checkpoint of at every step, then steps that change
 *  them: most steps fall between two sparse checkpoints */
const SOURCE = `numbers = list(range(1000, 3200))
cells = {}
for k in range(1500):
    numbers[k] = str(k)
    cells[k % 40] = [k, numbers[k]]
last = numbers[-1]
`;
const OPTIONS: RunOptions = { version: '3.12', maxSteps: 100_000, filename: 'prog.py' };

function request(source: string, id = 1): SimulateRequest {
  return {
    type: 'simulate', id, source, version: '3.12', maxSteps: 100_000, filename: 'prog.py', displayName: 'prog.py',
    trace: true, watch: new SharedArrayBuffer(RUN_WATCH_LENGTH * 4), stdoutLimit: 1 << 20,
  };
}

/** the same run recorded with a checkpoint at every step: exact at every step */
function denseRecording(source: string): TraceRecorder {
  const s = new Session(source, OPTIONS);
  const rec = new TraceRecorder(s, { denseSteps: Infinity, denseObjects: Infinity, denseWork: Infinity });
  s.finish();
  rec.finish();
  return rec;
}

/** a worker host whose replies are collected, with messages that "arrive" during a replay and
 *  a heap as full as `heap` says */
function host(makeSession?: (source: string, options: RunOptions) => Session, heap: () => number = () => 0.1) {
  const posted: FromWorkerMessage[] = [];
  const arriving: (() => ToWorkerMessage | undefined)[] = [];
  let polls = 0;
  const h = new SimulationHost((m) => posted.push(m), makeSession, () => {
    polls++;
    const next = arriving.shift();
    return next ? next() : undefined;
  }, heap);
  const simulate = (source: string): RunSummary => {
    h.handle(request(source));
    const r = posted[posted.length - 1];
    assert.strictEqual(r.type, 'simulated');
    return (r as Extract<FromWorkerMessage, { type: 'simulated' }>).run;
  };
  const view = (runId: number, query: ViewQuery, id = 9): StepView => {
    const before = posted.length;
    h.handle({ type: 'view', id, runId, query });
    const r = posted.slice(before).find((m) => m.id === id)!;
    assert.strictEqual(r.type, 'view', JSON.stringify(r).slice(0, 300));
    return (r as Extract<FromWorkerMessage, { type: 'view' }>).view;
  };
  return { h, posted, arriving, simulate, view, polls: () => polls };
}

describe('exact views in the simulation worker', function () {
  this.timeout(60_000);
  let dense: TraceRecorder;
  before(() => { dense = denseRecording(SOURCE); });

  it('replays the run to a step between checkpoints, and keeps the replay for the next step', () => {
    const { h, simulate, view } = host();
    const run = simulate(SOURCE);
    assert.strictEqual(run.end, 'finished');
    const step = 2_501;
    const approximate = view(run.runId, { step });
    assert.strictEqual(approximate.exact, false, 'a step between two sparse checkpoints');
    const exact = view(run.runId, { step, exact: true });
    assert.strictEqual(exact.exact, true);
    assert.deepStrictEqual(exact, stepView(dense, { step }));
    // what the trace knew exactly is unchanged
    for (const k of ['frames', 'allocated', 'freed', 'output', 'line'] as const) {
      if (k !== 'frames') assert.deepStrictEqual(exact[k], approximate[k], k);
    }
    assert.deepStrictEqual(exact.frames.map((f) => f.locals.map((l) => l.name)), approximate.frames.map((f) => f.locals.map((l) => l.name)));
    assert.deepStrictEqual(h.replayState, { runId: run.runId, position: step + 1, starts: 1 });
    // the next step: one more line step of the same replay
    const next = view(run.runId, { step: step + 1, exact: true });
    assert.deepStrictEqual(next, stepView(dense, { step: step + 1 }));
    assert.deepStrictEqual(h.replayState, { runId: run.runId, position: step + 2, starts: 1 });
    // a step the trace has exactly needs no replay
    const last = view(run.runId, { step: run.totalSteps, exact: true });
    assert.strictEqual(last.exact, true);
    assert.strictEqual(h.replayState!.position, step + 2);
  });

  it('gives up an exact request for a message that arrives meanwhile, and answers it next', () => {
    const { h, posted, arriving, simulate, polls } = host();
    const run = simulate(SOURCE);
    const far = 2_900;
    // during the replay's first slice the panel moves on to another step
    arriving.push(() => ({ type: 'view', id: 21, runId: run.runId, query: { step: 40 } }));
    const before = posted.length;
    h.handle({ type: 'view', id: 20, runId: run.runId, query: { step: far, exact: true } });
    const replies = posted.slice(before);
    assert.deepStrictEqual(replies.map((m) => m.id), [20, 21], 'the request given up first, then the one that came');
    const gaveUp = (replies[0] as Extract<FromWorkerMessage, { type: 'view' }>).view;
    assert.strictEqual(gaveUp.step, far);
    assert.strictEqual(gaveUp.exact, false, 'the trace\'s own view of the step');
    assert.ok(polls() >= 1);
    // the replay stopped where it was: asked again, it goes on from there
    const stopped = h.replayState!.position;
    assert.ok(stopped > 0 && stopped < far, `paused at ${stopped}`);
    h.handle({ type: 'view', id: 22, runId: run.runId, query: { step: far, exact: true } });
    const v = (posted[posted.length - 1] as Extract<FromWorkerMessage, { type: 'view' }>).view;
    assert.deepStrictEqual(v, stepView(dense, { step: far }));
    assert.strictEqual(h.replayState!.starts, 1);
  });

  it('answers the host\'s line questions between two slices of a replay and goes on', () => {
    const { h, posted, arriving, simulate } = host();
    const run = simulate(SOURCE);
    arriving.push(() => ({ type: 'lines', id: 31, runId: run.runId, step: 10, lines: [4] }));
    arriving.push(() => ({ type: 'find', id: 32, runId: run.runId, what: 'line', direction: 1, from: 0, line: 6 }));
    const before = posted.length;
    h.handle({ type: 'view', id: 30, runId: run.runId, query: { step: 2_900, exact: true } });
    const replies = posted.slice(before);
    assert.deepStrictEqual(replies.map((m) => [m.id, m.type]), [[31, 'lines'], [32, 'found'], [30, 'view']]);
    assert.strictEqual((replies[2] as Extract<FromWorkerMessage, { type: 'view' }>).view.exact, true);
  });

  it('drops the replay with its run, and before simulating another program', () => {
    const { h, simulate, view } = host();
    const state = () => h.replayState;
    const run = simulate(SOURCE);
    view(run.runId, { step: 2_501, exact: true });
    assert.ok(state());
    h.handle({ type: 'drop', runId: run.runId });
    assert.strictEqual(state(), null);
    const again = simulate(SOURCE);
    view(again.runId, { step: 2_501, exact: true });
    assert.strictEqual(state()?.runId, again.runId);
    simulate('x = 1\n');
    assert.strictEqual(state(), null);
  });

  it('starts no replay in a heap half full, and drops one that fills it', () => {
    let full = 0.6;
    const { h, simulate, view } = host(undefined, () => full);
    const run = simulate(SOURCE);
    assert.strictEqual(view(run.runId, { step: 2_501, exact: true }).exact, false);
    assert.strictEqual(h.replayState, null);
    full = 0.1;
    assert.strictEqual(view(run.runId, { step: 2_501, exact: true }).exact, true);
    assert.ok(h.replayState);
    // a replay that would take the worker's heap past its limit goes (after its first slice: an
    // earlier step replays from the start)
    full = 0.9;
    assert.strictEqual(view(run.runId, { step: 2_400, exact: true }).exact, false);
    assert.strictEqual(h.replayState, null);
  });

  it('keeps the trace\'s views of a run whose replay fails', () => {
    // a second run of the program goes another way (as an engine that is not deterministic would)
    let made = 0;
    const { h, simulate, view } = host((source, options) => new Session(made++ === 0 ? source : source.replace('str(k)', 'str(k + 1)'), options));
    const run = simulate(SOURCE);
    const v = view(run.runId, { step: 2_501, exact: true });
    assert.strictEqual(v.exact, false);
    assert.strictEqual(h.replayState, null);
    // and does not try again
    assert.strictEqual(view(run.runId, { step: 2_502, exact: true }).exact, false);
    assert.strictEqual(made, 2);
  });
});

describe('exact views in the simulation worker thread', function () {
  this.timeout(120_000);
  let dir: string;
  let script: string;

  before(async () => {
    ({ dir, script } = await bundleWorker('pymemsim-replay-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('answers a step asked for during a long replay at once, and the replay goes on from where it stopped', async () => {
    const w = new SimulationWorker({ script, memoryMb: () => 1024 });
    try {
      const source = 'xs = [str(i) for i in range(300_000)]\nfor i in range(200_000):\n    xs[i] = i\n';
      const run = await w.simulate({ trace: true, source, version: '3.12', maxSteps: 10_000_000, filename: 'p.py', displayName: 'p.py' }).done;
      assert.strictEqual(run.end, 'finished');
      const far = run.totalSteps - 10;
      const t0 = performance.now();
      const exact = w.view(run.runId, { step: far, exact: true });
      const moved = await w.view(run.runId, { step: 5 });
      const movedMs = performance.now() - t0;
      const gaveUp = await exact;
      assert.strictEqual(moved.step, 5);
      assert.strictEqual(gaveUp.exact, false, 'the replay gave way to the step asked for');
      // (a replay of the whole run takes seconds; the step asked for came back well before)
      const t1 = performance.now();
      const done = await w.view(run.runId, { step: far, exact: true });
      const replayMs = performance.now() - t1;
      assert.strictEqual(done.exact, true);
      assert.ok(movedMs < replayMs, `answered in ${movedMs.toFixed(0)} ms, the replay took ${replayMs.toFixed(0)} ms more`);
    } finally {
      w.dispose();
    }
  });
});

// The editor's background runs, with a fake worker and a fake clock: one run per document
// version, the debounce while the user types, a newer version cancelling an older one (waiting
// or running), a hover skipping the debounce and joining a run under way, and finished runs
// kept until a newer one replaces them.

import * as assert from 'assert';
import { BackgroundDoc, BackgroundRuns, RunSupersededError } from '../../src/extension/background';
import type { RunningSimulation, SimulationRequest } from '../../src/extension/simulationWorker';
import type { RunSummary } from '../../src/worker/protocol';

class FakeClock {
  now = 0;
  private timers: { at: number; f: () => void; id: number }[] = [];
  private ids = 1;
  set = (f: () => void, ms: number): unknown => { const id = this.ids++; this.timers.push({ at: this.now + ms, f, id }); return id; };
  clear = (t: unknown): void => { this.timers = this.timers.filter((x) => x.id !== t); };
  advance(ms: number): void {
    const until = this.now + ms;
    for (;;) {
      const due = this.timers.filter((t) => t.at <= until).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.timers = this.timers.filter((t) => t !== due);
      this.now = due.at;
      due.f();
    }
    this.now = until;
  }
  get pending(): number { return this.timers.length; }
}

interface FakeRun { req: SimulationRequest; id: number; cancelled: boolean; finish(end?: RunSummary['end']): void }

class FakeWorker {
  runs: FakeRun[] = [];
  dropped: number[] = [];
  private ids = 1;
  simulate = (req: SimulationRequest): RunningSimulation => {
    const id = this.ids++;
    let resolve!: (s: RunSummary) => void;
    const done = new Promise<RunSummary>((r) => { resolve = r; });
    const run: FakeRun = {
      req, id, cancelled: false,
      finish: (end = 'finished') => resolve({
        runId: id, held: end !== 'syntax', totalSteps: 10, end, problem: null, stdout: '', stdoutSkipped: 0, stderr: '', exitCode: 0, memory: null, elapsedMs: 1,
      }),
    };
    this.runs.push(run);
    return { id, done, cancel: () => { run.cancelled = true; run.finish('cancelled'); } };
  };
  drop = (runId: number): void => { this.dropped.push(runId); };
}

function doc(version: number, text = `x = ${version}\n`): BackgroundDoc {
  return { uri: 'file:///a.py', version, text, filename: 'a.py', displayName: 'a.py' };
}

const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

function setup(): { clock: FakeClock; worker: FakeWorker; bg: BackgroundRuns } {
  const clock = new FakeClock();
  const worker = new FakeWorker();
  const bg = new BackgroundRuns({
    simulate: worker.simulate, drop: worker.drop, maxSteps: () => 5_000, memoryLimitMb: () => 64, debounceMs: () => 300,
    setTimer: clock.set, clearTimer: clock.clear,
  });
  return { clock, worker, bg };
}

describe('BackgroundRuns', () => {
  it('runs a changed document once its typing pauses, with the background limit and the trace', async () => {
    const { clock, worker, bg } = setup();
    bg.changed(doc(1), '3.12');
    clock.advance(299);
    assert.strictEqual(worker.runs.length, 0);
    clock.advance(1);
    assert.strictEqual(worker.runs.length, 1);
    const r = worker.runs[0].req;
    assert.deepStrictEqual([r.trace, r.maxSteps, r.memoryLimitMb, r.version, r.source], [true, 5_000, 64, '3.12', 'x = 1\n']);
  });

  it('simulates only the last of versions typed quickly, and cancels one already running', async () => {
    const { clock, worker, bg } = setup();
    const waits = [1, 2, 3].map((v) => { bg.changed(doc(v), '3.12'); clock.advance(100); return bg.ready(doc(v), '3.12'); });
    clock.advance(300);
    assert.deepStrictEqual(worker.runs.map((r) => r.req.source), ['x = 3\n']);
    await assert.rejects(waits[0], RunSupersededError);
    await assert.rejects(waits[1], RunSupersededError);
    assert.strictEqual(bg.stats.superseded, 2);
    // version 4 arrives while 3 runs: 3 is cancelled in the worker
    bg.changed(doc(4), '3.12');
    assert.strictEqual(worker.runs[0].cancelled, true);
    await assert.rejects(waits[2], RunSupersededError);
    clock.advance(300);
    worker.runs[1].finish();
    const r4 = await bg.ready(doc(4), '3.12');
    assert.strictEqual(r4.docVersion, 4);
    assert.deepStrictEqual(bg.stats.simulated['file:///a.py'], [3, 4]);
    assert.strictEqual(bg.stats.cancelled, 1);
    // the cancelled run was never kept
    await tick();
    assert.ok(worker.dropped.includes(worker.runs[0].id));
  });

  it('lets a hover skip the debounce, and never runs one version twice', async () => {
    const { clock, worker, bg } = setup();
    bg.changed(doc(1), '3.12');
    const a = bg.now(doc(1), '3.12');
    assert.strictEqual(worker.runs.length, 1, 'the hover started the run at once');
    const b = bg.now(doc(1), '3.12');
    const c = bg.ready(doc(1), '3.12');
    clock.advance(1_000);
    assert.strictEqual(worker.runs.length, 1, 'the debounce timer did not start it again');
    worker.runs[0].finish();
    const [ra, rb, rc] = await Promise.all([a, b, c]);
    assert.ok(ra === rb && rb === rc);
    await bg.now(doc(1), '3.12');
    assert.strictEqual(worker.runs.length, 1);
    assert.strictEqual(bg.stats.reused, 3);
  });

  it('keeps the last finished run until a newer one finishes, then drops it from the worker', async () => {
    const { clock, worker, bg } = setup();
    bg.changed(doc(1), '3.12');
    clock.advance(300);
    worker.runs[0].finish();
    await bg.ready(doc(1), '3.12');
    bg.changed(doc(2), '3.12');
    assert.strictEqual(bg.latest('file:///a.py', '3.12')?.docVersion, 1, 'version 1 is still the latest known');
    clock.advance(300);
    worker.runs[1].finish();
    await bg.ready(doc(2), '3.12');
    assert.strictEqual(bg.latest('file:///a.py', '3.12')?.docVersion, 2);
    assert.strictEqual(bg.finished('file:///a.py', 1, '3.12'), undefined);
    assert.deepStrictEqual(worker.dropped, [worker.runs[0].id]);
  });

  it('refuses a version older than one already seen, and forgets a closed document', async () => {
    const { clock, worker, bg } = setup();
    bg.changed(doc(2), '3.12');
    await assert.rejects(bg.now(doc(1), '3.12'), /replaced by version 2/);
    const w = bg.ready(doc(2), '3.12');
    bg.closed('file:///a.py');
    await assert.rejects(w, /closed/);
    clock.advance(1_000);
    assert.strictEqual(worker.runs.length, 0);
    assert.strictEqual(clock.pending, 0);
  });

  it('runs other Python versions of the same text beside the editor\'s own (Compare Versions)', async () => {
    const { clock, worker, bg } = setup();
    bg.changed(doc(1), '3.12');
    const other = bg.now(doc(1), '3.8');
    clock.advance(300);
    assert.deepStrictEqual(worker.runs.map((r) => r.req.version), ['3.8', '3.12']);
    worker.runs.forEach((r) => r.finish());
    assert.strictEqual((await other).pyVersion, '3.8');
    // a new text forgets the comparison's run, not the editor's last answer
    bg.changed(doc(2), '3.12');
    assert.strictEqual(bg.finished('file:///a.py', 1, '3.8'), undefined);
    assert.strictEqual(bg.latest('file:///a.py', '3.12')?.docVersion, 1);
  });
});

// The simulation worker: how a run ends (finished, exception, syntax error, refusal, step limit,
// cancelled between steps), what the worker keeps of it and answers about its steps; then the
// real worker thread as the extension host starts it: resource limits that end a run without
// ending the process, a Cancel that stops a line that never returns, and a replaced worker.

import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { SimulationHost } from '../../src/worker/simulation';
import { Session } from '../../src/engine';
import { RUN_CANCEL, RUN_LINE, RUN_STEPS, RUN_WATCH_LENGTH } from '../../src/worker/protocol';
import type { FromWorkerMessage, RunSummary, SimulateRequest, ToWorkerMessage } from '../../src/worker/protocol';
import { SimulationWorker } from '../../src/extension/simulationWorker';
import type { StepView } from '../../src/engine';
import { bundleWorker } from './bundle';

function request(source: string, extra: Partial<SimulateRequest> = {}): SimulateRequest {
  return {
    type: 'simulate', id: 1, source, version: '3.12', maxSteps: 100_000, filename: 'prog.py', displayName: 'prog.py',
    trace: true, watch: new SharedArrayBuffer(RUN_WATCH_LENGTH * 4), stdoutLimit: 1 << 20, ...extra,
  };
}

/** a worker host whose replies are collected */
function host(makeSession?: ConstructorParameters<typeof SimulationHost>[1]) {
  const posted: FromWorkerMessage[] = [];
  const h = new SimulationHost((m) => posted.push(m), makeSession);
  const send = (m: ToWorkerMessage): FromWorkerMessage => {
    const before = posted.length;
    h.handle(m);
    const replies = posted.slice(before);
    assert.strictEqual(replies.length, m.type === 'drop' ? 0 : 1, `one reply to ${m.type}`);
    return replies[0];
  };
  const simulate = (source: string, extra: Partial<SimulateRequest> = {}): RunSummary => {
    const r = send(request(source, extra));
    assert.strictEqual(r.type, 'simulated', JSON.stringify(r));
    return (r as Extract<FromWorkerMessage, { type: 'simulated' }>).run;
  };
  const view = (runId: number, step: number): StepView => {
    const r = send({ type: 'view', id: 99, runId, query: { step } });
    assert.strictEqual(r.type, 'view', JSON.stringify(r));
    return (r as Extract<FromWorkerMessage, { type: 'view' }>).view;
  };
  return { h, send, simulate, view };
}

describe('the simulation worker (in-process)', () => {
  it('simulates a program, keeps its trace and shows any step of it', () => {
    const { h, simulate, view, send } = host();
    const run = simulate('def f(n):\n    xs = [n] * 3\n    return xs\nys = f(7)\nprint(len(ys))\n');
    assert.strictEqual(run.end, 'finished');
    assert.strictEqual(run.problem, null);
    assert.strictEqual(run.held, true);
    assert.strictEqual(run.stdout, '3\n');
    assert.strictEqual(run.exitCode, 0);
    assert.ok(run.totalSteps >= 5, `steps: ${run.totalSteps}`);
    assert.strictEqual(h.held, 1);
    // inside f: the frames, newest last, with f's locals
    const found = send({ type: 'find', id: 5, runId: run.runId, what: 'line', direction: 1, from: 0, line: 3 });
    assert.strictEqual(found.type, 'found');
    const step = (found as Extract<FromWorkerMessage, { type: 'found' }>).step!;
    const v = view(run.runId, step);
    assert.strictEqual(v.line, 3);
    assert.deepStrictEqual(v.frames.map((f) => f.name), ['<module>', 'f']);
    assert.deepStrictEqual(v.frames[1].locals.map((l) => l.name), ['n', 'xs']);
    const xs = v.objects.find((o) => o.id === v.frames[1].locals[1].id)!;
    assert.strictEqual(xs.type, 'list');
    // a step past the end is the last step
    assert.strictEqual(view(run.runId, run.totalSteps + 50).step, run.totalSteps);
    // the lines facts: the last line and how often line 2 ran
    const lines = send({ type: 'lines', id: 6, runId: run.runId, step: run.totalSteps, lines: [2, 5, 9] });
    assert.strictEqual(lines.type, 'lines');
    const facts = (lines as Extract<FromWorkerMessage, { type: 'lines' }>).lines;
    assert.deepStrictEqual(facts.runs, [1, 1, 0]);
    assert.strictEqual(facts.maxLineThrough, 5);
  });

  it('reports an uncaught exception with its line and traceback, and keeps the steps', () => {
    const { simulate, view } = host();
    const run = simulate('x = 1\ny = x / 0\n');
    assert.strictEqual(run.end, 'exception');
    assert.deepStrictEqual(run.problem, { kind: 'exception', line: 2, message: 'ZeroDivisionError: division by zero' });
    assert.match(run.stderr, /^Traceback \(most recent call last\):\n {2}File "prog\.py", line 2, in <module>\n/);
    assert.strictEqual(run.exitCode, 1);
    assert.ok(run.held);
    assert.ok(view(run.runId, 1).frames[0].locals.some((l) => l.name === 'x'));
  });

  it('reports a syntax error with its line and column, and holds no trace', () => {
    const { h, simulate } = host();
    const run = simulate('x = 1\nif x:\n    y = = 2\n');
    assert.strictEqual(run.end, 'syntax');
    assert.strictEqual(run.problem?.line, 3);
    assert.strictEqual(run.problem?.kind, 'syntax');
    assert.match(run.problem!.message, /^SyntaxError: invalid syntax/);
    assert.strictEqual(run.totalSteps, 0);
    assert.strictEqual(run.held, false);
    assert.strictEqual(h.held, 0);
  });

  it('reports a construct the simulator does not model at its line', () => {
    const { simulate } = host();
    const run = simulate('x = 1\nwith open("f") as f:\n    pass\n');
    assert.strictEqual(run.end, 'unsupported');
    assert.strictEqual(run.problem?.line, 2);
    assert.match(run.problem!.message, /`with`.*not supported/);
  });

  it('stops at the step limit and keeps the steps made', () => {
    const { simulate, view } = host();
    const run = simulate('i = 0\nwhile True:\n    i += 1\n', { maxSteps: 5_000 });
    assert.strictEqual(run.end, 'step-limit');
    assert.ok(run.problem && run.problem.line >= 2 && run.problem.line <= 3, JSON.stringify(run.problem));
    assert.match(run.problem!.message, /more than 5000 steps/);
    assert.ok(run.held);
    assert.ok(run.totalSteps >= 5_000, String(run.totalSteps));
    // the last state before the end is where it stopped, with its frame and the loop's line
    const v = view(run.runId, run.totalSteps - 1);
    assert.deepStrictEqual(v.frames.map((f) => f.name), ['<module>']);
    assert.strictEqual(v.line, run.problem!.line);
  });

  it('stops between two chunks of steps once the host set the cancel flag, keeping the steps', () => {
    const { simulate, view } = host();
    const shared = new SharedArrayBuffer(RUN_WATCH_LENGTH * 4);
    const w = new Int32Array(shared);
    Atomics.store(w, RUN_CANCEL, 1);
    const run = simulate('i = 0\nwhile True:\n    i += 1\n', { maxSteps: 10_000_000, watch: shared });
    assert.strictEqual(run.end, 'cancelled');
    assert.strictEqual(run.problem?.kind, 'cancelled');
    assert.match(run.problem!.message, /^stopped by the user after [\d,]+ steps, before line [23]$/);
    assert.ok(run.totalSteps >= 2_000 && run.totalSteps < 10_000, String(run.totalSteps));
    assert.ok(run.held);
    // every step wrote its count and line where the host watches them
    assert.strictEqual(w[RUN_STEPS], run.totalSteps);
    assert.ok(w[RUN_LINE] === 2 || w[RUN_LINE] === 3, String(w[RUN_LINE]));
    // the last step is the paused state, with the loop's frame
    const v = view(run.runId, run.totalSteps);
    assert.strictEqual(v.finished, false);
    assert.deepStrictEqual(v.frames.map((f) => f.name), ['<module>']);
  });

  it('reports a failure of the simulator itself with its line, keeping the steps made', () => {
    // an engine whose third chunk of steps fails, as an engine bug would
    class Failing extends Session {
      private chunks = 0;
      override step(lines: number): boolean {
        if (++this.chunks === 3) throw new TypeError('young is not iterable');
        return super.step(lines);
      }
    }
    const { simulate, view } = host((source, options) => new Failing(source, options));
    const run = simulate('i = 0\nwhile i < 100000:\n    i += 1\n');
    assert.strictEqual(run.end, 'crashed');
    assert.strictEqual(run.exitCode, 70);
    assert.ok(run.problem!.line === 2 || run.problem!.line === 3, JSON.stringify(run.problem));
    assert.match(run.problem!.message, /^the simulator failed at line [23] after 4,0\d\d steps: TypeError: young is not iterable$/);
    assert.ok(run.held);
    assert.ok(run.totalSteps >= 4_000 && run.totalSteps < 4_100, String(run.totalSteps));
    assert.strictEqual(view(run.runId, run.totalSteps).frames[0].name, '<module>');
  });

  it('ends a memory blowup with the program\'s MemoryError at its line, as CPython did, keeping the steps', () => {
    // test/hostile/memory/repeat_list.py and its recording from CPython 3.12 under the same limit
    const dir = path.join(__dirname, '..', 'hostile', 'memory');
    const source = fs.readFileSync(path.join(dir, 'repeat_list.py'), 'utf8');
    const rec = JSON.parse(fs.readFileSync(path.join(dir, 'repeat_list.expected.json'), 'utf8'))['3.12'];
    assert.match(source, /^# pymemsim: memory-limit=256MB$/m);
    const { simulate, view } = host();
    const run = simulate(source, { memoryLimitMb: 256 });
    assert.strictEqual(run.end, 'exception');
    assert.deepStrictEqual(run.problem, { kind: 'exception', line: rec.line, message: rec.exception });
    assert.strictEqual(run.stdout, rec.stdout);
    assert.strictEqual(run.exitCode, rec.exitCode);
    assert.ok(run.held);
    // the step of the failing line: in make(), called from the module, whose names are all there
    const failing = view(run.runId, run.totalSteps - 1);
    assert.deepStrictEqual(failing.frames.map((f) => f.name).sort(), ['<module>', 'make']);
    const module = failing.frames.find((f) => f.name === '<module>')!;
    assert.ok(['small', 'y', 'make'].every((n) => module.locals.some((l) => l.name === n)));
  });

  it('passes the memory limit to the run: a block that fits the default fails under a smaller limit', () => {
    const { simulate } = host();
    const prog = 'b = bytearray(20 * 2**20)\nprint(len(b))\n';
    const fits = simulate(prog);
    assert.strictEqual(fits.end, 'finished');
    const small = simulate(prog, { memoryLimitMb: 16 });
    assert.strictEqual(small.end, 'exception');
    assert.deepStrictEqual(small.problem, { kind: 'exception', line: 1, message: 'MemoryError' });
  });

  it('answers a question about a dropped run with an error reply', () => {
    const { simulate, send, h } = host();
    const run = simulate('x = [1, 2]\n');
    send({ type: 'drop', runId: run.runId });
    assert.strictEqual(h.held, 0);
    const r = send({ type: 'view', id: 7, runId: run.runId, query: { step: 0 } });
    assert.strictEqual(r.type, 'error');
    assert.match((r as Extract<FromWorkerMessage, { type: 'error' }>).message, /no longer held/);
  });

  it('runs without the trace for the output channel, and says how much output it left out', () => {
    const { h, simulate } = host();
    const run = simulate('for i in range(1000):\n    print(i)\n', { trace: false, stdoutLimit: 100 });
    assert.strictEqual(run.end, 'finished');
    assert.strictEqual(run.held, false);
    assert.strictEqual(h.held, 0);
    assert.strictEqual(run.stdout.length, 100);
    assert.ok(run.stdout.endsWith('998\n999\n'));
    const full = Array.from({ length: 1000 }, (_, i) => `${i}\n`).join('');
    assert.strictEqual(run.stdoutSkipped, full.length - 100);
    assert.ok(run.memory && run.memory.version === '3.12');
  });
});

describe('the simulation worker thread', function () {
  this.timeout(120_000);
  let dir: string;
  let script: string;

  before(async () => {
    ({ dir, script } = await bundleWorker('pymemsim-worker-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const req = (source: string) => ({ trace: true, source, version: '3.12' as const, maxSteps: 10_000_000, filename: 'p.py', displayName: 'p.py' });

  it('simulates in the thread, and answers views of the run it holds', async () => {
    const w = new SimulationWorker({ script, memoryMb: () => 512 });
    try {
      const run = await w.simulate(req('xs = [1, 2, 3]\nprint(sum(xs))\n')).done;
      assert.strictEqual(run.end, 'finished');
      assert.strictEqual(run.stdout, '6\n');
      assert.ok(w.holds(run.runId));
      const v = await w.view(run.runId, { step: 1 });
      assert.deepStrictEqual(v.frames[0].locals.map((l) => l.name), ['xs']);
      w.drop(run.runId);
      assert.ok(!w.holds(run.runId));
      await assert.rejects(w.view(run.runId, { step: 1 }), /no longer available/);
    } finally {
      w.dispose();
    }
  });

  it('ends a program that exhausts the worker\'s memory with a message, and starts a new worker', async () => {
    const w = new SimulationWorker({ script, memoryMb: () => 160 });
    try {
      const progress: number[] = [];
      const run = await w.simulate(req('xs = []\nfor i in range(100_000_000):\n    xs.append(str(i))\n'), (p) => progress.push(p.steps)).done;
      assert.strictEqual(run.end, 'out-of-memory', JSON.stringify(run));
      assert.strictEqual(run.held, false);
      assert.strictEqual(run.problem?.kind, 'out-of-memory');
      assert.match(run.problem!.message, /^the simulation ran out of memory in line [23] after [\d,]+ steps \(the simulator's limit is 160 MB/);
      assert.ok(progress.length > 0);
      assert.strictEqual(w.started, 1);
      const again = await w.simulate(req('print("still here")\n')).done;
      assert.strictEqual(again.stdout, 'still here\n');
      assert.strictEqual(w.started, 2);
    } finally {
      w.dispose();
    }
  });

  it('terminates a worker whose line does not return within the grace period of a Cancel', async () => {
    const w = new SimulationWorker({ script, memoryMb: () => 512, cancelGraceMs: 300 });
    try {
      let sim: ReturnType<SimulationWorker['simulate']> | undefined = undefined;
      // a loop of steps first, then one line that runs for long
      sim = w.simulate(req('for i in range(400_000):\n    pass\nx = sum(range(10**9))\n'), (p) => {
        if (p.line === 3) sim!.cancel();
      });
      const started = Date.now();
      const run = await sim.done;
      assert.strictEqual(run.end, 'cancelled', JSON.stringify(run));
      assert.strictEqual(run.held, false);
      assert.match(run.problem!.message, /^stopped by the user in line 3 after [\d,]+ steps: the line did not finish, so its steps could not be kept$/);
      assert.ok(Date.now() - started < 60_000);
      const again = await w.simulate(req('print(1)\n')).done;
      assert.strictEqual(again.stdout, '1\n');
      assert.strictEqual(w.started, 2);
    } finally {
      w.dispose();
    }
  });
});

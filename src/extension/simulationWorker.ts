// The extension host's side of the simulation worker: starts dist/worker.js as a worker_threads
// worker with resourceLimits, matches replies to requests by id, reads a running simulation's
// step and line from memory it shares with the worker, and survives the worker: a
// program that exhausts the worker's memory kills only the worker, whose pending requests then
// end with a clear reason, and the next request starts a fresh one. Cancelling a run sets a
// shared flag that the worker reads between chunks of steps (the steps made are kept); a worker
// that does not stop within a grace period (a single line running for long) is terminated.
//
// No `vscode` import: the extension's commands and panel use this, and so can plain Node tests.

import { Worker } from 'worker_threads';
import type {
  AllocMapQuery, AllocMapView, AssignmentHint, CollectionsQuery, CollectionsView, CompareSide, HintQuery, MemorySeries, NameFacts, NameQuery,
  ObjectDetails, ObjectDetailsQuery, RunStats, StepView, ViewQuery,
} from '../engine';
import type { RunProblem, SnippetInfo } from '../shared/protocol';
import { RUN_CANCEL, RUN_LINE, RUN_STEPS, RUN_WATCH_LENGTH } from '../worker/protocol';
import type {
  FromWorkerMessage, LinesReply, RunSummary, SimulateRequest, ToWorkerMessage,
} from '../worker/protocol';

/** the worker thread's JavaScript stack: recursion through special methods nests runs of the
 *  engine's loop (3-6 KB each, up to the engine's NESTED_RUN_LIMIT of 1,200), as deep as CPython's
 *  RecursionError comes, without the stack running out first */
const ENGINE_STACK_MB = 64;

export interface SimulationRequest {
  /** record the step trace (for the panel); without it the run is only run */
  trace: boolean;
  source: string;
  version: SimulateRequest['version'];
  maxSteps: number;
  /** the simulated process's memory limit in MiB (default when omitted) */
  memoryLimitMb?: number;
  filename: string;
  displayName: string;
}

export interface Progress {
  steps: number;
  line: number;
}

/** A simulation under way. */
export interface RunningSimulation {
  /** the run's id (also its runId once done) */
  readonly id: number;
  /** resolves with how the run went; never rejects */
  readonly done: Promise<RunSummary>;
  /** ask the worker to stop; the steps made are kept when it stops between two steps */
  cancel(): void;
}

export interface WorkerOptions {
  /** path of dist/worker.js */
  script: string;
  /** the worker's old-generation heap limit, in MB */
  memoryMb: () => number;
  /** how long a cancelled run may take to stop before the worker is terminated (ms) */
  cancelGraceMs?: number;
  /** largest stdout kept in a RunSummary, in characters */
  stdoutLimit?: number;
  /** how often a running simulation's progress is read (ms) */
  progressMs?: number;
}

interface Pending {
  resolve: (m: FromWorkerMessage) => void;
  reject: (e: Error) => void;
}

/** The worker died (ran out of memory, or was terminated) while a request was pending. */
export class WorkerGoneError extends Error {
  constructor(readonly reason: 'out-of-memory' | 'terminated' | 'crashed', message: string) {
    super(message);
    this.name = 'WorkerGoneError';
  }
}

export class SimulationWorker {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  /** the runs the current worker holds */
  private readonly held = new Set<number>();
  private disposed = false;
  /** how many workers were started (a test and the panel can see a replacement) */
  started = 0;
  /** the heap limit the current worker was started with */
  private workerMemoryMb = 0;

  constructor(private readonly options: WorkerOptions) {}

  /** Does the worker still hold this run's trace? */
  holds(runId: number): boolean {
    return this.held.has(runId);
  }

  simulate(req: SimulationRequest, onProgress?: (p: Progress) => void): RunningSimulation {
    const id = this.nextId++;
    const shared = new SharedArrayBuffer(RUN_WATCH_LENGTH * 4);
    const watch = new Int32Array(shared);
    const read = (): Progress => ({ steps: Atomics.load(watch, RUN_STEPS), line: Atomics.load(watch, RUN_LINE) });
    let finished = false;
    let graceTimer: NodeJS.Timeout | undefined;
    // the run writes its step and line into the shared watch; read it now and then
    const poll = setInterval(() => {
      const p = read();
      if (p.steps || p.line) onProgress?.(p);
    }, this.options.progressMs ?? 200);
    const end = () => {
      finished = true;
      clearInterval(poll);
      if (graceTimer) clearTimeout(graceTimer);
    };
    const worker = this.ensure();
    const done = new Promise<RunSummary>((resolve) => {
      this.pending.set(id, {
        resolve: (m) => {
          end();
          if (m.type === 'simulated') {
            if (m.run.held) this.held.add(id);
            resolve(m.run);
          } else if (m.type === 'error') {
            const last = read();
            resolve(lostRun(id, 'crashed', { kind: 'crashed', line: last.line, message: `the simulator failed: ${m.message}` }));
          }
        },
        reject: (e) => {
          end();
          resolve(lostRun(id, e instanceof WorkerGoneError ? e.reason : 'crashed', goneProblem(e, read(), this.options.memoryMb())));
        },
      });
      const msg: SimulateRequest = {
        type: 'simulate', id, ...req, watch: shared, stdoutLimit: this.options.stdoutLimit ?? 1 << 20,
      };
      worker.postMessage(msg);
    });
    return {
      id,
      done,
      cancel: () => {
        if (finished || Atomics.load(watch, RUN_CANCEL) !== 0) return;
        Atomics.store(watch, RUN_CANCEL, 1);
        // a line that does not return (one huge builtin call) never reaches the flag
        graceTimer = setTimeout(() => {
          if (!finished) this.terminate(new WorkerGoneError('terminated', 'stopped by the user'));
        }, this.options.cancelGraceMs ?? 2000);
      },
    };
  }

  view(runId: number, query: ViewQuery): Promise<StepView> {
    return this.request({ type: 'view', id: 0, runId, query }).then((m) => {
      if (m.type !== 'view') throw new Error(`unexpected reply ${m.type}`);
      return m.view;
    });
  }

  allocMap(runId: number, query: AllocMapQuery): Promise<AllocMapView> {
    return this.request({ type: 'allocMap', id: 0, runId, query }).then((m) => {
      if (m.type !== 'allocMap') throw new Error(`unexpected reply ${m.type}`);
      return m.map;
    });
  }

  details(runId: number, query: ObjectDetailsQuery): Promise<ObjectDetails> {
    return this.request({ type: 'details', id: 0, runId, query }).then((m) => {
      if (m.type !== 'details') throw new Error(`unexpected reply ${m.type}`);
      return m.details;
    });
  }

  collections(runId: number, query: CollectionsQuery): Promise<CollectionsView> {
    return this.request({ type: 'collections', id: 0, runId, query }).then((m) => {
      if (m.type !== 'collections') throw new Error(`unexpected reply ${m.type}`);
      return m.collections;
    });
  }

  find(runId: number, what: 'heapChange' | 'line', from: number, direction: 1 | -1, line?: number): Promise<number | null> {
    return this.request({ type: 'find', id: 0, runId, what, from, direction, line }).then((m) => {
      if (m.type !== 'found') throw new Error(`unexpected reply ${m.type}`);
      return m.step;
    });
  }

  lines(runId: number, step: number, lines: number[]): Promise<LinesReply> {
    return this.request({ type: 'lines', id: 0, runId, step, lines }).then((m) => {
      if (m.type !== 'lines') throw new Error(`unexpected reply ${m.type}`);
      return m.lines;
    });
  }

  /** the memory chart's series of steps from..to of a run (worker/series.ts) */
  series(runId: number, from: number, to: number, maxBuckets: number): Promise<MemorySeries> {
    return this.request({ type: 'series', id: 0, runId, from, to, maxBuckets }).then((m) => {
      if (m.type !== 'series') throw new Error(`unexpected reply ${m.type}`);
      return m.series;
    });
  }

  /** one side of the comparison of two versions at a step of a run */
  compareSide(runId: number, step: number): Promise<CompareSide> {
    return this.request({ type: 'compareSide', id: 0, runId, step }).then((m) => {
      if (m.type !== 'compareSide') throw new Error(`unexpected reply ${m.type}`);
      return m.side;
    });
  }

  /** the step of otherRunId that runs the line of `step` of runId for the same time, or null */
  matchLine(runId: number, step: number, otherRunId: number): Promise<number | null> {
    if (!this.held.has(otherRunId)) return Promise.reject(new Error('this run is no longer available: simulate again'));
    return this.request({ type: 'matchLine', id: 0, runId, step, otherRunId }).then((m) => {
      if (m.type !== 'found') throw new Error(`unexpected reply ${m.type}`);
      return m.step;
    });
  }

  /** the worker writes the run's trace as JSON to `path`; resolves to the states written */
  exportTrace(runId: number, path: string, file: string, end: string): Promise<number> {
    return this.request({ type: 'exportTrace', id: 0, runId, path, file, end }).then((m) => {
      if (m.type !== 'exported') throw new Error(`unexpected reply ${m.type}`);
      return m.steps;
    });
  }

  /** Forget a run's trace in the worker. */
  nameFacts(runId: number, query: NameQuery): Promise<NameFacts> {
    return this.request({ type: 'nameFacts', id: 0, runId, query }).then((m) => {
      if (m.type !== 'nameFacts') throw new Error(`unexpected reply ${m.type}`);
      return m.facts;
    });
  }

  hints(runId: number, query: HintQuery): Promise<AssignmentHint[]> {
    return this.request({ type: 'hints', id: 0, runId, query }).then((m) => {
      if (m.type !== 'hints') throw new Error(`unexpected reply ${m.type}`);
      return m.hints;
    });
  }

  runStats(runId: number): Promise<RunStats> {
    return this.request({ type: 'runStats', id: 0, runId }).then((m) => {
      if (m.type !== 'runStats') throw new Error(`unexpected reply ${m.type}`);
      return m.stats;
    });
  }

  /** the run's program's annotations on its steps; `check`: with its expectations checked */
  snippet(runId: number, check: boolean): Promise<SnippetInfo | null> {
    return this.request({ type: 'snippet', id: 0, runId, check }).then((m) => {
      if (m.type !== 'snippet') throw new Error(`unexpected reply ${m.type}`);
      return m.snippet;
    });
  }

  drop(runId: number): void {
    if (!this.held.delete(runId)) return;
    this.worker?.postMessage({ type: 'drop', runId } satisfies ToWorkerMessage);
  }

  dispose(): void {
    this.disposed = true;
    this.terminate(new WorkerGoneError('terminated', 'the extension was deactivated'));
  }

  private request(msg: Exclude<ToWorkerMessage, { type: 'drop' | 'simulate' }>): Promise<FromWorkerMessage> {
    if (!this.held.has(msg.runId)) {
      return Promise.reject(new Error('this run is no longer available: simulate again'));
    }
    const id = this.nextId++;
    const worker = this.ensure();
    return new Promise<FromWorkerMessage>((resolve, reject) => {
      this.pending.set(id, {
        resolve: (m) => (m.type === 'error' ? reject(new Error(m.message)) : resolve(m)),
        reject,
      });
      worker.postMessage({ ...msg, id });
    });
  }

  private ensure(): Worker {
    if (this.disposed) throw new Error('the simulation worker was disposed');
    const memoryMb = this.options.memoryMb();
    // a new memory limit takes a new worker: replace an idle one (its runs are lost)
    if (this.worker && this.workerMemoryMb !== memoryMb && this.pending.size === 0) {
      this.terminate(new WorkerGoneError('terminated', 'the memory limit changed'));
    }
    if (this.worker) return this.worker;
    const w = new Worker(this.options.script, {
      resourceLimits: { maxOldGenerationSizeMb: memoryMb, stackSizeMb: ENGINE_STACK_MB },
    });
    this.workerMemoryMb = memoryMb;
    this.started++;
    this.worker = w;
    w.on('message', (m: FromWorkerMessage) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      p.resolve(m);
    });
    let failure: WorkerGoneError | null = null;
    w.on('error', (e: Error & { code?: string }) => {
      failure = e.code === 'ERR_WORKER_OUT_OF_MEMORY'
        ? new WorkerGoneError('out-of-memory', 'the simulation ran out of memory')
        : new WorkerGoneError('crashed', `the simulation worker failed: ${e.message}`);
    });
    w.on('exit', () => {
      if (this.worker === w) this.gone(failure ?? new WorkerGoneError('crashed', 'the simulation worker stopped'));
    });
    // the worker must not keep the extension host alive
    w.unref();
    return w;
  }

  /** stop the worker now; its pending requests end with `why`, its runs are lost */
  private terminate(why: WorkerGoneError): void {
    const w = this.worker;
    if (!w) return;
    this.gone(why);
    void w.terminate();
  }

  private gone(why: WorkerGoneError): void {
    this.worker = null;
    this.held.clear();
    const pending = [...this.pending.values()];
    this.pending.clear();
    for (const p of pending) p.reject(why);
  }
}

function goneProblem(e: Error, last: Progress, memoryMb: number): RunProblem {
  const where = `${last.line ? ` in line ${last.line}` : ''} after ${last.steps.toLocaleString('en-US')} steps`;
  if (e instanceof WorkerGoneError && e.reason === 'out-of-memory') {
    return {
      kind: 'out-of-memory',
      line: last.line,
      message: `the simulation ran out of memory${where} (the simulator's limit is ${memoryMb.toLocaleString('en-US')} MB: the setting pymemsim.workerMemoryMb)`,
    };
  }
  if (e instanceof WorkerGoneError && e.reason === 'terminated') {
    return { kind: 'cancelled', line: last.line, message: `${e.message}${where}: the line did not finish, so its steps could not be kept` };
  }
  return { kind: 'crashed', line: last.line, message: `${e.message}${where}` };
}

function lostRun(id: number, reason: 'out-of-memory' | 'terminated' | 'crashed', problem: RunProblem): RunSummary {
  return {
    runId: id,
    held: false,
    totalSteps: 0,
    end: reason === 'terminated' ? 'cancelled' : reason,
    problem,
    stdout: '',
    stdoutSkipped: 0,
    stderr: '',
    exitCode: reason === 'terminated' ? 130 : 70,
    memory: null,
    elapsedMs: 0,
  };
}

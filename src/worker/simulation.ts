// The simulation worker's work, apart from the thread it runs on: simulate a program with the
// step trace in chunks of line steps (stopping between two chunks when the host asks; every step
// writes its count and line where the host can watch them), keep the traces of the runs the host
// still shows, and answer questions about their steps. Plain code with a `post` callback and a
// `poll` for messages that arrived meanwhile, so the tests drive it without a thread.
//
// Exact views (ViewQuery.exact) of a step between two sparse checkpoints come from a replay of
// the run (engine/trace/replay.ts), kept paused in the worker for the next step asked for: one at
// most, of the run last asked about, dropped with its run or when another program is simulated.
// A replay runs in slices of line steps; between two slices the worker looks for messages that
// arrived meanwhile (without waiting): the line and search questions of the extension host are
// answered at once, anything else (the panel moved on) ends the exact request with the trace's
// own view of the step, and is handled next. The replay stays where it stopped. A replay holds a
// second simulated heap: none is started when the worker's heap is already half full, and one
// that fills it past REPLAY_HEAP_STOP is dropped (the worker must outlive it: it holds the runs).

import { getHeapStatistics } from 'v8';
import {
  DEFAULT_VERSION, Outcome, Replay, Session, TraceRecorder, allocMapView, collectionsView, objectDetails, simulate, stepView,
} from '../engine';
import type { RunResult, RunOptions, StepView } from '../engine';
import type { RunEnd, RunProblem } from '../shared/protocol';
import { RUN_CANCEL, RUN_LINE } from './protocol';
import type {
  FindRequest, FromWorkerMessage, LinesRequest, RunSummary, SimulateRequest, ToWorkerMessage, ViewRequest,
} from './protocol';
import { memorySeries } from './series';
import { assignmentHints, compareSide, nameFacts, runStats, sameLineStep } from '../engine';
import { exportTrace } from './exportTrace';
import { checkedSnippetInfo, snippetInfo } from './snippet';

/** line steps run between two looks at the cancel flag */
const CHUNK_STEPS = 2_000;
/** line steps a replay runs between two looks for messages that arrived meanwhile */
const REPLAY_SLICE = 2_000;
/** the share of the worker's heap limit in use above which no replay starts, and at which one
 *  under way is dropped */
const REPLAY_HEAP_START = 0.5;
const REPLAY_HEAP_STOP = 0.85;

/** a run the worker keeps: its trace, and what a replay of it needs */
interface HeldRun {
  rec: TraceRecorder;
  source: string;
  options: RunOptions;
  /** why the run cannot be replayed (a replay failed): its views stay the trace's */
  noReplay: string | null;
}

export class SimulationHost {
  /** the traces of the runs the host still shows, by runId */
  private readonly runs = new Map<number, HeldRun>();
  /** the paused replay of one of them (exact views) */
  private replay: { runId: number; replay: Replay } | null = null;
  /** messages to handle, in order (those that arrived during a replay wait here) */
  private readonly queue: ToWorkerMessage[] = [];
  private draining = false;

  /**
   * `makeSession` makes the engine's Session (a test gives one that fails); `poll` takes a message
   * that arrived meanwhile without waiting for one (worker_threads' receiveMessageOnPort), or
   * undefined; `heap` says how full the worker's heap is (0..1 of its limit)
   */
  constructor(
    private readonly post: (m: FromWorkerMessage) => void,
    private readonly makeSession: (source: string, options: RunOptions) => Session = (source, options) => new Session(source, options),
    private readonly poll: () => ToWorkerMessage | undefined = () => undefined,
    private readonly heap: () => number = () => { const h = getHeapStatistics(); return h.used_heap_size / h.heap_size_limit; },
  ) {}

  handle(m: ToWorkerMessage): void {
    this.queue.push(m);
    if (this.draining) return;
    this.draining = true;
    try {
      for (let next = this.queue.shift(); next; next = this.queue.shift()) this.dispatch(next);
    } finally {
      this.draining = false;
    }
  }

  private dispatch(m: ToWorkerMessage): void {
    try {
      switch (m.type) {
        case 'simulate': this.replay = null; this.post({ type: 'simulated', id: m.id, run: this.simulate(m) }); return;
        case 'view': this.post({ type: 'view', id: m.id, view: this.view(m) }); return;
        case 'find': this.post({ type: 'found', id: m.id, step: this.find(m) }); return;
        case 'lines': this.post({ type: 'lines', id: m.id, lines: this.lines(m) }); return;
        case 'allocMap': {
          const rec = this.recorder(m.runId);
          const step = Math.max(0, Math.min(rec.steps, Math.floor(m.query.step)));
          this.post({ type: 'allocMap', id: m.id, map: allocMapView(rec, { ...m.query, step }) });
          return;
        }
        case 'series': this.post({ type: 'series', id: m.id, series: memorySeries(this.recorder(m.runId), m) }); return;
        case 'details': {
          const rec = this.recorder(m.runId);
          const step = Math.max(0, Math.min(rec.steps, Math.floor(m.query.step)));
          this.post({ type: 'details', id: m.id, details: objectDetails(rec, { ...m.query, step }) });
          return;
        }
        case 'collections': {
          const rec = this.recorder(m.runId);
          const step = Math.max(0, Math.min(rec.steps, Math.floor(m.query.step)));
          this.post({ type: 'collections', id: m.id, collections: collectionsView(rec.collections, { ...m.query, step }) });
          return;
        }
        case 'compareSide': this.post({ type: 'compareSide', id: m.id, side: compareSide(this.recorder(m.runId), m.step) }); return;
        case 'matchLine': this.post({ type: 'found', id: m.id, step: sameLineStep(this.recorder(m.runId), m.step, this.recorder(m.otherRunId)) }); return;
        case 'exportTrace': this.post({ type: 'exported', id: m.id, steps: exportTrace(this.recorder(m.runId), m) }); return;
        case 'nameFacts': {
          const h = this.heldRun(m.runId);
          this.post({ type: 'nameFacts', id: m.id, facts: nameFacts(h.rec, h.source, m.query) });
          return;
        }
        case 'hints': {
          const h = this.heldRun(m.runId);
          this.post({ type: 'hints', id: m.id, hints: assignmentHints(h.rec, h.source, m.query) });
          return;
        }
        case 'runStats': {
          const h = this.heldRun(m.runId);
          this.post({ type: 'runStats', id: m.id, stats: runStats(h.rec, h.source) });
          return;
        }
        case 'snippet': {
          const h = this.heldRun(m.runId);
          const version = h.options.version ?? DEFAULT_VERSION;
          const snippet = m.check
            ? checkedSnippetInfo(h.rec, h.source, version, m.runId, { memoryLimitMb: h.options.memoryLimitMb, filename: h.options.filename })
            : snippetInfo(h.rec, h.source, version, m.runId, null, true);
          this.post({ type: 'snippet', id: m.id, snippet });
          return;
        }
        case 'drop':
          this.runs.delete(m.runId);
          if (this.replay?.runId === m.runId) this.replay = null;
          return;
      }
    } catch (e) {
      if (m.type !== 'drop') this.post({ type: 'error', id: m.id, message: errorText(e) });
    }
  }

  /** how many traces are held */
  get held(): number {
    return this.runs.size;
  }

  /** the run whose replay is kept, and where it is paused (the state it reads next), if any */
  get replayState(): { runId: number; position: number; starts: number } | null {
    const r = this.replay;
    return r ? { runId: r.runId, position: r.replay.position, starts: r.replay.starts } : null;
  }

  private recorder(runId: number): TraceRecorder {
    return this.heldRun(runId).rec;
  }

  private heldRun(runId: number): HeldRun {
    const h = this.runs.get(runId);
    if (!h) throw new Error(`run ${runId} is no longer held by the simulation worker`);
    return h;
  }

  private simulate(m: SimulateRequest): RunSummary {
    const started = performance.now();
    const watch = new Int32Array(m.watch);
    let rec: TraceRecorder | null = null;
    let session: Session | null = null;
    let cancelled = false;
    // the engine's own run, stepped in chunks so that the cancel flag is looked at; every step
    // writes its count and line into the watch
    const runner = (source: string, options: RunOptions): RunResult => {
      const s = this.makeSession(source, { ...options, probe: watch });
      session = s;
      if (!s.runtime) return s.result;
      watch[RUN_LINE] = s.line;
      const r = m.trace ? new TraceRecorder(s) : null;
      rec = r;
      while (!s.step(CHUNK_STEPS)) {
        if (Atomics.load(watch, RUN_CANCEL) !== 0) {
          cancelled = true;
          r?.capture(s.line);
          return s.result;
        }
      }
      // a run stopped by the step limit keeps the state it stopped in (frames and all) as its
      // last state before the end
      const err = s.result.error;
      if (r && err?.kind === 'step-limit') r.capture(err.line);
      r?.finish();
      return s.result;
    };

    const opts = { version: m.version, maxSteps: m.maxSteps, memoryLimitMb: m.memoryLimitMb, filename: m.filename, displayName: m.displayName, runner };
    let outcome: Outcome;
    try {
      outcome = simulate(m.source, opts);
    } catch (e) {
      // the simulator itself failed (a bug, or the engine's own representation ran out): keep
      // the steps made until then when the trace can still say what they were
      const s = session as Session | null;
      const line = s?.line ?? 0;
      const steps = s?.runtime?.steps ?? 0;
      let totalSteps = 0;
      const r = rec as TraceRecorder | null;
      if (r) {
        try {
          r.capture(line);
          totalSteps = r.steps;
          this.runs.set(m.id, { rec: r, source: m.source, options: replayOptions(m), noReplay: null });
        } catch {
          totalSteps = 0;
        }
      }
      const message = `the simulator failed${line ? ` at line ${line}` : ''} after ${steps.toLocaleString('en-US')} steps: ${errorText(e)}`;
      return {
        runId: m.id,
        held: this.runs.has(m.id),
        totalSteps,
        end: 'crashed',
        problem: { kind: 'crashed', line, message },
        stdout: '',
        stdoutSkipped: 0,
        stderr: `pymemsim: ${m.displayName}${line ? `:${line}` : ''}: ${message}\n`,
        exitCode: 70,
        memory: null,
        elapsedMs: performance.now() - started,
      };
    }

    const r = rec as TraceRecorder | null;
    if (r) this.runs.set(m.id, { rec: r, source: m.source, options: replayOptions(m), noReplay: null });
    let end: RunEnd;
    let problem: RunProblem | null = outcome.problem ? { ...outcome.problem, kind: outcome.problem.kind } : null;
    if (cancelled) {
      end = 'cancelled';
      const s = session as Session | null;
      const line = s?.line ?? 0;
      const steps = s?.runtime?.steps ?? 0;
      problem = {
        kind: 'cancelled',
        line,
        message: `stopped by the user after ${steps.toLocaleString('en-US')} steps${line ? `, before line ${line}` : ''}`,
      };
    } else if (outcome.problem) {
      end = outcome.problem.kind;
    } else {
      end = 'finished';
    }
    const stdout = outcome.stdout.length > m.stdoutLimit ? outcome.stdout.slice(outcome.stdout.length - m.stdoutLimit) : outcome.stdout;
    return {
      runId: m.id,
      held: r !== null,
      totalSteps: r ? r.steps : outcome.steps,
      end,
      problem,
      stdout,
      stdoutSkipped: outcome.stdout.length - stdout.length,
      stderr: outcome.stderr,
      exitCode: cancelled ? 130 : outcome.exitCode,
      memory: cancelled ? null : outcome.memory,
      elapsedMs: performance.now() - started,
    };
  }

  private view(m: ViewRequest): StepView {
    const held = this.heldRun(m.runId);
    const rec = held.rec;
    const step = Math.max(0, Math.min(rec.steps, Math.floor(m.query.step)));
    const query = { ...m.query, step };
    if (!query.exact || rec.exactAt(step) || held.noReplay !== null) return stepView(rec, query);
    return this.exactView(m.runId, held, query) ?? stepView(rec, query);
  }

  /**
   * The exact view of a step by the run's replay, or null when the request gave way to a message
   * that arrived meanwhile (the replay stays where it stopped) or the run cannot be replayed.
   */
  private exactView(runId: number, held: HeldRun, query: ViewRequest['query']): StepView | null {
    let rp = this.replay?.runId === runId ? this.replay.replay : null;
    if (!rp) {
      // (the replay of another run is dropped first: one second heap at most)
      this.replay = null;
      if (this.heap() > REPLAY_HEAP_START) return null;
      rp = new Replay(held.rec, held.source, held.options, this.makeSession);
      this.replay = { runId, replay: rp };
    }
    try {
      for (;;) {
        const v = rp.advance(query, REPLAY_SLICE);
        if (v) return v;
        if (this.heap() > REPLAY_HEAP_STOP) {
          // (the runs the worker holds matter more than this view)
          this.replay = null;
          return null;
        }
        if (this.interrupted()) return null;
      }
    } catch (e) {
      // a replay that fails (the engine's own failure, or a run it does not repeat) fails again
      held.noReplay = errorText(e);
      this.replay = null;
      return null;
    }
  }

  /** between two slices of a replay: the messages that arrived meanwhile; the host's questions
   *  about lines and steps are answered now, anything else ends the replay's request */
  private interrupted(): boolean {
    for (let m = this.poll(); m; m = this.poll()) {
      if (m.type === 'lines' || m.type === 'find' || m.type === 'series') this.dispatch(m);
      else this.queue.push(m);
    }
    return this.queue.length > 0;
  }

  private find(m: FindRequest): number | null {
    const rec = this.recorder(m.runId);
    const from = Math.max(0, Math.min(rec.steps, Math.floor(m.from)));
    if (m.what === 'heapChange') return rec.findHeapChange(from, m.direction);
    if (m.line === undefined) throw new Error('find: a line search needs a line');
    return rec.findLine(from, m.line, m.direction);
  }

  private lines(m: LinesRequest) {
    const rec = this.recorder(m.runId);
    const step = Math.max(0, Math.min(rec.steps, Math.floor(m.step)));
    return { line: rec.lineAt(step), maxLineThrough: rec.maxLineThrough(step), runs: m.lines.map((l) => rec.lineRuns(l)) };
  }
}

/** the options the run was simulated with, as a replay needs them (the same run again) */
function replayOptions(m: SimulateRequest): RunOptions {
  return { version: m.version, maxSteps: m.maxSteps, memoryLimitMb: m.memoryLimitMb, filename: m.filename };
}

function errorText(e: unknown): string {
  if (e instanceof Error) return `${e.name === 'Error' ? '' : `${e.name}: `}${e.message}`;
  return String(e);
}

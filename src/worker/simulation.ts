// The simulation worker's work, apart from the thread it runs on: simulate a program with the
// step trace in chunks of line steps (stopping between two chunks when the host asks; every step
// writes its count and line where the host can watch them), keep the traces of the runs the host still shows, and answer questions about
// their steps. Plain code with a `post` callback, so the tests drive it without a thread.

import {
  Outcome, Session, TraceRecorder, simulate, stepView,
} from '../engine';
import type { RunResult, RunOptions } from '../engine';
import type { RunEnd, RunProblem } from '../shared/protocol';
import { RUN_CANCEL, RUN_LINE } from './protocol';
import type {
  FindRequest, FromWorkerMessage, LinesRequest, RunSummary, SimulateRequest, ToWorkerMessage, ViewRequest,
} from './protocol';

/** line steps run between two looks at the cancel flag */
const CHUNK_STEPS = 2_000;

export class SimulationHost {
  /** the traces of the runs the host still shows, by runId */
  private readonly runs = new Map<number, TraceRecorder>();

  /** `makeSession` makes the engine's Session (a test gives one that fails) */
  constructor(
    private readonly post: (m: FromWorkerMessage) => void,
    private readonly makeSession: (source: string, options: RunOptions) => Session = (source, options) => new Session(source, options),
  ) {}

  handle(m: ToWorkerMessage): void {
    try {
      switch (m.type) {
        case 'simulate': this.post({ type: 'simulated', id: m.id, run: this.simulate(m) }); return;
        case 'view': this.post({ type: 'view', id: m.id, view: this.view(m) }); return;
        case 'find': this.post({ type: 'found', id: m.id, step: this.find(m) }); return;
        case 'lines': this.post({ type: 'lines', id: m.id, lines: this.lines(m) }); return;
        case 'drop': this.runs.delete(m.runId); return;
      }
    } catch (e) {
      if (m.type !== 'drop') this.post({ type: 'error', id: m.id, message: errorText(e) });
    }
  }

  /** how many traces are held */
  get held(): number {
    return this.runs.size;
  }

  private recorder(runId: number): TraceRecorder {
    const rec = this.runs.get(runId);
    if (!rec) throw new Error(`run ${runId} is no longer held by the simulation worker`);
    return rec;
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

    const opts = { version: m.version, maxSteps: m.maxSteps, filename: m.filename, displayName: m.displayName, runner };
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
          this.runs.set(m.id, r);
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
    if (r) this.runs.set(m.id, r);
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

  private view(m: ViewRequest) {
    const rec = this.recorder(m.runId);
    const step = Math.max(0, Math.min(rec.steps, Math.floor(m.query.step)));
    return stepView(rec, { ...m.query, step });
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

function errorText(e: unknown): string {
  if (e instanceof Error) return `${e.name === 'Error' ? '' : `${e.name}: `}${e.message}`;
  return String(e);
}

// The editor's own simulations: one run per version of a document (and per CPython version),
// kept fresh as the user types, that the hovers, inlay hints and code lenses read. A change to a
// document schedules its run after a pause in typing (the debounce); a newer version cancels the
// run of an older one, whether it waits for its debounce or runs in the worker; a finished run is
// kept until a newer version's run has finished, so the editor always has the latest answer it
// can trust, and says which version it describes. A hover asks for the run of the version it
// sees and never waits for more than that run: it skips the debounce, joins a run under way, or
// reads the finished one; two hovers over one version never run the program twice.
//
// No `vscode`: the extension wires documents and settings to it, and plain Node tests drive it
// with a fake worker and fake timers.

import type { PyVersion } from '../engine';
import type { RunSummary } from '../worker/protocol';
import type { RunningSimulation, SimulationRequest } from './simulationWorker';

/** The text of one version of a document, as a run needs it. */
export interface BackgroundDoc {
  uri: string;
  /** the document's version (TextDocument.version) */
  version: number;
  text: string;
  /** the name in tracebacks, and in `pymemsim:` refusals */
  filename: string;
  displayName: string;
}

/** A finished run of one version of a document. */
export interface BackgroundRun {
  uri: string;
  docVersion: number;
  pyVersion: PyVersion;
  /** the text simulated */
  source: string;
  summary: RunSummary;
  /** the step limit it ran with */
  maxSteps: number;
}

/** Why a run that was asked for will not come: a newer version of the document replaced it, the
 *  document was closed, or background runs were turned off. */
export class RunSupersededError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RunSupersededError';
  }
}

export interface BackgroundDeps {
  simulate(req: SimulationRequest): RunningSimulation;
  /** the worker may forget this run */
  drop(runId: number): void;
  maxSteps(): number;
  memoryLimitMb(): number;
  /** the pause in typing after which a changed document is simulated, ms */
  debounceMs(): number;
  setTimer?: (f: () => void, ms: number) => unknown;
  clearTimer?: (t: unknown) => void;
}

/** What the background runs did, for the tests and the bench. */
export interface BackgroundStats {
  /** runs sent to the worker */
  started: number;
  /** runs that finished (cancelled ones not counted) */
  finished: number;
  /** runs cancelled in the worker because a newer version came */
  cancelled: number;
  /** runs dropped while they waited for their debounce */
  superseded: number;
  /** requests answered by a run already finished or under way */
  reused: number;
  /** the document versions simulated, by URI, in order */
  simulated: Record<string, number[]>;
}

interface Entry {
  key: string;
  doc: BackgroundDoc;
  py: PyVersion;
  state: 'scheduled' | 'running' | 'done';
  timer: unknown;
  sim: RunningSimulation | null;
  run: BackgroundRun | null;
  promise: Promise<BackgroundRun>;
  resolve: (r: BackgroundRun) => void;
  reject: (e: Error) => void;
}

function keyOf(uri: string, docVersion: number, py: PyVersion): string {
  return `${py}\u0000${docVersion}\u0000${uri}`;
}

export class BackgroundRuns {
  /** every run asked for and not yet replaced, by key */
  private readonly entries = new Map<string, Entry>();
  /** the newest document version seen, by URI */
  private readonly newest = new Map<string, number>();
  private readonly listeners: ((r: BackgroundRun) => void)[] = [];
  /** the Python version the editor simulates each document with (the others are comparisons,
   *  forgotten with their document version) */
  private readonly primary = new Map<string, PyVersion>();
  private disposed = false;
  readonly stats: BackgroundStats = { started: 0, finished: 0, cancelled: 0, superseded: 0, reused: 0, simulated: {} };

  constructor(private readonly deps: BackgroundDeps) {}

  /** called with each finished run */
  onDidFinish(listener: (r: BackgroundRun) => void): { dispose(): void } {
    this.listeners.push(listener);
    return { dispose: () => { const i = this.listeners.indexOf(listener); if (i >= 0) this.listeners.splice(i, 1); } };
  }

  /** The document changed (or was opened): its run is scheduled after the debounce, and runs of
   *  its older versions that have not finished are given up. */
  changed(doc: BackgroundDoc, py: PyVersion): void {
    this.primary.set(doc.uri, py);
    this.entry(doc, py, false);
  }

  /** the run of this very version, after the debounce (scheduled now if it was not) */
  ready(doc: BackgroundDoc, py: PyVersion): Promise<BackgroundRun> {
    const e = this.entry(doc, py, false);
    return e instanceof Error ? Promise.reject(e) : e.promise;
  }

  /** the run of this very version, at once: a scheduled run skips the rest of its debounce */
  now(doc: BackgroundDoc, py: PyVersion): Promise<BackgroundRun> {
    const e = this.entry(doc, py, true);
    return e instanceof Error ? Promise.reject(e) : e.promise;
  }

  /** the finished run of this version, if there is one (no waiting) */
  finished(uri: string, docVersion: number, py: PyVersion): BackgroundRun | undefined {
    const e = this.entries.get(keyOf(uri, docVersion, py));
    return e?.state === 'done' ? e.run ?? undefined : undefined;
  }

  /** the newest finished run of the document, of any version (the last answer known) */
  latest(uri: string, py: PyVersion): BackgroundRun | undefined {
    let best: BackgroundRun | undefined;
    for (const e of this.entries.values()) {
      if (e.doc.uri !== uri || e.py !== py || e.state !== 'done' || !e.run) continue;
      if (!best || e.run.docVersion > best.docVersion) best = e.run;
    }
    return best;
  }

  /** the document was closed: its runs are given up and forgotten */
  closed(uri: string): void {
    this.newest.delete(uri);
    this.primary.delete(uri);
    for (const e of [...this.entries.values()]) if (e.doc.uri === uri) this.forget(e, 'the document was closed');
  }

  /** every run is given up and forgotten (background runs were turned off, a setting changed) */
  clear(why: string): void {
    for (const e of [...this.entries.values()]) this.forget(e, why);
    this.newest.clear();
    this.primary.clear();
  }

  dispose(): void {
    this.clear('the extension was deactivated');
    this.disposed = true;
  }

  private entry(doc: BackgroundDoc, py: PyVersion, urgent: boolean): Entry | RunSupersededError {
    if (this.disposed) throw new RunSupersededError('the extension was deactivated');
    const newest = this.newest.get(doc.uri) ?? -1;
    if (doc.version < newest) {
      // a request for a version already replaced (a hover that raced an edit)
      const e = this.entries.get(keyOf(doc.uri, doc.version, py));
      if (e) return e;
      return new RunSupersededError(`version ${doc.version} of the document was replaced by version ${newest}`);
    }
    if (doc.version > newest) {
      this.newest.set(doc.uri, doc.version);
      this.supersede(doc.uri, doc.version);
    }
    const key = keyOf(doc.uri, doc.version, py);
    let e = this.entries.get(key);
    if (e) {
      if (e.state !== 'scheduled') this.stats.reused++;
      else if (urgent) this.start(e);
      return e;
    }
    let resolve!: (r: BackgroundRun) => void, reject!: (e: Error) => void;
    const promise = new Promise<BackgroundRun>((res, rej) => { resolve = res; reject = rej; });
    promise.catch(() => undefined);
    e = { key, doc, py, state: 'scheduled', timer: null, sim: null, run: null, promise, resolve, reject };
    this.entries.set(key, e);
    if (urgent) this.start(e);
    else {
      const entry = e;
      const set = this.deps.setTimer ?? ((f: () => void, ms: number) => setTimeout(f, ms));
      entry.timer = set(() => { entry.timer = null; if (entry.state === 'scheduled' && this.entries.get(key) === entry) this.start(entry); }, this.deps.debounceMs());
    }
    return e;
  }

  /** gives up the runs of older versions of `uri` that have not finished; the finished ones stay
   *  until a newer one finishes */
  private supersede(uri: string, version: number): void {
    for (const e of [...this.entries.values()]) {
      if (e.doc.uri !== uri || e.doc.version >= version) continue;
      if (e.state === 'done') {
        if (e.py !== this.primary.get(uri)) this.forget(e, 'replaced');
        continue;
      }
      if (e.state === 'scheduled') this.stats.superseded++;
      else this.stats.cancelled++;
      this.forget(e, `version ${e.doc.version} of the document was replaced by version ${version}`);
    }
  }

  private forget(e: Entry, why: string): void {
    this.entries.delete(e.key);
    if (e.timer !== null) (this.deps.clearTimer ?? ((t: unknown) => clearTimeout(t as NodeJS.Timeout)))(e.timer);
    e.timer = null;
    if (e.state === 'running') e.sim?.cancel();
    if (e.state === 'done' && e.run?.summary.held) this.deps.drop(e.run.summary.runId);
    if (e.state !== 'done') e.reject(new RunSupersededError(why));
    e.state = 'done';
  }

  private start(e: Entry): void {
    if (e.timer !== null) (this.deps.clearTimer ?? ((t: unknown) => clearTimeout(t as NodeJS.Timeout)))(e.timer);
    e.timer = null;
    e.state = 'running';
    const maxSteps = this.deps.maxSteps();
    this.stats.started++;
    (this.stats.simulated[e.doc.uri] ??= []).push(e.doc.version);
    const sim = this.deps.simulate({
      trace: true, source: e.doc.text, version: e.py, maxSteps, memoryLimitMb: this.deps.memoryLimitMb(),
      filename: e.doc.filename, displayName: e.doc.displayName,
    });
    e.sim = sim;
    void sim.done.then((summary) => {
      if (this.entries.get(e.key) !== e) {
        // replaced while it ran: the worker may forget it
        if (summary.held) this.deps.drop(summary.runId);
        return;
      }
      e.state = 'done';
      e.sim = null;
      const run: BackgroundRun = { uri: e.doc.uri, docVersion: e.doc.version, pyVersion: e.py, source: e.doc.text, summary, maxSteps };
      e.run = run;
      this.stats.finished++;
      // the finished runs of older versions of the document (and this Python version) are replaced
      for (const o of [...this.entries.values()]) {
        if (o !== e && o.doc.uri === e.doc.uri && o.py === e.py && o.state === 'done' && o.doc.version < e.doc.version) this.forget(o, 'replaced');
      }
      e.resolve(run);
      for (const l of [...this.listeners]) l(run);
    });
  }
}

// Exact views by deterministic replay: the state of a recorded run at a step between two sparse
// checkpoints, read from a second run of the same program stopped at that step. It models nothing
// of CPython by itself; what it reads, it reads with the recorder's own code (recorder.ts: the
// frames' locals, referents and their names, sizes, reprs, the heap as a checkpoint writes it), so
// that a view made here is the view a checkpoint taken at the step would have given.
//
// Why a replay is exact. The engine is deterministic: the same source run with the same options
// allocates the same objects in the same order at the same addresses, frees them at the same
// moments, and reaches every line step in the same state. A replay therefore meets, event for
// event, what the trace it replays logged, and the replay's tracer (ReplayTracer) checks it as it
// goes: the k-th allocation or buffer of the replay is the trace's next serial that is not a
// pre-existing object, of the same kind and at the same address, or the replay stops
// (ReplayDivergedError) instead of showing another run's state.
//
// Invariants the reading relies on:
//   - Serials. An object the replay allocates carries the serial of the trace's allocation it
//     repeats (PyObject.serial), so the trace's log answers for it what it answers exactly
//     (liveness, type, id, new at the step, cache class) and the replay's object gives the rest.
//     A pre-existing object (the trace's KIND_STATIC) has no allocation to match: it is found by
//     its id among the pre-existing objects the trace knows at the step (TraceRecorder.
//     staticSerial), per read, since the trace may come to know it only at a later checkpoint:
//     those of the trace's first line (its seed) once, by the same walk; the others as the read
//     meets them, or, asked about without being met (an expanded group), among everything
//     reachable from the interpreter's roots. One the trace does not know at the step (a small
//     int bound since the last checkpoint) gets a serial past the trace's for this read only, and
//     is counted in its type's group, as a checkpoint at the step would have made it known.
//   - The moment. A state is read where a dense recording checkpoints it: at its line event, or
//     at the start of an automatic collection that comes before it (TraceRecorder.gcPhase). A
//     paused session stands before the line event of the state it would read next (`position`):
//     reading step N needs position ≤ N, and a step before the position needs a new replay from
//     the start. The read happens inside the line event, so it works at any depth, including a
//     nested run (a key= function, a generator consumed by list()), where a session cannot pause:
//     it then pauses at the first line after it at the top level, past N + 1. The states between
//     (the rest of the nested run) are read ahead while the replay passes them, within a small
//     budget, so that stepping on from N stays cheap there too.
//   - The reader. An exact view is TraceRecorder's view code (window.ts readerView) over a
//     StepReader that takes the log's answers from the trace's own reader of the step and every
//     other field from the live objects: what the trace already knew exactly is the trace's,
//     unchanged. The census moves the trace's byte counts to the sizes now of the objects whose
//     size may change (the others, strs, ints, floats, bytes and tuples, have the size the trace
//     logged when they were made or resized), and takes the heap summary and the collector's
//     counts from the interpreter.
//   - Memory. A replay holds a second simulated heap: the worker keeps one at most, and drops it
//     with its run.

import type { Frame } from '../interp/frame';
import { PyBytes, PyFloat, PyFunction, PyInstance, PyInt, PyList, PyModule, PyObject, PyStr, PyTuple, PyType } from '../interp/objects';
import { Session } from '../interp/run';
import { inNestedRun } from '../interp/vm';
import type { RunOptions } from '../index';
import { referents } from '../interp/modules';
import { PyCode } from '../interp/types';
import { CACHE_NAMES, Census, StepReader, TraceRecorder, hasOwnSizeof, refsOf, shortRepr } from './recorder';
import type { SnapshotFrame, SnapshotLabelSet } from './snapshot';
import type { StepView, ViewQuery } from './view';
import { readerView } from './window';

/** an object whose sys.getsizeof never changes once made (TraceRecorder.traitsOf's atomic
 *  objects and tuples; a str appended to in place is a resize the trace logs) */
function fixedType(o: PyObject): boolean {
  return o instanceof PyStr || o instanceof PyInt || o instanceof PyFloat || o instanceof PyBytes || o instanceof PyTuple;
}

/** the replay did not repeat the run it replays (an engine that is not deterministic) */
export class ReplayDivergedError extends Error {}

export interface ReplayOptions {
  /** states read ahead past the one asked for, when the replay cannot pause at them (default 64) */
  aheadStates?: number;
  /** milliseconds that reading ahead may take per step asked for (default 100) */
  aheadMs?: number;
  /** exact views kept (default 32 more than aheadStates) */
  keep?: number;
}

/** a view's key apart from its step: views of the same step and query are the same */
function queryKey(q: ViewQuery): string {
  return JSON.stringify([q.budget ?? null, q.itemCap ?? null, q.expand ?? null, q.include ?? null, q.outputTail ?? null]);
}

/**
 * A replay of a recorded run, kept paused between requests: `advance` runs it toward the step
 * asked for, a slice of line steps at a time, and returns the exact view once it is read.
 */
export class Replay {
  private session: Session | null = null;
  private tracer: ReplayTracer | null = null;
  /** exact views made, the latest used last, by step and query */
  private readonly views = new Map<string, StepView>();
  private readonly opts: Required<ReplayOptions>;
  /** replays started (the first one included) */
  starts = 0;

  constructor(
    private readonly main: TraceRecorder,
    private readonly source: string,
    private readonly options: RunOptions,
    private readonly makeSession: (source: string, options: RunOptions) => Session = (s, o) => new Session(s, o),
    options2: ReplayOptions = {},
  ) {
    const aheadStates = options2.aheadStates ?? 64;
    this.opts = { aheadStates, aheadMs: options2.aheadMs ?? 100, keep: options2.keep ?? aheadStates + 32 };
  }

  /** the state whose line event the paused replay meets next (-1: none started) */
  get position(): number {
    const r = this.session?.runtime;
    return r && !this.session!.done ? r.steps : -1;
  }

  /** an exact view of query.step made earlier (asked for, or read ahead) */
  cached(query: ViewQuery): StepView | null {
    const k = `${query.step} ${queryKey(query)}`;
    const v = this.views.get(k);
    if (!v) return null;
    this.views.delete(k);
    this.views.set(k, v);
    return v;
  }

  /**
   * Run toward an exact view of query.step (0 ≤ step < the trace's steps) for at most `lines`
   * line steps; the view once it is read, else null (call again). A step the replay has passed
   * starts it again from the beginning.
   */
  advance(query: ViewQuery, lines: number): StepView | null {
    const T = query.step;
    const hit = this.cached(query);
    if (hit) return hit;
    let tr = this.tracer;
    if (!tr || !this.session || this.session.done || tr.passedState >= T) tr = this.restart();
    const session = this.session!;
    tr.aim(T, query, this.opts.aheadStates, this.opts.aheadMs);
    const r = session.runtime!;
    // pause before the line event of T + 1 at the latest: the line event of T comes first
    const n = Math.max(1, Math.min(lines, T + 1 - r.steps));
    try {
      session.step(n);
    } catch (e) {
      // (a replay that failed is not gone on with)
      this.session = null;
      this.tracer = null;
      throw e;
    }
    // (the nearest state read ahead kept as the latest used: it is the likeliest next)
    for (const [state, view] of tr.takeAhead().reverse()) this.keepView(state, query, view);
    const v = tr.take();
    if (v) {
      this.keepView(T, query, v);
      return v;
    }
    if (session.done && tr.passedState < T) throw new ReplayDivergedError(`the replay ended after ${r.steps} steps, before step ${T}`);
    return null;
  }

  private keepView(step: number, query: ViewQuery, v: StepView): void {
    const k = `${step} ${queryKey(query)}`;
    this.views.delete(k);
    this.views.set(k, v);
    while (this.views.size > this.opts.keep) this.views.delete(this.views.keys().next().value as string);
  }

  private restart(): ReplayTracer {
    const s = this.makeSession(this.source, this.options);
    if (!s.runtime) throw new ReplayDivergedError('the replay did not compile');
    this.session = s;
    this.tracer = new ReplayTracer(s, this.main);
    this.starts++;
    return this.tracer;
  }
}

/**
 * The tracer of a replay: it matches the replay's allocations to the serials of the trace it
 * replays and, at the moment a dense recording would checkpoint the state asked for, reads the
 * view of it (and of the states read ahead). It records no trace of its own: of TraceRecorder
 * it uses the code that reads live objects.
 */
class ReplayTracer extends TraceRecorder {
  /** the next serial of the trace that an allocation or a buffer may match */
  private cursor = 0;
  /** the last state whose moment to be read came (TraceRecorder's `checkpointed`) */
  private passed = -1;
  private target = -1;
  private query: ViewQuery | null = null;
  private result: StepView | null = null;
  private aheadUntil = -1;
  private aheadMs = 0;
  private aheadSpent = 0;
  private readonly ahead: [number, StepView][] = [];
  // --- per read ---
  private readState = -1;
  /** pre-existing objects met in this read: object → serial (the trace's, or past them) */
  private readonly statics = new Map<PyObject, number>();
  private readonly staticObjs = new Map<number, PyObject>();
  /** those the trace does not know at the state: serial base + index */
  private readonly extras: PyObject[] = [];
  private base = 0;
  /** the pre-existing objects by id, when a read needed them (resolveStatic) */
  private reachable: Map<number, PyObject> | null = null;
  /** the objects the trace made known before the first line, by its serials (they stay) */
  private readonly seededObjs = new Map<number, PyObject>();
  private seeding = false;
  /** the live allocations whose size may change (not fixedType), unordered, and each one's index */
  private readonly varLive: number[] = [];
  private varPos = new Int32Array(0);
  /** sys.getsizeof of the serials whose size does not change (TraceRecorder.traitsOf's T_FIXED),
   *  + 1, and the size of their block when it was read (a str appended to in place is resized) */
  private fixedSize = new Float64Array(0);
  private fixedBlock = new Float64Array(0);

  constructor(session: Session, private readonly main: TraceRecorder) {
    // (no checkpoints: this recorder only reads)
    super(session, { denseSteps: -1, denseObjects: -1, denseWork: -1 });
  }

  get passedState(): number {
    return this.passed;
  }

  /** read state T with `query` when its moment comes, and the states after it that the replay
   *  cannot pause at, up to `aheadStates` of them within `aheadMs` */
  aim(T: number, query: ViewQuery, aheadStates: number, aheadMs: number): void {
    // (the time read ahead counts per step asked for, over the slices that reach it)
    if (T !== this.target || query !== this.query) this.aheadSpent = 0;
    this.target = T;
    this.query = query;
    this.result = null;
    this.aheadUntil = T + aheadStates;
    this.aheadMs = aheadMs;
  }

  take(): StepView | null {
    const v = this.result;
    this.result = null;
    return v;
  }

  takeAhead(): [number, StepView][] {
    return this.ahead.splice(0);
  }

  // --- Tracer -----------------------------------------------------------------------------------

  override line(frame: Frame): void {
    const state = this.rt.steps - 1;
    if (this.passed < 0) {
      // the objects the trace made known before the first line: the same walk over the same
      // objects (TraceRecorder.seed), each found among the trace's by its id
      this.seeding = true;
      this.readState = 0;
      this.seed(frame);
      this.seeding = false;
    }
    if (this.passed < state) {
      this.passed = state;
      this.moment(state, frame);
    }
  }

  override gcPhase(phase: string): void {
    const r = this.rt;
    // as TraceRecorder.gcPhase: a collection before the line event reads the state before it first
    if (phase === 'start' && this.passed >= 0 && this.passed < r.steps - 1 && r.frame) {
      this.passed = r.steps - 1;
      this.moment(r.steps - 1, null);
    }
  }

  override alloc(o: PyObject): void {
    const s = this.match('object', o.addr);
    this.objs[s] = o;
    o.serial = s;
    this.addLive(s);
    if (!fixedType(o)) {
      if (this.varPos.length <= s) { const g = new Int32Array(Math.max(s + 1, this.varPos.length * 2, 1024)); g.set(this.varPos); this.varPos = g; }
      this.varPos[s] = this.varLive.length;
      this.varLive.push(s);
    }
  }

  override free(o: PyObject): void {
    const s = o.serial;
    if (s < 0 || this.objs[s] !== o) return;
    // (a checkpoint names the cells of every function and the keys of every instance's dict it
    // meets: those that die before the step asked for are noted as they go, when they were alive
    // at a state, which is when a dense recording met them)
    if ((o instanceof PyFunction || o instanceof PyInstance && o.dict) && this.rt.steps > this.main.firstState(s)) {
      if (o instanceof PyFunction) this.noteFunction(o);
      else this.attrDicts.add((o as PyInstance).dict!);
    }
    o.serial = -1;
    this.objs[s] = null;
    this.removeLive(s);
    if (!fixedType(o)) {
      const at = this.varPos[s], last = this.varLive.pop()!;
      if (last !== s) { this.varLive[at] = last; this.varPos[last] = at; }
    }
  }

  override buffer(owner: PyObject, oldBlock: number, newBlock: number): void {
    void owner; void oldBlock;
    if (newBlock) this.match('buffer', newBlock);
  }

  override resized(o: PyObject, oldAddr: number): void {
    // (as the trace logged it: a block that moved is a free and an allocation)
    if (o.addr !== oldAddr && o.serial >= 0 && this.objs[o.serial] === o) {
      this.free(o);
      this.alloc(o);
    }
  }

  override output(): void { /* the trace has it */ }
  override cached(): void { /* the trace has it */ }
  override capture(): void { /* nothing to record */ }
  override finish(): void { /* nothing to record */ }

  /** the trace's serial that this allocation (or buffer) repeats */
  private match(kind: 'object' | 'buffer', id: number): number {
    const m = this.main, n = m.serialCount;
    let s = this.cursor;
    while (s < n && m.serialKind(s) === 'static') s++;
    if (s >= n || m.serialKind(s) !== kind || m.serialId(s) !== id) {
      throw new ReplayDivergedError(`the replay's ${kind} at ${id} at step ${this.rt.steps} is not the recorded run's`);
    }
    this.cursor = s + 1;
    return s;
  }

  private moment(state: number, frame: Frame | null): void {
    const q = this.query;
    if (!q) return;
    if (state === this.target) {
      this.result = this.read(state, frame, { ...q, step: state });
    } else if (state > this.target && state <= this.aheadUntil && this.aheadSpent < this.aheadMs && inNestedRun()) {
      // a state the replay cannot pause at: read now, or never without starting again
      const t0 = performance.now();
      this.ahead.push([state, this.read(state, frame, { ...q, step: state })]);
      this.aheadSpent += performance.now() - t0;
    }
  }

  // --- reading ------------------------------------------------------------------------------------

  /** the serial of o in this read (TraceRecorder.known: an allocation's, the trace's pre-existing
   *  object's, or, with `add`, one past the trace's serials) */
  protected override known(o: PyObject, add: boolean): number {
    const s = o.serial;
    if (s >= 0 && this.objs[s] === o) return s;
    if (this.seeding) {
      const m = this.main.staticSerial(o.addr, 0);
      if (m >= 0) this.seededObjs.set(m, o);
      return m;
    }
    let m = this.statics.get(o);
    if (m !== undefined) return m;
    m = this.main.staticSerial(o.addr, this.readState);
    if (m < 0) {
      if (!add) return -1;
      m = this.base + this.extras.length;
      this.extras.push(o);
    }
    this.statics.set(o, m);
    this.staticObjs.set(m, o);
    return m;
  }

  /** the object of serial s in this read: an allocation's, a pre-existing object met (or, for
   *  one not met yet, found by its id among those reachable: resolveStatic), an extra */
  private objectOf(s: number): PyObject | null {
    if (s >= this.base) return this.extras[s - this.base] ?? null;
    return this.objs[s] ?? this.staticObjs.get(s) ?? this.seededObjs.get(s) ?? this.resolveStatic(s);
  }

  /**
   * A pre-existing object of the trace not met by this read (shown because a group was expanded
   * or its id asked for, or sized for the census): found by its id among every object reachable
   * from the interpreter's roots (its frames and their code's constants, modules, types, caches,
   * singletons) and the live objects, indexed once per read. Null when it is not reachable (then
   * the trace's values stand).
   */
  private resolveStatic(s: number): PyObject | null {
    if (this.main.serialKind(s) !== 'static') return null;
    let idx = this.reachable;
    if (!idx) {
      idx = this.reachable = new Map();
      const seen = new Set<PyObject>();
      const stack: PyObject[] = [];
      const push = (o: PyObject | null | undefined) => { if (o && !seen.has(o)) { seen.add(o); stack.push(o); } };
      const r = this.rt;
      // (a code's constants are held by the code: a code object, a comprehension's, is one)
      const codes = new Set<Frame['code']>();
      const consts = (c: Frame['code']) => {
        if (codes.has(c)) return;
        codes.add(c);
        push(c.obj);
        for (const k of c.consts) {
          if (k instanceof PyCode) consts(k.code);
          push(k);
        }
      };
      for (let f = r.frame; f; f = f.back) {
        push(f.locals); push(f.globals); push(f.builtins);
        for (const x of f.fast) push(x);
        for (let i = 0; i < f.sp; i++) push(f.stack[i]);
        consts(f.code);
      }
      for (const m of r.modules.values()) push(m);
      for (const t of Object.values(r.T)) push(t);
      for (const x of [r.None, r.True, r.False, r.Ellipsis, r.NotImplemented, r.emptyTuple, r.emptyStr, r.emptyBytes, r.emptyFrozenset]) push(x);
      for (const x of r.smallInts) push(x);
      for (const x of r.latin1) push(x);
      for (const x of r.bytes1) push(x);
      for (const x of r.interned.values()) push(x);
      for (const x of this.liveSerials) push(this.objs[x]);
      while (stack.length) {
        const o = stack.pop()!;
        if (!(o.serial >= 0 && this.objs[o.serial] === o) && !idx.has(o.addr)) idx.set(o.addr, o);
        if (o instanceof PyCode) consts(o.code);
        for (const x of referents(o)) push(x);
      }
    }
    const o = idx.get(this.main.serialId(s));
    if (!o) return null;
    this.statics.set(o, s);
    this.staticObjs.set(s, o);
    return o;
  }

  /** the view of `state` as the replay is now (its moment) */
  private read(state: number, frame: Frame | null, query: ViewQuery): StepView {
    this.readState = state;
    this.statics.clear();
    this.staticObjs.clear();
    this.extras.length = 0;
    this.reachable = null;
    const main = this.main;
    this.base = main.serialCount;
    if (this.fixedSize.length < this.base) {
      const grown = new Float64Array(this.base), grownB = new Float64Array(this.base);
      grown.set(this.fixedSize);
      grownB.set(this.fixedBlock);
      this.fixedSize = grown;
      this.fixedBlock = grownB;
    }
    const R = main.reader(state);
    // what a checkpoint notes of every live object before naming referents (functions and
    // instances are among those of a size that may change)
    for (const s of this.varLive) {
      const o = this.objs[s];
      if (o instanceof PyFunction) this.noteFunction(o);
      else if (o instanceof PyInstance && o.dict) this.attrDicts.add(o.dict);
    }
    const frames = this.readFrames(frame ?? this.rt.frame);
    if (frames.length !== R.frames.length) {
      throw new ReplayDivergedError(`the replay has ${frames.length} frames at step ${state}, the recorded run ${R.frames.length}`);
    }
    return readerView(main, this.exactReader(R, frames), query);
  }

  private idOf(R: StepReader, s: number): number {
    return s >= this.base ? this.extras[s - this.base].addr : R.id(s);
  }

  /** sys.getsizeof of serial s's object o now (a size that never changes is read once) */
  private sizeOf(s: number, o: PyObject): number {
    const fixed = o instanceof PyStr || o instanceof PyInt || o instanceof PyFloat || o instanceof PyBytes || o instanceof PyTuple
      || s < this.base && this.main.serialKind(s) === 'static' && !o.allocSize;
    if (fixed && s < this.base) {
      const v = this.fixedSize[s];
      if (v && this.fixedBlock[s] === o.allocSize) return v - 1;
    }
    let size = o.allocSize;
    try { size = this.sizeofSafe(o); } catch { /* a half-built object: its block's size */ }
    if (fixed && s < this.base) { this.fixedSize[s] = size + 1; this.fixedBlock[s] = o.allocSize; }
    return size;
  }

  /**
   * The reader of the state being read: the trace's reader R for what its log knows exactly, the
   * live objects for the rest (with the recorder's code, as a checkpoint reads them).
   */
  private exactReader(R: StepReader, frames: [string, number][][]): StepReader {
    const base = this.base;
    const typeNames = R.typeNames.slice();
    const typeOf = (o: PyObject): number => {
      const name = o.ob_type.name;
      let t = typeNames.indexOf(name);
      if (t < 0) { t = typeNames.length; typeNames.push(name); }
      return t;
    };
    // referents, and their names, of the objects asked about; each referent's serial (and id) is
    // found when it is asked for: a list of a million items lists a few
    interface Refs { rs: readonly PyObject[]; module: boolean; serials: number[]; labels: SnapshotLabelSet | null | undefined; o: PyObject | null }
    const NONE: readonly PyObject[] = [];
    const refs = new Map<number, Refs>();
    const refsAt = (s: number): Refs => {
      let e = refs.get(s);
      if (e) return e;
      const o = this.objectOf(s);
      e = { rs: NONE, module: o instanceof PyModule, serials: [], labels: null, o };
      refs.set(s, e);
      if (!o) return e;
      const isStatic = s >= base || this.main.serialKind(s) === 'static';
      const atomic = o instanceof PyStr || o instanceof PyInt || o instanceof PyFloat || o instanceof PyBytes;
      if (atomic || isStatic && !o.allocSize) return e;
      // (a list's or tuple's items as they are: refsOf would copy them)
      e.rs = o instanceof PyList || o instanceof PyTuple ? o.items : refsOf(o);
      e.labels = undefined;
      return e;
    };
    const refSerial = (e: Refs, k: number): number => {
      let xs = e.serials[k];
      if (xs !== undefined) return xs;
      const x = e.rs[k];
      xs = this.known(x, false);
      // (as a checkpoint lists referents: a module's namespace is the interpreter's)
      if (xs < 0 && !e.module && this.listable(x) && (x.allocSize || !(x instanceof PyType))) xs = this.known(x, true);
      e.serials[k] = xs;
      return xs;
    };
    const labelsAt = (e: Refs): SnapshotLabelSet | null => {
      if (e.labels === undefined) {
        const lab = e.o && e.rs.length ? this.labelsOf(e.o, e.rs.length) : 0;
        e.labels = lab > 0 ? this.labelSet(lab - 1) : null;
      }
      return e.labels;
    };
    const localSerials: number[][] = [];
    const shownFrames: SnapshotFrame[] = R.frames.map((f, i) => {
      localSerials.push(frames[i].map(([, v]) => (v !== 0 && v % 2 === 0 ? v / 2 - 1 : -1)));
      return {
        name: f.name,
        line: f.line,
        locals: frames[i].map(([name, v]) => ({ name, id: v === 0 ? 0 : v % 2 === 0 ? this.idOf(R, v / 2 - 1) : (v - 1) / 2 * 16 })),
      };
    });
    const c = this.rt.gcState.count;
    const census = (): Census => {
      const got = R.census();
      const n = typeNames.length;
      const grow = (a: Float64Array) => { const b = new Float64Array(n); b.set(a.subarray(0, Math.min(a.length, n))); return b; };
      const count = grow(got.count), bytes = grow(got.bytes), preexisting = grow(got.preexisting);
      // the sizes now, in place of those the trace carries from its last checkpoint, of the
      // objects whose size may change: the trace has those of the others exactly (their size
      // when allocated, or when appended to in place: TraceRecorder.resized)
      const plain = new Map<PyType, number>();
      for (const s of this.varLive) {
        if (s >= R.visN) continue;
        const o = this.objs[s]!;
        // (a plain instance's size is its type's: once per type, as a checkpoint reads it)
        const ctor: unknown = o.constructor;
        const isPlain = ctor === PyInstance;
        let size = isPlain ? plain.get(o.ob_type) : undefined;
        if (size === undefined) {
          size = this.sizeOf(s, o);
          if (isPlain && !hasOwnSizeof(o.ob_type)) plain.set(o.ob_type, size);
        }
        bytes[R.type(s)] += size - R.size(s);
      }
      // the pre-existing objects whose size may have changed since the trace read it
      for (const s of this.main.staticsToSize(R.step)) {
        const o = this.objectOf(s);
        if (o) bytes[R.type(s)] += this.sizeOf(s, o) - R.size(s);
      }
      for (let k = 0; k < this.extras.length; k++) {
        const o = this.extras[k];
        const t = typeOf(o);
        count[t]++;
        bytes[t] += this.sizeOf(base + k, o);
        preexisting[t]++;
      }
      return { count, bytes, preexisting, heap: { liveObjects: got.heap.liveObjects, ...this.liveHeapSummary() } };
    };
    return {
      step: R.step,
      totalSteps: R.totalSteps,
      line: R.line,
      finished: R.finished,
      exact: true,
      pythonVersion: R.pythonVersion,
      profile: R.profile,
      visN: R.visN,
      frames: shownFrames,
      localSerials,
      typeNames,
      gc: { count: [c[0], c[1], c[2]], threshold: R.gc.threshold },
      live: (s) => (s >= base ? s - base < this.extras.length : R.live(s)),
      id: (s) => this.idOf(R, s),
      type: (s) => (s >= base ? typeOf(this.extras[s - base]) : R.type(s)),
      size: (s) => {
        const o = this.objectOf(s);
        return o ? this.sizeOf(s, o) : R.size(s);
      },
      refcnt: (s) => {
        const o = this.objectOf(s);
        return o ? o.ob_refcnt : R.refcnt(s);
      },
      gen: (s) => {
        const o = this.objectOf(s);
        return o ? this.gen(o) : R.gen(s);
      },
      repr: (s) => {
        const o = this.objectOf(s);
        return o ? shortRepr(o) : R.repr(s);
      },
      refCount: (s) => (this.objectOf(s) ? refsAt(s).rs.length : R.refCount(s)),
      refId: (s, k) => {
        if (!this.objectOf(s)) return R.refId(s, k);
        const e = refsAt(s), xs = refSerial(e, k);
        return xs >= 0 ? this.idOf(R, xs) : e.rs[k].addr;
      },
      refSerial: (s, k) => (this.objectOf(s) ? refSerial(refsAt(s), k) : R.refSerial(s, k)),
      labels: (s) => (this.objectOf(s) ? labelsAt(refsAt(s)) : R.labels(s)),
      cache: (s) => (s >= base ? CACHE_NAMES[this.classify(this.extras[s - base], false)] : R.cache(s)),
      isNew: (s) => (s >= base ? false : R.isNew(s)),
      preexisting: (s) => (s >= base ? true : R.preexisting(s)),
      serialsOf: (ids) => {
        const out = R.serialsOf(ids);
        this.extras.forEach((o, k) => { if (ids.has(o.addr) && !out.has(o.addr)) out.set(o.addr, base + k); });
        return out;
      },
      select: (bucketOf, limits, skip) => R.select(bucketOf, limits, skip),
      census,
      output: (tail) => R.output(tail),
    };
  }
}

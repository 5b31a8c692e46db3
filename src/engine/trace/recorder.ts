// The step trace: a recorder of a simulated CPython run (it implements the runtime's Tracer) from
// which the whole memory state after any number of line steps can be rebuilt, forward or
// backward, as a MemorySnapshot.
//
// What is kept:
//   - per step: the line about to run, the frame (a record of the call stack: code name, parent,
//     the caller's line), and how many objects had been allocated (typed-array columns);
//   - per allocation, in allocation order ("serial"): id(), the block, bytes requested,
//     sys.getsizeof at allocation, the type, and the step it was freed at (the alloc/free log:
//     list item buffers from the buffer hook are in the same table; kind/block offset/size/
//     getsizeof/type are shared codes, ids are deltas from the previous serial's). Liveness at any step, and
//     every block that an object or list buffer occupies, are exact from this log;
//   - checkpoints, in a varint byte stream: what only the interpreter knows (reference counts,
//     GC generations, current sizes, reprs, referents, locals, pymalloc's arenas and the pools
//     changed since the last checkpoint, the collector's counts). Small runs get one every
//     step, stored as a delta from the previous one (only objects whose fields changed, the
//     frames from the outermost one that changed) with a full keyframe whenever the
//     deltas since the last keyframe outweigh it; large runs get sparse full checkpoints, spaced
//     so that they cost a bounded number of bytes per step;
//   - the output, as (step, text) pieces.
// A snapshot at step N is the nearest checkpoint at or before N with the log up to N applied; it
// is exact when a checkpoint was taken at N, and lists its exact fields otherwise. The checkpoint
// decoded last and the decoded ids are kept, so that scrubbing near one step does not decode them
// again.

import type { Tracer } from '../interp/runtime';
import type { Runtime } from '../interp/runtime';
import type { Frame } from '../interp/frame';
import type { Session } from '../interp/run';
import {
  IMMORTAL_REFCNT, PyBaseException, PyBuiltin, PyByteArray, PyBytes, PyCell, PyDict, PyFloat, PyFunction, PyInstance,
  PyInt, PyList, PyModule, PyObject, PySet, PyStr, PyTuple, PyType,
} from '../interp/objects';
import { referents } from '../interp/modules';
import { forEachInstanceValue } from '../interp/types';
import * as ops from '../interp/ops';
import { DUMMY_SIZE_IDX } from '../memory/obmalloc';
import { ByteReader, ByteWriter, Column, unzigzag, zigzag } from './bytes';
import {
  MemorySnapshot, RunsBuilder, SNAPSHOT_VERSION, SnapshotArena, SnapshotField, SnapshotFrame, SnapshotHeap, SnapshotLocal, SnapshotObjects,
  SnapshotPool,
} from './snapshot';

export interface TraceOptions {
  /** take a checkpoint every step while the run has at most this many steps (default 20,000) */
  denseSteps?: number;
  /** ... and at most this many live objects (default 2,000) */
  denseObjects?: number;
  /** ... and until per-step checkpoints have inspected this many objects in all (default 2M) */
  denseWork?: number;
  /** bytes per step that sparse checkpoints may cost on average (default 16) */
  sparseBytesPerStep?: number;
  /** reprs recorded per sparse checkpoint (default 2,000) */
  sparseReprs?: number;
}

const ALIVE = 0xffffffff;
const ID_CHUNK = 64;
const ID_MASK = ID_CHUNK - 1;
const ID_ESC = -0x80000000;
const KIND_OBJECT = 0;
const KIND_BUFFER = 1;
/** an object that was there before the trace began, or is statically allocated */
const KIND_STATIC = 2;
const KIND_GC = 4;

const F_SIZE = 1, F_REF = 2, F_GEN = 4, F_REPR = 8, F_REFS = 16;
/** a record that stands for a run of records with the same fields, evenly spaced in serials */
const F_RUN = 32;
/** traits of a serial's object (TraceRecorder.traitsOf) */
const T_KNOWN = 1, T_STATIC = 2, T_ATOMIC = 4, T_FIXED = 8, T_COUNTED = 16, T_PLAIN = 32, T_MODULE = 64;
const POOL_OVERHEAD = 48;

interface StackEntry { frame: Frame; rec: number; line: number }

/** what a checkpoint writes of a pool: size class, blocks in use and their packed bitmap */
interface PoolRecord { szidx: number; count: number; bits: Uint8Array | null }

/** what a checkpoint holds besides the object fields */
interface Checkpoint { state: number; offset: number; key: boolean }

const ALL_FIELDS: SnapshotField[] = [
  'frames.lines', 'frames.locals', 'objects.live', 'objects.type', 'objects.size', 'objects.refcnt', 'objects.gen',
  'objects.repr', 'objects.refs', 'heap.layout', 'heap.objectBlocks', 'heap.allBlocks', 'gc.count', 'output',
];
const LOG_FIELDS: SnapshotField[] = ['frames.lines', 'objects.live', 'objects.type', 'heap.objectBlocks', 'output'];

export class TraceRecorder implements Tracer {
  readonly rt: Runtime;
  private readonly opts: Required<TraceOptions>;
  // --- per step (index: state N = after N steps) ---
  private readonly stLine = new Column(Uint32Array);
  private readonly stRec = new Column(Int32Array);
  private readonly stVisible = new Column(Uint32Array);
  // --- frame records ---
  private readonly frName = new Column(Uint32Array);
  private readonly frParent = new Column(Int32Array);
  private readonly frParentLine = new Column(Uint32Array);
  private stack: StackEntry[] = [];
  // --- the alloc/free log, by serial ---
  // (kind, pre, size, sizeof at allocation, type) of a serial is a shared "code": a run allocates
  // few distinct combinations; the id is the delta from the previous serial's (an absolute id
  // every ID_CHUNK serials, and in idEsc when the delta does not fit)
  private tCode: Column<Uint16Array | Uint32Array> = new Column(Uint16Array);
  private readonly tIdD = new Column(Int32Array);
  private readonly idBase = new Column(Float64Array);
  private readonly idEsc = new Map<number, number>();
  private lastId = 0;
  private readonly tFree = new Column(Uint32Array);
  /** sys.getsizeof of a serial when it changed after its allocation (a list's buffer grew) */
  private readonly sizeofOv = new Map<number, number>();
  // the codes
  private readonly cKind: number[] = [];
  private readonly cPre: number[] = [];
  private readonly cSize: number[] = [];
  private readonly cSizeof: number[] = [];
  private readonly cType: number[] = [];
  /** 1 when some serial of the code has an entry in sizeofOv */
  private readonly cOv: number[] = [];
  private readonly codeIdx = new Map<string, number>();
  /** per type index: the last code used for it (-1: none) */
  private readonly typeCode: number[] = [];
  /** the live objects, by serial (recorder working state, not part of the trace) */
  private objs: (PyObject | null)[] = [];
  /** the serials of the live objects, unordered, and each one's index in it (a sparse set) */
  private liveSerials: number[] = [];
  private livePos = new Column(Int32Array);
  /** the live buffers (list item arrays, dict and set tables, ...): block → serial; a live
   *  object's serial is on the object (PyObject.serial) */
  private readonly buffers = new Map<number, number>();
  private readonly typeIdx = new Map<PyType, number>();
  private readonly typeNames: string[] = [];
  // --- strings (code names, local names, reprs) ---
  private readonly strs: string[] = [];
  private readonly strIdx = new Map<string, number>();
  private strBytes = 0;
  // --- output ---
  private readonly outStep: number[] = [];
  private readonly outText: string[] = [];
  private outBytes = 0;
  // --- gc collections: state step and counts after each ---
  private readonly gcLog: number[] = [];
  /** the steps at which tracked containers were freed, in order */
  private readonly gcFrees = new Column(Uint32Array);
  // --- rebuilding: the ids of serials 0..idCacheN-1, decoded ---
  private idCache = new Float64Array(0);
  private idCacheN = 0;
  /** see chunkFreed */
  private freedCache = new Uint32Array(0);
  /** the checkpoint decoded last (its buffers are reused for the next one) */
  private decoded: DecodedCheckpoint | null = null;
  // --- checkpoints ---
  private readonly cp = new ByteWriter();
  /** a checkpoint's object records, before their count is known */
  private readonly scratch = new ByteWriter();
  /** one record's fields, and those of the pending run (checkpoint) */
  private readonly one = new ByteWriter();
  private readonly runFields = new Uint8Array(64);
  private readonly cps: Checkpoint[] = [];
  private lastKeyBytes = 0;
  private lastKeyOffset = 0;
  /** last values written per serial, for deltas */
  private lSize = new Column(Int32Array);
  private lRef = new Column(Float64Array);
  private lGen = new Column(Int8Array);
  private lRepr = new Column(Int32Array);
  private lRefs: (number[] | null)[] = [];
  /** per code object: the names of its fast locals, cells and free variables */
  private readonly localNames = new Map<Frame['code'], string[]>();
  /** per serial: T_* traits of its object, 0 until a checkpoint first reads it */
  private traits = new Column(Uint8Array);
  private lastFrames: [string, number][][] = [];
  /** per pool address, what the checkpoints last wrote of it */
  private lastPools = new Map<number, PoolRecord>();
  private lastArenasKey = '';
  private lastPoolCount = 0;
  /** the pymalloc mutation count when the pools were last compared */
  private lastPoolScan = -1;
  private lastHeapBytes = 0;
  /** the heap's mutation count at the last checkpoint */
  private lastHeapStamp = -1;
  private dense = true;
  /** objects inspected by per-step checkpoints so far */
  private denseWork = 0;
  private checkpointed = -1;
  private lastFull = 0;
  private seeded = false;
  private done = false;

  constructor(session: Session, options: TraceOptions = {}) {
    const r = session.runtime;
    if (!r) throw new Error('the program did not compile: nothing to trace');
    this.rt = r;
    this.opts = {
      denseSteps: options.denseSteps ?? 20_000,
      denseObjects: options.denseObjects ?? 2_000,
      denseWork: options.denseWork ?? 2_000_000,
      sparseBytesPerStep: options.sparseBytesPerStep ?? 16,
      sparseReprs: options.sparseReprs ?? 2_000,
    };
    this.str('<module>');
    session.setTracer(this);
  }

  // ---------------------------------------------------------------------------------------------
  // Tracer

  line(frame: Frame, line: number): void {
    const r = this.rt;
    if (!this.seeded) this.seed(frame);
    const state = r.steps - 1;
    // the frame record of this step
    const rec = this.frameRecord(frame, line);
    if (this.dense) {
      this.denseWork += this.liveCount;
      if (state > this.opts.denseSteps || this.liveCount > this.opts.denseObjects || this.denseWork > this.opts.denseWork) this.dense = false;
    }
    const want = this.dense || this.sparseDue(state);
    // (a state already checkpointed was read before an automatic collection: nothing more to read)
    if (want && this.checkpointed < state) this.checkpoint(state, frame);
    this.setStep(state, line, rec);
  }

  alloc(o: PyObject, block: number, size: number): void {
    let sz = size;
    try { sz = this.sizeofSafe(o); } catch { /* a half-built object: keep the request size */ }
    const serial = this.addSerial(o.ob_type.flags.gc ? KIND_OBJECT | KIND_GC : KIND_OBJECT, o.addr, o.addr - block, size, sz, o.ob_type);
    this.objs[serial] = o;
    o.serial = serial;
    this.addLive(serial);
  }

  private addLive(serial: number): void {
    while (this.livePos.length <= serial) this.livePos.push(-1);
    this.livePos.a[serial] = this.liveSerials.length;
    this.liveSerials.push(serial);
  }

  /** live objects and buffers */
  private get liveCount(): number {
    return this.liveSerials.length + this.buffers.size;
  }

  private removeLive(serial: number): void {
    const at = this.livePos.a[serial];
    const last = this.liveSerials.pop()!;
    if (last !== serial) { this.liveSerials[at] = last; this.livePos.a[last] = at; }
    this.livePos.a[serial] = -1;
  }

  free(o: PyObject, block: number): void {
    void block;
    const serial = o.serial;
    if (serial < 0 || this.objs[serial] !== o) return;
    o.serial = -1;
    this.removeLive(serial);
    this.tFree.a[serial] = this.rt.steps;
    if (this.cKind[this.tCode.a[serial]] & KIND_GC) this.gcFrees.push(this.rt.steps);
    this.objs[serial] = null;
  }

  buffer(owner: PyObject, oldBlock: number, newBlock: number, size: number): void {
    if (oldBlock) {
      const s = this.buffers.get(oldBlock);
      if (s !== undefined) {
        this.buffers.delete(oldBlock);
        this.tFree.a[s] = this.rt.steps;
      }
    }
    if (newBlock) {
      const serial = this.addSerial(KIND_BUFFER, newBlock, 0, size, size, owner.ob_type);
      this.buffers.set(newBlock, serial);
    }
    // the owner's sys.getsizeof changes with its buffer
    const os = owner.serial;
    if (os >= 0 && this.objs[os] === owner) {
      try {
        const v = this.sizeofSafe(owner);
        const code = this.tCode.a[os];
        if (v !== this.cSizeof[code] || this.sizeofOv.has(os)) {
          this.sizeofOv.set(os, v);
          this.cOv[code] = 1;
        }
      } catch { /* keep */ }
    }
  }

  output(text: string): void {
    this.outStep.push(this.rt.steps);
    this.outText.push(text);
    this.outBytes += text.length + 4;
  }

  gcPhase(phase: string, generation: number, objects: number): void {
    void generation; void objects;
    const r = this.rt;
    // a collection started by the eval breaker runs after the step counter moved on, before the
    // line event: the state of the previous step must be read first
    if (phase === 'start' && this.dense && this.seeded && this.checkpointed < r.steps - 1 && r.frame) {
      this.checkpoint(r.steps - 1, null);
    }
    if (phase === 'stop') {
      const c = r.gcState.count;
      this.gcLog.push(r.steps, c[0], c[1], c[2]);
    }
  }

  /**
   * The session is paused (session.step returned false): record the paused state exactly, as a
   * checkpoint of its own, so that snapshot(steps) shows it. `line` is session.line.
   */
  capture(line: number): void {
    const r = this.rt;
    if (this.done || !r.frame) return;
    if (!this.seeded) this.seed(r.frame);
    const state = r.steps;
    const rec = this.frameRecord(r.frame, line);
    if (this.checkpointed < state) this.checkpoint(state, r.frame);
    this.setStep(state, line, rec);
  }

  /** the run ended (session.finish() returned): record the final state */
  finish(): void {
    if (this.done) return;
    this.done = true;
    const state = this.rt.steps;
    this.stack = [];
    if (!this.seeded) this.seed(null);
    if (this.checkpointed < state) this.checkpoint(state, null);
    this.setStep(state, 0, -1);
  }

  // ---------------------------------------------------------------------------------------------
  // queries

  /** line steps recorded (snapshots exist for 0..steps) */
  get steps(): number {
    return Math.max(0, this.stLine.length - 1);
  }

  get finished(): boolean { return this.done; }

  /** the trace's size in bytes: every column, the checkpoint stream, strings and output */
  byteSize(): number {
    const cols = [this.stLine, this.stRec, this.stVisible, this.frName, this.frParent, this.frParentLine, this.tCode, this.tIdD,
      this.idBase, this.tFree];
    let n = 0;
    for (const c of cols) n += c.bytes;
    n += this.cp.pos + this.cps.length * 12 + this.strBytes + this.outBytes + this.gcLog.length * 8;
    for (const t of this.typeNames) n += t.length + 8;
    n += this.cKind.length * 12 + this.idEsc.size * 12 + this.sizeofOv.size * 8;
    return n;
  }

  /** checkpoint statistics, for reports */
  stats(): { checkpoints: number; keyframes: number; denseUntil: number; objectsLogged: number; checkpointBytes: number } {
    let dense = -1;
    for (let i = 0; i < this.cps.length && this.cps[i].state === i; i++) dense = i;
    return {
      checkpoints: this.cps.length,
      keyframes: this.cps.filter((c) => c.key).length,
      denseUntil: dense,
      objectsLogged: this.tCode.length,
      checkpointBytes: this.cp.pos,
    };
  }

  // ---------------------------------------------------------------------------------------------
  // recording internals

  private str(s: string): number {
    let i = this.strIdx.get(s);
    if (i === undefined) {
      i = this.strs.length;
      this.strs.push(s);
      this.strIdx.set(s, i);
      this.strBytes += s.length + 8;
    }
    return i;
  }

  private typeIndex(t: PyType): number {
    let i = this.typeIdx.get(t);
    if (i === undefined) {
      i = this.typeNames.length;
      this.typeNames.push(t.name);
      this.typeIdx.set(t, i);
    }
    return i;
  }

  private addSerial(kind: number, id: number, pre: number, size: number, sizeof: number, t: PyType): number {
    const ti = this.typeIndex(t);
    let c = ti < this.typeCode.length ? this.typeCode[ti] : -1;
    if (c < 0 || this.cKind[c] !== kind || this.cPre[c] !== pre || this.cSize[c] !== size || this.cSizeof[c] !== sizeof) {
      const key = `${kind},${pre},${size},${sizeof},${ti}`;
      const k = this.codeIdx.get(key);
      if (k === undefined) {
        c = this.cKind.length;
        this.cKind.push(kind);
        this.cPre.push(pre);
        this.cSize.push(size);
        this.cSizeof.push(sizeof);
        this.cType.push(ti);
        this.cOv.push(0);
        this.codeIdx.set(key, c);
        if (c === 0x10000) {
          const wide = new Column(Uint32Array, this.tCode.a.length);
          wide.a.set(this.tCode.a.subarray(0, this.tCode.length));
          wide.length = this.tCode.length;
          this.tCode = wide;
        }
      } else c = k;
      while (this.typeCode.length <= ti) this.typeCode.push(-1);
      this.typeCode[ti] = c;
    }
    const s = this.tCode.push(c);
    if ((s & ID_MASK) === 0) {
      this.idBase.push(id);
      this.tIdD.push(0);
    } else {
      const d = id - this.lastId;
      if (d > -0x7fffffff && d <= 0x7fffffff) this.tIdD.push(d);
      else {
        this.tIdD.push(ID_ESC);
        this.idEsc.set(s, id);
      }
    }
    this.lastId = id;
    this.tFree.push(ALIVE);
    this.objs[s] = null;
    return s;
  }

  private sizeofAt(s: number): number {
    const v = this.sizeofOv.get(s);
    return v === undefined ? this.cSizeof[this.tCode.a[s]] : v;
  }

  /** per chunk of ID_CHUNK serials below n, the last step at which one of them was freed (ALIVE
   *  while one lives); a chunk's value is final once all its serials are freed, so it is kept */
  private chunkFreed(n: number): Uint32Array {
    const chunks = Math.ceil(n / ID_CHUNK);
    let out = this.freedCache;
    if (out.length < chunks) {
      const grown = new Uint32Array(Math.max(chunks, out.length * 2, 64)).fill(ALIVE);
      grown.set(out);
      out = this.freedCache = grown;
    }
    const freeA = this.tFree.a, total = this.tFree.length;
    for (let c = 0; c < chunks; c++) {
      if (out[c] !== ALIVE) continue;
      const end = (c + 1) * ID_CHUNK;
      if (end > total) break; // the last chunk is still filling
      let m = 0;
      for (let s = c * ID_CHUNK; s < end; s++) if (freeA[s] > m) m = freeA[s];
      out[c] = m;
    }
    return out;
  }

  /** the ids of serials 0..n-1 (and maybe more), decoded once: a serial's id never changes */
  private ids(n: number): Float64Array {
    let out = this.idCache;
    const from = this.idCacheN;
    if (n <= from) return out;
    if (out.length < n) {
      const grown = new Float64Array(Math.max(n, out.length * 2, 1024));
      grown.set(out.subarray(0, from));
      out = this.idCache = grown;
    }
    const d = this.tIdD.a, base = this.idBase.a;
    let id = from ? out[from - 1] : 0;
    for (let s = from; s < n; s++) {
      if ((s & ID_MASK) === 0) id = base[s / ID_CHUNK];
      else {
        const x = d[s];
        id = x === ID_ESC ? this.idEsc.get(s)! : id + x;
      }
      out[s] = id;
    }
    this.idCacheN = n;
    return out;
  }

  /** sys.getsizeof without running Python code (a class's own __sizeof__ is not called) */
  private sizeofSafe(o: PyObject): number {
    if (hasOwnSizeof(o.ob_type)) return o.allocSize;
    return this.rt.sizeofObject(o, true);
  }

  /** objects of the program that exist before the first line: __main__'s namespace and the constants */
  private seed(frame: Frame | null): void {
    this.seeded = true;
    const seen = new Set<PyObject>();
    const visit = (o: PyObject, depth: number): void => {
      if (seen.has(o) || depth > 64) return;
      seen.add(o);
      this.known(o, true);
      if (o instanceof PyModule || o instanceof PyType) return;
      for (const x of referents(o)) visit(x, depth + 1);
    };
    if (frame) {
      let f: Frame | null = frame;
      while (f.back) f = f.back;
      if (f.locals) visit(f.locals, 0);
      const codes = new Set<unknown>();
      const walk = (c: Frame['code']): void => {
        if (codes.has(c)) return;
        codes.add(c);
        for (const k of c.consts) {
          const inner = (k as unknown as { code?: Frame['code'] }).code;
          if (inner && Array.isArray(inner.consts)) walk(inner);
          else visit(k, 0);
        }
      };
      walk(f.code);
    }
  }

  /** the serial of o, adding it as a pre-existing / static object if `add` and it is not known */
  private known(o: PyObject, add: boolean): number {
    const s = o.serial;
    if (s >= 0 && this.objs[s] === o) return s;
    if (!add) return -1;
    const kind = KIND_STATIC | (o.ob_type.flags.gc ? KIND_GC : 0);
    let sz = o.allocSize;
    try { sz = this.sizeofSafe(o); } catch { /* keep */ }
    const serial = this.addSerial(kind, o.addr, o.allocSize ? this.rt.preSize(o) : 0, o.allocSize, sz, o.ob_type);
    this.objs[serial] = o;
    o.serial = serial;
    this.addLive(serial);
    return serial;
  }

  /** should a referent or local not yet known be listed? values, not the interpreter's machinery */
  private listable(o: PyObject): boolean {
    return !(o instanceof PyDict && !o.allocSize || o instanceof PyBuiltin);
  }

  private frameRecord(frame: Frame, line: number): number {
    const st = this.stack;
    const top = st.length ? st[st.length - 1] : null;
    if (top && top.frame === frame) { top.line = line; return top.rec; }
    // returned to a frame further down?
    for (let i = st.length - 2; i >= 0; i--) {
      if (st[i].frame === frame) {
        st.length = i + 1;
        st[i].line = line;
        return st[i].rec;
      }
    }
    // a call from the top frame (or a frame below it)
    let base = -1;
    for (let i = st.length - 1; i >= 0; i--) if (st[i].frame === frame.back) { base = i; break; }
    if (base < 0) {
      // a new stack (a generator resumed from elsewhere, or the first line): rebuild from the chain
      const chain: Frame[] = [];
      for (let f: Frame | null = frame.back; f; f = f.back) chain.push(f);
      chain.reverse();
      this.stack = [];
      for (const f of chain) this.pushFrame(f, f.lineno);
    } else {
      st.length = base + 1;
    }
    return this.pushFrame(frame, line);
  }

  private pushFrame(frame: Frame, line: number): number {
    const st = this.stack;
    const parent = st.length ? st[st.length - 1] : null;
    const rec = this.frName.push(this.str(frame.code.name));
    this.frParent.push(parent ? parent.rec : -1);
    this.frParentLine.push(parent ? parent.line : 0);
    st.push({ frame, rec, line });
    return rec;
  }

  private setStep(state: number, line: number, rec: number): void {
    // states are consecutive; a state seen twice (a checkpoint before a GC) keeps the later line
    while (this.stLine.length <= state) {
      this.stLine.push(line);
      this.stRec.push(rec);
      this.stVisible.push(this.tCode.length);
    }
    this.stLine.a[state] = line;
    this.stRec.a[state] = rec;
    this.stVisible.a[state] = this.tCode.length;
  }

  private sparseDue(state: number): boolean {
    if (this.cps.length === 0) return true;
    const est = Math.max(this.lastKeyBytes, this.liveCount * 10 + this.lastHeapBytes + 64);
    return (state - this.lastFull) * this.opts.sparseBytesPerStep >= est;
  }

  private gen(o: PyObject): number {
    if (!o.gcTracked) return -1;
    // 0..2, 3 for the permanent generation; -2 while on a collection's unreachable list
    return o.gcGen >= 0 ? o.gcGen : -2;
  }

  private ensureLast(n: number): void {
    if (this.lSize.length >= n) return;
    for (const c of [this.lSize, this.lRef, this.lGen, this.lRepr] as Column<Int32Array | Float64Array | Int8Array>[]) {
      if (c.a.length < n) c.grow(n);
      c.a.fill(-3, c.length, n);
      c.length = n;
    }
    if (this.traits.a.length < n) this.traits.grow(n);
    this.traits.length = n;
  }

  /** what a checkpoint needs to know of a serial's object that never changes (its JS class does
   *  not): read once, so that a checkpoint does not test every object's class again */
  private traitsOf(s: number, o: PyObject): number {
    let t = this.traits.a[s];
    if (t) return t;
    t = T_KNOWN;
    if ((this.cKind[this.tCode.a[s]] & 3) === KIND_STATIC && !o.allocSize) t |= T_STATIC;
    if (o instanceof PyStr || o instanceof PyInt || o instanceof PyFloat || o instanceof PyBytes) t |= T_ATOMIC;
    // the sizes of immutable atomic objects never change once read
    if (t & (T_STATIC | T_ATOMIC) || o instanceof PyTuple) t |= T_FIXED;
    // the repr of a container says how many items it has
    if (o instanceof PyList || o instanceof PyDict || o instanceof PySet || o instanceof PyByteArray) t |= T_COUNTED;
    const ctor: unknown = o.constructor;
    if (ctor === PyInstance) t |= T_PLAIN;
    if (o instanceof PyModule) t |= T_MODULE;
    this.traits.a[s] = t;
    return t;
  }

  /** a checkpoint of state `state`; frame is the innermost frame (null: read rt.frame, or none) */
  private checkpoint(state: number, frame: Frame | null): void {
    const r = this.rt;
    const w = this.cp;
    // the deltas written since the last keyframe: another keyframe once they outweigh it
    const sinceKey = w.pos - (this.lastKeyOffset + this.lastKeyBytes);
    const key = !this.dense || this.cps.length === 0 || sinceKey >= Math.max(this.lastKeyBytes, 4096);
    const offset = w.pos;
    this.cps.push({ state, offset, key });
    this.checkpointed = state;
    if (key) this.lastFull = state;
    w.byte(key ? 1 : 2);
    w.u(state);
    // objects: make locals' and referents' values known first
    const fr = frame ?? (this.done ? null : r.frame);
    const frames = this.readFrames(fr);
    const serials = this.sortedLive();
    this.ensureLast(this.tCode.length + 1024);
    const maxRepr = this.dense ? Infinity : this.opts.sparseReprs;
    let reprs = 0;
    const recs: number[] = [];
    const refLists: (number[] | null)[] = [];
    // collect first (reading referents may make new static objects known)
    const pending: number[] = serials;
    for (let k = 0; k < pending.length; k++) {
      const s = pending[k];
      const o = this.objs[s];
      if (!o) continue;
      const traits = this.traitsOf(s, o);
      let refs: number[] | null = null;
      if (!(traits & (T_STATIC | T_ATOMIC))) {
        const rs = refsOf(o);
        if (rs.length) {
          refs = new Array<number>(rs.length);
          for (let j = 0; j < rs.length; j++) {
            const x = rs[j];
            let xs = this.known(x, false);
            // a module's namespace is the interpreter's: it is not listed unless the program's
            if (xs < 0 && !(traits & T_MODULE) && this.listable(x) && (x.allocSize || !(x instanceof PyType))) {
              xs = this.known(x, true);
              pending.push(xs);
              this.ensureLast(this.tCode.length + 1024);
            }
            refs[j] = xs >= 0 ? xs * 2 : x.addr / 16 * 2 + 1;
          }
        }
      }
      recs.push(s);
      refLists.push(refs);
    }
    // write
    const typeSizes = new Map<PyType, number>();
    const countAt = w.pos;
    w.u(0); // placeholder length: rewritten below via a second writer
    const body = this.scratch;
    body.pos = 0;
    let n = 0;
    let prev = 0;
    // the pending run: its first record's distance from the one before, mask, fields, length
    // and, when it has more than one record, the distance between its records
    let runCount = 0, runDelta = 0, runMask = 0, runLen = 0, runStride = 0;
    const flushRun = (): void => {
      body.s(runDelta);
      body.byte(runCount > 1 ? runMask | F_RUN : runMask);
      if (runCount > 1) { body.u(runCount); body.u(runStride); }
      body.raw(this.runFields.subarray(0, runLen));
    };
    for (let k = 0; k < recs.length; k++) {
      const s = recs[k];
      const o = this.objs[s]!;
      let size = this.sizeofAt(s);
      const traits = this.traits.a[s];
      const fixed = (traits & T_FIXED) !== 0;
      if (!fixed || this.lSize.a[s] === -3) {
        // a plain instance's size is its type's (its slots, dict and weakref pointers): once per type
        const plain = (traits & T_PLAIN) !== 0;
        const cached = plain ? typeSizes.get(o.ob_type) : undefined;
        if (cached !== undefined) size = cached;
        else {
          try { size = this.sizeofSafe(o); } catch { /* keep */ }
          if (plain && !hasOwnSizeof(o.ob_type)) typeSizes.set(o.ob_type, size);
        }
      } else size = this.lSize.a[s];
      const ref = o.ob_refcnt;
      const gen = this.gen(o);
      let reprI = this.lRepr.a[s];
      if (reprI === -3 || traits & T_COUNTED) {
        if (reprs < maxRepr) { reprI = this.str(shortRepr(o)); reprs++; } else reprI = -1;
      }
      const refs = refLists[k];
      let mask = 0;
      if (key) {
        // a keyframe leaves out what the reader defaults to: the size at allocation of an object
        // whose size never changes, untracked, no repr, no referents
        mask = F_REF;
        if (!(fixed && size === this.cSizeof[this.tCode.a[s]] && !this.sizeofOv.has(s))) mask |= F_SIZE;
        if (gen !== -1) mask |= F_GEN;
        if (reprI !== -1) mask |= F_REPR;
        if (refs && refs.length) mask |= F_REFS;
      } else {
        if (this.lSize.a[s] !== size) mask |= F_SIZE;
        if (this.lRef.a[s] !== ref) mask |= F_REF;
        if (this.lGen.a[s] !== gen) mask |= F_GEN;
        if (this.lRepr.a[s] !== reprI) mask |= F_REPR;
        const lr = this.lRefs[s];
        if (!sameRefs(lr ?? null, refs) || this.lSize.a[s] === -3) mask |= F_REFS;
      }
      if (!mask) continue;
      // the fields; a record equal to the one before it, at the same distance in serials, makes
      // a run of it (a million strs in a list share one record: refcnt 1, untracked)
      const one = this.one;
      one.pos = 0;
      if (mask & F_SIZE) one.u(size);
      if (mask & F_REF) {
        if (ref >= IMMORTAL_REFCNT / 2) one.u(zigzag(ref - IMMORTAL_REFCNT) * 2 + 1);
        else one.u(ref * 2);
      }
      if (mask & F_GEN) one.byte(gen + 3);
      if (mask & F_REPR) one.u(reprI + 1);
      const delta = s - prev;
      prev = s;
      if (!(mask & F_REFS) && runCount && (runCount === 1 || delta === runStride) && mask === runMask
        && sameBytes(one.buf.subarray(0, one.pos), this.runFields.subarray(0, runLen))) {
        if (runCount === 1) runStride = delta;
        runCount++;
      } else {
        if (runCount) { n++; flushRun(); }
        runCount = 1; runDelta = delta; runMask = mask; runLen = one.pos;
        this.runFields.set(one.buf.subarray(0, one.pos));
        // a record with referents is never part of a run: out now, its referents follow
        if (mask & F_REFS) { n++; flushRun(); runCount = 0; }
      }
      if (mask & F_REFS) {
        // the references kept from the last record (a list that grew keeps them all), then the rest
        const rl = refs ?? [];
        const lr = key ? null : this.lRefs[s];
        let keep = 0;
        if (lr) while (keep < lr.length && keep < rl.length && lr[keep] === rl[keep]) keep++;
        body.u(keep);
        body.u(rl.length - keep);
        for (let q = keep; q < rl.length; q++) {
          const x = rl[q];
          if (x % 2 === 0) body.u(zigzag(x / 2 - s) * 2);
          else body.u(x);
        }
      }
      this.lSize.a[s] = size;
      this.lRef.a[s] = ref;
      this.lGen.a[s] = gen;
      this.lRepr.a[s] = reprI;
      this.lRefs[s] = refs;
    }
    if (runCount) { n++; flushRun(); }
    // the count of records (and runs) goes before them
    w.pos = countAt;
    w.u(n);
    w.raw(body.buf.subarray(0, body.pos));
    // frames (locals), when changed: the outer frames that are the same are kept, the rest written
    const keep = key ? 0 : sameFramesPrefix(frames, this.lastFrames);
    if (keep < frames.length || keep < this.lastFrames.length) {
      w.byte(1);
      w.u(keep);
      w.u(frames.length - keep);
      for (let i = keep; i < frames.length; i++) {
        const f = frames[i];
        w.u(f.length);
        for (let j = 0; j < f.length; j++) {
          w.u(this.str(f[j][0]));
          w.u(f[j][1]);
        }
      }
      this.lastFrames = frames;
    } else w.byte(0);
    // the collector's counts
    const c = r.gcState.count;
    w.u(c[0]); w.u(c[1]); w.u(c[2]);
    // the heap
    const hStart = w.pos;
    this.writeHeap(key);
    if (key) this.lastHeapBytes = w.pos - hStart;
    if (key) {
      this.lastKeyBytes = w.pos - offset;
      this.lastKeyOffset = offset;
    }
  }

  /** the live serials in ascending order (a numeric sort of a typed array: no comparator calls) */
  private sortedLive(): number[] {
    const live = this.liveSerials;
    if (live.length < 256) return live.slice().sort((x, y) => x - y);
    const a = new Uint32Array(live.length);
    for (let i = 0; i < live.length; i++) a[i] = live[i];
    a.sort();
    const out = new Array<number>(a.length);
    for (let i = 0; i < a.length; i++) out[i] = a[i];
    return out;
  }

  /** frames outermost first, each a list of [name, encoded ref] */
  private readFrames(inner: Frame | null): [string, number][][] {
    const chain: Frame[] = [];
    for (let f = inner; f; f = f.back) chain.push(f);
    chain.reverse();
    const out: [string, number][][] = [];
    for (const f of chain) {
      const locs: [string, number][] = [];
      const enc = (o: PyObject | null): number => {
        if (!o) return 0;
        let s = this.known(o, false);
        if (s < 0 && this.listable(o)) {
          s = this.known(o, true);
          this.ensureLast(this.tCode.length + 1024);
        }
        return s >= 0 ? (s + 1) * 2 : o.addr / 16 * 2 + 1;
      };
      if (f.locals && !f.func) {
        for (const [k, v] of ops.dictItems(f.locals)) {
          if (!(k instanceof PyStr) || (k.s.startsWith('__') && k.s.endsWith('__'))) continue;
          locs.push([k.s, enc(v)]);
        }
      } else {
        const c = f.code;
        let names = this.localNames.get(c);
        if (!names) this.localNames.set(c, (names = [...c.varnames, ...c.cellvars, ...c.freevars]));
        for (let i = 0; i < names.length && i < f.fast.length; i++) {
          let v = f.fast[i];
          if (i >= c.varnames.length && v instanceof PyCell) v = v.ref;
          if (i < c.varnames.length && v instanceof PyCell && c.cellvars.includes(names[i])) v = v.ref;
          locs.push([names[i], enc(v)]);
        }
      }
      out.push(locs);
    }
    return out;
  }

  private writeHeap(key: boolean): void {
    const w = this.cp;
    // nothing allocated or freed since the last checkpoint: tag 2, the reader keeps what it has
    const heap = this.rt.heap;
    const stamp = heap.mutations + heap.raw.mutations;
    if (!key && stamp === this.lastHeapStamp) { w.byte(2); return; }
    this.lastHeapStamp = stamp;
    // only the pools changed since the last look are compared with what was written for them
    // (a keyframe's reader starts from nothing: so does the memory of what was written)
    const since = key ? -1 : this.lastPoolScan;
    this.lastPoolScan = heap.mutations;
    if (key) this.lastPools.clear();
    const arenas = heap.arenaViews();
    let arenasKey = '';
    let npools = 0;
    for (const a of arenas) {
      arenasKey += `${a.index}:${a.address}:${a.nfreepools}:${a.carved},`;
      npools += a.carved;
    }
    const changed: (PoolRecord & { address: number })[] = [];
    for (const a of arenas) {
      for (let slot = a.firstSlot, end = a.firstSlot + a.carved; slot < end; slot++) {
        if (heap.poolStamp(slot) <= since) continue;
        const address = heap.poolAddress(slot);
        const szidx = heap.poolSzidx(slot);
        const count = heap.poolCount(slot);
        const bits = count && szidx !== DUMMY_SIZE_IDX ? heap.poolBits(slot) : null;
        const last = this.lastPools.get(address);
        if (!key && last && last.szidx === szidx && last.count === count && sameBytes(last.bits, bits)) continue;
        this.lastPools.set(address, { szidx, count, bits });
        changed.push({ address, szidx, count, bits });
      }
    }
    const rawLive = heap.raw.inUseSnapshot();
    const allocated = heap.allocatedBlocks();
    if (!key && !changed.length && arenasKey === this.lastArenasKey && this.lastPoolCount === npools) {
      w.byte(0);
      w.u(allocated);
      w.u(rawLive.length);
      for (const c of rawLive) { w.u(c.address); w.u(c.chunkSize); }
      return;
    }
    this.lastArenasKey = arenasKey;
    this.lastPoolCount = npools;
    w.byte(1);
    w.u(heap.profile.POOL_SIZE);
    w.u(heap.profile.ARENA_SIZE);
    w.u(arenas.length);
    for (const a of arenas) {
      w.u(a.index); w.u(a.address); w.u(a.ntotalpools); w.u(a.nfreepools); w.u(a.carved);
    }
    w.u(changed.length);
    for (const p of changed) {
      w.u(p.address / 16);
      w.u(p.szidx === DUMMY_SIZE_IDX ? 0 : p.szidx + 1);
      if (p.szidx === DUMMY_SIZE_IDX) continue;
      w.u(p.count);
      if (p.count) w.raw(p.bits!);
    }
    w.u(allocated);
    w.u(rawLive.length);
    for (const c of rawLive) { w.u(c.address); w.u(c.chunkSize); }
  }

  // ---------------------------------------------------------------------------------------------
  // rebuilding

  /** the state after `step` line steps (0 ≤ step ≤ steps), as a self-contained snapshot */
  snapshot(step: number): MemorySnapshot {
    const total = this.steps;
    const N = Math.max(0, Math.min(Math.floor(step), total));
    // the checkpoint at or before N, and its keyframe
    let lo = 0, hi = this.cps.length - 1, ci = -1;
    while (lo <= hi) {
      const m = (lo + hi) >> 1;
      if (this.cps[m].state <= N) { ci = m; lo = m + 1; } else hi = m - 1;
    }
    if (ci < 0) throw new Error('no checkpoint recorded');
    let ki = ci;
    while (!this.cps[ki].key) ki--;
    const cpState = this.cps[ci].state;
    const exact = cpState === N;
    // the checkpoints up to ci only name serials below visC; the log up to N, below visN
    const visC = this.stVisible.a[cpState];
    const visN = this.stVisible.a[N];
    const idA = this.ids(Math.max(visC, visN));
    const cp = this.readCheckpoints(ki, ci, visC, idA);
    // the heap: the checkpoint's pools, to which the log's blocks are applied below
    const heap = new HeapRebuild(cp, idA, this.tCode.a, this.cPre, this.cSize);
    const objects = this.liveObjects(N, cpState, visN, cp, idA, heap);
    // gc counts between checkpoints: the last collection, then the container allocations and frees
    const gcCount: [number, number, number] = exact ? [cp.gcCount[0], cp.gcCount[1], cp.gcCount[2]] : this.gcCountAt(N, cpState, cp.gcCount);
    // frames: the call stack from the log, locals from the checkpoint when the frame is the same
    const snapFrames = this.framesAt(N, cpState, cp.frames, idA);
    // output
    let output = '';
    for (let k = 0; k < this.outStep.length && this.outStep[k] <= N; k++) output += this.outText[k];
    const g = this.rt.gcState.threshold;
    return {
      version: SNAPSHOT_VERSION,
      pythonVersion: this.rt.version,
      step: N,
      totalSteps: total,
      line: this.stLine.a[N],
      finished: this.done && N === total,
      exact,
      exactFields: exact ? ALL_FIELDS.slice() : LOG_FIELDS.slice(),
      checkpointStep: cpState,
      frames: snapFrames,
      objects,
      heap: heap.finish(),
      gc: { count: gcCount, threshold: [g[0], g[1], g[2]] },
      output,
    };
  }

  /** the live objects at step N: the log says which, the checkpoint (at cpState) their fields;
   *  the blocks of the objects allocated or freed since the checkpoint go to heap */
  private liveObjects(N: number, cpState: number, visN: number, cp: DecodedCheckpoint, idA: Float64Array, heap: HeapRebuild): SnapshotObjects {
    const codeA = this.tCode.a, freeA = this.tFree.a, cKind = this.cKind, cType = this.cType, cSizeof = this.cSizeof;
    const cOv = this.cOv;
    const { visC, fSize, fRef, fGen, fRepr, refPos, refLen, refFlat } = cp;
    const exact = cpState === N;
    const ids = new RunsBuilder(), types = new RunsBuilder(), sizes = new RunsBuilder();
    const refcnts = new RunsBuilder(), gens = new RunsBuilder(), refIds = new RunsBuilder();
    const reprIndex: number[] = [], reprText: string[] = [];
    const refIndex: number[] = [], refStart: number[] = [];
    const preexisting: number[] = [];
    const ov = this.sizeofOv;
    const strs = this.strs;
    let i = 0, r = 0;
    // a chunk of serials all freed by the checkpoint has nothing to show and nothing to undo
    const chunkFreed = this.chunkFreed(visN);
    for (let s = 0; s < visN; s++) {
      if ((s & ID_MASK) === 0 && chunkFreed[s / ID_CHUNK] <= cpState) { s += ID_MASK; continue; }
      const f = freeA[s];
      const code = codeA[s];
      const kind = cKind[code] & 3;
      if (f <= N) {
        // freed since the checkpoint: its block is free again
        if (!exact && f > cpState && s < visC && kind !== KIND_STATIC) heap.free(s);
        continue;
      }
      if (!exact && s >= visC && kind !== KIND_STATIC) heap.add(s);
      if (kind === KIND_BUFFER) continue;
      ids.push(idA[s]);
      types.push(cType[code]);
      if (kind === KIND_STATIC) preexisting.push(i);
      let sz = s < visC ? fSize[s] - 1 : -1;
      if (sz < 0) {
        const v = cOv[code] ? ov.get(s) : undefined;
        sz = v === undefined ? cSizeof[code] : v;
      }
      sizes.push(sz);
      if (s < visC) {
        const rc = fRef[s] - 1;
        refcnts.push(rc < 0 ? -1 : rc % 2 === 0 ? rc / 2 : IMMORTAL_REFCNT + unzigzag((rc - 1) / 2));
        // (an object in the checkpoint always has its refcnt there; its gen only when tracked)
        gens.push(fGen[s] ? fGen[s] - 3 : fRef[s] ? -1 : -2);
        const ri = fRepr[s];
        if (ri) { reprIndex.push(i); reprText.push(strs[ri - 1]); }
        const rp = refPos[s];
        if (rp) {
          refIndex.push(i);
          refStart.push(r);
          for (let q = rp - 1, e = rp - 1 + refLen[s]; q < e; q++) refIds.push(refFlat[q]);
          r += refLen[s];
        }
      } else {
        refcnts.push(-1);
        gens.push(-2);
      }
      i++;
    }
    refStart.push(r);
    return {
      count: i, id: ids.finish(), type: types.finish(), typeNames: this.typeNames.slice(), size: sizes.finish(),
      refcnt: refcnts.finish(), gen: gens.finish(),
      reprs: { index: reprIndex, text: reprText }, refs: { index: refIndex, start: refStart, ids: refIds.finish() }, preexisting,
    };
  }

  /**
   * The object fields, frames, collector counts and heap of checkpoint ci, read from its keyframe
   * ki on. Object fields are by serial, biased so that 0 means "not in the checkpoint": size + 1,
   * the refcnt's code (2 * refcnt, or an odd code for an immortal one) + 1, gen + 3, repr string
   * index + 1; referents as ids in refFlat at refPos - 1.
   */
  private readCheckpoints(ki: number, ci: number, visC: number, idA: Float64Array): DecodedCheckpoint {
    const last = this.decoded;
    if (last && last.ci === ci && last.visC === visC) return last;
    // the buffers of the last one are reused when they are large enough
    const fit = last && last.fSize.length >= visC ? last : null;
    if (fit) {
      fit.fSize.fill(0, 0, visC); fit.fRef.fill(0, 0, visC); fit.fGen.fill(0, 0, visC);
      fit.fRepr.fill(0, 0, visC); fit.refPos.fill(0, 0, visC); fit.refLen.fill(0, 0, visC);
    }
    const cap = fit ? fit.fSize.length : visC + (visC >> 2);
    const fSize = fit ? fit.fSize : new Int32Array(cap);
    const fRef = fit ? fit.fRef : new Int32Array(cap);
    const fGen = fit ? fit.fGen : new Int8Array(cap);
    const fRepr = fit ? fit.fRepr : new Int32Array(cap);
    const refPos = fit ? fit.refPos : new Int32Array(cap);
    const refLen = fit ? fit.refLen : new Int32Array(cap);
    const flat = { a: fit ? fit.refFlat : new Float64Array(1024), n: 0 };
    this.decoded = null;
    const out: DecodedCheckpoint = {
      ci, visC, fSize, fRef, fGen, fRepr, refPos, refLen, refFlat: flat.a, frames: [], gcCount: [0, 0, 0],
      poolSize: 0, arenaSize: 0, arenas: [], pools: new Map(), raw: [], allocatedBlocks: 0,
    };
    const rd = new ByteReader(this.cp.buf, 0);
    for (let c = ki; c <= ci; c++) {
      rd.pos = this.cps[c].offset;
      rd.byte();
      rd.u();
      const n = rd.u();
      decodeObjects(rd, n, out, idA, flat);
      if (rd.byte() === 1) {
        const frames: [number, number][][] = out.frames.slice(0, rd.u());
        const nf = rd.u();
        for (let q = 0; q < nf; q++) {
          const nl = rd.u();
          const f: [number, number][] = [];
          for (let t = 0; t < nl; t++) f.push([rd.u(), rd.u()]);
          frames.push(f);
        }
        out.frames = frames;
      }
      out.gcCount = [rd.u(), rd.u(), rd.u()];
      const heapTag = rd.byte();
      if (heapTag === 2) continue;
      if (heapTag === 1) {
        const poolSize = out.poolSize = rd.u();
        out.arenaSize = rd.u();
        const na = rd.u();
        out.arenas = [];
        for (let q = 0; q < na; q++) out.arenas.push({ index: rd.u(), address: rd.u(), ntotalpools: rd.u(), nfreepools: rd.u(), npools: rd.u() });
        const np = rd.u();
        for (let q = 0; q < np; q++) {
          const pa = rd.u() * 16;
          const sz = rd.u();
          if (sz === 0) { out.pools.set(pa, { szidx: 0xffff, count: 0, bits: null }); continue; }
          const count = rd.u();
          const nb = Math.floor((poolSize - POOL_OVERHEAD) / (16 * sz));
          const bits = count ? rd.bytes((nb + 7) >> 3).slice() : null;
          out.pools.set(pa, { szidx: sz - 1, count, bits });
        }
      }
      out.allocatedBlocks = rd.u();
      const nr = rd.u();
      out.raw = [];
      for (let q = 0; q < nr; q++) out.raw.push({ address: rd.u(), size: rd.u() });
    }
    out.refFlat = flat.a;
    this.decoded = out;
    return out;
  }

  private framesAt(N: number, cpState: number, cpFrames: [number, number][][], idA: Float64Array): SnapshotFrame[] {
    const decode = (locs: [number, number][]): SnapshotLocal[] => locs.map(([n, v]) => ({
      name: this.strs[n],
      id: v === 0 ? 0 : v % 2 === 0 ? idA[v / 2 - 1] : (v - 1) / 2 * 16,
    }));
    const recs: number[] = [];
    for (let r = this.stRec.a[N]; r >= 0 && N < this.stRec.length; r = this.frParent.a[r]) recs.push(r);
    // the line of each frame: the innermost's next line, the callers' calling lines
    const out: SnapshotFrame[] = [];
    let line = this.stLine.a[N];
    const lines: number[] = [];
    for (const r of recs) { lines.push(line); line = this.frParentLine.a[r]; }
    const cpRecs: number[] = [];
    for (let r = this.stRec.a[cpState]; r >= 0; r = this.frParent.a[r]) cpRecs.push(r);
    cpRecs.reverse();
    recs.reverse();
    lines.reverse();
    for (let i = 0; i < recs.length; i++) {
      const same = cpRecs[i] === recs[i] && cpFrames.length === cpRecs.length;
      out.push({ name: this.strs[this.frName.a[recs[i]]], line: lines[i], locals: same ? decode(cpFrames[i]) : [] });
    }
    return out;
  }

  private gcCountAt(N: number, cpState: number, cpCount: [number, number, number]): [number, number, number] {
    let base = cpState;
    let count: [number, number, number] = [...cpCount];
    for (let i = 0; i < this.gcLog.length; i += 4) {
      const st = this.gcLog[i];
      if (st > cpState && st <= N) { base = st; count = [this.gcLog[i + 1], this.gcLog[i + 2], this.gcLog[i + 3]]; }
    }
    // allocations of tracked containers in (base, N], by serial; their frees, by step
    const from = this.stVisible.a[base];
    const to = this.stVisible.a[N];
    const codeA = this.tCode.a, cKind = this.cKind;
    let allocs = 0;
    for (let s = from; s < to; s++) {
      const k = cKind[codeA[s]];
      if (k & KIND_GC && (k & 3) === KIND_OBJECT) allocs++;
    }
    const frees = upperBound(this.gcFrees, N) - upperBound(this.gcFrees, base);
    count[0] = Math.max(0, count[0] + allocs - frees);
    return count;
  }
}

interface DecodedCheckpoint {
  /** the checkpoint (index in cps) and the serials it covers */
  ci: number;
  visC: number;
  fSize: Int32Array;
  fRef: Int32Array;
  fGen: Int8Array;
  fRepr: Int32Array;
  refPos: Int32Array;
  refLen: Int32Array;
  refFlat: Float64Array;
  frames: [number, number][][];
  gcCount: [number, number, number];
  poolSize: number;
  arenaSize: number;
  arenas: { index: number; address: number; ntotalpools: number; nfreepools: number; npools: number }[];
  pools: Map<number, { szidx: number; count: number; bits: Uint8Array | null }>;
  raw: { address: number; size: number }[];
  allocatedBlocks: number;
}

/** a checkpoint's arenas and pools, with the blocks of the objects allocated and freed since applied */
class HeapRebuild {
  private readonly arenas: SnapshotArena[] = [];
  private readonly poolByAddr = new Map<number, { pool: SnapshotPool; bits: Uint8Array }>();
  private readonly rawMap = new Map<number, number>();
  private allocatedBlocks: number;
  private changed = false;
  // the last pool looked up, and the bitmap of the block last located
  private lastPa = -1;
  private lastE: { pool: SnapshotPool; bits: Uint8Array } | undefined;
  private locBits: Uint8Array | null = null;

  constructor(
    private readonly cp: DecodedCheckpoint, private readonly idA: Float64Array,
    private readonly codeA: ArrayLike<number>, private readonly cPre: number[], private readonly cSize: number[],
  ) {
    const poolSize = cp.poolSize;
    for (const a of cp.arenas) {
      const first = Math.ceil(a.address / poolSize) * poolSize;
      const ps: SnapshotPool[] = [];
      for (let k = 0; k < a.npools; k++) {
        const address = first + k * poolSize;
        const p = cp.pools.get(address);
        const szidx = p ? p.szidx : 0xffff;
        const bs = szidx === 0xffff ? 0 : 16 * (szidx + 1);
        const nb = bs ? Math.floor((poolSize - POOL_OVERHEAD) / bs) : 0;
        const bits = new Uint8Array((nb + 7) >> 3);
        if (p && p.bits) bits.set(p.bits.subarray(0, bits.length));
        const pool: SnapshotPool = { address, szidx, blockSize: bs, count: p ? p.count : 0, nblocks: nb, state: 'empty', bitmap: '' };
        ps.push(pool);
        this.poolByAddr.set(address, { pool, bits });
      }
      this.arenas.push({ index: a.index, address: a.address, ntotalpools: a.ntotalpools, nfreepools: a.nfreepools, pools: ps });
    }
    for (const c of cp.raw) this.rawMap.set(c.address, c.size);
    this.allocatedBlocks = cp.allocatedBlocks;
  }

  /** the block's index in its pool (the pool's bitmap in locBits), or -1 when not in a carved pool */
  private locate(block: number): number {
    const poolSize = this.cp.poolSize;
    const pa = Math.floor(block / poolSize) * poolSize;
    if (pa !== this.lastPa) { this.lastPa = pa; this.lastE = this.poolByAddr.get(pa); }
    const e = this.lastE;
    if (!e || !e.pool.blockSize) return -1;
    const b = Math.floor((block - pa - POOL_OVERHEAD) / e.pool.blockSize);
    if (b < 0 || b >= e.pool.nblocks) return -1;
    this.locBits = e.bits;
    return b;
  }

  /** serial s, in the checkpoint, has been freed */
  free(s: number): void {
    this.changed = true;
    const block = this.idA[s] - this.cPre[this.codeA[s]];
    const b = this.locate(block);
    if (b >= 0) { this.locBits![b >> 3] &= ~(1 << (b & 7)); this.allocatedBlocks--; } else if (this.rawMap.delete(block)) this.allocatedBlocks--;
  }

  /** serial s, allocated after the checkpoint, is live */
  add(s: number): void {
    this.changed = true;
    const code = this.codeA[s];
    const block = this.idA[s] - this.cPre[code];
    const size = this.cSize[code];
    const b = this.locate(block);
    if (b >= 0) { this.locBits![b >> 3] |= 1 << (b & 7); this.allocatedBlocks++; } else if (size > 512 || size === 0) { this.rawMap.set(block, size); this.allocatedBlocks++; }
  }

  finish(): SnapshotHeap {
    for (const a of this.arenas) {
      let free = 0;
      for (const p of a.pools) {
        const e = this.poolByAddr.get(p.address)!;
        let c = 0;
        for (let i = 0; i < e.bits.length; i++) c += popcount(e.bits[i]);
        p.count = c;
        p.state = c === 0 ? 'empty' : c === p.nblocks ? 'full' : 'used';
        if (c === 0) free++;
        p.bitmap = hexBits(e.bits, p.nblocks);
      }
      if (this.changed) a.nfreepools = a.ntotalpools - a.pools.length + free;
    }
    return {
      poolSize: this.cp.poolSize, arenaSize: this.cp.arenaSize, arenas: this.arenas,
      raw: [...this.rawMap].map(([address, size]) => ({ address, size })).sort((x, y) => x.address - y.address),
      allocatedBlocks: this.allocatedBlocks,
    };
  }
}

/** record a whole run: returns the recorder (finished) and the run's result */
export function recordRun(session: Session, options?: TraceOptions): TraceRecorder {
  const rec = new TraceRecorder(session, options);
  session.finish();
  rec.finish();
  return rec;
}

// ---------------------------------------------------------------------------------------------

/** what o refers to, as referents() (tp_traverse) finds it, but sequences in item order (so that a
 *  list that grew keeps its prefix) and the common instance case inlined */
/** does a class define __sizeof__ in Python? (then sys.getsizeof would run Python code) */
function hasOwnSizeof(t: PyType): boolean {
  return t.flags.heap && ops.typeLookup(t, '__sizeof__') instanceof PyFunction;
}

const NO_REFS: PyObject[] = [];

function refsOf(o: PyObject): PyObject[] {
  // the atomic types first: most objects of a large run are strs and ints, which refer to nothing
  if (o instanceof PyStr || o instanceof PyInt || o instanceof PyFloat || o instanceof PyBytes) return NO_REFS;
  if (o instanceof PyList || o instanceof PyTuple) return o.items.slice();
  if (o instanceof PyInstance && !(o instanceof PyBaseException)) {
    const out: PyObject[] = [];
    if (o.dict) out.push(o.dict);
    else forEachInstanceValue(o, (v) => { out.push(v); });
    if (o.slots) for (const x of o.slots) if (x) out.push(x);
    out.push(o.ob_type);
    return out;
  }
  return referents(o);
}

/**
 * The n object records of a checkpoint at rd's position into the decoded fields (see
 * readCheckpoints); referents are appended to flat.
 */
function decodeObjects(rd: ByteReader, n: number, out: DecodedCheckpoint, idA: Float64Array, flat: { a: Float64Array; n: number }): void {
  const { fSize, fRef, fGen, fRepr, refPos, refLen } = out;
  let s = 0;
  for (let j = 0; j < n; j++) {
    s += rd.s();
    const mask = rd.byte();
    if (mask & F_RUN) {
      // count records stride serials apart, with the same fields (never referents)
      const count = rd.u(), stride = rd.u();
      const size = mask & F_SIZE ? rd.u() + 1 : 0;
      const ref = mask & F_REF ? rd.u() + 1 : 0;
      const gen = mask & F_GEN ? rd.byte() : 0;
      const repr = mask & F_REPR ? rd.u() : 0;
      for (let c = 0; c < count; c++, s += stride) {
        if (mask & F_SIZE) fSize[s] = size;
        if (mask & F_REF) fRef[s] = ref;
        if (mask & F_GEN) fGen[s] = gen;
        if (mask & F_REPR) fRepr[s] = repr;
      }
      s -= stride;
      continue;
    }
    if (mask & F_SIZE) fSize[s] = rd.u() + 1;
    if (mask & F_REF) fRef[s] = rd.u() + 1;
    if (mask & F_GEN) fGen[s] = rd.byte();
    if (mask & F_REPR) fRepr[s] = rd.u();
    if (mask & F_REFS) {
      const keep = rd.u();
      const k = rd.u();
      let a = flat.a;
      if (flat.n + keep + k > a.length) {
        const grown = new Float64Array(Math.max(a.length * 2, flat.n + keep + k));
        grown.set(a.subarray(0, flat.n));
        a = flat.a = grown;
      }
      const at = flat.n;
      if (keep) a.copyWithin(at, refPos[s] - 1, refPos[s] - 1 + keep);
      let w = at + keep;
      for (let q = 0; q < k; q++) {
        const v = rd.u();
        a[w++] = v % 2 === 0 ? idA[unzigzag(v / 2) + s] : (v - 1) / 2 * 16;
      }
      flat.n = w;
      refPos[s] = keep + k ? at + 1 : 0;
      refLen[s] = keep + k;
    }
  }
}

/** the number of values ≤ v in an ascending column */
function upperBound(c: Column<Uint32Array>, v: number): number {
  let lo = 0, hi = c.length;
  while (lo < hi) {
    const m = (lo + hi) >> 1;
    if (c.a[m] <= v) lo = m + 1; else hi = m;
  }
  return lo;
}


/** how many outer frames a and b have in common, locals and all */
function sameFramesPrefix(a: [string, number][][], b: [string, number][][]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i], y = b[i];
    if (x.length !== y.length) return i;
    for (let j = 0; j < x.length; j++) if (x[j][0] !== y[j][0] || x[j][1] !== y[j][1]) return i;
  }
  return n;
}

function sameRefs(a: number[] | null, b: number[] | null): boolean {
  if (a === b) return true;
  if (!a || !b) return (a?.length ?? 0) === (b?.length ?? 0);
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

const HEX = '0123456789abcdef';
function hexBits(bits: Uint8Array, n: number): string {
  let s = '';
  for (let i = 0; i < n; i += 4) {
    const v = (bits[i >> 3] >> (i & 7)) & 15;
    s += HEX[v];
  }
  return s;
}

function sameBytes(a: Uint8Array | null, b: Uint8Array | null): boolean {
  if (a === b) return true;
  if (!a || !b || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function popcount(x: number): number {
  x = x - ((x >> 1) & 0x55);
  x = (x & 0x33) + ((x >> 2) & 0x33);
  return (x + (x >> 4)) & 0x0f;
}

/** a short repr that runs no Python code */
export function shortRepr(o: PyObject): string {
  const cut = (s: string) => (s.length > 40 ? s.slice(0, 37) + '...' : s);
  const t = o.ob_type.name;
  if (o instanceof PyInt) {
    if (t === 'bool') return o.v ? 'True' : 'False';
    return cut(o.big !== null ? o.big.toString() : String(o.v));
  }
  if (o instanceof PyFloat) return Number.isInteger(o.v) && Math.abs(o.v) < 1e16 ? o.v.toFixed(1) : String(o.v);
  if (o instanceof PyStr) return cut(`'${o.s.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`);
  if (o instanceof PyBytes) return cut(`b'${Array.from(o.b.subarray(0, 40), (c) => (c >= 32 && c < 127 ? String.fromCharCode(c) : '\\x' + c.toString(16).padStart(2, '0'))).join('')}'`);
  if (o instanceof PyTuple) return `(${o.items.length} items)`;
  if (o instanceof PyList) return `[${o.items.length} items]`;
  if (o instanceof PyDict) return `{${o.store.used} items}`;
  if (o instanceof PySet) return `${t}(${o.store.used} items)`;
  if (o instanceof PyByteArray) return `bytearray(${o.size} bytes)`;
  if (o instanceof PyFunction) return `<function ${o.qualname.s}>`;
  if (o instanceof PyType) return `<class '${o.name}'>`;
  if (o instanceof PyModule) return `<module '${o.name}'>`;
  if (o instanceof PyCell) return '<cell>';
  if (o instanceof PyBaseException) return `${t}(...)`;
  if (t === 'NoneType') return 'None';
  if (o instanceof PyInstance) return `<${o.ob_type.qualname} object>`;
  return `<${t}>`;
}

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
//   - with each checkpoint record's referents, their names (attribute, slot and field names, dict
//     keys, closure cells' variables) as a label set interned in the trace: the instances of a
//     class share one, so a keyframe of them writes it once;
//   - why an object the program did not allocate exists (CPython's caches: the singletons, small
//     ints, latin-1 characters, interned strs; the code's constants; anything else pre-existing),
//     in its code, and the objects that join a cache after their allocation (Tracer.cached);
//   - the output, as (step, text) pieces;
//   - once checkpoints are sparse, the locals log: per step, what changed in the frames' locals
//     (name → object), so that the frames of any step are exact (logLocals, localsAt);
//   - the frames as the version shows them: from 3.12 a list, set or dict comprehension runs
//     inside the frame that contains it (PEP 709), so the trace shows its variables there and no
//     frame of its own (shownFrame, gatherLocals), although the engine runs it as a frame;
//   - a str appended to in place (Tracer.resized): a new size and repr for its serial, or, when
//     its block moved, a free and an allocation (id() changed).
// A snapshot at step N is the nearest checkpoint at or before N with the log up to N applied; it
// is exact when a checkpoint was taken at N, and lists its exact fields otherwise (a replay of
// the run reads the rest exactly at N: replay.ts). The checkpoint decoded last and the decoded
// ids are kept, so that scrubbing near one step does not decode them again. A step view reads the
// same state without building a snapshot (reader); its census of the live objects is kept and
// moved to the next step asked for by what changed in between. The step queries (lines, heap
// changes, what a step allocated and freed) use indexes built on first use.

import type { Tracer } from '../interp/runtime';
import type { Runtime } from '../interp/runtime';
import type { Frame } from '../interp/frame';
import type { Session } from '../interp/run';
import {
  IMMORTAL_REFCNT, PyBaseException, PyBuiltin, PyByteArray, PyBytes, PyCell, PyDescr, PyDict, PyFloat, PyFunction, PyGen, PyInstance,
  PyInt, PyList, PyMethod, PyModule, PyObject, PyProperty, PySet, PyStr, PySuper, PyTuple, PyType, PyWeakref, PyWrapper,
} from '../interp/objects';
import { SMALL_INT_MAX, SMALL_INT_MIN } from '../interp/runtime';
import { referents } from '../interp/modules';
import { PyView, forEachInstanceValue, instanceItems } from '../interp/types';
import * as ops from '../interp/ops';
import { DUMMY_SIZE_IDX } from '../memory/obmalloc';
import { ByteReader, ByteWriter, Column, unzigzag, zigzag } from './bytes';
import {
  LABEL_CAP, LabelKind, MemorySnapshot, RunsBuilder, SNAPSHOT_VERSION, SnapshotArena, SnapshotField, SnapshotFrame, SnapshotHeap, SnapshotLabelSet,
  SnapshotLocal, SnapshotObjects, SnapshotPool,
} from './snapshot';
import type { ViewCache, ViewHeapSummary } from './view';
import { HeapLog, MemorySeries } from './memorySeries';
import type { VersionProfile } from '../profiles';
import type { CollectionBuilder, GcReason } from '../interp/gcrecord';
import { CollectionLog } from './collections';

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
/** the bits of a code's kind above these say why a pre-existing object exists (CACHE_*) */
const CACHE_SHIFT = 3;
/** why an object is not an ordinary heap allocation of the program (ViewCache), 0: it is one */
const CACHE_SINGLETON = 1, CACHE_SMALL_INT = 2, CACHE_LATIN1 = 3, CACHE_INTERNED = 4, CACHE_CONSTANT = 5, CACHE_PREEXISTING = 6;
export const CACHE_NAMES: readonly (ViewCache | null)[] = [null, 'singleton', 'small-int', 'latin1-char', 'interned', 'constant', 'preexisting'];

const F_SIZE = 1, F_REF = 2, F_GEN = 4, F_REPR = 8, F_REFS = 16;
/** a record that stands for a run of records with the same fields, evenly spaced in serials */
const F_RUN = 32;
/** the record names its referents: the label set's index + 1 follows (0: none). A keyframe's
 *  record with referents and without it has the label set of the record with referents before */
const F_LABELS = 64;
/** label set kinds (LabelKind) */
const LABEL_KINDS: readonly LabelKind[] = ['names', 'str-keys', 'attrs', 'pairs'];
const LK_NAMES = 0, LK_STR_KEYS = 1, LK_ATTRS = 2, LK_PAIRS = 3;
/** traits of a serial's object (TraceRecorder.traitsOf) */
const T_KNOWN = 1, T_STATIC = 2, T_ATOMIC = 4, T_FIXED = 8, T_COUNTED = 16, T_PLAIN = 32, T_MODULE = 64;
const POOL_OVERHEAD = 48;
/** the checkpoints kept decoded, and the censuses kept (the last step of a run and the steps
 *  before it come from different checkpoints: going back and forth decodes neither again) */
const DECODED_KEPT = 2;

interface StackEntry { frame: Frame; rec: number; line: number }

/** what a checkpoint writes of a pool: size class, blocks in use and their packed bitmap, and for a
 *  pool in use the blocks carved so far (nextoffset) and its freeblock list, head first (null when
 *  longer than FREELIST_CAP: not recorded) */
export interface PoolRecord { szidx: number; count: number; bits: Uint8Array | null; carved?: number; free?: number[] | null }

/** the longest freeblock list a checkpoint writes (the allocator map shows its order) */
const FREELIST_CAP = 256;

/** a block of the allocator map and what occupies it (TraceRecorder.blockOwners) */
export interface BlockOwner {
  block: number;
  /** id() of the object; for a buffer, of the object that owns it (0: not known) */
  id: number;
  /** the object's type, or the owner's for a buffer */
  type: string;
  /** the bytes asked of the allocator for the block */
  request: number;
  /** the block is a buffer of its owner (a list's items, a dict's keys), not the object itself */
  buffer: boolean;
  /** the object was there before the trace began */
  preexisting: boolean;
}

/** what a checkpoint holds besides the object fields; `loc`: where the locals log's entry of the
 *  state after it starts (-1: none) */
interface Checkpoint { state: number; offset: number; key: boolean; loc: number }

/** the locals of a shown frame as the locals log last wrote them (TraceRecorder.logLocals) */
interface LoggedFrame {
  rec: number;
  n: number;
  /** a namespace's key objects (null for a function's fast locals, named by nameIdx) */
  keys: (PyObject | null)[];
  nameIdx: number[];
  vals: (PyObject | null)[];
  /** each value's serial when written (a str appended to in place may have got a new one) */
  sers: number[];
}

/** a code's fast locals as a frame shows them (TraceRecorder.layoutOf) */
interface LocalsLayout {
  /** string indices of varnames, cellvars, freevars */
  names: number[];
  nvar: number;
  /** per slot below nvar: a parameter that is also a cell (shown by its contents) */
  argCell: boolean[];
  /** per slot: left out when the frame is an inlined comprehension's (`.0`, free variables) */
  inlineSkip: boolean[];
  /** per slot: not shown (a parameter's slot whose value went to its cell) */
  hidden: boolean[];
}

const ALL_FIELDS: SnapshotField[] = [
  'frames.lines', 'frames.locals', 'objects.live', 'objects.type', 'objects.size', 'objects.refcnt', 'objects.gen',
  'objects.repr', 'objects.refs', 'heap.layout', 'heap.objectBlocks', 'heap.allBlocks', 'gc.count', 'output',
];
const LOG_FIELDS: SnapshotField[] = ['frames.lines', 'objects.live', 'objects.type', 'heap.objectBlocks', 'output'];
/** ... and with the locals log (sparse checkpoints) */
const LOG_LOCALS_FIELDS: SnapshotField[] = ['frames.lines', 'frames.locals', 'objects.live', 'objects.type', 'heap.objectBlocks', 'output'];

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
  /** per frame record: its code's co_firstlineno, and the first record of the same frame (a
   *  generator resumed, or a stack rebuilt, gets a record again for a frame that had one) */
  private readonly frFirstLine = new Column(Uint32Array);
  private readonly frOrigin = new Column(Int32Array);
  /** the first record of each frame (frOrigin) */
  private readonly frameOrigin = new WeakMap<Frame, number>();
  private stack: StackEntry[] = [];
  /** per collection of `collections` (its records' order), the frame record running when it
   *  began (runningRecord) */
  private readonly gcRunning = new Column(Int32Array, 64);
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
  /** per buffer serial, the serial of the object that owns it (the allocator map's block owners) */
  private readonly bufOwner = new Map<number, number>();
  /** bufOwner inverted: owner serial → its buffer serials (buffersOwned), and bufOwner's size then */
  private owned = new Map<number, number[]>();
  private ownedN = 0;
  /** per buffer serial, its name when the owner's type does not tell it (details.ts) */
  private readonly bufWhat = new Map<number, string>();
  /** per serial, 1 when its block came from a free list (details.ts): a byte per serial, since
   *  every call's argument tuple is one (a Set of them cost a tenth of a million-step run) */
  private reusedSerials = new Uint8Array(1024);
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
  protected objs: (PyObject | null)[] = [];
  /** the serials of the live objects, unordered, and each one's index in it (a sparse set) */
  protected liveSerials: number[] = [];
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
  /** the allocator's figures per state and the collections, for the memory chart (memorySeries.ts) */
  readonly heapLog = new HeapLog();
  /** each collection, phase by phase (the Collector tab: collections.ts) */
  readonly collections = new CollectionLog();
  /** the steps at which tracked containers were freed, in order */
  private readonly gcFrees = new Column(Uint32Array);
  // --- rebuilding: the ids of serials 0..idCacheN-1, decoded ---
  private idCache = new Float64Array(0);
  private idCacheN = 0;
  /** see chunkFreed */
  private freedCache = new Uint32Array(0);
  /** the checkpoint decoded last (its buffers are reused for the next one) */
  private decoded: DecodedCheckpoint[] = [];
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
  private lLab = new Column(Int32Array);
  // --- the names of referents: label sets (kind, and string indices, -1 for none), interned ---
  private readonly labKind: number[] = [];
  private readonly labStart: number[] = [0];
  private readonly labNames = new Column(Int32Array);
  private readonly labIdx = new Map<string, number>();
  /** the names being computed (labelsOf) */
  private readonly labBuf = new Int32Array(LABEL_CAP);
  /** the label set interned last (instances of one class come one after the other) */
  private lastLab = -1;
  /** the variable of each cell seen in a function's closure (its code's co_freevars) */
  private readonly cellNames = new WeakMap<PyCell, string>();
  /** the dicts seen as the __dict__ of an instance or a function: their keys are attribute names */
  protected readonly attrDicts = new WeakSet<PyObject>();
  /** serials that became one of the interpreter's caches after their allocation (Tracer.cached):
   *  serial → the step from which on they are, * 8, + the CACHE_* class */
  private readonly cachedSince = new Map<number, number>();
  private cachedSorted: number[] = [];
  // --- the step queries' indexes, built on first use (see queryIndex) ---
  private qi: QueryIndex | null = null;
  /** the pre-existing objects by id (staticSerial), and the serials logged when it was built */
  private staticIds: Map<number, number[]> | null = null;
  private staticIdsN = 0;
  private staticList: number[] = [];
  private censuses: CensusState[] = [];
  private li: LineIndex | null = null;
  /** frees logged so far (a query index is rebuilt when it grows) */
  private frees = 0;
  /** output characters up to each output piece (its end) */
  private readonly outEnd: number[] = [];
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
  /** 3.12+: comprehensions are shown inside their enclosing frame (VersionProfile.inlinedComprehensions) */
  private readonly inlineComps: boolean;
  // --- the locals log: between sparse checkpoints, each state's changes of the frames' locals ---
  private readonly loc = new ByteWriter();
  /** the last state with an entry (-1: none yet) */
  private locState = -1;
  /** what the last entry left the frames' locals as, outermost first */
  private readonly locFrames: LoggedFrame[] = [];
  private readonly locPool: LoggedFrame[] = [];
  /** the decoded state kept to go on from (localsAt) */
  private locCache: { ci: number; t: number; pos: number; recs: number[]; names: number[][]; vals: number[][] } | null = null;
  /** scratch of gatherLocals: per shown frame (outermost first) its locals */
  private readonly gKeys: (PyObject | null)[][] = [];
  private readonly gNames: number[][] = [];
  private readonly gVals: (PyObject | null)[][] = [];
  private readonly gLen: number[] = [];
  /** the levels gatherChanged read */
  private readonly gRead: number[] = [];
  /** per level whose frame is a namespace's: its entries when gathered (keys, values, how many;
   *  -1: none) and the namespace */
  private readonly nsK: PyObject[][] = [];
  private readonly nsV: PyObject[][] = [];
  private readonly nsLen: number[] = [];
  private readonly nsDict: (PyObject | null)[] = [];
  private nsN = 0;
  private nsDirty = false;
  private readonly nsCheck = (k: PyObject, v: PyObject): void => {
    const e = this.nsN++, l = this.gLevel;
    if (!this.nsDirty && (this.nsK[l][e] !== k || this.nsV[l][e] !== v)) this.nsDirty = true;
  };

  /** the namespace of level l's frame has the entries it had when gathered (nothing to read) */
  private nsSame(l: number, ns: PyDict): boolean {
    if (l >= this.nsLen.length || this.nsDict[l] !== ns || this.nsLen[l] < 0) return false;
    const t = ops.table(ns);
    if (t.entryCount < this.nsLen[l]) return false;
    this.gLevel = l;
    this.nsN = 0;
    this.nsDirty = false;
    t.forEachEntry(this.nsCheck);
    return !this.nsDirty && this.nsN === this.nsLen[l];
  }
  /** a namespace's entries into level gLevel of the scratch (one callback for every namespace) */
  private gLevel = 0;
  private gN = 0;
  private readonly gEntry = (k: PyObject, v: PyObject): void => {
    // (every entry, as it was: nsSame tells whether the namespace changed since)
    const e = this.nsN++, l = this.gLevel;
    this.nsK[l][e] = k; this.nsV[l][e] = v;
    if (!(k instanceof PyStr)) return;
    const t = k.s;
    // (dunder names are the interpreter's)
    if (t.length > 4 && t.charCodeAt(0) === 95 && t.charCodeAt(1) === 95 && t.endsWith('__')) return;
    const n = this.gN++;
    this.gKeys[l][n] = k; this.gNames[l][n] = -1; this.gVals[l][n] = v;
  };
  private readonly gChain: Frame[] = [];
  private readonly layouts = new Map<Frame['code'], LocalsLayout>();
  /** the frames of locFrames that the locals log reads at every state (gatherChanged) */
  private readonly locWatch: number[] = [];
  private readonly levelList: number[] = [];
  /** scratch of logLocals: the frames with changes, and per frame the positions and values */
  private readonly chLevels: number[] = [];
  private readonly chN: number[] = [];
  private readonly chPos: number[][] = [];
  private readonly chCodes: number[][] = [];

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
    this.inlineComps = r.profile.inlinedComprehensions;
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
    if (!this.dense) this.logLocals(state, frame);
    this.sampleHeap(state);
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

  protected addLive(serial: number): void {
    while (this.livePos.length <= serial) this.livePos.push(-1);
    this.livePos.a[serial] = this.liveSerials.length;
    this.liveSerials.push(serial);
  }

  /** live objects and buffers */
  private get liveCount(): number {
    return this.liveSerials.length + this.buffers.size;
  }

  protected removeLive(serial: number): void {
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
    this.frees++;
    if (this.cKind[this.tCode.a[serial]] & KIND_GC) this.gcFrees.push(this.rt.steps);
    this.objs[serial] = null;
  }

  buffer(owner: PyObject, oldBlock: number, newBlock: number, size: number, what?: string): void {
    if (oldBlock) {
      const s = this.buffers.get(oldBlock);
      if (s !== undefined) {
        this.buffers.delete(oldBlock);
        this.tFree.a[s] = this.rt.steps;
        this.frees++;
      }
    }
    if (newBlock) {
      const serial = this.addSerial(KIND_BUFFER, newBlock, 0, size, size, owner.ob_type);
      this.buffers.set(newBlock, serial);
      if (owner.serial >= 0) this.bufOwner.set(serial, owner.serial);
      if (what) this.bufWhat.set(serial, what);
    }
    // the owner's sys.getsizeof changes with its buffer (not while it is deallocated: its size
    // when last alive is what a view of its free shows)
    const os = owner.serial;
    if (os >= 0 && this.objs[os] === owner && owner.ob_refcnt > 0) {
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
    this.outEnd.push((this.outEnd.length ? this.outEnd[this.outEnd.length - 1] : 0) + text.length);
    this.outBytes += text.length + 4;
  }

  /**
   * o's block was reallocated with o changed in it (a str appended to in place). When the block
   * moved, the object at the old address is gone and one at the new address is there (id()
   * changed, as PyObject_Realloc's malloc, copy and free): a free and an allocation in the log.
   * When it stayed, its size changed with its block (the log has it from now on: a checkpoint of
   * a str takes its size from there) and its repr (the next checkpoint reads it again).
   */
  resized(o: PyObject, oldAddr: number, oldSize: number): void {
    const s = o.serial;
    if (s < 0 || this.objs[s] !== o) return;
    // sys.getsizeof grows with the block (reading it again would read the whole str)
    const code = this.tCode.a[s];
    const sizeof = this.sizeofAt(s) + o.allocSize - oldSize;
    if (o.addr !== oldAddr) {
      this.free(o, oldAddr);
      const serial = this.addSerial(o.ob_type.flags.gc ? KIND_OBJECT | KIND_GC : KIND_OBJECT, o.addr, this.cPre[code], o.allocSize, sizeof, o.ob_type);
      this.objs[serial] = o;
      o.serial = serial;
      this.addLive(serial);
      return;
    }
    this.sizeofOv.set(s, sizeof);
    this.cOv[code] = 1;
    // (its repr is read again at the next checkpoint)
    if (s < this.lRepr.length) this.lRepr.a[s] = -3;
  }

  reused(o: PyObject): void {
    const s = o.serial;
    if (s < 0) return;
    if (s >= this.reusedSerials.length) {
      const grown = new Uint8Array(Math.max(this.reusedSerials.length * 2, s + 1));
      grown.set(this.reusedSerials);
      this.reusedSerials = grown;
    }
    this.reusedSerials[s] = 1;
  }

  /** o joined one of the interpreter's caches after its allocation: from this step on, a view
   *  classifies it so */
  cached(o: PyObject): void {
    const s = o.serial;
    if (s < 0 || this.objs[s] !== o) return;
    const c = this.classify(o, false);
    if (c !== CACHE_PREEXISTING && c !== CACHE_CONSTANT) this.cachedSince.set(s, this.rt.steps * 8 + c);
  }

  gcPhase(phase: string, generation: number, objects: number): void {
    const r = this.rt;
    // a collection started by the eval breaker runs after the step counter moved on, before the
    // line event: the state of the previous step must be read first
    if (phase === 'start' && this.dense && this.seeded && this.checkpointed < r.steps - 1 && r.frame) {
      this.checkpoint(r.steps - 1, null);
      this.sampleHeap(r.steps - 1);
    }
    if (phase === 'stop') {
      const c = r.gcState.count;
      this.gcLog.push(r.steps, c[0], c[1], c[2]);
      this.heapLog.collection(generation, r.gcState.reason === 'manual', objects);
    }
  }

  gcCollectionStart(generation: number, reason: GcReason): CollectionBuilder | null {
    const b = this.collections.start(this.rt, generation, reason);
    this.gcRunning.push(this.runningRecord());
    return b;
  }

  /** the frame record of the frame running now (the innermost of rt.frame's chain that has one:
   *  a frame called but not yet at its first line has none), -1 for none */
  private runningRecord(): number {
    const st = this.stack;
    for (let f = this.rt.frame; f; f = f.back) {
      const shown = this.shownFrame(f);
      for (let i = st.length - 1; i >= 0; i--) if (st[i].frame === shown) return st[i].rec;
    }
    return -1;
  }

  gcCollectionEnd(b: CollectionBuilder): void {
    this.collections.end(b);
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
    if (!this.dense) this.logLocals(state, r.frame);
    this.sampleHeap(state);
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
    this.sampleHeap(state);
    this.setStep(state, 0, -1);
  }

  // ---------------------------------------------------------------------------------------------
  // queries

  /** line steps recorded (snapshots exist for 0..steps) */
  get steps(): number {
    return Math.max(0, this.stLine.length - 1);
  }

  get finished(): boolean { return this.done; }

  /** the allocator's figures of steps from..to in at most maxBuckets buckets (memorySeries.ts) */
  memorySeries(from: number, to: number, maxBuckets: number): MemorySeries {
    return this.heapLog.series(from, to, maxBuckets, this.rt.heap.profile.ARENA_SIZE);
  }

  /** the trace's size in bytes: every column, the checkpoint stream, strings and output */
  byteSize(): number {
    const cols = [this.stLine, this.stRec, this.stVisible, this.frName, this.frParent, this.frParentLine, this.frFirstLine, this.frOrigin,
      this.tCode, this.tIdD, this.idBase, this.tFree];
    let n = 0;
    for (const c of cols) n += c.bytes;
    n += this.cp.pos + this.cps.length * 16 + this.loc.pos + this.strBytes + this.outBytes + this.gcLog.length * 8 + this.heapLog.bytes
      + this.collections.byteSize();
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

  protected str(s: string): number {
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
  protected sizeofSafe(o: PyObject): number {
    if (hasOwnSizeof(o.ob_type)) return o.allocSize;
    return this.rt.sizeofObject(o, true);
  }

  /** objects of the program that exist before the first line: __main__'s namespace and the constants */
  protected seed(frame: Frame | null): void {
    this.seeded = true;
    const seen = new Set<PyObject>();
    let constant = false;
    const visit = (o: PyObject, depth: number): void => {
      if (seen.has(o) || depth > 64) return;
      seen.add(o);
      this.known(o, true, constant);
      if (o instanceof PyModule || o instanceof PyType) return;
      for (const x of referents(o)) visit(x, depth + 1);
    };
    if (frame) {
      let f: Frame | null = frame;
      while (f.back) f = f.back;
      if (f.locals) visit(f.locals, 0);
      constant = true;
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

  /** the serial of o, adding it as a pre-existing / static object if `add` and it is not known
   *  (`constant`: one of the program's constants) */
  protected known(o: PyObject, add: boolean, constant = false): number {
    const s = o.serial;
    if (s >= 0 && this.objs[s] === o) return s;
    if (!add) return -1;
    const kind = KIND_STATIC | (o.ob_type.flags.gc ? KIND_GC : 0) | this.classify(o, constant) << CACHE_SHIFT;
    let sz = o.allocSize;
    try { sz = this.sizeofSafe(o); } catch { /* keep */ }
    const serial = this.addSerial(kind, o.addr, o.allocSize ? this.rt.preSize(o) : 0, o.allocSize, sz, o.ob_type);
    this.objs[serial] = o;
    o.serial = serial;
    this.addLive(serial);
    return serial;
  }

  /**
   * Why o, which the program did not allocate, exists (CACHE_*), as CPython decides it: the
   * singletons (Objects/object.c, the empty tuple, str, bytes and frozenset), the small ints
   * (-5..256, _PyLong_SMALL_INTS), the latin-1 characters (unicode_latin1 / LATIN1), interned strs
   * (PyUnicode_InternInPlace), the code's constants; anything else is pre-existing.
   */
  protected classify(o: PyObject, constant: boolean): number {
    const r = this.rt;
    if (o === r.None || o === r.True || o === r.False || o === r.Ellipsis || o === r.NotImplemented || o === r.emptyTuple
      || o === r.emptyStr || o === r.emptyBytes || o === r.emptyFrozenset) return CACHE_SINGLETON;
    if (o instanceof PyInt) {
      const v = o.v;
      if (o.big === null && v >= SMALL_INT_MIN && v <= SMALL_INT_MAX && r.smallInts[v - SMALL_INT_MIN] === o) return CACHE_SMALL_INT;
    } else if (o instanceof PyStr) {
      if (o.len === 1 && o.kind === 1 && r.latin1[o.s.charCodeAt(0)] === o) return CACHE_LATIN1;
      if (o.interned) return CACHE_INTERNED;
    }
    return constant ? CACHE_CONSTANT : CACHE_PREEXISTING;
  }

  /** a function's closure cells are named by its code's free variables */
  protected noteFunction(f: PyFunction): void {
    if (f.dict) this.attrDicts.add(f.dict);
    const cl = f.closure;
    if (!cl) return;
    const names = f.code.freevars;
    for (let i = 0; i < cl.items.length && i < names.length; i++) {
      const c = cl.items[i];
      if (c instanceof PyCell) this.cellNames.set(c, names[i]);
    }
  }

  /**
   * The names of o's n referents, in the order refsOf lists them (tp_traverse's order: the
   * traverse functions of Objects/*.c), as a label set interned in the trace: its index + 1, or 0
   * when none apply (a list's or tuple's items are named by their index, a set's are unnamed) or
   * when the names found do not line up with the referents.
   */
  protected labelsOf(o: PyObject, n: number): number {
    if (o instanceof PyList || o instanceof PyTuple || o instanceof PySet) return 0;
    const b = this.labBuf;
    const cap = Math.min(n, LABEL_CAP);
    let k = 0;
    let kind = LK_NAMES;
    const put = (name: string | null): void => {
      if (k < cap) b[k] = name === null ? -1 : this.str(name);
      k++;
    };
    if (o instanceof PyInstance) {
      // subtype_traverse: the __dict__ or the inline values, the slots, the type
      if (o.dict) put('__dict__');
      else for (const [key] of instanceItems(o)) put(key instanceof PyStr ? key.s : null);
      const slots = o.slots;
      if (slots) {
        const names = o.ob_type.allSlots;
        for (let i = 0; i < slots.length; i++) if (slots[i]) put(names[i] ?? null);
      }
      if (o instanceof PyBaseException) { put('args'); if (o.cause) put('__cause__'); if (o.context) put('__context__'); }
      put('__class__');
    } else if (o instanceof PyDict) {
      // dict_traverse: values only when every key is a str, else value then key
      const used = o.store.used;
      if (n === used || n === 2 * used) {
        const pairs = n !== used;
        kind = pairs ? LK_PAIRS : this.attrDicts.has(o) ? LK_ATTRS : LK_STR_KEYS;
        const t = ops.table(o);
        for (let i = 0, e = t.entryCount; i < e && k < cap; i++) {
          const en = t.entryAt(i);
          if (!en) continue;
          if (pairs) { put(keyRepr(en[0], 0)); put(null); } else put(en[0] instanceof PyStr ? en[0].s : null);
        }
        // (the entries past the first LABEL_CAP referents are not named)
        k = n;
      }
    } else if (o instanceof PyFunction) {
      put('__code__'); put('__globals__'); put('__name__'); put('__qualname__');
      if (o.defaults) put('__defaults__');
      if (o.kwdefaults) put('__kwdefaults__');
      if (o.closure) put('__closure__');
      if (o.dict) put('__dict__');
    } else if (o instanceof PyCell) {
      if (o.ref) put(this.cellNames.get(o) ?? 'cell_contents');
    } else if (o instanceof PyMethod) {
      put('__func__'); put('__self__');
    } else if (o instanceof PyType) {
      if (o.dict) put('__dict__');
      if (o.tp_mro) put('__mro__');
      if (o.tp_bases) put('__bases__');
      if (o.tp_base) put('__base__');
    } else if (o instanceof PyDescr) {
      put('__objclass__');
    } else if (o instanceof PyModule) {
      put('__dict__');
    } else if (o instanceof PyGen) {
      const f = o.frame;
      if (f) {
        const c = f.code;
        let names = this.localNames.get(c);
        if (!names) this.localNames.set(c, (names = [...c.varnames, ...c.cellvars, ...c.freevars]));
        for (let i = 0; i < f.fast.length; i++) if (f.fast[i] !== null) put(names[i] ?? null);
        for (let i = 0; i < f.sp; i++) { const x = f.stack[i]; if (x !== null && x !== undefined) put(null); }
      }
    } else if (o instanceof PyBuiltin) {
      if (o.self) put('__self__');
    } else if (o instanceof PyWrapper) {
      put('__func__');
    } else if (o instanceof PyProperty) {
      if (o.fget) put('fget');
      if (o.fset) put('fset');
      if (o.fdel) put('fdel');
    } else if (o instanceof PySuper) {
      if (o.thisType) put('__thisclass__');
      if (o.obj) put('__self__');
      if (o.objType) put('__self_class__');
    } else if (o instanceof PyView) {
      put('mapping');
    } else if (o instanceof PyWeakref) {
      if (o.callback) put('__callback__');
    } else return 0;
    if (k !== n) return 0;
    return this.internLabels(kind, cap) + 1;
  }

  /** the label set of kind with names labBuf[0..n), interned */
  private internLabels(kind: number, n: number): number {
    const b = this.labBuf, names = this.labNames;
    // the one interned last (the instances of a class come one after the other)
    const last = this.lastLab;
    if (last >= 0 && this.labKind[last] === kind && this.labStart[last + 1] - this.labStart[last] === n) {
      const at = this.labStart[last];
      let same = true;
      for (let i = 0; i < n; i++) if (names.a[at + i] !== b[i]) { same = false; break; }
      if (same) return last;
    }
    let key = String(kind);
    for (let i = 0; i < n; i++) key += ',' + b[i];
    let idx = this.labIdx.get(key);
    if (idx === undefined) {
      idx = this.labKind.length;
      this.labKind.push(kind);
      for (let i = 0; i < n; i++) names.push(b[i]);
      this.labStart.push(names.length);
      this.labIdx.set(key, idx);
    }
    this.lastLab = idx;
    return idx;
  }

  /** label set i as a snapshot carries it */
  protected labelSet(i: number): SnapshotLabelSet {
    const names: (string | null)[] = [];
    for (let q = this.labStart[i]; q < this.labStart[i + 1]; q++) {
      const v = this.labNames.a[q];
      names.push(v < 0 ? null : this.strs[v]);
    }
    return { kind: LABEL_KINDS[this.labKind[i]], names };
  }

  /** should a referent or local not yet known be listed? values, not the interpreter's machinery */
  protected listable(o: PyObject): boolean {
    return !(o instanceof PyDict && !o.allocSize || o instanceof PyBuiltin);
  }

  /**
   * The frame the trace shows for `f`: `f` itself, or, when `f` runs a list, set or dict
   * comprehension that CPython 3.12+ runs inline (PEP 709), the frame it is inlined into. Recorded
   * with the real interpreters (sys._getframe(1) in a helper called from a comprehension's body):
   * 3.11.7 reports co_name '<listcomp>' with f_locals ['.0', 'i']; 3.12.1 and 3.13.0 report the
   * enclosing frame ('f', or '<module>' at the top level), whose f_locals hold the comprehension's
   * variables beside its own (a name it shadows shows the comprehension's value), without '.0';
   * a generator expression keeps its '<genexpr>' frame in every version.
   */
  protected shownFrame(f: Frame): Frame {
    while (this.inlineComps && f.code.comprehension && f.back) f = f.back;
    return f;
  }

  private frameRecord(real: Frame, line: number): number {
    const frame = this.shownFrame(real);
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
    const back = frame.back ? this.shownFrame(frame.back) : null;
    let base = -1;
    for (let i = st.length - 1; i >= 0; i--) if (st[i].frame === back) { base = i; break; }
    if (base < 0) {
      // a new stack (a generator resumed from elsewhere, or the first line): rebuild from the
      // chain, each shown frame at the line of the innermost frame it shows
      const chain: [Frame, number][] = [];
      for (let f: Frame | null = real.back; f; f = f.back) {
        const shown = this.shownFrame(f);
        if (shown === frame || chain.length && chain[chain.length - 1][0] === shown) continue;
        chain.push([shown, f.lineno]);
      }
      chain.reverse();
      this.stack = [];
      for (const [f, l] of chain) this.pushFrame(f, l);
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
    this.frFirstLine.push(frame.code.firstlineno);
    const origin = this.frameOrigin.get(frame);
    if (origin === undefined) this.frameOrigin.set(frame, rec);
    this.frOrigin.push(origin ?? rec);
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

  /** the allocator's figures of `state` into the heap log, when it has none yet (a state is
   *  sampled at the moment it is first read: before an automatic collection that precedes its
   *  line event, as its checkpoint is) */
  private sampleHeap(state: number): void {
    const log = this.heapLog;
    if (log.states > state) return;
    const heap = this.rt.heap;
    const pb = heap.pymallocBytes, rb = heap.raw.inUseBytes, ab = heap.allocatedBlocks(), ar = heap.arenasInUse, ae = heap.arenasAllocatedTotal;
    while (log.states <= state) log.pushFigures(pb, rb, ab, ar, ae);
  }

  private sparseDue(state: number): boolean {
    if (this.cps.length === 0) return true;
    const est = Math.max(this.lastKeyBytes, this.liveCount * 10 + this.lastHeapBytes + 64);
    return (state - this.lastFull) * this.opts.sparseBytesPerStep >= est;
  }

  protected gen(o: PyObject): number {
    if (!o.gcTracked) return -1;
    // 0..2, 3 for the permanent generation; -2 while on a collection's unreachable list
    return o.gcGen >= 0 ? o.gcGen : -2;
  }

  protected ensureLast(n: number): void {
    if (this.lSize.length >= n) return;
    for (const c of [this.lSize, this.lRef, this.lGen, this.lRepr, this.lLab] as Column<Int32Array | Float64Array | Int8Array>[]) {
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
    this.cps.push({ state, offset, key, loc: -1 });
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
        if (o instanceof PyFunction) this.noteFunction(o);
        else if (o instanceof PyInstance && o.dict) this.attrDicts.add(o.dict);
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
    // a keyframe's record with referents names them as the one before it unless F_LABELS says
    let labPred = 0;
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
      } else {
        size = this.lSize.a[s];
        // (a str appended to in place: the log follows its size)
        if (this.cOv[this.tCode.a[s]]) { const v = this.sizeofOv.get(s); if (v !== undefined) size = v; }
      }
      const ref = o.ob_refcnt;
      const gen = this.gen(o);
      let reprI = this.lRepr.a[s];
      if (reprI === -3 || traits & T_COUNTED) {
        if (reprs < maxRepr) { reprI = this.str(shortRepr(o)); reprs++; } else reprI = -1;
      }
      const refs = refLists[k];
      const lab = refs && refs.length ? this.labelsOf(o, refs.length) : 0;
      let mask = 0;
      if (key) {
        // a keyframe leaves out what the reader defaults to: the size at allocation of an object
        // whose size never changes, untracked, no repr, no referents
        mask = F_REF;
        if (!(fixed && size === this.cSizeof[this.tCode.a[s]] && !this.sizeofOv.has(s))) mask |= F_SIZE;
        if (gen !== -1) mask |= F_GEN;
        if (reprI !== -1) mask |= F_REPR;
        if (refs && refs.length) {
          mask |= F_REFS;
          if (lab !== labPred) { mask |= F_LABELS; labPred = lab; }
        }
      } else {
        if (this.lSize.a[s] !== size) mask |= F_SIZE;
        if (this.lRef.a[s] !== ref) mask |= F_REF;
        if (this.lGen.a[s] !== gen) mask |= F_GEN;
        if (this.lRepr.a[s] !== reprI) mask |= F_REPR;
        const lr = this.lRefs[s];
        if (!sameRefs(lr ?? null, refs) || this.lSize.a[s] === -3) mask |= F_REFS;
        if (lab !== Math.max(0, this.lLab.a[s])) mask |= F_LABELS;
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
      if (!(mask & (F_REFS | F_LABELS)) && runCount && (runCount === 1 || delta === runStride) && mask === runMask
        && sameBytes(one.buf.subarray(0, one.pos), this.runFields.subarray(0, runLen))) {
        if (runCount === 1) runStride = delta;
        runCount++;
      } else {
        if (runCount) { n++; flushRun(); }
        runCount = 1; runDelta = delta; runMask = mask; runLen = one.pos;
        this.runFields.set(one.buf.subarray(0, one.pos));
        // a record with referents or names is never part of a run: out now, they follow
        if (mask & (F_REFS | F_LABELS)) { n++; flushRun(); runCount = 0; }
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
      if (mask & F_LABELS) body.u(lab);
      this.lSize.a[s] = size;
      this.lRef.a[s] = ref;
      this.lGen.a[s] = gen;
      this.lRepr.a[s] = reprI;
      this.lRefs[s] = refs;
      this.lLab.a[s] = lab;
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

  /** frames outermost first, each a list of [name, encoded ref] (gatherLocals, encoded) */
  protected readFrames(inner: Frame | null): [string, number][][] {
    const levels = this.gatherLocals(inner);
    // (the namespaces as the locals log last read them are not these)
    this.nsLen.fill(-1);
    const out: [string, number][][] = [];
    for (let l = 0; l < levels; l++) {
      const keys = this.gKeys[l], names = this.gNames[l], vals = this.gVals[l];
      const locs: [string, number][] = [];
      for (let i = 0, n = this.gLen[l]; i < n; i++) {
        const k = keys[i];
        locs.push([k ? (k as PyStr).s : this.strs[names[i]], this.encLocal(vals[i])]);
      }
      out.push(locs);
    }
    return out;
  }

  /** a local's value as the frames record it: (serial + 1) * 2, addr / 16 * 2 + 1 for an object
   *  the trace does not list (a built-in function), 0 when unbound */
  private encLocal(o: PyObject | null): number {
    if (!o) return 0;
    let s = this.known(o, false);
    if (s < 0 && this.listable(o)) {
      s = this.known(o, true);
      this.ensureLast(this.tCode.length + 1024);
    }
    return s >= 0 ? (s + 1) * 2 : o.addr / 16 * 2 + 1;
  }

  /** the names of a code's fast locals, and how a frame of it shows them */
  private layoutOf(c: Frame['code']): LocalsLayout {
    let l = this.layouts.get(c);
    if (l) return l;
    const all = [...c.varnames, ...c.cellvars, ...c.freevars];
    const nvar = c.varnames.length, ncell = c.cellvars.length;
    l = {
      names: all.map((n) => this.str(n)),
      nvar,
      argCell: c.varnames.map((n) => c.cellvars.includes(n)),
      inlineSkip: all.map((n, i) => n === '.0' || i >= nvar + ncell),
      // a parameter that is also a cell gave its value to the cell (cell2arg, MAKE_CELL): the
      // frame shows the name once, with the cell's contents
      hidden: all.map((n, i) => i < nvar && c.cellvars.includes(n)),
    };
    this.layouts.set(c, l);
    return l;
  }

  /**
   * The locals of the frames shown from `inner` outwards, into the scratch arrays (gKeys, gNames,
   * gVals, gLen; outermost first), as CPython shows a frame's locals (f_locals): a function's
   * fast locals, cells and free variables, a cell by its contents, unbound ones as null; a
   * module's or class body's namespace without its dunder names (a key object in gKeys). A
   * comprehension shown inside its enclosing frame (shownFrame) adds its variables there, in
   * place of a name it shadows, after the frame's own otherwise, without `.0` and without its
   * free variables (they are the enclosing frames' own names). Returns the number of frames.
   */
  protected gatherLocals(inner: Frame | null): number {
    const chain = this.gChain;
    chain.length = 0;
    for (let f = inner; f; f = f.back) chain.push(f);
    let level = -1;
    for (let ci = chain.length - 1; ci >= 0; ci--) {
      level++;
      // the comprehensions running inline in it, outermost first
      let cj = ci;
      while (cj > 0 && this.inlineComps && chain[cj - 1].code.comprehension) cj--;
      this.gatherOne(level, chain[ci], chain, ci - 1, cj);
      ci = cj;
    }
    return level + 1;
  }

  /** frame f's locals into level `level` of the scratch, with those of the comprehensions
   *  inlined in it: comps[from], comps[from - 1], ... comps[to] (outermost first) */
  private gatherOne(level: number, f: Frame, comps: Frame[], from: number, to: number): void {
    while (this.gKeys.length <= level) { this.gKeys.push([]); this.gNames.push([]); this.gVals.push([]); this.gLen.push(0); }
    const keys = this.gKeys[level], names = this.gNames[level], vals = this.gVals[level];
    let n = 0;
    if (f.locals && !f.func) {
      this.gLevel = level;
      this.gN = 0;
      this.nsN = 0;
      while (this.nsK.length <= level) { this.nsK.push([]); this.nsV.push([]); this.nsLen.push(-1); this.nsDict.push(null); }
      ops.table(f.locals).forEachEntry(this.gEntry);
      n = this.gN;
      this.nsLen[level] = this.nsN;
      this.nsDict[level] = f.locals;
    } else n = this.gatherFast(f, keys, names, vals, 0, false);
    for (let c = from; c >= to; c--) n = this.gatherFast(comps[c], keys, names, vals, n, true);
    this.gLen[level] = n;
  }

  /** a function frame's fast locals after the first n of a level; `inlined`: a comprehension's,
   *  merged into its enclosing frame's */
  private gatherFast(f: Frame, keys: (PyObject | null)[], names: number[], vals: (PyObject | null)[], n: number, inlined: boolean): number {
    const lay = this.layoutOf(f.code);
    const fast = f.fast;
    for (let i = 0, e = Math.min(lay.names.length, fast.length); i < e; i++) {
      if ((inlined && lay.inlineSkip[i]) || lay.hidden[i]) continue;
      let v = fast[i];
      if (v instanceof PyCell && (i >= lay.nvar || lay.argCell[i])) v = v.ref;
      const name = lay.names[i];
      if (inlined) {
        // a name of the enclosing frame that the comprehension shadows shows its value: in a
        // function it is the same fast local, cleared until the comprehension assigns it
        // (LOAD_FAST_AND_CLEAR); a module's or class body's namespace keeps its own value while
        // the comprehension's variable is unbound
        let at = -1;
        for (let j = 0; j < n; j++) if (names[j] === name || keys[j] !== null && names[j] < 0 && (keys[j] as PyStr).s === this.strs[name]) { at = j; break; }
        if (at >= 0) {
          if (v !== null || keys[at] === null) vals[at] = v;
          continue;
        }
      }
      keys[n] = null; names[n] = name; vals[n] = v; n++;
    }
    return n;
  }

  /**
   * gatherLocals for the locals log, which knows the shown frames (this.stack, `levels` of them)
   * and that those below `still` - 1 did not run since its last entry: only the frames that may
   * have changed are read (watched ones, whose namespace any frame may write or whose cells
   * closures may set, and the frames from `still` - 1 on); the levels read are listed in gRead.
   * False when the stack does not line up with the frames (then gatherLocals reads them all).
   */
  private gatherChanged(inner: Frame, levels: number, still: number, watch: readonly number[]): boolean {
    const st = this.stack, read = this.gRead;
    let nr = 0;
    const from = Math.max(0, Math.min(still - 1, levels));
    for (let i = 0; i < watch.length && watch[i] < from; i++) {
      // (a namespace that has the entries it had is not read again: its frame keeps its locals)
      const l = watch[i], f = st[l].frame;
      if (f.locals && !f.func && l + 1 < levels && st[l + 1].frame.back === f && this.nsSame(l, f.locals)) continue;
      read[nr++] = l;
    }
    for (let l = from; l < levels; l++) read[nr++] = l;
    if (read.length !== nr) read.length = nr;
    const comps = this.gChain;
    for (let r = 0; r < nr; r++) {
      const l = read[r];
      // the comprehensions inlined in the frame: the real frames from the one above's back (the
      // innermost frame for the top one) down to the frame itself
      let nc = 0;
      const shown = st[l].frame;
      let f: Frame | null = l === levels - 1 ? inner : st[l + 1].frame.back;
      while (f && f !== shown) { comps[nc++] = f; f = f.back; }
      if (!f) return false;
      this.gatherOne(l, shown, comps, nc - 1, 0);
    }
    return true;
  }

  /**
   * The locals log (sparse mode): at each state, what changed in the shown frames' locals since
   * the state before, so that a state between two sparse checkpoints has its frames' names exact
   * (the checkpoint before it, then the entries up to it). An entry: 0 when nothing changed; 1,
   * u(position), u(value) when one value of the innermost frame changed (the common case); else
   * u(2 + frames * 2 + reset) and per frame changed u(index from the innermost * 2 + length
   * changed), [u(length)], u(changes), and per change u(position * 2 + name changed), [u(name)],
   * u(value). A value is 0 unbound, odd for an object the trace does not list (addr / 16 * 2 + 1),
   * even 2 * (objects visible at the state - serial): small for what the line just allocated. A
   * frame not in the entry before (by its frame record: a call, a generator resumed) starts with
   * no locals; a reset (the first entry) starts every frame so.
   */
  private logLocals(state: number, inner: Frame | null): void {
    if (state <= this.locState) return;
    const w = this.loc;
    // (states come one after the other; a gap would be states where nothing ran)
    while (this.locState >= 0 && this.locState < state - 1) { this.locEntryStart(++this.locState); w.u(0); }
    const reset = this.locState < 0;
    this.locEntryStart(state);
    this.locState = state;
    const st = this.stack;
    const frames = this.locFrames;
    // the frames kept (same record, in the same place); of those, all but the last did not run
    // (a frame record's callers never change: the frames below a kept one are kept)
    let keep = 0;
    if (!reset) {
      keep = Math.min(frames.length, st.length);
      while (keep > 0 && frames[keep - 1].rec !== st[keep - 1].rec) keep--;
    }
    let levels = st.length;
    let read: readonly number[] = this.gRead;
    if (!inner || !this.gatherChanged(inner, levels, reset ? 0 : keep, this.locWatch)) {
      levels = this.gatherLocals(inner);
      if (keep > levels) keep = levels;
      read = this.allLevels(levels);
    }
    if (keep !== frames.length || levels !== keep) {
      // (the frames that left go back to a pool: a recursion pushes and pops one at every call)
      const pool = this.locPool;
      while (frames.length > keep) pool.push(frames.pop()!);
      const watch = this.locWatch;
      while (watch.length && watch[watch.length - 1] >= keep) watch.pop();
      for (let l = keep; l < levels; l++) {
        const f = l < st.length ? st[l].frame : null;
        const lf = pool.length ? pool.pop()! : { rec: -1, n: 0, keys: [], nameIdx: [], vals: [], sers: [] };
        lf.rec = l < st.length ? st[l].rec : -1;
        lf.n = 0;
        frames.push(lf);
        // a namespace any frame may write, cells closures may set
        if (f && (!f.func || f.code.cellvars.length || f.code.freevars.length)) watch.push(l);
      }
    }
    // per frame, the positions whose name or value changed (position * 2 + name changed)
    const chLevels = this.chLevels, chN = this.chN;
    let nch = 0;
    for (let r = 0, nr = read.length; r < nr; r++) {
      const l = read[r];
      const lf = frames[l];
      const keys = this.gKeys[l], names = this.gNames[l], vals = this.gVals[l], n = this.gLen[l];
      while (this.chPos.length <= l) { this.chPos.push([]); this.chCodes.push([]); chN.push(0); }
      const ch = this.chPos[l];
      let m = 0;
      for (let i = 0; i < n; i++) {
        const k = keys[i];
        const nameSame = i < lf.n && (k === null ? lf.keys[i] === null && lf.nameIdx[i] === names[i] : lf.keys[i] === k);
        const v = vals[i];
        if (nameSame && lf.vals[i] === v && (v === null || v.serial === lf.sers[i])) continue;
        ch[m++] = i * 2 + (nameSame ? 0 : 1);
      }
      chN[l] = m;
      if (m || n !== lf.n) chLevels[nch++] = l;
    }
    if (!nch && !reset) { w.u(0); return; }
    // the values' serials first (naming an object may make it known), then the entry
    for (let c = 0; c < nch; c++) {
      const l = chLevels[c];
      const ch = this.chPos[l], codes = this.chCodes[l], vals = this.gVals[l];
      for (let q = 0, m = chN[l]; q < m; q++) codes[q] = this.encLocal(vals[ch[q] >> 1]);
    }
    const vis = this.tCode.length;
    const valueCode = (code: number) => (code === 0 || code & 1 ? code : 2 * (vis - (code / 2 - 1)));
    const top = levels - 1;
    if (!reset && nch === 1 && chLevels[0] === top && chN[top] === 1 && !(this.chPos[top][0] & 1) && this.gLen[top] === frames[top].n) {
      // the common entry: one value of the innermost frame changed
      const i = this.chPos[top][0] >> 1, v = this.gVals[top][i];
      w.u(1);
      w.u(i);
      w.u(valueCode(this.chCodes[top][0]));
      const lf = frames[top];
      lf.vals[i] = v;
      lf.sers[i] = v?.serial ?? -1;
      return;
    }
    w.u(2 + nch * 2 + (reset ? 1 : 0));
    for (let c = nch - 1; c >= 0; c--) {
      const l = chLevels[c];
      const ch = this.chPos[l], codes = this.chCodes[l], m = chN[l];
      const lf = frames[l], keys = this.gKeys[l], names = this.gNames[l], vals = this.gVals[l], n = this.gLen[l];
      const lenChanged = n !== lf.n;
      w.u((levels - 1 - l) * 2 + (lenChanged ? 1 : 0));
      if (lenChanged) w.u(n);
      w.u(m);
      for (let q = 0; q < m; q++) {
        const x = ch[q], i = x >> 1;
        w.u(x);
        if (x & 1) {
          const k = keys[i];
          w.u(k ? this.str((k as PyStr).s) : names[i]);
        }
        w.u(valueCode(codes[q]));
        lf.keys[i] = keys[i];
        lf.nameIdx[i] = names[i];
        lf.vals[i] = vals[i];
        lf.sers[i] = vals[i]?.serial ?? -1;
      }
      // (entries past n are stale and never read)
      lf.n = n;
    }
  }

  /** 0 .. n - 1 */
  private allLevels(n: number): readonly number[] {
    const a = this.levelList;
    while (a.length < n) a.push(a.length);
    return a.slice(0, n);
  }

  /** an entry of the locals log starts: the checkpoint of the state before it goes on from here */
  private locEntryStart(state: number): void {
    const last = this.cps.length ? this.cps[this.cps.length - 1] : null;
    if (last && last.state === state - 1 && last.loc < 0) last.loc = this.loc.pos;
  }

  protected writeHeap(key: boolean): void {
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
        const carved = bits ? heap.poolCarved(slot) : 0;
        const free = bits ? heap.poolFreeList(slot, FREELIST_CAP) : null;
        const last = this.lastPools.get(address);
        if (!key && last && last.szidx === szidx && last.count === count && sameBytes(last.bits, bits)
          && last.carved === carved && sameList(last.free ?? null, free)) continue;
        this.lastPools.set(address, { szidx, count, bits, carved, free });
        changed.push({ address, szidx, count, bits, carved, free });
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
      if (!p.count) continue;
      w.raw(p.bits!);
      w.u(p.carved!);
      const free = p.free ?? null;
      w.u(free ? free.length + 1 : 0);
      if (free) for (const b of free) w.u(b);
    }
    w.u(allocated);
    w.u(rawLive.length);
    for (const c of rawLive) { w.u(c.address); w.u(c.chunkSize); }
  }

  /** the heap summary of the interpreter as it is now, as a checkpoint taken now would give it
   *  (HeapRebuild.summary of the pools and raw chunks writeHeap writes, read from the same
   *  slots: a pool's blocks in use are its ref.count, the bits its bitmap has set); without the
   *  live objects' count */
  protected liveHeapSummary(): Omit<ViewHeapSummary, 'liveObjects'> {
    const heap = this.rt.heap;
    const arenas = heap.arenaViews();
    let poolsInUse = 0, pymallocBytes = 0;
    for (const a of arenas) {
      for (let slot = a.firstSlot, end = a.firstSlot + a.carved; slot < end; slot++) {
        const szidx = heap.poolSzidx(slot), count = heap.poolCount(slot);
        if (szidx === DUMMY_SIZE_IDX || !count) continue;
        poolsInUse++;
        pymallocBytes += count * 16 * (szidx + 1);
      }
    }
    let rawBytes = 0;
    const raw = heap.raw.inUseSnapshot();
    for (const c of raw) rawBytes += c.chunkSize;
    return {
      allocatedBlocks: heap.allocatedBlocks(), arenas: arenas.length, poolsInUse, poolSize: heap.profile.POOL_SIZE,
      arenaSize: heap.profile.ARENA_SIZE, pymallocBytes, rawBytes, rawChunks: raw.length,
    };
  }

  // ---------------------------------------------------------------------------------------------
  // what a replay of the run (replay.ts) asks of the trace it replays

  /** serials logged: allocations, buffers and pre-existing objects */
  get serialCount(): number {
    return this.tCode.length;
  }

  /** what serial s is: an allocation, a buffer, or an object that was there before the trace knew it */
  serialKind(s: number): 'object' | 'buffer' | 'static' {
    const k = this.cKind[this.tCode.a[s]] & 3;
    return k === KIND_OBJECT ? 'object' : k === KIND_BUFFER ? 'buffer' : 'static';
  }

  /** id() of serial s (a buffer's block) */
  serialId(s: number): number {
    return this.ids(s + 1)[s];
  }

  /** the pre-existing object with this id that the trace knows at state N and that is alive at
   *  N: its serial, or -1 */
  staticSerial(id: number, N: number): number {
    const m = this.staticIndex();
    const l = m.get(id);
    if (!l) return -1;
    const vis = this.stVisible.a[this.clampStep(N)];
    for (const s of l) if (s < vis && this.tFree.a[s] > N) return s;
    return -1;
  }

  /** the first state at which serial s is visible (its allocation is logged by then) */
  firstState(s: number): number {
    const vis = this.stVisible.a;
    let lo = 0, hi = this.stVisible.length - 1;
    while (lo < hi) {
      const m = (lo + hi) >> 1;
      if (vis[m] > s) hi = m; else lo = m + 1;
    }
    return lo;
  }

  /** the pre-existing objects by id, and in serial order (built again when the trace grew) */
  private staticIndex(): Map<number, number[]> {
    let m = this.staticIds;
    if (m && this.staticIdsN === this.tCode.length) return m;
    m = new Map();
    const list: number[] = [];
    const idA = this.ids(this.tCode.length);
    for (let s = 0; s < this.tCode.length; s++) {
      if ((this.cKind[this.tCode.a[s]] & 3) !== KIND_STATIC) continue;
      list.push(s);
      const l = m.get(idA[s]);
      if (l) l.push(s); else m.set(idA[s], [s]);
    }
    this.staticIds = m;
    this.staticList = list;
    this.staticIdsN = this.tCode.length;
    return m;
  }

  /** the pre-existing objects the trace knows at state N whose size may change (not a str, int,
   *  float, bytes or tuple, nor a statically allocated object): their serials */
  staticsToSize(N: number): number[] {
    const out: number[] = [];
    const vis = this.stVisible.a[this.clampStep(N)];
    this.staticIndex();
    for (const s of this.staticList) {
      const code = this.tCode.a[s];
      if (s >= vis || this.tFree.a[s] <= N || this.cSize[code] === 0) continue;
      const t = this.typeNames[this.cType[code]];
      if (t === 'str' || t === 'int' || t === 'bool' || t === 'float' || t === 'bytes' || t === 'tuple' || t === 'complex') continue;
      out.push(s);
    }
    return out;
  }

  // ---------------------------------------------------------------------------------------------
  // rebuilding

  /** step N's checkpoint (the nearest at or before it), decoded, and the serials visible at N */
  private locate(step: number): Located {
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
    // the checkpoints up to ci only name serials below visC; the log up to N, below visN
    const visC = this.stVisible.a[cpState];
    const visN = this.stVisible.a[N];
    const idA = this.ids(Math.max(visC, visN));
    const cp = this.readCheckpoints(ki, ci, visC, idA);
    return { N, ci, cpState, exact: cpState === N, visC, visN, idA, cp };
  }

  /** the state after `step` line steps (0 ≤ step ≤ steps), as a self-contained snapshot */
  snapshot(step: number): MemorySnapshot {
    const total = this.steps;
    const { N, cpState, exact, visN, idA, cp, ci } = this.locate(step);
    // the heap: the checkpoint's pools, to which the log's blocks are applied below
    const heap = new HeapRebuild(cp, idA, this.tCode.a, this.cPre, this.cSize);
    const objects = this.liveObjects(N, cpState, visN, cp, idA, heap);
    // gc counts between checkpoints: the last collection, then the container allocations and frees
    const gcCount: [number, number, number] = exact ? [cp.gcCount[0], cp.gcCount[1], cp.gcCount[2]] : this.gcCountAt(N, cpState, cp.gcCount);
    // frames: the call stack from the log, locals from the checkpoint when the frame is the same
    const snapFrames = this.framesAt(N, cpState, ci, cp.frames, idA);
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
      exactFields: exact ? ALL_FIELDS.slice() : this.localsLogged(ci) ? LOG_LOCALS_FIELDS.slice() : LOG_FIELDS.slice(),
      checkpointStep: cpState,
      frames: snapFrames,
      objects,
      heap: heap.finish(),
      gc: { count: gcCount, threshold: [g[0], g[1], g[2]] },
      output,
    };
  }

  /**
   * The heap alone after `step` line steps (the arenas, pools and raw chunks of snapshot(step),
   * without building the objects), and what the checkpoint it was rebuilt from recorded of each
   * pool in use: blocks carved and the freeblock list (exact only when the step is the checkpoint's).
   */
  heapAt(step: number): { heap: SnapshotHeap; exact: boolean; step: number; checkpointPools: ReadonlyMap<number, PoolRecord> } {
    const { N, cpState, exact, visC, visN, idA, cp } = this.locate(step);
    const codeA = this.tCode.a, freeA = this.tFree.a, cKind = this.cKind;
    const heap = new HeapRebuild(cp, idA, codeA, this.cPre, this.cSize);
    if (!exact) {
      const chunkFreed = this.chunkFreed(visN);
      for (let s = 0; s < visN; s++) {
        if ((s & ID_MASK) === 0 && chunkFreed[s / ID_CHUNK] <= cpState) { s += ID_MASK; continue; }
        const f = freeA[s];
        const kind = cKind[codeA[s]] & 3;
        if (kind === KIND_STATIC) continue;
        if (f <= N) { if (f > cpState && s < visC) heap.free(s); continue; }
        if (s >= visC) heap.add(s);
      }
    }
    return { heap: heap.finish(), exact, step: N, checkpointPools: cp.pools };
  }

  /**
   * The live objects and buffers of step `step` whose block starts in [lo, hi): the block's
   * address (id minus the GC header or pre-header of the object's type), the object's id and type,
   * the bytes requested for the block, and for a buffer (a list's items, a dict's keys) the id of
   * the object that owns it (0 when not known). By block address.
   */
  blockOwners(step: number, lo: number, hi: number): BlockOwner[] {
    const { N, visN, idA } = this.locate(step);
    const codeA = this.tCode.a, freeA = this.tFree.a, cKind = this.cKind;
    const out: BlockOwner[] = [];
    for (let s = 0; s < visN; s++) {
      if (freeA[s] <= N) continue;
      const code = codeA[s];
      const block = idA[s] - this.cPre[code];
      if (block < lo || block >= hi) continue;
      const kind = cKind[code] & 3;
      const isBuffer = kind === KIND_BUFFER;
      const os = isBuffer ? this.bufOwner.get(s) : undefined;
      out.push({
        block, id: isBuffer ? (os !== undefined ? idA[os] : 0) : idA[s], type: this.typeNames[this.cType[code]],
        request: this.cSize[code], buffer: isBuffer, preexisting: kind === KIND_STATIC,
      });
    }
    return out.sort((a, b) => a.block - b.block);
  }

  /**
   * What serial s asked of the allocator (details.ts): its block's request and the bytes before
   * id() (PyGC_Head, pre-header), whether its block came from a free list, and the buffers it
   * owns that are alive at state N (a list's items, a dict's keys, a set's table): block and
   * request of each, by block address.
   */
  allocationsOf(s: number, N: number): { request: number; pre: number; gc: boolean; reused: boolean; buffers: { block: number; request: number; what?: string }[] } {
    const code = this.tCode.a[s];
    const buffers: { block: number; request: number; what?: string }[] = [];
    const vis = this.stVisible.a[this.clampStep(N)];
    const idA = this.ids(vis);
    for (const b of this.buffersOwned().get(s) ?? NO_SERIALS) {
      if (b >= vis || this.tFree.a[b] <= N) continue;
      const what = this.bufWhat.get(b);
      buffers.push(what ? { block: idA[b], request: this.cSize[this.tCode.a[b]], what } : { block: idA[b], request: this.cSize[this.tCode.a[b]] });
    }
    buffers.sort((x, y) => x.block - y.block);
    return { request: this.cSize[code], pre: this.cPre[code], gc: (this.cKind[code] & KIND_GC) !== 0, reused: s < this.reusedSerials.length && this.reusedSerials[s] === 1, buffers };
  }

  /** the buffer serials of each owner serial (bufOwner inverted; built again when it grew) */
  private buffersOwned(): Map<number, number[]> {
    if (this.ownedN === this.bufOwner.size) return this.owned;
    const m = new Map<number, number[]>();
    for (const [b, owner] of this.bufOwner) {
      const l = m.get(owner);
      if (l) l.push(b); else m.set(owner, [b]);
    }
    this.owned = m;
    this.ownedN = this.bufOwner.size;
    return m;
  }

  /** the live heap of the interpreter is the state of `step`: the run has ended there and nothing
   *  was allocated or freed since its last checkpoint (then the heap's own fields can be read) */
  liveHeapAt(step: number): boolean {
    const heap = this.rt.heap;
    return this.done && step === this.steps && this.lastHeapStamp === heap.mutations + heap.raw.mutations;
  }

  /**
   * The state after `step` line steps read in the trace's own terms, allocation serials, for a
   * view that shows a few objects and counts the rest (window.ts): nothing is built per live
   * object. Valid until the recording goes on.
   */
  reader(step: number): StepReader {
    const total = this.steps;
    const { N, cpState, exact, visC, visN, idA, cp, ci } = this.locate(step);
    const codeA = this.tCode.a, freeA = this.tFree.a, cKind = this.cKind, cType = this.cType, cSizeof = this.cSizeof, cOv = this.cOv;
    const ov = this.sizeofOv;
    const { fSize, fRef, fGen, fRepr, refPos, refLen, refFlat, refSer, fLab } = cp;
    const visPrev = N > 0 ? this.stVisible.a[N - 1] : visN;
    const localSerials: number[][] = [];
    const frames = this.framesAt(N, cpState, ci, cp.frames, idA, localSerials);
    const gcCount: [number, number, number] = exact ? [cp.gcCount[0], cp.gcCount[1], cp.gcCount[2]] : this.gcCountAt(N, cpState, cp.gcCount);
    const g = this.rt.gcState.threshold;
    const labelSets = new Map<number, SnapshotLabelSet>();
    const live = (s: number): boolean => s >= 0 && s < visN && freeA[s] > N && (cKind[codeA[s]] & 3) !== KIND_BUFFER;
    // (an object in the checkpoint without a size there has the size it had when allocated; a
    // later one's is the log's last, sys.getsizeof once its buffer changed)
    const size = (s: number): number => {
      if (s < visC && fRef[s]) return fSize[s] ? fSize[s] - 1 : cSizeof[codeA[s]];
      const code = codeA[s];
      const v = cOv[code] ? ov.get(s) : undefined;
      return v === undefined ? cSizeof[code] : v;
    };
    return {
      step: N,
      totalSteps: total,
      line: this.stLine.a[N],
      finished: this.done && N === total,
      exact,
      pythonVersion: this.rt.version,
      profile: this.rt.profile,
      visN,
      frames,
      localSerials,
      typeNames: this.typeNames,
      gc: { count: gcCount, threshold: [g[0], g[1], g[2]] },
      live,
      id: (s) => idA[s],
      type: (s) => cType[codeA[s]],
      size,
      refcnt: (s) => {
        const rc = s < visC ? fRef[s] - 1 : -1;
        return rc < 0 ? -1 : rc % 2 === 0 ? rc / 2 : IMMORTAL_REFCNT + unzigzag((rc - 1) / 2);
      },
      gen: (s) => (s < visC ? (fGen[s] ? fGen[s] - 3 : fRef[s] ? -1 : -2) : -2),
      repr: (s) => (s < visC && fRepr[s] ? this.strs[fRepr[s] - 1] : null),
      refCount: (s) => (s < visC && refPos[s] ? refLen[s] : 0),
      refId: (s, k) => refFlat[refPos[s] - 1 + k],
      refSerial: (s, k) => refSer[refPos[s] - 1 + k],
      labels: (s) => {
        const lab = s < visC && refPos[s] ? fLab[s] - 1 : -1;
        if (lab < 0) return null;
        let set = labelSets.get(lab);
        if (!set) labelSets.set(lab, (set = this.labelSet(lab)));
        return set;
      },
      cache: (s) => CACHE_NAMES[this.cacheClass(s, N)],
      isNew: (s) => s >= visPrev && s < visN && (cKind[codeA[s]] & 3) === KIND_OBJECT,
      preexisting: (s) => (cKind[codeA[s]] & 3) === KIND_STATIC,
      serialsOf: (ids) => {
        const out = new Map<number, number>();
        if (!ids.size) return out;
        for (let s = 0; s < visN && out.size < ids.size; s++) if (ids.has(idA[s]) && live(s)) out.set(idA[s], s);
        return out;
      },
      select: (bucketOf, limits, skip) => {
        const out: number[][] = limits.map(() => []);
        let open = limits.filter((l) => l > 0).length;
        const chunkFreed = this.chunkFreed(visN);
        for (let s = 0; s < visN && open > 0; s++) {
          if ((s & ID_MASK) === 0 && chunkFreed[s / ID_CHUNK] <= N) { s += ID_MASK; continue; }
          if (freeA[s] <= N) continue;
          const code = codeA[s];
          const b = bucketOf[cType[code]];
          if (b === undefined || b < 0 || (cKind[code] & 3) === KIND_BUFFER || out[b].length >= limits[b] || skip(s)) continue;
          out[b].push(s);
          if (out[b].length === limits[b]) open--;
        }
        return out;
      },
      census: () => this.census(N, cpState, ci, visC, visN, cp, idA, size),
      output: (tail) => this.outputTail(N, tail),
    };
  }

  /**
   * The live objects by type and the heap summary at step N: one pass over the serials visible
   * at N, or, when the last census was of a step near N from the same checkpoint, that census
   * moved to N by the objects allocated and freed in between (scrubbing through a run with a
   * million live objects costs what changed, not the million).
   */
  private census(N: number, cpState: number, ci: number, visC: number, visN: number, cp: DecodedCheckpoint, idA: Float64Array, size: (s: number) => number): Census {
    const grown = this.tCode.length + this.stLine.length * 2 + this.frees * 4;
    const at = this.censuses.findIndex((c) => c.ci === ci && c.visC === visC && c.grown === grown);
    const c0 = at >= 0 ? this.censuses[at] : null;
    if (c0) { this.censuses.splice(at, 1); this.censuses.unshift(c0); }
    if (c0 && c0.N === N) return c0.result();
    if (c0) {
      // the serials to walk: those allocated between the two steps and those freed between them
      const q = this.queryIndex();
      const lo = Math.min(N, c0.N), hi = Math.max(N, c0.N);
      const work = Math.abs(visN - c0.visN) + (q.freeStart[hi + 1] - q.freeStart[lo + 1]);
      if (work < visN / 4) {
        this.moveCensus(c0, N, visN, q, size);
        return c0.result();
      }
    }
    const codeA = this.tCode.a, freeA = this.tFree.a, fSize = cp.fSize, fRef = cp.fRef;
    // per code, as typed arrays: the loop below reads them for every serial
    const kindOf = Uint8Array.from(this.cKind, (k) => k & 3), typeOf = Int32Array.from(this.cType);
    const sizeofOf = Float64Array.from(this.cSizeof), ovOf = Uint8Array.from(this.cOv);
    const nt = this.typeNames.length;
    const count = new Float64Array(nt), bytes = new Float64Array(nt), pre = new Float64Array(nt);
    const exact = cpState === N;
    const heap = new HeapRebuild(cp, idA, codeA, this.cPre, this.cSize);
    let programLive = 0;
    const chunkFreed = this.chunkFreed(visN);
    for (let s = 0; s < visN; s++) {
      if ((s & ID_MASK) === 0 && chunkFreed[s / ID_CHUNK] <= cpState) { s += ID_MASK; continue; }
      const f = freeA[s];
      const code = codeA[s];
      const kind = kindOf[code];
      if (f <= N) {
        if (!exact && f > cpState && s < visC && kind !== KIND_STATIC) heap.free(s);
        continue;
      }
      if (!exact && s >= visC && kind !== KIND_STATIC) heap.add(s);
      if (kind === KIND_BUFFER) continue;
      const t = typeOf[code];
      count[t]++;
      // (size(s), inline)
      const sz = s < visC && fRef[s] ? (fSize[s] ? fSize[s] - 1 : sizeofOf[code]) : -1;
      bytes[t] += sz >= 0 ? sz : ovOf[code] ? size(s) : sizeofOf[code];
      if (kind !== KIND_STATIC) programLive++;
      else pre[t]++;
    }
    const made = new CensusState(ci, visC, grown, N, visN, count, bytes, pre, programLive, heap);
    // (one census per checkpoint: a census of the same checkpoint too far from N gives way)
    if (c0) this.censuses.shift();
    this.censuses.unshift(made);
    this.censuses.length = Math.min(this.censuses.length, DECODED_KEPT);
    return made.result();
  }

  /** census c, of step c.N, moved to step N (same checkpoint): the exact inverse of each change
   *  going back, so that it ends as a census of N from scratch would */
  private moveCensus(c: CensusState, N: number, visN: number, q: QueryIndex, size: (s: number) => number): void {
    const codeA = this.tCode.a, freeA = this.tFree.a, cKind = this.cKind, cType = this.cType;
    const heap = c.heap;
    const count = (s: number, d: number): void => {
      const code = codeA[s];
      const kind = cKind[code] & 3;
      if (kind === KIND_BUFFER) return;
      const t = cType[code];
      c.count[t] += d;
      c.bytes[t] += d * size(s);
      if (kind !== KIND_STATIC) c.programLive += d;
      else c.preexisting[t] += d;
    };
    const M = c.N, visM = c.visN;
    if (N > M) {
      // freed in (M, N], alive at M
      for (let k = q.freeStart[M + 1], e = q.freeStart[N + 1]; k < e; k++) {
        const s = q.freeSerials[k];
        if (s >= visM) continue;
        if ((cKind[codeA[s]] & 3) !== KIND_STATIC) heap.free(s);
        count(s, -1);
      }
      // allocated after M, alive at N
      for (let s = visM; s < visN; s++) {
        if (freeA[s] <= N) continue;
        if ((cKind[codeA[s]] & 3) !== KIND_STATIC) heap.add(s);
        count(s, 1);
      }
    } else {
      // allocated after N, alive at M: undone
      for (let s = visN; s < visM; s++) {
        if (freeA[s] <= M) continue;
        if ((cKind[codeA[s]] & 3) !== KIND_STATIC) heap.free(s);
        count(s, -1);
      }
      // freed in (N, M], alive at N: back
      for (let k = q.freeStart[N + 1], e = q.freeStart[M + 1]; k < e; k++) {
        const s = q.freeSerials[k];
        if (s >= visN) continue;
        if ((cKind[codeA[s]] & 3) !== KIND_STATIC) heap.unfree(s);
        count(s, 1);
      }
    }
    c.N = N;
    c.visN = visN;
  }

  /** the last `tail` characters of the output at step N, and how many came before them */
  private outputTail(N: number, tail: number): { text: string; skipped: number } {
    // the pieces written by step N: outStep ≤ N
    let lo = 0, hi = this.outStep.length;
    while (lo < hi) {
      const m = (lo + hi) >> 1;
      if (this.outStep[m] <= N) lo = m + 1; else hi = m;
    }
    const total = lo ? this.outEnd[lo - 1] : 0;
    const want = Math.max(0, Math.min(Math.floor(tail), total));
    const parts: string[] = [];
    let got = 0;
    for (let k = lo - 1; k >= 0 && got < want; k--) { parts.push(this.outText[k]); got += this.outText[k].length; }
    let text = parts.reverse().join('');
    if (text.length > want) text = text.slice(text.length - want);
    return { text, skipped: total - text.length };
  }

  // ---------------------------------------------------------------------------------------------
  // queries over the steps (the panel's navigation, the editor's line marks)

  /** a checkpoint was taken at `step`: its snapshot and view are exact */
  exactAt(step: number): boolean {
    const N = this.clampStep(step);
    let lo = 0, hi = this.cps.length - 1;
    while (lo <= hi) {
      const m = (lo + hi) >> 1;
      const st = this.cps[m].state;
      if (st === N) return true;
      if (st < N) lo = m + 1; else hi = m - 1;
    }
    return false;
  }

  /** the frames of `step`, outermost first: each its code's name and its line (the innermost's
   *  next line, the callers' calling lines); cheap, without the locals (the trace JSON's frames) */
  frameStack(step: number): { name: string; line: number }[] {
    const N = this.clampStep(step);
    const recs: number[] = [];
    for (let r = this.stRec.a[N]; r >= 0; r = this.frParent.a[r]) recs.push(r);
    const out: { name: string; line: number }[] = [];
    let line = this.stLine.a[N];
    for (const r of recs) { out.push({ name: this.strs[this.frName.a[r]], line }); line = this.frParentLine.a[r]; }
    return out.reverse();
  }

  /** the step columns and the frame records as they are, for a pass over the whole run
   *  (sourceFacts.ts): views of the trace's own arrays, to read only, valid until it grows */
  stepColumns(): StepColumns {
    const n = this.stLine.length, f = this.frName.length;
    return {
      states: n,
      line: this.stLine.a.subarray(0, n),
      rec: this.stRec.a.subarray(0, n),
      records: f,
      parent: this.frParent.a.subarray(0, f),
      firstLine: this.frFirstLine.a.subarray(0, f),
      origin: this.frOrigin.a.subarray(0, f),
      name: (r) => this.strs[this.frName.a[r]],
      collectionRecs: this.gcRunning.a.subarray(0, this.gcRunning.length),
    };
  }

  /** the next line to run at `step` (0 at the end of the run) */
  lineAt(step: number): number {
    return this.stLine.a[this.clampStep(step)];
  }

  /** the largest line number among those run to reach `step` and the one about to run there
   *  (lineAt of steps 0..step): an edit below it leaves the run up to `step` as it was */
  maxLineThrough(step: number): number {
    return this.lineIndex().maxThrough[this.clampStep(step)];
  }

  /** how many steps ran `line` (the steps N < steps whose next line is `line`) */
  lineRuns(line: number): number {
    const li = this.lineIndex();
    if (!(line >= 1 && line < li.start.length - 1)) return 0;
    const n = li.start[line + 1] - li.start[line];
    // the last state's line has not run (a paused run; a finished one ends at line 0)
    return n - (this.stLine.a[this.steps] === line ? 1 : 0);
  }

  /** the nearest step after (direction 1) or before (-1) `from` whose next line is `line`, or null */
  findLine(from: number, line: number, direction: 1 | -1): number | null {
    const li = this.lineIndex();
    if (!(line >= 1 && line < li.start.length - 1)) return null;
    const a = li.start[line], b = li.start[line + 1];
    // the first position in [a, b) whose step is > from
    let lo = a, hi = b;
    while (lo < hi) {
      const m = (lo + hi) >> 1;
      if (li.steps[m] <= from) lo = m + 1; else hi = m;
    }
    if (direction > 0) return lo < b ? li.steps[lo] : null;
    let k = lo - 1;
    if (k >= a && li.steps[k] === from) k--;
    return k >= a ? li.steps[k] : null;
  }

  /**
   * The nearest step after (direction 1) or before (-1) `from` at which the heap changed: a step N
   * whose view shows an object as new (allocated by the line that ran into N and alive at N) or
   * as freed (alive at N - 1, freed by that line); null when there is none. Objects allocated
   * and freed within one line do not count.
   */
  findHeapChange(from: number, direction: 1 | -1): number | null {
    const c = this.queryIndex().changes;
    let lo = 0, hi = c.length;
    while (lo < hi) {
      const m = (lo + hi) >> 1;
      if (c[m] <= from) lo = m + 1; else hi = m;
    }
    if (direction > 0) return lo < c.length ? c[lo] : null;
    let k = lo - 1;
    if (k >= 0 && c[k] === from) k--;
    return k >= 0 ? c[k] : null;
  }

  /** the objects allocated by the line that ran into `step` and alive at it: how many, and the
   *  ids of the first `cap` in allocation order */
  allocatedAt(step: number, cap = 300): { count: number; ids: number[] } {
    const N = this.clampStep(step);
    if (N === 0) return { count: 0, ids: [] };
    const from = this.stVisible.a[N - 1], to = this.stVisible.a[N];
    const codeA = this.tCode.a, freeA = this.tFree.a, cKind = this.cKind;
    const idA = this.ids(to);
    const ids: number[] = [];
    let count = 0;
    for (let s = from; s < to; s++) {
      if ((cKind[codeA[s]] & 3) !== KIND_OBJECT || freeA[s] <= N) continue;
      if (count++ < cap) ids.push(idA[s]);
    }
    return { count, ids };
  }

  /** the objects freed by the line that ran into `step` that were alive before it: how many, and
   *  the first `cap` (id, type, sys.getsizeof when last known) in allocation order; `temporary`:
   *  objects that line both allocated and freed */
  freedAt(step: number, cap = 300): { count: number; items: { id: number; type: string; size: number }[]; temporary: number } {
    const N = this.clampStep(step);
    const q = this.queryIndex();
    const a = q.freeStart[N], b = q.freeStart[N + 1];
    const before = N > 0 ? this.stVisible.a[N - 1] : 0;
    const idA = this.ids(this.tCode.length);
    const items: { id: number; type: string; size: number }[] = [];
    for (let k = a; k < b && items.length < cap; k++) {
      const s = q.freeSerials[k];
      if (s >= before || (this.cKind[this.tCode.a[s]] & 3) === KIND_BUFFER) continue;
      items.push({ id: idA[s], type: this.typeNames[this.cType[this.tCode.a[s]]], size: this.sizeofAt(s) });
    }
    return { count: q.freedSeen[N] ?? 0, items, temporary: q.freedTemporary[N] ?? 0 };
  }

  private clampStep(step: number): number {
    return Math.max(0, Math.min(Math.floor(step) || 0, this.steps));
  }

  /** the steps by line, and the largest line up to each step (built on first use, again when the
   *  run has grown) */
  private lineIndex(): LineIndex {
    const T = this.stLine.length;
    if (this.li && this.li.n === T) return this.li;
    const lines = this.stLine.a;
    let max = 0;
    for (let N = 0; N < T; N++) if (lines[N] > max) max = lines[N];
    // a counting sort of the steps by line
    const start = new Uint32Array(max + 2);
    for (let N = 0; N < T; N++) start[lines[N] + 1]++;
    for (let l = 0; l <= max; l++) start[l + 1] += start[l];
    const at = start.slice(0, max + 1);
    const steps = new Uint32Array(T);
    for (let N = 0; N < T; N++) steps[at[lines[N]]++] = N;
    const maxThrough = new Uint32Array(T);
    let m = 0;
    for (let N = 0; N < T; N++) { if (lines[N] > m) m = lines[N]; maxThrough[N] = m; }
    this.li = { n: T, start, steps, maxThrough };
    return this.li;
  }

  /** the objects freed at each step, and the steps at which the heap changed (built on first use,
   *  again when the run has grown) */
  private queryIndex(): QueryIndex {
    const T = this.stLine.length, S = this.tCode.length;
    const q0 = this.qi;
    if (q0 && q0.steps === T && q0.serials === S && q0.frees === this.frees) return q0;
    const codeA = this.tCode.a, freeA = this.tFree.a, vis = this.stVisible.a;
    const kindOf = Uint8Array.from(this.cKind, (k) => k & 3);
    // a counting sort of the freed objects and buffers by the step that freed them
    const freeStart = new Uint32Array(T + 2);
    for (let s = 0; s < S; s++) {
      const f = freeA[s];
      if (f !== ALIVE && f < T) freeStart[f + 1]++;
    }
    for (let N = 0; N <= T; N++) freeStart[N + 1] += freeStart[N];
    const at = freeStart.slice(0, T + 1);
    const freeSerials = new Uint32Array(freeStart[T + 1]);
    const changed = new Uint8Array(T);
    const freedSeen = new Uint32Array(T), freedTemporary = new Uint32Array(T);
    // serial s is first visible at state N: vis[N - 1] ≤ s < vis[N]
    let N = 0;
    for (let s = 0; s < S; s++) {
      while (N < T && vis[N] <= s) N++;
      const kind = kindOf[codeA[s]];
      const f = freeA[s];
      if (f !== ALIVE && f < T) freeSerials[at[f]++] = s;
      if (kind === KIND_BUFFER) continue;
      if (f !== ALIVE && f < T) {
        // alive at f - 1, freed at f (allocated and freed by one line: never seen)
        if (f > N) { changed[f] = 1; freedSeen[f]++; } else freedTemporary[f]++;
      }
      if (kind === KIND_OBJECT && N > 0 && N < T && f > N) changed[N] = 1;
    }
    let nc = 0;
    for (let k = 0; k < T; k++) nc += changed[k];
    const changes = new Uint32Array(nc);
    for (let k = 0, j = 0; k < T; k++) if (changed[k]) changes[j++] = k;
    this.qi = { steps: T, serials: S, frees: this.frees, freeStart, freeSerials, changes, freedSeen, freedTemporary };
    return this.qi;
  }

  /** the live objects at step N: the log says which, the checkpoint (at cpState) their fields;
   *  the blocks of the objects allocated or freed since the checkpoint go to heap */
  private liveObjects(N: number, cpState: number, visN: number, cp: DecodedCheckpoint, idA: Float64Array, heap: HeapRebuild): SnapshotObjects {
    const codeA = this.tCode.a, freeA = this.tFree.a, cKind = this.cKind, cType = this.cType, cSizeof = this.cSizeof;
    const cOv = this.cOv;
    const { visC, fSize, fRef, fGen, fRepr, refPos, refLen, refFlat, fLab } = cp;
    const exact = cpState === N;
    const ids = new RunsBuilder(), types = new RunsBuilder(), sizes = new RunsBuilder();
    const refcnts = new RunsBuilder(), gens = new RunsBuilder(), refIds = new RunsBuilder();
    const reprIndex: number[] = [], reprText: string[] = [];
    const refIndex: number[] = [], refStart: number[] = [], refLabels: number[] = [];
    const labelSets: SnapshotLabelSet[] = [];
    const labelMap = new Map<number, number>();
    const preexisting: number[] = [];
    const cacheIndex: number[] = [], cacheKind: ViewCache[] = [];
    // the serials that joined a cache after their allocation, in order, walked beside s
    const cachedList = this.cachedSerials();
    let cq = 0;
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
      let cc = cKind[code] >> CACHE_SHIFT;
      while (cq < cachedList.length && cachedList[cq] < s) cq++;
      if (cq < cachedList.length && cachedList[cq] === s) {
        const v = this.cachedSince.get(s)!;
        if (Math.floor(v / 8) <= N) cc = v % 8;
      }
      if (cc) { cacheIndex.push(i); cacheKind.push(CACHE_NAMES[cc]!); }
      let sz = s < visC && fRef[s] ? (fSize[s] ? fSize[s] - 1 : cSizeof[code]) : -1;
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
          const lab = fLab[s] - 1;
          let li = -1;
          if (lab >= 0) {
            const m = labelMap.get(lab);
            if (m !== undefined) li = m;
            else { li = labelSets.length; labelSets.push(this.labelSet(lab)); labelMap.set(lab, li); }
          }
          refLabels.push(li);
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
      reprs: { index: reprIndex, text: reprText }, refs: { index: refIndex, start: refStart, ids: refIds.finish(), labels: refLabels },
      labelSets, preexisting, cache: { index: cacheIndex, kind: cacheKind },
    };
  }

  /** the serials of cachedSince, ascending (kept until it changes) */
  private cachedSerials(): number[] {
    if (this.cachedSorted.length !== this.cachedSince.size) this.cachedSorted = [...this.cachedSince.keys()].sort((a, b) => a - b);
    return this.cachedSorted;
  }

  /** the CACHE_* class of serial s at step N */
  private cacheClass(s: number, N: number): number {
    const v = this.cachedSince.get(s);
    if (v !== undefined && Math.floor(v / 8) <= N) return v % 8;
    return this.cKind[this.tCode.a[s]] >> CACHE_SHIFT;
  }

  /**
   * The object fields, frames, collector counts and heap of checkpoint ci, read from its keyframe
   * ki on. Object fields are by serial, biased so that 0 means "not in the checkpoint": size + 1,
   * the refcnt's code (2 * refcnt, or an odd code for an immortal one) + 1, gen + 3, repr string
   * index + 1; referents as ids in refFlat at refPos - 1.
   */
  private readCheckpoints(ki: number, ci: number, visC: number, idA: Float64Array): DecodedCheckpoint {
    const hit = this.decoded.findIndex((d) => d.ci === ci && d.visC === visC);
    if (hit >= 0) {
      const d = this.decoded[hit];
      this.decoded.splice(hit, 1);
      this.decoded.unshift(d);
      return d;
    }
    // the buffers of the one decoded longest ago are reused when they are large enough
    const last = this.decoded.length >= DECODED_KEPT ? this.decoded.pop()! : null;
    const fit = last && last.fSize.length >= visC ? last : null;
    if (fit) {
      fit.fSize.fill(0, 0, visC); fit.fRef.fill(0, 0, visC); fit.fGen.fill(0, 0, visC);
      fit.fRepr.fill(0, 0, visC); fit.refPos.fill(0, 0, visC); fit.refLen.fill(0, 0, visC); fit.fLab.fill(0, 0, visC);
    }
    const cap = fit ? fit.fSize.length : visC + (visC >> 2);
    const fSize = fit ? fit.fSize : new Int32Array(cap);
    const fRef = fit ? fit.fRef : new Int32Array(cap);
    const fGen = fit ? fit.fGen : new Int8Array(cap);
    const fRepr = fit ? fit.fRepr : new Int32Array(cap);
    const refPos = fit ? fit.refPos : new Int32Array(cap);
    const refLen = fit ? fit.refLen : new Int32Array(cap);
    const fLab = fit ? fit.fLab : new Int32Array(cap);
    const flat: FlatRefs = { a: fit ? fit.refFlat : new Float64Array(1024), s: fit ? fit.refSer : new Float64Array(1024), n: 0 };
    const out: DecodedCheckpoint = {
      ci, visC, fSize, fRef, fGen, fRepr, refPos, refLen, refFlat: flat.a, refSer: flat.s, fLab, frames: [], gcCount: [0, 0, 0],
      poolSize: 0, arenaSize: 0, arenas: [], pools: new Map(), raw: [], allocatedBlocks: 0,
    };
    const rd = new ByteReader(this.cp.buf, 0);
    for (let c = ki; c <= ci; c++) {
      rd.pos = this.cps[c].offset;
      const key = rd.byte() === 1;
      rd.u();
      const n = rd.u();
      decodeObjects(rd, n, out, idA, flat, key);
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
      readHeap(rd, out);
    }
    out.refFlat = flat.a;
    out.refSer = flat.s;
    this.decoded.unshift(out);
    return out;
  }

  /** the frames at step N; `serials` receives, per frame, the serial of each local (-1: unbound
   *  or not known to the trace). Their locals: the checkpoint's at its step; after it, the
   *  checkpoint's brought to N by the locals log when it covers the step (localsAt), else those
   *  of the frames that are still the checkpoint's (and none for the others) */
  private framesAt(N: number, cpState: number, ci: number, cpFrames: [number, number][][], idA: Float64Array, serials?: number[][]): SnapshotFrame[] {
    const decode = (locs: [number, number][]): SnapshotLocal[] => locs.map(([n, v]) => ({
      name: this.strs[n],
      id: v === 0 ? 0 : v % 2 === 0 ? idA[v / 2 - 1] : (v - 1) / 2 * 16,
    }));
    const decodeSerials = (locs: [number, number][]): number[] => locs.map(([, v]) => (v !== 0 && v % 2 === 0 ? v / 2 - 1 : -1));
    const recs: number[] = [];
    for (let r = this.stRec.a[N]; r >= 0 && N < this.stRec.length; r = this.frParent.a[r]) recs.push(r);
    // the line of each frame: the innermost's next line, the callers' calling lines
    const out: SnapshotFrame[] = [];
    let line = this.stLine.a[N];
    const lines: number[] = [];
    for (const r of recs) { lines.push(line); line = this.frParentLine.a[r]; }
    recs.reverse();
    lines.reverse();
    const logged = N !== cpState && this.localsLogged(ci) ? this.localsAt(N, ci, cpFrames) : null;
    const cpRecs: number[] = [];
    if (!logged) {
      for (let r = this.stRec.a[cpState]; r >= 0; r = this.frParent.a[r]) cpRecs.push(r);
      cpRecs.reverse();
    }
    for (let i = 0; i < recs.length; i++) {
      const locs = logged ? logged[i] ?? [] : cpRecs[i] === recs[i] && cpFrames.length === cpRecs.length ? cpFrames[i] : null;
      out.push({ name: this.strs[this.frName.a[recs[i]]], line: lines[i], locals: locs ? decode(locs) : [] });
      if (serials) serials.push(locs ? decodeSerials(locs) : []);
    }
    return out;
  }

  /** the locals log goes on from checkpoint ci */
  private localsLogged(ci: number): boolean {
    return ci >= 0 && ci < this.cps.length && this.cps[ci].loc >= 0;
  }

  /** the frame records at state t, outermost first */
  private recsAt(t: number): number[] {
    const recs: number[] = [];
    for (let r = this.stRec.a[t]; r >= 0; r = this.frParent.a[r]) recs.push(r);
    return recs.reverse();
  }

  /**
   * The frames' locals at state N (after checkpoint ci, before the next one) as [name, value] per
   * frame, values as a checkpoint has them: the checkpoint's, then each state's entry of the
   * locals log (logLocals) applied in turn. The state reached is kept: a later state from the
   * same checkpoint goes on from it.
   */
  private localsAt(N: number, ci: number, cpFrames: [number, number][][]): [number, number][][] {
    let c = this.locCache;
    if (!c || c.ci !== ci || c.t > N) {
      const cpState = this.cps[ci].state;
      c = {
        ci, t: cpState, pos: this.cps[ci].loc, recs: this.recsAt(cpState),
        names: cpFrames.map((f) => f.map((x) => x[0])), vals: cpFrames.map((f) => f.map((x) => x[1])),
      };
      // (a checkpoint whose frames the reader could not place starts with none)
      if (c.names.length !== c.recs.length) { c.names = c.recs.map(() => []); c.vals = c.recs.map(() => []); }
    }
    const rd = new ByteReader(this.loc.buf, c.pos);
    const stRec = this.stRec.a, vis = this.stVisible.a;
    let { recs, names, vals } = c;
    for (let t = c.t + 1; t <= N; t++) {
      if (stRec[t] !== stRec[t - 1] || recs.length === 0) {
        // the frames of state t: those kept from the state before, then new ones with no locals
        const now = this.recsAt(t);
        let keep = 0;
        while (keep < recs.length && keep < now.length && recs[keep] === now[keep]) keep++;
        names = names.slice(0, keep); vals = vals.slice(0, keep);
        for (let i = keep; i < now.length; i++) { names.push([]); vals.push([]); }
        recs = now;
      }
      const h = rd.u();
      if (h === 0) continue;
      const v = vis[t];
      if (h === 1) {
        // one value of the innermost frame
        const i = rd.u(), code = rd.u();
        vals[recs.length - 1][i] = code === 0 || code & 1 ? code : (v - code / 2 + 1) * 2;
        continue;
      }
      if (h & 1) { names = recs.map(() => []); vals = recs.map(() => []); }
      for (let f = (h - 2) >> 1; f > 0; f--) {
        const x = rd.u();
        const at = recs.length - 1 - (x >> 1);
        // (the arrays are the kept state's own: the frames returned are copies)
        const nm = names[at], vl = vals[at];
        if (x & 1) { const len = rd.u(); nm.length = len; vl.length = len; }
        for (let q = rd.u(); q > 0; q--) {
          const y = rd.u(), i = y >> 1;
          if (y & 1) nm[i] = rd.u();
          const code = rd.u();
          vl[i] = code === 0 || code & 1 ? code : (v - code / 2 + 1) * 2;
        }
      }
    }
    c.t = N; c.pos = rd.pos; c.recs = recs; c.names = names; c.vals = vals;
    this.locCache = c;
    return names.map((nm, i) => nm.map((n, j) => [n, vals[i][j]] as [number, number]));
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

/**
 * The state after a step read in the trace's own terms (TraceRecorder.reader): serial s, for
 * 0 ≤ s < visN, is an allocation of the log or a pre-existing object the trace came to know;
 * live(s) says whether it is a live object at this step. Fields not known at the step read as
 * in a snapshot (refcnt -1, gen -2, repr null, no referents).
 */
export interface StepReader {
  readonly step: number;
  readonly totalSteps: number;
  readonly line: number;
  readonly finished: boolean;
  readonly exact: boolean;
  readonly pythonVersion: string;
  readonly profile: VersionProfile;
  readonly visN: number;
  /** outermost first, as a snapshot has them */
  readonly frames: SnapshotFrame[];
  /** per frame, the serial of each local (-1: unbound, or an object the trace does not know) */
  readonly localSerials: number[][];
  readonly typeNames: readonly string[];
  readonly gc: { count: [number, number, number]; threshold: [number, number, number] };
  live(s: number): boolean;
  id(s: number): number;
  /** index into typeNames */
  type(s: number): number;
  size(s: number): number;
  /** as a snapshot has it: immortal objects count from IMMORTAL_REFCNT */
  refcnt(s: number): number;
  gen(s: number): number;
  repr(s: number): string | null;
  refCount(s: number): number;
  refId(s: number, k: number): number;
  /** -1 for a referent the trace does not know (a static type, ...) */
  refSerial(s: number, k: number): number;
  labels(s: number): SnapshotLabelSet | null;
  cache(s: number): ViewCache | null;
  /** allocated by the line that ran into this step */
  isNew(s: number): boolean;
  preexisting(s: number): boolean;
  /** the live objects with these ids: id → serial (one scan of the serials) */
  serialsOf(ids: ReadonlySet<number>): Map<number, number>;
  /** live objects in allocation order by bucket: bucketOf[type index] is an object's bucket (-1 or
   *  past its end: none), at most limits[b] in bucket b, those `skip` accepts left out (one scan) */
  select(bucketOf: ArrayLike<number>, limits: number[], skip: (s: number) => boolean): number[][];
  /** one pass over every serial: the live objects by type and the heap summary */
  census(): Census;
  output(tail: number): { text: string; skipped: number };
}

/** The per-step columns and the frame records of a trace (TraceRecorder.stepColumns). State N's
 *  next line is line[N] (0 at the end) and its innermost frame record rec[N] (-1: none); a record's
 *  caller is parent[r] (-1: none), created before it. */
export interface StepColumns {
  /** states recorded (steps + 1) */
  readonly states: number;
  readonly line: Uint32Array;
  readonly rec: Int32Array;
  /** frame records */
  readonly records: number;
  readonly parent: Int32Array;
  /** the record's code's co_firstlineno */
  readonly firstLine: Uint32Array;
  /** the first record of the same frame: r itself for a call, an earlier one for a frame that
   *  got a record again (a generator resumed, a stack rebuilt) */
  readonly origin: Int32Array;
  /** the record's co_name */
  name(r: number): string;
  /** per collection (CollectionLog.records, in order), the record of the frame that was running
   *  when it began (after the gc.callbacks' 'start' calls), -1 for none */
  readonly collectionRecs: Int32Array;
}

/** the live objects by type (index into typeNames): how many, their sizes' sum, and how many of
 *  them are pre-existing */
export interface Census {
  count: Float64Array;
  bytes: Float64Array;
  preexisting: Float64Array;
  heap: ViewHeapSummary;
}

interface LineIndex {
  /** stLine.length when built */
  n: number;
  /** the steps whose line is l are steps[start[l] .. start[l + 1] - 1], ascending */
  start: Uint32Array;
  steps: Uint32Array;
  /** the largest line of steps 0..N */
  maxThrough: Uint32Array;
}

interface QueryIndex {
  /** what the index was built from: steps, serials and frees logged */
  steps: number;
  serials: number;
  frees: number;
  /** the objects and buffers freed at step N are freeSerials[freeStart[N] .. freeStart[N + 1] - 1],
   *  ascending */
  freeStart: Uint32Array;
  freeSerials: Uint32Array;
  /** the steps at which an object was allocated or freed (findHeapChange), ascending */
  changes: Uint32Array;
  /** per step: the objects freed that were alive at the step before, and those allocated and
   *  freed by the step's line */
  freedSeen: Uint32Array;
  freedTemporary: Uint32Array;
}

/** the last census (TraceRecorder.census), kept to be moved to a neighbouring step */
class CensusState {
  constructor(
    readonly ci: number, readonly visC: number,
    /** the trace's size when made (a trace that grew invalidates it) */
    readonly grown: number,
    public N: number, public visN: number,
    readonly count: Float64Array, readonly bytes: Float64Array, readonly preexisting: Float64Array, public programLive: number,
    readonly heap: HeapRebuild,
  ) {}

  result(): Census {
    return {
      count: this.count.slice(), bytes: this.bytes.slice(), preexisting: this.preexisting.slice(),
      heap: { liveObjects: this.programLive, ...this.heap.summary() },
    };
  }
}

/** a pool of HeapRebuild: occupants per block, and the blocks with one */
interface PoolCounts { pool: SnapshotPool; n: Int8Array; used: number }

/** a step located in the trace (TraceRecorder.locate) */
interface Located {
  N: number;
  /** the checkpoint's index */
  ci: number;
  cpState: number;
  exact: boolean;
  visC: number;
  visN: number;
  idA: Float64Array;
  cp: DecodedCheckpoint;
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
  /** the serial of each referent in refFlat, -1 for an object the trace does not know */
  refSer: Float64Array;
  /** label set index + 1 (0: none) */
  fLab: Int32Array;
  frames: [number, number][][];
  gcCount: [number, number, number];
  poolSize: number;
  arenaSize: number;
  arenas: { index: number; address: number; ntotalpools: number; nfreepools: number; npools: number }[];
  pools: Map<number, PoolRecord>;
  raw: { address: number; size: number }[];
  allocatedBlocks: number;
}

/**
 * A checkpoint's arenas and pools, with the blocks of the objects allocated and freed since
 * applied. A block counts its occupants (the checkpoint's one, plus the objects added, minus
 * those freed) and is in use while it has one: a free list's block (in use for pymalloc, not in
 * the log) that an object took and gave back stays in use, and applying the same changes in
 * another order, or undoing them (a census moved back), ends the same.
 */
class HeapRebuild {
  private readonly arenas: SnapshotArena[] = [];
  private readonly poolByAddr = new Map<number, PoolCounts>();
  private readonly rawMap = new Map<number, number>();
  /** the checkpoint's raw chunks */
  private readonly cpRaw = new Map<number, number>();
  private allocatedBlocks: number;
  private changed = false;
  // the last pool looked up, and the pool of the block last located
  private lastPa = -1;
  private lastE: PoolCounts | undefined;
  private locE: PoolCounts | null = null;

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
        const n = new Int8Array(nb);
        let used = 0;
        if (p && p.bits) {
          for (let i = 0; i < nb; i++) if ((p.bits[i >> 3] >> (i & 7)) & 1) { n[i] = 1; used++; }
        }
        const pool: SnapshotPool = { address, szidx, blockSize: bs, count: p ? p.count : 0, nblocks: nb, state: 'empty', bitmap: '' };
        ps.push(pool);
        this.poolByAddr.set(address, { pool, n, used });
      }
      this.arenas.push({ index: a.index, address: a.address, ntotalpools: a.ntotalpools, nfreepools: a.nfreepools, pools: ps });
    }
    for (const c of cp.raw) { this.rawMap.set(c.address, c.size); this.cpRaw.set(c.address, c.size); }
    this.allocatedBlocks = cp.allocatedBlocks;
  }

  /** the block's index in its pool (the pool in locE), or -1 when not in a carved pool */
  private locate(block: number): number {
    const poolSize = this.cp.poolSize;
    const pa = Math.floor(block / poolSize) * poolSize;
    if (pa !== this.lastPa) { this.lastPa = pa; this.lastE = this.poolByAddr.get(pa); }
    const e = this.lastE;
    if (!e || !e.pool.blockSize) return -1;
    const b = Math.floor((block - pa - POOL_OVERHEAD) / e.pool.blockSize);
    if (b < 0 || b >= e.pool.nblocks) return -1;
    this.locE = e;
    return b;
  }

  /** one occupant more (d = 1) or less (-1) for block b of pool locE */
  private occupy(b: number, d: number): void {
    const e = this.locE!;
    const before = e.n[b];
    e.n[b] = before + d;
    if (before <= 0 && before + d > 0) e.used++;
    else if (before > 0 && before + d <= 0) e.used--;
    this.allocatedBlocks += d;
  }

  /** serial s, in the checkpoint, has been freed (or s, added, is taken away again) */
  free(s: number): void {
    this.changed = true;
    const block = this.idA[s] - this.cPre[this.codeA[s]];
    const b = this.locate(block);
    if (b >= 0) this.occupy(b, -1);
    else if (this.rawMap.delete(block)) this.allocatedBlocks--;
  }

  /** free(s) undone: s, in the checkpoint, is alive again (or s, allocated after it, is added) */
  unfree(s: number): void {
    if (s >= this.cp.visC) { this.add(s); return; }
    this.changed = true;
    const block = this.idA[s] - this.cPre[this.codeA[s]];
    const b = this.locate(block);
    if (b >= 0) { this.occupy(b, 1); return; }
    // a raw chunk of the checkpoint comes back with the size the checkpoint gave it
    const size = this.cpRaw.get(block);
    if (size !== undefined && !this.rawMap.has(block)) { this.rawMap.set(block, size); this.allocatedBlocks++; }
  }

  /** serial s, allocated after the checkpoint, is live */
  add(s: number): void {
    this.changed = true;
    const code = this.codeA[s];
    const block = this.idA[s] - this.cPre[code];
    const size = this.cSize[code];
    const b = this.locate(block);
    if (b >= 0) this.occupy(b, 1);
    else if (size > 512 || size === 0) { this.rawMap.set(block, size); this.allocatedBlocks++; }
  }

  /** the counts of finish(), without building the pools' bitmaps */
  summary(): Omit<ViewHeapSummary, 'liveObjects'> {
    let poolsInUse = 0, pymallocBytes = 0, rawBytes = 0;
    for (const e of this.poolByAddr.values()) {
      if (e.used) { poolsInUse++; pymallocBytes += e.used * e.pool.blockSize; }
    }
    for (const size of this.rawMap.values()) rawBytes += size;
    return {
      allocatedBlocks: this.allocatedBlocks, arenas: this.arenas.length, poolsInUse, poolSize: this.cp.poolSize,
      arenaSize: this.cp.arenaSize, pymallocBytes, rawBytes, rawChunks: this.rawMap.size,
    };
  }

  finish(): SnapshotHeap {
    for (const a of this.arenas) {
      let free = 0;
      for (const p of a.pools) {
        const e = this.poolByAddr.get(p.address)!;
        const c = e.used;
        p.count = c;
        p.state = c === 0 ? 'empty' : c === p.nblocks ? 'full' : 'used';
        if (c === 0) free++;
        p.bitmap = hexCounts(e.n);
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

/** does a class define __sizeof__ in Python? (then sys.getsizeof would run Python code) */
export function hasOwnSizeof(t: PyType): boolean {
  return t.flags.heap && ops.typeLookup(t, '__sizeof__') instanceof PyFunction;
}

const NO_REFS: PyObject[] = [];
const NO_SERIALS: readonly number[] = [];

/** what o refers to, as referents() (tp_traverse) finds it, but sequences in item order (so that a
 *  list that grew keeps its prefix) and the common instance case inlined */
export function refsOf(o: PyObject): PyObject[] {
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
function decodeObjects(rd: ByteReader, n: number, out: DecodedCheckpoint, idA: Float64Array, flat: FlatRefs, key: boolean): void {
  const { fSize, fRef, fGen, fRepr, refPos, refLen, fLab } = out;
  let s = 0;
  let labPred = 0;
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
      let a = flat.a, sa = flat.s;
      if (flat.n + keep + k > a.length) {
        const len = Math.max(a.length * 2, flat.n + keep + k);
        const grown = new Float64Array(len);
        grown.set(a.subarray(0, flat.n));
        a = flat.a = grown;
        const grownS = new Float64Array(len);
        grownS.set(sa.subarray(0, flat.n));
        sa = flat.s = grownS;
      }
      const at = flat.n;
      if (keep) {
        a.copyWithin(at, refPos[s] - 1, refPos[s] - 1 + keep);
        sa.copyWithin(at, refPos[s] - 1, refPos[s] - 1 + keep);
      }
      let w = at + keep;
      for (let q = 0; q < k; q++) {
        const v = rd.u();
        if (v % 2 === 0) {
          const x = unzigzag(v / 2) + s;
          a[w] = idA[x];
          sa[w++] = x;
        } else {
          a[w] = (v - 1) / 2 * 16;
          sa[w++] = -1;
        }
      }
      flat.n = w;
      refPos[s] = keep + k ? at + 1 : 0;
      refLen[s] = keep + k;
    }
    if (mask & F_LABELS) fLab[s] = labPred = rd.u();
    else if (key && mask & F_REFS) fLab[s] = labPred;
  }
}

/** a checkpoint's heap (writeHeap) into `out`: tag 2 keeps what out has, 1 brings arenas and the
 *  pools that changed, 0 only the blocks and raw chunks */
function readHeap(rd: ByteReader, out: DecodedCheckpoint): void {
  const heapTag = rd.byte();
  if (heapTag === 2) return;
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
      if (!count) { out.pools.set(pa, { szidx: sz - 1, count, bits: null }); continue; }
      const bits = rd.bytes((nb + 7) >> 3).slice();
      const carved = rd.u();
      const nf = rd.u();
      let free: number[] | null = null;
      if (nf) { free = []; for (let k = 1; k < nf; k++) free.push(rd.u()); }
      out.pools.set(pa, { szidx: sz - 1, count, bits, carved, free });
    }
  }
  out.allocatedBlocks = rd.u();
  const nr = rd.u();
  out.raw = [];
  for (let q = 0; q < nr; q++) out.raw.push({ address: rd.u(), size: rd.u() });
}

/** the referents read so far: ids, serials (-1: not known), how many */
interface FlatRefs { a: Float64Array; s: Float64Array; n: number }

/** two freeblock lists (or two unrecorded ones) are the same */
function sameList(a: number[] | null, b: number[] | null): boolean {
  if (a === null || b === null) return a === b;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
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
/** a pool's blocks in use as hex digits of 4 blocks each (bit 0 = the lowest block) */
function hexCounts(n: Int8Array): string {
  let s = '';
  for (let i = 0; i < n.length; i += 4) {
    let v = 0;
    for (let j = 0; j < 4 && i + j < n.length; j++) if (n[i + j] > 0) v |= 1 << j;
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

/** a dict key's short repr: a tuple's items are written out (as far as 40 characters go) */
function keyRepr(o: PyObject, depth: number): string {
  if (!(o instanceof PyTuple) || depth > 2) return shortRepr(o);
  const parts: string[] = [];
  let len = 2;
  for (const x of o.items) {
    if (len > 40) { parts.push('...'); break; }
    const p = keyRepr(x, depth + 1);
    parts.push(p);
    len += p.length + 2;
  }
  const r = parts.length === 1 ? `(${parts[0]},)` : `(${parts.join(', ')})`;
  return r.length > 40 ? r.slice(0, 37) + '...' : r;
}

/** the short repr of a str (cut to 40 characters) */
export function strShortRepr(s: string): string {
  // (escaping only lengthens: the first 41 characters make the first 40 of the repr)
  const head = s.length > 41 ? s.slice(0, 41) : s;
  const r = `'${head.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`;
  return r.length > 40 ? r.slice(0, 37) + '...' : r;
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
  if (o instanceof PyStr) return strShortRepr(o.s);
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

// The step trace's unit of display: the whole simulated memory state after N line steps of a
// run (frames and their locals, every live object with its size, reference count and GC
// generation, pymalloc's arenas/pools/blocks and raw malloc chunks, the collector's counts, the
// output so far). A snapshot is plain JSON data, self-contained, so a view can draw it without
// its neighbours; it says which of its fields are exact (read from the interpreter at a
// checkpoint for this very step) and which are carried forward from an earlier checkpoint.

export const SNAPSHOT_VERSION = 1;

/** Names of the fields a snapshot can claim to be exact. */
export type SnapshotField =
  | 'frames.lines'
  | 'frames.locals'
  | 'objects.live'
  | 'objects.type'
  | 'objects.size'
  | 'objects.refcnt'
  | 'objects.gen'
  | 'objects.repr'
  | 'objects.refs'
  | 'heap.layout'
  | 'heap.objectBlocks'
  | 'heap.allBlocks'
  | 'gc.count'
  | 'output';

export interface SnapshotLocal {
  name: string;
  /** id() of the bound object; 0 when the name is unbound */
  id: number;
}

export interface SnapshotFrame {
  /** co_name of the frame's code ("<module>" for the main module) */
  name: string;
  /** the line the frame is at: the next line to run for the innermost frame, the calling line
   *  for the others */
  line: number;
  /** fast locals and cells (function frames) or the namespace (module/class frames, dunder
   *  names left out); empty when not known at this step */
  locals: SnapshotLocal[];
}

/**
 * The live objects, column by column (index i describes one object), so that a snapshot of a
 * million objects stays cheap to build and to send.
 */
export interface SnapshotObjects {
  count: number;
  /** id() */
  id: number[];
  /** index into typeNames */
  type: number[];
  typeNames: string[];
  /** sys.getsizeof() */
  size: number[];
  /** ob_refcnt; -1 when not known at this step; immortal objects report 2**50 */
  refcnt: number[];
  /** GC generation 0..2, 3 for the permanent generation (gc.freeze), -1 untracked, -2 not known */
  gen: number[];
  /** a short repr (null when not recorded) */
  repr: (string | null)[];
  /** ids this object refers to (tp_traverse): refs.slice(refStart[i], refStart[i + 1]) */
  refStart: number[];
  refs: number[];
  /** 1: statically allocated or created before the trace began (not from the program's heap) */
  flags: number[];
}

export interface SnapshotPool {
  address: number;
  /** size class index; blockSize = 16 * (szidx + 1) */
  szidx: number;
  blockSize: number;
  /** blocks in use */
  count: number;
  /** blocks that fit the pool */
  nblocks: number;
  state: 'used' | 'full' | 'empty';
  /** allocation bitmap, block 0 first, as hex digits of 4 blocks each (bit 0 = lowest block) */
  bitmap: string;
}

export interface SnapshotArena {
  index: number;
  address: number;
  ntotalpools: number;
  nfreepools: number;
  /** the pools carved so far, by address */
  pools: SnapshotPool[];
}

export interface SnapshotHeap {
  poolSize: number;
  arenaSize: number;
  arenas: SnapshotArena[];
  /** raw malloc'd chunks in use (requests over 512 bytes) */
  raw: { address: number; size: number }[];
  /** sys.getallocatedblocks() of the simulated heap (without the interpreter's baseline) */
  allocatedBlocks: number;
}

export interface MemorySnapshot {
  version: typeof SNAPSHOT_VERSION;
  pythonVersion: string;
  /** line steps executed before this state (0: before the first line) */
  step: number;
  /** steps of the whole recorded run */
  totalSteps: number;
  /** the next line to run (0 when the run has ended) */
  line: number;
  finished: boolean;
  /** every field was read from the interpreter at this step */
  exact: boolean;
  /** the fields that are exact at this step */
  exactFields: SnapshotField[];
  /** the step of the checkpoint this snapshot was rebuilt from */
  checkpointStep: number;
  /** outermost first */
  frames: SnapshotFrame[];
  objects: SnapshotObjects;
  heap: SnapshotHeap;
  gc: { count: [number, number, number]; threshold: [number, number, number] };
  /** what the program printed so far */
  output: string;
}

/** One object of a snapshot, as a record (for small lists and tests). */
export interface SnapshotObject {
  id: number;
  type: string;
  size: number;
  refcnt: number;
  gen: number;
  repr: string | null;
  refs: number[];
  flags: number;
}

export function objectAt(s: MemorySnapshot, i: number): SnapshotObject {
  const o = s.objects;
  return {
    id: o.id[i],
    type: o.typeNames[o.type[i]],
    size: o.size[i],
    refcnt: o.refcnt[i],
    gen: o.gen[i],
    repr: o.repr[i],
    refs: o.refs.slice(o.refStart[i], o.refStart[i + 1]),
    flags: o.flags[i],
  };
}

/** id → index in s.objects */
export function objectIndex(s: MemorySnapshot): Map<number, number> {
  const m = new Map<number, number>();
  for (let i = 0; i < s.objects.count; i++) m.set(s.objects.id[i], i);
  return m;
}

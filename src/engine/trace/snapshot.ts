// The step trace's unit of display: the whole simulated memory state after N line steps of a
// run (frames and their locals, every live object with its size, reference count and GC
// generation, pymalloc's arenas/pools/blocks and raw malloc chunks, the collector's counts, the
// output so far). A snapshot is plain JSON data, self-contained, so a view can draw it without
// its neighbours; it says which of its fields are exact (read from the interpreter at a
// checkpoint for this very step) and which are carried forward from an earlier checkpoint.

import type { ViewCache } from './view';

/** 2: object columns as runs; reprs, referents and pre-existing objects listed sparsely;
 *  3: the names of referents (labelSets) and why an object is not an ordinary allocation (cache) */
export const SNAPSHOT_VERSION = 3;

/** referents named per object: past the first LABEL_CAP referents of an object, none are */
export const LABEL_CAP = 256;

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
 * A column of numbers as arithmetic runs, flat triples (first, step, length): the values of a run
 * are first, first + step, ..., length of them. A million strs allocated one after the other in a
 * list are a handful of runs, so a snapshot stays small to build, to keep and to send; the helpers
 * below expand a column or read one value.
 */
export type Runs = number[];

/** builds a Runs column value by value */
export class RunsBuilder {
  readonly runs: Runs = [];
  private first = 0;
  private step = 0;
  private length = 0;
  private last = 0;

  push(v: number): void {
    const n = this.length;
    if (n > 1 && v - this.last === this.step) { this.length = n + 1; this.last = v; return; }
    if (n === 1) { this.step = v - this.first; this.length = 2; this.last = v; return; }
    if (n) this.runs.push(this.first, this.step, n);
    this.first = v;
    this.step = 0;
    this.length = 1;
    this.last = v;
  }

  finish(): Runs {
    if (this.length) this.runs.push(this.first, this.step, this.length);
    this.length = 0;
    return this.runs;
  }
}

/** every value of a Runs column */
export function expandRuns(r: Runs): number[] {
  let n = 0;
  for (let k = 2; k < r.length; k += 3) n += r[k];
  const out = new Array<number>(n);
  let i = 0;
  for (let k = 0; k < r.length; k += 3) {
    const first = r[k], step = r[k + 1], len = r[k + 2];
    for (let j = 0; j < len; j++) out[i++] = first + j * step;
  }
  return out;
}

/** value i of a Runs column (undefined past its end) */
export function runAt(r: Runs, i: number): number | undefined {
  for (let k = 0; k < r.length; k += 3) {
    const len = r[k + 2];
    if (i < len) return r[k] + i * r[k + 1];
    i -= len;
  }
  return undefined;
}

/**
 * The live objects, column by column (index i describes one object, in allocation order), each
 * column as runs. What only some objects have (a recorded repr, referents, being pre-existing) is
 * listed sparsely, by ascending index.
 */
export interface SnapshotObjects {
  count: number;
  /** id() */
  id: Runs;
  /** index into typeNames */
  type: Runs;
  typeNames: string[];
  /** sys.getsizeof() */
  size: Runs;
  /** ob_refcnt; -1 when not known at this step; immortal objects report 2**50 */
  refcnt: Runs;
  /** GC generation 0..2, 3 for the permanent generation (gc.freeze), -1 untracked, -2 not known */
  gen: Runs;
  /** short reprs: object reprs.index[k] has reprs.text[k]; the others have none recorded */
  reprs: { index: number[]; text: string[] };
  /** referents (tp_traverse): object refs.index[k] refers to the ids at positions
   *  refs.start[k] .. refs.start[k + 1] - 1 of refs.ids; the others refer to nothing known */
  refs: {
    index: number[]; start: number[]; ids: Runs;
    /** aligned with index: the object's names for its referents, an index into labelSets, or -1
     *  (a list's or tuple's referents are its items in order, a set's are unnamed) */
    labels: number[];
  };
  labelSets: SnapshotLabelSet[];
  /** the objects that are statically allocated or were created before the trace began (not from
   *  the program's heap) */
  preexisting: number[];
  /** why an object is not an ordinary heap allocation of the program: object cache.index[k] is
   *  cache.kind[k] (a pre-existing object that is none of the caches is 'preexisting') */
  cache: { index: number[]; kind: ViewCache[] };
}

/** How the names of an object's referents read (see SnapshotObjects.refs.labels). */
export type LabelKind =
  /** names[i] names referent i: an attribute, a slot, a field ('__class__', '__closure__',
   *  '__dict__'), a closure cell's variable */
  | 'names'
  /** a dict whose keys are all str (tp_traverse visits only its values): names[i] is the key of
   *  value i, as a str (not its repr) */
  | 'str-keys'
  /** the same, for the __dict__ of an instance or a function: its keys are attribute names */
  | 'attrs'
  /** a dict with other keys, whose referents are value, key, value, key, ...: names[2k] is the
   *  repr of key k, names[2k + 1] is null */
  | 'pairs';

/** The names of the referents of one or more objects (the instances of a class share theirs). */
export interface SnapshotLabelSet {
  kind: LabelKind;
  /** aligned with the object's referents, at most LABEL_CAP of them; null: nothing known */
  names: (string | null)[];
}

/** the numeric columns of a snapshot's objects, expanded */
export interface ObjectColumns {
  id: number[];
  type: number[];
  size: number[];
  refcnt: number[];
  gen: number[];
}

export function objectColumns(s: MemorySnapshot): ObjectColumns {
  const o = s.objects;
  return { id: expandRuns(o.id), type: expandRuns(o.type), size: expandRuns(o.size), refcnt: expandRuns(o.refcnt), gen: expandRuns(o.gen) };
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

/** where i is in an ascending index list, or -1 */
function find(index: number[], i: number): number {
  let lo = 0, hi = index.length - 1;
  while (lo <= hi) {
    const m = (lo + hi) >> 1;
    if (index[m] === i) return m;
    if (index[m] < i) lo = m + 1; else hi = m - 1;
  }
  return -1;
}

/** the recorded short repr of object i, or null */
export function reprAt(s: MemorySnapshot, i: number): string | null {
  const k = find(s.objects.reprs.index, i);
  return k < 0 ? null : s.objects.reprs.text[k];
}

/** the ids object i refers to */
export function refsAt(s: MemorySnapshot, i: number): number[] {
  const r = s.objects.refs;
  const k = find(r.index, i);
  if (k < 0) return [];
  const out: number[] = [];
  for (let q = r.start[k]; q < r.start[k + 1]; q++) out.push(runAt(r.ids, q)!);
  return out;
}

/** the names of object i's referents, or null */
export function labelsAt(s: MemorySnapshot, i: number): SnapshotLabelSet | null {
  const r = s.objects.refs;
  const k = find(r.index, i);
  return k < 0 || r.labels[k] < 0 ? null : s.objects.labelSets[r.labels[k]];
}

/** the cache classification of object i, or null */
export function cacheAt(s: MemorySnapshot, i: number): ViewCache | null {
  const k = find(s.objects.cache.index, i);
  return k < 0 ? null : s.objects.cache.kind[k];
}

/** id → index in s.objects */
export function objectIndex(s: MemorySnapshot): Map<number, number> {
  const m = new Map<number, number>();
  const ids = expandRuns(s.objects.id);
  for (let i = 0; i < ids.length; i++) m.set(ids[i], i);
  return m;
}

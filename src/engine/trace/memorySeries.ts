// Memory over time: the allocator's figures at every step of a recorded run, and a bounded
// series of them for a chart.
//
// What is kept (HeapLog, written by the recorder as the run goes): per state, read from the
// interpreter at the moment the trace reads that state (its checkpoint's moment when it takes one,
// else its line event), the bytes in pymalloc blocks in use, the bytes of the C heap's chunks in
// use (raw malloc: requests over 512 bytes, and the interpreter's own), sys.getallocatedblocks(),
// the arenas allocated now, and the arenas allocated ever (so that an arena mapped and another
// released at one step are both seen). The allocator keeps these as counters (Obmalloc.
// pymallocBytes, RawHeap.inUseBytes), so a sample costs the same whatever the heap's size. They
// are stored as varint deltas from the state before (a few bytes per step), with the absolute
// values every INDEX_EVERY states, from which a scan can start anywhere. And per collection of
// the cyclic collector: the state of the first sample that includes its effect, its generation,
// whether gc.collect() started it, and the objects it collected.
//
// At a state where the trace took a checkpoint, the figures are those of the step view's heap
// summary (both are read at the same moment, from the same allocator); between sparse
// checkpoints the view rebuilds its heap from the last checkpoint and the alloc/free log, while
// these are still read from the interpreter.
//
// memorySeries reads the states from..to in one pass and folds them into at most `maxBuckets`
// buckets of consecutive states, each with the minimum and the maximum of every figure (so that a
// spike of one step survives any zoom), which of the two came first, and the collections and
// arena changes in it.

import { ByteReader, ByteWriter, Column } from './bytes';

/** the figures logged per state, in this order */
export const HEAP_FIGURES = ['pymallocBytes', 'rawBytes', 'allocatedBlocks', 'arenas'] as const;
export type HeapFigure = (typeof HEAP_FIGURES)[number];
/** the logged columns: the figures, then the arenas allocated ever */
const COLS = 5;
const ARENAS = 3, ARENAS_EVER = 4;
/** absolute values are kept every this many states */
const INDEX_EVERY = 256;

/** one bucket's extremes of one figure */
export interface SeriesFigure {
  /** per bucket: the least and the greatest value of the figure over the bucket's states */
  min: number[];
  max: number[];
  /** per bucket: 1 when the minimum came first (at a state before the maximum's), else 0 */
  minFirst: number[];
}

/** Something that happened at a step, for a mark on the chart. */
export interface MemoryMark {
  /** the first step whose figures include it (in a bucket of several steps: the first of them) */
  step: number;
  /** 'gc': the collector ran at the thresholds (or at the interpreter's exit); 'gc-manual':
   *  gc.collect(); 'arena-mapped' / 'arena-released': pymalloc allocated or freed arenas */
  kind: 'gc' | 'gc-manual' | 'arena-mapped' | 'arena-released';
  /** how many times in the bucket (collections, arenas) */
  count: number;
  /** for collections: the oldest generation collected, and the objects collected in all */
  generation?: number;
  collected?: number;
}

/** The figures of steps from..to folded into buckets of `stride` consecutive steps. */
export interface MemorySeries {
  /** the steps covered (inclusive) */
  from: number;
  to: number;
  /** steps per bucket (1: one bucket per step, the values themselves); the last may be shorter */
  stride: number;
  /** per bucket: its first and last step */
  start: number[];
  end: number[];
  pymallocBytes: SeriesFigure;
  rawBytes: SeriesFigure;
  allocatedBlocks: SeriesFigure;
  arenas: SeriesFigure;
  /** in step order; at most one mark of each kind per bucket */
  marks: MemoryMark[];
  /** pymalloc's arena size, for the labels (bytes) */
  arenaSize: number;
  totalSteps: number;
}

/** the figures at one step */
export type HeapFigures = Record<HeapFigure, number>;

/** what the recorder reads from the interpreter per state (the allocator's counters) */
export interface HeapCounters {
  pymallocBytes: number;
  rawBytes: number;
  allocatedBlocks: number;
  arenas: number;
  arenasEver: number;
}

/** The per-state log of the allocator's figures, and the collections (see the top of the file). */
export class HeapLog {
  private readonly w = new ByteWriter();
  private readonly last = new Float64Array(COLS);
  /** states logged */
  private n = 0;
  /** per INDEX_EVERY states: the byte offset of the entry of state k * INDEX_EVERY, and the values
   *  before it (COLS per entry) */
  private readonly idxPos = new Column(Float64Array, 64);
  private readonly idxVals = new Column(Float64Array, 64 * COLS);
  // the collections
  private readonly gcStep = new Column(Uint32Array, 64);
  /** generation | 4 when gc.collect() started it */
  private readonly gcKind = new Column(Uint8Array, 64);
  private readonly gcCollected = new Column(Uint32Array, 64);

  /** states logged so far (the next state to log) */
  get states(): number {
    return this.n;
  }

  /** the figures of the next state */
  push(c: HeapCounters): void {
    this.pushFigures(c.pymallocBytes, c.rawBytes, c.allocatedBlocks, c.arenas, c.arenasEver);
  }

  /** push() without an object per state (the recorder's hot path) */
  pushFigures(pymallocBytes: number, rawBytes: number, allocatedBlocks: number, arenas: number, arenasEver: number): void {
    const last = this.last;
    if (this.n % INDEX_EVERY === 0) {
      this.idxPos.push(this.w.pos);
      for (let k = 0; k < COLS; k++) this.idxVals.push(last[k]);
    }
    const w = this.w;
    w.s(pymallocBytes - last[0]); last[0] = pymallocBytes;
    w.s(rawBytes - last[1]); last[1] = rawBytes;
    w.s(allocatedBlocks - last[2]); last[2] = allocatedBlocks;
    w.s(arenas - last[3]); last[3] = arenas;
    w.s(arenasEver - last[4]); last[4] = arenasEver;
    this.n++;
  }

  /** a collection ended; its effect is in the figures of the next state logged */
  collection(generation: number, manual: boolean, collected: number): void {
    this.gcStep.push(this.n);
    this.gcKind.push((generation & 3) | (manual ? 4 : 0));
    this.gcCollected.push(collected);
  }

  /** bytes used by the log */
  get bytes(): number {
    return this.w.pos + this.idxPos.bytes + this.idxVals.bytes + this.gcStep.bytes + this.gcKind.bytes + this.gcCollected.bytes;
  }

  /** the figures at `step` (0 ≤ step < states) */
  at(step: number): HeapFigures {
    const out: HeapFigures[] = [];
    this.scan(step, step, (_s, v) => { out.push({ pymallocBytes: v[0], rawBytes: v[1], allocatedBlocks: v[2], arenas: v[3] }); });
    if (!out.length) throw new RangeError(`step ${step} is not logged`);
    return out[0];
  }

  /** calls fn(state, values) for every state from..to (clamped to those logged), in order; the
   *  values (a reused array: the COLS columns) are those of that state */
  scan(from: number, to: number, fn: (state: number, v: Float64Array) => void): void {
    const hi = Math.min(to, this.n - 1);
    const lo = Math.max(0, from);
    if (lo > hi) return;
    const k = Math.floor(lo / INDEX_EVERY);
    const v = this.idxVals.a.slice(k * COLS, k * COLS + COLS);
    const r = new ByteReader(this.w.buf, this.idxPos.a[k]);
    for (let s = k * INDEX_EVERY; s <= hi; s++) {
      v[0] += r.s(); v[1] += r.s(); v[2] += r.s(); v[3] += r.s(); v[4] += r.s();
      if (s >= lo) fn(s, v);
    }
  }

  /** the collections whose mark falls in from..to: index range into the gc columns */
  private gcRange(from: number, to: number): [number, number] {
    const a = this.gcStep.a, n = this.gcStep.length;
    let lo = 0, hi = n;
    while (lo < hi) { const m = (lo + hi) >> 1; if (a[m] < from) lo = m + 1; else hi = m; }
    let e = lo;
    while (e < n && a[e] <= to) e++;
    return [lo, e];
  }

  /** the collections at steps from..to, in order */
  collections(from: number, to: number): { step: number; generation: number; manual: boolean; collected: number }[] {
    const [a, b] = this.gcRange(from, to);
    const out = [];
    for (let i = a; i < b; i++) {
      const k = this.gcKind.a[i];
      out.push({ step: this.gcStep.a[i], generation: k & 3, manual: (k & 4) !== 0, collected: this.gcCollected.a[i] });
    }
    return out;
  }

  /**
   * The figures of steps from..to (clamped to the states logged) in at most maxBuckets buckets of
   * equal length (the last one may be shorter): one pass over the log of those states.
   */
  series(from: number, to: number, maxBuckets: number, arenaSize: number): MemorySeries {
    const total = Math.max(0, this.n - 1);
    const lo = Math.max(0, Math.min(Math.floor(from) || 0, total));
    const hi = Math.max(lo, Math.min(Math.floor(to) || 0, total));
    const span = hi - lo + 1;
    const buckets = Math.max(1, Math.min(Math.floor(maxBuckets) || 1, span));
    const stride = Math.ceil(span / buckets);
    const nb = Math.ceil(span / stride);
    const start: number[] = new Array(nb), end: number[] = new Array(nb);
    const figs = HEAP_FIGURES.map(() => ({ min: new Array<number>(nb), max: new Array<number>(nb), minFirst: new Array<number>(nb) }));
    const marks: MemoryMark[] = [];
    const nf = HEAP_FIGURES.length;
    const mn = new Float64Array(nf), mx = new Float64Array(nf), mnAt = new Float64Array(nf), mxAt = new Float64Array(nf);
    let b = -1, bStart = 0;
    let prevArenas = -1, prevEver = -1;
    let mapped = 0, mappedAt = -1, released = 0, releasedAt = -1;
    // the state before `lo`, for the arena changes at lo
    if (lo > 0) this.scan(lo - 1, lo - 1, (_s, v) => { prevArenas = v[ARENAS]; prevEver = v[ARENAS_EVER]; });
    const closeArenas = (): void => {
      if (mapped) marks.push({ step: mappedAt, kind: 'arena-mapped', count: mapped });
      if (released) marks.push({ step: releasedAt, kind: 'arena-released', count: released });
      mapped = released = 0;
    };
    const close = (): void => {
      for (let k = 0; k < nf; k++) {
        figs[k].min[b] = mn[k];
        figs[k].max[b] = mx[k];
        figs[k].minFirst[b] = mnAt[k] <= mxAt[k] ? 1 : 0;
      }
    };
    this.scan(lo, hi, (s, v) => {
      if (s - bStart >= stride || b < 0) {
        if (b >= 0) { close(); closeArenas(); }
        b++;
        bStart = s;
        start[b] = s;
        for (let k = 0; k < nf; k++) { mn[k] = mx[k] = v[k]; mnAt[k] = mxAt[k] = s; }
      } else {
        for (let k = 0; k < nf; k++) {
          const x = v[k];
          if (x < mn[k]) { mn[k] = x; mnAt[k] = s; }
          if (x > mx[k]) { mx[k] = x; mxAt[k] = s; }
        }
      }
      end[b] = s;
      if (prevEver >= 0) {
        const m = v[ARENAS_EVER] - prevEver;
        const r = m - (v[ARENAS] - prevArenas);
        if (m > 0) { if (!mapped) mappedAt = s; mapped += m; }
        if (r > 0) { if (!released) releasedAt = s; released += r; }
      }
      prevArenas = v[ARENAS];
      prevEver = v[ARENAS_EVER];
    });
    if (b >= 0) { close(); closeArenas(); }
    // the collections, one mark per kind per bucket
    const [ga, gb] = this.gcRange(lo, hi);
    let cur: MemoryMark | null = null, curMan: MemoryMark | null = null, curB = -1;
    for (let i = ga; i < gb; i++) {
      const step = this.gcStep.a[i], kind = this.gcKind.a[i];
      const bi = Math.floor((step - lo) / stride);
      if (bi !== curB) { cur = curMan = null; curB = bi; }
      const manual = (kind & 4) !== 0, gen = kind & 3, collected = this.gcCollected.a[i];
      const m = manual ? curMan : cur;
      if (m) {
        m.count++;
        m.generation = Math.max(m.generation ?? 0, gen);
        m.collected = (m.collected ?? 0) + collected;
      } else {
        const made: MemoryMark = { step, kind: manual ? 'gc-manual' : 'gc', count: 1, generation: gen, collected };
        marks.push(made);
        if (manual) curMan = made; else cur = made;
      }
    }
    marks.sort((x, y) => x.step - y.step);
    const [pymallocBytes, rawBytes, allocatedBlocks, arenas] = figs;
    return {
      from: lo, to: hi, stride, start, end, pymallocBytes, rawBytes, allocatedBlocks, arenas, marks, arenaSize, totalSteps: total,
    };
  }
}

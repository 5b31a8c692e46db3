// What the memory panel's allocator map draws at one step: pymalloc's arenas with their pools
// (size class and blocks in use of each), the raw malloc'd chunks (requests over 512 bytes), the
// size-class table of sys._debugmallocstats(), what changed since the previous step (blocks
// allocated and freed, arenas mapped and given back), and, asked for one pool, that pool's blocks
// with the free list's order and the object that owns each block.
//
// The size of a map is bounded whatever the run: a pool is two numbers (its blocks are counted, not
// listed), raw chunks and changed pools are listed up to ALLOC_MAP_LIMITS, and the blocks of one
// pool (at most a pool's worth, ~1,000) only when that pool is asked for.
//
// Pure data and pure functions over a trace; computed in the simulation worker.

import { OBMALLOC_PROFILES } from '../memory/obmalloc';
import { getProfile } from '../profiles';
import type { PyVersion } from '../versions';
import type { TraceRecorder } from './recorder';
import type { SnapshotHeap } from './snapshot';

/** What to show of the allocator at a step. */
export interface AllocMapQuery {
  step: number;
  /** the address of a pool whose blocks to list (AllocMapView.pool), if any */
  pool?: number | null;
}

/** An arena in use. */
export interface AllocMapArena {
  /** its index in CPython's `arenas` vector */
  index: number;
  address: number;
  ntotalpools: number;
  nfreepools: number;
  /** the pools carved so far, by address (pool k is at the arena's first pool address + k *
   *  poolSize): the size class of each (-1: carved, never given a size class) */
  szidx: number[];
  /** blocks in use in each carved pool (0: an empty pool, on the arena's freepools list) */
  count: number[];
  /** mapped by the line that ran into this step */
  isNew: boolean;
}

/** A raw malloc'd chunk: a request over SMALL_REQUEST_THRESHOLD bytes. */
export interface AllocMapRaw {
  address: number;
  size: number;
  /** allocated by the line that ran into this step */
  isNew: boolean;
}

/** One line of sys._debugmallocstats()'s table: a size class with a pool in use. */
export interface SizeClassRow {
  szidx: number;
  /** INDEX2SIZE(szidx): the block size */
  size: number;
  /** pools of the class with a block in use */
  numPools: number;
  blocksInUse: number;
  /** blocks of those pools not in use */
  availBlocks: number;
}

/** The blocks of a pool allocated and freed by the line that ran into this step, as bitmaps (the
 *  same hex digits as AllocMapPool.bitmap; '' when none). */
export interface AllocMapPoolChange {
  address: number;
  allocated: string;
  freed: string;
}

/** The pools whose blocks changed at this step, column by column: address[i] had allocated[i]
 *  blocks allocated and freed[i] freed by the line that ran into the step. */
export interface AllocMapChanges {
  address: number[];
  allocated: number[];
  freed: number[];
}

/** What occupies a block of the pool shown. */
export interface AllocMapOwner {
  /** block number in its pool */
  block: number;
  /** id() of the object; for a buffer, of the object that owns it (0: not known) */
  id: number;
  /** the object's type (the owner's for a buffer) */
  type: string;
  /** bytes asked of the allocator for the block */
  request: number;
  /** the block holds a buffer of its owner (a list's items, a dict's keys), not the object */
  buffer: boolean;
  /** id() minus the block's address: the GC header or pre-header before the object (0 for a
   *  buffer and for an object without one) */
  offset: number;
}

/** A pool and its blocks (AllocMapQuery.pool). */
export interface AllocMapPool {
  address: number;
  arenaIndex: number;
  szidx: number;
  blockSize: number;
  nblocks: number;
  /** ref.count */
  count: number;
  state: 'used' | 'full' | 'empty';
  /** blocks in use, as hex digits of 4 blocks each (bit 0 = lowest block) */
  bitmap: string;
  /** its blocks allocated and freed at this step (bitmaps as `bitmap`, '' when none) */
  allocatedNow: string;
  freedNow: string;
  /** blocks carved so far: (nextoffset - POOL_OVERHEAD) / size; the blocks from here on were never
   *  handed out */
  carved: number;
  /** nextoffset and maxnextoffset of the pool header (bytes from the pool's address) */
  nextoffset: number;
  maxnextoffset: number;
  /** carved, nextoffset and freeList were read from the interpreter at this step; when false,
   *  carved is the checkpoint's or the highest block in use + 1 (an estimate) */
  carvedExact: boolean;
  /** the freeblock list, head first (the next block malloc hands out first); null when not known
   *  at this step (a step between two checkpoints, or a list too long to record) */
  freeList: number[] | null;
  /** the blocks whose occupant the trace knows, by block number */
  owners: AllocMapOwner[];
}

/** What the allocator map draws at one step. */
export interface AllocMapView {
  pythonVersion: string;
  step: number;
  /** the pools' blocks were read from the interpreter at this step (a checkpoint); when false,
   *  they are the last checkpoint's with the program's own allocations since applied (the
   *  interpreter's other blocks since then are not known) */
  exact: boolean;
  /** the version's sizes: POOL_SIZE, ARENA_SIZE, POOL_OVERHEAD (the pool header), ALIGNMENT (the
   *  size classes' step) and SMALL_REQUEST_THRESHOLD */
  poolSize: number;
  arenaSize: number;
  poolOverhead: number;
  alignment: number;
  smallRequestThreshold: number;
  /** sizeof(PyGC_Head), and the managed pre-header (3.11+; 0 before): what lies before id() in a
   *  block */
  gcHeadSize: number;
  preHeaderSize: number;
  arenas: AllocMapArena[];
  /** arenas given back to the system by the line that ran into this step */
  freedArenas: { index: number; address: number }[];
  /** raw chunks in use, by address (at most ALLOC_MAP_LIMITS.raw; rawTotal counts them all) */
  raw: AllocMapRaw[];
  rawTotal: { count: number; bytes: number };
  /** raw chunks freed by the line that ran into this step */
  rawFreed: { count: number; bytes: number };
  /** sys._debugmallocstats()'s table of the program's heap */
  sizeClasses: SizeClassRow[];
  /** pools whose blocks changed at this step (at most ALLOC_MAP_LIMITS.changes; changedPools
   *  counts them all) */
  changes: AllocMapChanges;
  changedPools: number;
  /** the pool asked for, or null (not asked for, or no longer carved) */
  pool: AllocMapPool | null;
}

export const ALLOC_MAP_LIMITS = { raw: 2_000, changes: 10_000 } as const;

type HeapAt = ReturnType<TraceRecorder['heapAt']>;

/** the heaps of the steps last rebuilt, per trace (a step's map needs the step before too; the
 *  next step's needs this one; a pool asked for needs its step's again) */
const heaps = new WeakMap<TraceRecorder, { steps: number; byStep: Map<number, HeapAt> }>();
const HEAPS_KEPT = 4;

function heapAt(rec: TraceRecorder, step: number): HeapAt {
  let c = heaps.get(rec);
  if (!c || c.steps !== rec.steps) { c = { steps: rec.steps, byStep: new Map() }; heaps.set(rec, c); }
  const N = Math.max(0, Math.min(Math.floor(step), rec.steps));
  let h = c.byStep.get(N);
  if (h) { c.byStep.delete(N); c.byStep.set(N, h); return h; }
  h = rec.heapAt(N);
  c.byStep.set(N, h);
  while (c.byStep.size > HEAPS_KEPT) c.byStep.delete(c.byStep.keys().next().value!);
  return h;
}

/** the allocator map of query.step of a trace */
export function allocMapView(rec: TraceRecorder, query: AllocMapQuery): AllocMapView {
  const now = heapAt(rec, query.step);
  const N = now.step;
  const before = N > 0 ? heapAt(rec, N - 1).heap : null;
  const version = rec.rt.version as PyVersion;
  const ob = OBMALLOC_PROFILES[version];
  const profile = getProfile(version);
  const heap = now.heap;

  const prevArenas = new Set<string>();
  if (before) for (const a of before.arenas) prevArenas.add(`${a.index}:${a.address}`);
  const nowArenas = new Set<string>();
  const arenas: AllocMapArena[] = heap.arenas.map((a) => {
    const key = `${a.index}:${a.address}`;
    nowArenas.add(key);
    return {
      index: a.index, address: a.address, ntotalpools: a.ntotalpools, nfreepools: a.nfreepools,
      szidx: a.pools.map((p) => (p.blockSize ? p.szidx : -1)), count: a.pools.map((p) => p.count),
      isNew: before !== null && !prevArenas.has(key),
    };
  });
  const freedArenas = before ? before.arenas.filter((a) => !nowArenas.has(`${a.index}:${a.address}`)).map((a) => ({ index: a.index, address: a.address })) : [];

  // raw chunks
  const prevRaw = new Map<number, number>();
  if (before) for (const c of before.raw) prevRaw.set(c.address, c.size);
  let rawBytes = 0;
  const raw: AllocMapRaw[] = [];
  const nowRaw = new Set<number>();
  for (const c of heap.raw) {
    rawBytes += c.size;
    nowRaw.add(c.address);
    if (raw.length < ALLOC_MAP_LIMITS.raw) raw.push({ address: c.address, size: c.size, isNew: before !== null && prevRaw.get(c.address) !== c.size });
  }
  const rawFreed = { count: 0, bytes: 0 };
  for (const [address, size] of prevRaw) if (!nowRaw.has(address)) { rawFreed.count++; rawFreed.bytes += size; }

  const diff = before ? poolChanges(before, heap) : [];
  const changes: AllocMapChanges = { address: [], allocated: [], freed: [] };
  for (const c of diff) {
    if (changes.address.length >= ALLOC_MAP_LIMITS.changes) break;
    changes.address.push(c.address);
    changes.allocated.push(countBits(c.allocated));
    changes.freed.push(countBits(c.freed));
  }
  const poolChange = query.pool != null ? diff.find((c) => c.address === query.pool) : undefined;

  return {
    pythonVersion: version,
    step: N,
    exact: now.exact,
    poolSize: heap.poolSize || ob.POOL_SIZE,
    arenaSize: heap.arenaSize || ob.ARENA_SIZE,
    poolOverhead: ob.POOL_OVERHEAD,
    alignment: ob.ALIGNMENT,
    smallRequestThreshold: ob.SMALL_REQUEST_THRESHOLD,
    gcHeadSize: profile.gcHeadSize,
    preHeaderSize: profile.managedPreHeaderSize,
    arenas,
    freedArenas,
    raw,
    rawTotal: { count: heap.raw.length, bytes: rawBytes },
    rawFreed,
    sizeClasses: sizeClassTable(heap, ob.ALIGNMENT),
    changes,
    changedPools: diff.length,
    pool: query.pool != null ? poolDetail(rec, now, query.pool, ob.POOL_OVERHEAD, poolChange) : null,
  };
}

/** sys._debugmallocstats()'s size-class table of a heap: per size class with a pool in use, the
 *  pools in use, their blocks in use and the blocks still available in them (the "currently
 *  unused" pools, ref.count 0, are not counted, as _PyObject_DebugMallocStats skips them) */
export function sizeClassTable(heap: SnapshotHeap, alignment = 16): SizeClassRow[] {
  const rows = new Map<number, SizeClassRow>();
  for (const a of heap.arenas) {
    for (const p of a.pools) {
      if (!p.blockSize || p.count === 0) continue;
      let r = rows.get(p.szidx);
      if (!r) { r = { szidx: p.szidx, size: (p.szidx + 1) * alignment, numPools: 0, blocksInUse: 0, availBlocks: 0 }; rows.set(p.szidx, r); }
      r.numPools++;
      r.blocksInUse += p.count;
      r.availBlocks += p.nblocks - p.count;
    }
  }
  return [...rows.values()].sort((x, y) => x.szidx - y.szidx);
}

const HEX = '0123456789abcdef';

/** the pools whose blocks differ between two heaps: blocks in use now and not before, and the
 *  reverse (a pool carved since, or given another size class, counts only what it has now) */
export function poolChanges(before: SnapshotHeap, now: SnapshotHeap): AllocMapPoolChange[] {
  const prev = new Map<number, { szidx: number; bitmap: string; count: number }>();
  for (const a of before.arenas) for (const p of a.pools) prev.set(p.address, p);
  const changes: AllocMapPoolChange[] = [];
  const seen = new Set<number>();
  const push = (c: AllocMapPoolChange): void => { changes.push(c); };
  for (const a of now.arenas) {
    for (const p of a.pools) {
      seen.add(p.address);
      const q = prev.get(p.address);
      const nowBits = p.count ? p.bitmap : '';
      const beforeBits = q && q.count && q.szidx === p.szidx ? q.bitmap : '';
      if (nowBits === beforeBits) continue;
      const allocated = diffHex(nowBits, beforeBits);
      const freed = diffHex(beforeBits, nowBits);
      if (!allocated && !freed) continue;
      push({ address: p.address, allocated, freed });
    }
  }
  // pools no longer carved (their arena was given back): everything in them was freed
  for (const [address, q] of prev) {
    if (seen.has(address) || !q.count) continue;
    push({ address, allocated: '', freed: q.bitmap });
  }
  return changes;
}

/** blocks set in a bitmap of hex digits */
function countBits(hex: string): number {
  let n = 0;
  for (let i = 0; i < hex.length; i++) {
    let v = parseInt(hex[i], 16);
    while (v) { n += v & 1; v >>= 1; }
  }
  return n;
}

/** the bits of a that are not in b, as hex digits ('' when none) */
function diffHex(a: string, b: string): string {
  let out = '';
  let any = false;
  for (let i = 0; i < a.length; i++) {
    const v = parseInt(a[i], 16) & ~(i < b.length ? parseInt(b[i], 16) : 0);
    if (v) any = true;
    out += HEX[v];
  }
  return any ? out : '';
}

function poolDetail(rec: TraceRecorder, now: HeapAt, address: number, overhead: number, change: AllocMapPoolChange | undefined): AllocMapPool | null {
  const heap = now.heap;
  for (const a of heap.arenas) {
    const p = a.pools.find((x) => x.address === address);
    if (!p) continue;
    const bs = p.blockSize;
    let maxUsed = -1;
    for (let i = 0; i < p.bitmap.length; i++) {
      const v = parseInt(p.bitmap[i], 16);
      if (v) maxUsed = i * 4 + (v & 8 ? 3 : v & 4 ? 2 : v & 2 ? 1 : 0);
    }
    const rec0 = now.checkpointPools.get(address);
    const sameClass = rec0 !== undefined && rec0.szidx === p.szidx && rec0.count > 0;
    const exact = now.exact && sameClass && rec0.carved !== undefined;
    let carved = exact ? rec0!.carved! : Math.max(sameClass && rec0!.carved !== undefined ? rec0!.carved! : 0, maxUsed + 1);
    if (p.count === 0) carved = 0;
    carved = Math.min(carved, p.nblocks);
    const freeList = exact && p.count > 0 ? rec0!.free ?? null : null;
    const owners: AllocMapOwner[] = [];
    if (bs) {
      for (const o of rec.blockOwners(now.step, address, address + heap.poolSize)) {
        const off = o.block - address - overhead;
        if (off < 0 || off % bs !== 0) continue;
        owners.push({ block: off / bs, id: o.id, type: o.type, request: o.request, buffer: o.buffer, offset: o.buffer ? 0 : o.id - o.block });
      }
    }
    return {
      address, arenaIndex: a.index, szidx: p.blockSize ? p.szidx : -1, blockSize: bs, nblocks: p.nblocks, count: p.count,
      state: p.state, bitmap: p.bitmap, allocatedNow: change?.allocated ?? '', freedNow: change?.freed ?? '', carved,
      nextoffset: overhead + carved * bs, maxnextoffset: heap.poolSize - bs,
      carvedExact: exact, freeList, owners,
    };
  }
  return null;
}

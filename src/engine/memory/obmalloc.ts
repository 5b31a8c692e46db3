// pymalloc, CPython's small-object allocator: Objects/obmalloc.c (3.8-3.11) and, from 3.12, its
// constants and structs in Include/internal/pycore_obmalloc.h. Requests of 1..512 bytes are served from
// 16-byte-granular size classes in pools (one size class per pool) carved out of mmap'ed arenas;
// everything else falls through to the C heap (rawmalloc.ts), exactly as _PyObject_Malloc does.
//
// The data structures are CPython's, laid out in typed arrays so that malloc/free allocate nothing:
//   - a pool is a slot number. Slots 0..NB_SMALL_SIZE_CLASSES-1 are the fake pool headers that make up
//     `usedpools` (the PTA(x) trick, 3.8.0 obmalloc.c:1099-1102): usedpools[szidx]'s nextpool/prevpool are
//     those of slot szidx. Real pools are NB_SMALL_SIZE_CLASSES + arenaindex * MAX_POOLS_IN_ARENA + k,
//     k being the pool's position in its arena.
//   - struct pool_header fields (3.8.0 obmalloc.c:936-945; 3.12.0 pycore_obmalloc.h:254-263) are the
//     arrays ref_count, freeblock, nextpool, prevpool, arenaindex, szidx, nextoffset, maxnextoffset.
//     freeblock holds a block number (-1 is NULL); the "next" pointer CPython stores in the first word of
//     a free block lives in blocknext[pool * blockStride + block].
//   - struct arena_object (3.8.0 :951-976; 3.12.0 pycore_obmalloc.h:269-297) fields are the arena_*
//     arrays, indexed by arenaindex, with nextarena/prevarena as arena indices (-1 is NULL).
//
// Version differences are data: ObmallocProfile / OBMALLOC_PROFILES below.

import type { PyVersion } from '../versions';
import { NoMemoryError } from '../errors';
import { MMAP_FLOOR, MMAP_TOP, RawHeap, MmapSpace, RawChunkInfo } from './rawmalloc';

/** What differs between versions in obmalloc. */
export interface ObmallocProfile {
  /** ALIGNMENT: 16 on 64-bit since 3.8 (3.8.0 obmalloc.c:844-849; 3.12.0 pycore_obmalloc.h:131-136) */
  ALIGNMENT: number;
  ALIGNMENT_SHIFT: number;
  /** 3.8.0 obmalloc.c:870; 3.12.0 pycore_obmalloc.h:157 */
  SMALL_REQUEST_THRESHOLD: number;
  /** 4 KiB = SYSTEM_PAGE_SIZE (3.8.0 :918, 3.9.0 :920); 1 << POOL_BITS 14 with USE_LARGE_POOLS
   *  (3.10.0 :941-946, 3.11.0 :972-977, 3.12.0 pycore_obmalloc.h:226-230) */
  POOL_SIZE: number;
  /** 256 KiB (3.8.0 :908, 3.9.0 :910); 1 << ARENA_BITS 20 with USE_LARGE_ARENAS (3.10.0 :926-931,
   *  3.11.0 :957-962, 3.12.0 pycore_obmalloc.h:211-215) */
  ARENA_SIZE: number;
  /** sizeof(struct pool_header) rounded up to ALIGNMENT (3.8.0 :991; 3.12.0 pycore_obmalloc.h:309) */
  POOL_OVERHEAD: number;
  /** 3.8.0 :1199; 3.10.0 :1233; 3.12.0 pycore_obmalloc.h:475 */
  INITIAL_ARENA_OBJECTS: number;
  /** sizeof(struct arena_object), for the PyMem_RawRealloc of the `arenas` vector in new_arena */
  SIZEOF_ARENA_OBJECT: number;
  /** insert_to_freepool case 1 requires `ao->nextarena != NULL` (bpo-37257): 3.9.0 :1738,
   *  3.10.0 :2049, 3.12.0 obmalloc.c:1663. 3.8 frees a wholly free arena unconditionally (3.8.0 :1768). */
  keepLastFreeArena: boolean;
  /** WITH_PYMALLOC_RADIX_TREE (3.10+): the arena map, whose node counts _debugmallocstats reports.
   *  Key split: 3.10 ADDRESS_BITS 48 (3.10.0 :1300) -> top 10 / mid 10 / bot 8 bits above ARENA_BITS;
   *  3.11+ ADDRESS_BITS 64 (3.11.0 :1345-1368; 3.12.0 pycore_obmalloc.h:554-577) -> 15 / 15 / 14. */
  radixTree: RadixTreeProfile | null;
}

export interface RadixTreeProfile {
  /** MAP_TOP_SHIFT and MAP_MID_SHIFT */
  topShift: number;
  midShift: number;
  /** MAP_TOP_BITS (== MAP_MID_BITS, INTERIOR_BITS) */
  interiorBits: number;
  /** sizeof(arena_map_root), sizeof(arena_map_mid_t), sizeof(arena_map_bot_t) */
  rootBytes: number;
  midBytes: number;
  botBytes: number;
}

const SMALL_POOLS = {
  ALIGNMENT: 16,
  ALIGNMENT_SHIFT: 4,
  SMALL_REQUEST_THRESHOLD: 512,
  POOL_SIZE: 4 << 10,
  ARENA_SIZE: 256 << 10,
  POOL_OVERHEAD: 48,
  INITIAL_ARENA_OBJECTS: 16,
  SIZEOF_ARENA_OBJECT: 48,
};
const LARGE_POOLS = { ...SMALL_POOLS, POOL_SIZE: 1 << 14, ARENA_SIZE: 1 << 20 };
/** 3.10: ADDRESS_BITS 48, INTERIOR_BITS (48-20+2)/3 = 10, MAP_BOT_BITS 8: nodes of 2^10 * 8, 2^10 * 8, 2^8 * 8 bytes */
const RADIX_48: RadixTreeProfile = { topShift: 38, midShift: 28, interiorBits: 10, rootBytes: 8192, midBytes: 8192, botBytes: 2048 };
/** 3.11+: ADDRESS_BITS 64, INTERIOR_BITS (64-20+2)/3 = 15, MAP_BOT_BITS 14 */
const RADIX_64: RadixTreeProfile = { topShift: 49, midShift: 34, interiorBits: 15, rootBytes: 262144, midBytes: 262144, botBytes: 131072 };

export const OBMALLOC_PROFILES: Record<PyVersion, ObmallocProfile> = {
  '3.8': { ...SMALL_POOLS, keepLastFreeArena: false, radixTree: null },
  '3.9': { ...SMALL_POOLS, keepLastFreeArena: true, radixTree: null },
  '3.10': { ...LARGE_POOLS, keepLastFreeArena: true, radixTree: RADIX_48 },
  '3.11': { ...LARGE_POOLS, keepLastFreeArena: true, radixTree: RADIX_64 },
  '3.12': { ...LARGE_POOLS, keepLastFreeArena: true, radixTree: RADIX_64 },
  '3.13': { ...LARGE_POOLS, keepLastFreeArena: true, radixTree: RADIX_64 },
};

/** size class of a newly carved pool (3.8.0 obmalloc.c:993) */
export const DUMMY_SIZE_IDX = 0xffff;
const NULL = -1;

export interface PoolSnapshot {
  address: number;
  arenaindex: number;
  /** DUMMY_SIZE_IDX for a pool never used */
  szidx: number;
  blockSize: number;
  /** ref.count: blocks in use */
  count: number;
  nextoffset: number;
  maxnextoffset: number;
  /** 'used' (in usedpools), 'full' (in no list) or 'empty' (in the arena's freepools) */
  state: 'used' | 'full' | 'empty';
  /** one entry per block that fits the pool: 1 allocated, 0 free or never carved */
  allocated: Uint8Array;
  /** block numbers on the freeblock list, head first */
  freeblocks: number[];
}

export interface ArenaSnapshot {
  index: number;
  address: number;
  pool_address: number;
  ntotalpools: number;
  nfreepools: number;
  /** pools carved so far, by address */
  pools: PoolSnapshot[];
}

/** an arena in use, for a reader that visits its pools by slot (Obmalloc.arenaViews) */
export interface ArenaView {
  index: number;
  address: number;
  ntotalpools: number;
  nfreepools: number;
  /** slot of its first pool; its carved pools are slots firstSlot .. firstSlot + carved - 1 */
  firstSlot: number;
  carved: number;
}

export interface ObmallocSnapshot {
  POOL_SIZE: number;
  ARENA_SIZE: number;
  arenas: ArenaSnapshot[];
  /** arena indices in usable_arenas order */
  usable_arenas: number[];
  /** per size class, the addresses of the pools in usedpools order (head first) */
  usedpools: number[][];
  raw: RawChunkInfo[];
  allocatedBlocks: number;
}

export class Obmalloc {
  readonly profile: ObmallocProfile;
  /** the C heap: raw requests, the arenas vector, radix-tree nodes, and the mmap space for arenas */
  readonly raw: RawHeap;
  readonly space: MmapSpace;

  private readonly POOL_SIZE: number;
  private readonly ARENA_SIZE: number;
  private readonly POOL_OVERHEAD: number;
  private readonly NB_SMALL_SIZE_CLASSES: number;
  private readonly MAX_POOLS_IN_ARENA: number;
  /** slots of blocknext per pool: NUMBLOCKS(0) */
  private readonly blockStride: number;

  // struct pool_header, per pool slot
  private ref_count!: Int32Array;
  private freeblock!: Int32Array;
  private nextpool!: Int32Array;
  private prevpool!: Int32Array;
  private pool_arenaindex!: Int32Array;
  private szidx!: Int32Array;
  private nextoffset!: Int32Array;
  private maxnextoffset!: Int32Array;
  private pool_addr!: Float64Array;
  private blocknext!: Int32Array;
  /** not in CPython: the value of `mutations` at the pool's last change, so that a reader that
   *  follows the heap (the step trace) visits only the pools changed since it last looked */
  private pool_stamp!: Float64Array;

  // struct arena_object, per arena index
  private maxarenas = 0;
  private arenas_vector = 0; // address of the `arenas` vector in the C heap
  private arena_address!: Float64Array;
  private arena_pool_address!: Float64Array;
  private arena_nfreepools!: Int32Array;
  private arena_ntotalpools!: Int32Array;
  private arena_freepools!: Int32Array;
  private arena_nextarena!: Int32Array;
  private arena_prevarena!: Int32Array;

  private unused_arena_objects = NULL;
  private usable_arenas = NULL;
  /** nfp2lasta[nfp]: the last arena in usable_arenas with nfp free pools (3.8.0 :1193) */
  private readonly nfp2lasta: Int32Array;

  private narenas_currently_allocated = 0;
  private ntimes_arena_allocated = 0;
  private narenas_highwater = 0;
  /** blocks handed out by pymalloc and still in use (the sum of ref.count over all pools) */
  private pymalloc_blocks = 0;
  /** not in CPython: the bytes of those blocks (each one its size class), kept as they change so
   *  that a reader that follows the heap step by step (the step trace) reads it without a walk */
  private pymalloc_bytes = 0;
  /** bumped by every pymalloc malloc and free (with raw.mutations: has the heap changed?) */
  mutations = 0;
  /** raw_allocated_blocks (3.9+); 3.8 counts both in _Py_AllocatedBlocks */
  private raw_allocated_blocks = 0;

  /** pool number relative to MMAP_FLOOR -> pool slot, for carved pools (plays address_in_range) */
  private readonly poolmap = new Map<number, number>();
  /** radix tree nodes created (never freed, as in CPython) */
  private readonly arena_map_mid = new Set<number>();
  private readonly arena_map_bot = new Set<number>();

  constructor(profile: ObmallocProfile, raw?: RawHeap) {
    this.profile = profile;
    this.raw = raw ?? new RawHeap();
    this.space = this.raw.space;
    this.POOL_SIZE = profile.POOL_SIZE;
    this.ARENA_SIZE = profile.ARENA_SIZE;
    this.POOL_OVERHEAD = profile.POOL_OVERHEAD;
    this.NB_SMALL_SIZE_CLASSES = profile.SMALL_REQUEST_THRESHOLD / profile.ALIGNMENT;
    this.MAX_POOLS_IN_ARENA = profile.ARENA_SIZE / profile.POOL_SIZE;
    this.blockStride = Math.floor((profile.POOL_SIZE - profile.POOL_OVERHEAD) / profile.ALIGNMENT);
    this.nfp2lasta = new Int32Array(this.MAX_POOLS_IN_ARENA + 1).fill(NULL);
    this.growPoolArrays(0);
    // usedpools: each list header points to itself when empty
    for (let i = 0; i < this.NB_SMALL_SIZE_CLASSES; i++) {
      this.nextpool[i] = i;
      this.prevpool[i] = i;
    }
  }

  /** INDEX2SIZE (3.8.0 obmalloc.c:853) */
  index2size(i: number): number {
    return (i + 1) << this.profile.ALIGNMENT_SHIFT;
  }

  /** size class of a request of 1..SMALL_REQUEST_THRESHOLD bytes: (nbytes - 1) >> ALIGNMENT_SHIFT */
  sizeClass(nbytes: number): number {
    return (nbytes - 1) >> this.profile.ALIGNMENT_SHIFT;
  }

  /** NUMBLOCKS (3.8.0 :999; 3.12.0 pycore_obmalloc.h:317) */
  numBlocks(i: number): number {
    return Math.floor((this.POOL_SIZE - this.POOL_OVERHEAD) / this.index2size(i));
  }

  // ---------------------------------------------------------------------------------------------
  // PyObject_Malloc / PyObject_Free / PyObject_Realloc

  /** _PyObject_Malloc (3.8.0 :1620; 3.10.0 :1949; 3.12.0 :1561) */
  malloc(nbytes: number): number {
    if (nbytes === 0 || nbytes > this.profile.SMALL_REQUEST_THRESHOLD) {
      this.raw_allocated_blocks++;
      return this.raw.malloc(nbytes === 0 ? 1 : nbytes); // _PyMem_RawMalloc: malloc(0) -> malloc(1)
    }
    // pymalloc_alloc (3.8.0 :1424; 3.10.0 :1901)
    this.mutations++;
    const size = (nbytes - 1) >> this.profile.ALIGNMENT_SHIFT;
    const pool = this.nextpool[size];
    if (pool !== size) {
      // There is a used pool for this size class: pick up the head block of its free list.
      this.pool_stamp[pool] = this.mutations;
      this.ref_count[pool]++;
      this.pymalloc_blocks++;
      this.pymalloc_bytes += (size + 1) << this.profile.ALIGNMENT_SHIFT;
      const bp = this.freeblock[pool];
      const next = this.blocknext[pool * this.blockStride + bp];
      this.freeblock[pool] = next;
      if (next === NULL) this.pymalloc_pool_extend(pool, size);
      return this.pool_addr[pool] + this.POOL_OVERHEAD + bp * ((size + 1) << this.profile.ALIGNMENT_SHIFT);
    }
    const bp = this.allocate_from_new_pool(size);
    if (bp === NULL) {
      // new_arena failed: _PyObject_Malloc falls back to PyMem_RawMalloc, which may still find room
      const p = this.raw.malloc(nbytes);
      this.raw_allocated_blocks++;
      return p;
    }
    this.pymalloc_blocks++;
    this.pymalloc_bytes += (size + 1) << this.profile.ALIGNMENT_SHIFT;
    return bp;
  }

  /** would malloc(nbytes) fail at the memory limit? Only requests for the C heap are answered
   *  (a small one fails only when a new arena and the C heap both fail: answered false) */
  wouldFail(nbytes: number): boolean {
    return nbytes > this.profile.SMALL_REQUEST_THRESHOLD && this.raw.wouldFail(nbytes);
  }

  /** _PyObject_Calloc: same routing as malloc */
  calloc(nelem: number, elsize: number): number {
    return this.malloc(nelem * elsize);
  }

  /** _PyObject_Free (3.8.0 :1888; 3.10.0 :2229; 3.12.0 :1843) */
  free(p: number): void {
    if (p === 0) return;
    const pool = this.poolOf(p);
    if (pool === NULL) {
      this.raw_allocated_blocks--;
      this.raw.free(p);
      return;
    }
    this.pymalloc_free(pool, p);
  }

  /** _PyObject_Realloc + pymalloc_realloc (3.8.0 :1913-1990; 3.10.0 :2254-2330; 3.12.0 :1869-1945) */
  realloc(p: number, nbytes: number): number {
    if (p === 0) return this.malloc(nbytes);
    const pool = this.poolOf(p);
    if (pool === NULL) {
      // pymalloc is not managing this block: let C continue to manage it
      return this.raw.realloc(p, nbytes === 0 ? 1 : nbytes);
    }
    const size = this.index2size(this.szidx[pool]);
    if (nbytes <= size) {
      // The block is staying the same or shrinking: copy on shrink only if at least 25% of size can be shaved off.
      if (4 * nbytes > 3 * size) return p;
    }
    const bp = this.malloc(nbytes);
    this.pymalloc_free(pool, p);
    return bp;
  }

  /** sys.getallocatedblocks(): _Py_GetAllocatedBlocks. 3.8 keeps one counter bumped by _PyObject_Malloc
   *  for pymalloc and raw blocks alike (3.8.0 :1209-1215, :1620-1633); 3.9+ adds raw_allocated_blocks to
   *  the sum of ref.count over the arenas' pools (3.10.0 :1243-1265; 3.12.0 :893-915). Same number. */
  allocatedBlocks(): number {
    return this.pymalloc_blocks + this.raw_allocated_blocks;
  }

  /** not in CPython: the bytes of the pymalloc blocks in use (the sum over the pools of ref.count
   *  times the size class), and the arenas allocated now (narenas_currently_allocated) and ever
   *  (ntimes_arena_allocated): counters, read in constant time */
  get pymallocBytes(): number { return this.pymalloc_bytes; }
  get arenasInUse(): number { return this.narenas_currently_allocated; }
  get arenasAllocatedTotal(): number { return this.ntimes_arena_allocated; }

  /** The bytes reserved for the block at p: the size class for pymalloc, malloc_usable_size otherwise. */
  blockSize(p: number): number {
    const pool = this.poolOf(p);
    if (pool === NULL) return this.raw.usableSize(p);
    return this.index2size(this.szidx[pool]);
  }

  /** Not in CPython: the block in use at p, as the allocator holds it: its size class (szidx) and
   *  block size for pymalloc, -1 and malloc_usable_size for a raw chunk; null when p is not the
   *  start of a block in use (a free block, a block never carved, an address inside a block). */
  blockAt(p: number): { szidx: number; size: number } | null {
    const pool = this.poolOf(p);
    if (pool === NULL) return this.raw.owns(p) ? { szidx: -1, size: this.raw.usableSize(p) } : null;
    const sz = this.szidx[pool];
    if (sz === DUMMY_SIZE_IDX || this.ref_count[pool] === 0) return null;
    const size = this.index2size(sz);
    const offset = p - this.pool_addr[pool] - this.POOL_OVERHEAD;
    if (offset < 0 || offset % size !== 0) return null;
    const b = offset / size;
    if (b >= this.poolCarved(pool)) return null;
    let guard = this.numBlocks(sz);
    for (let f = this.freeblock[pool]; f !== NULL && guard-- > 0; f = this.blocknext[pool * this.blockStride + f]) {
      if (f === b) return null;
    }
    return { szidx: sz, size };
  }

  /** Not in CPython: the pools in use now (ref.count > 0: used or full), over the carved pools of
   *  the arenas mapped */
  poolsInUse(): number {
    let n = 0;
    for (const a of this.arenaViews()) {
      for (let slot = a.firstSlot; slot < a.firstSlot + a.carved; slot++) if (this.ref_count[slot] > 0) n++;
    }
    return n;
  }

  /** true if p lies in a pool of a pymalloc arena (address_in_range) */
  isPymalloc(p: number): boolean {
    return this.poolOf(p) !== NULL;
  }

  // ---------------------------------------------------------------------------------------------
  // internals, named after obmalloc.c

  private poolOf(p: number): number {
    if (p < MMAP_FLOOR || p >= MMAP_TOP) return NULL;
    // (p - MMAP_FLOOR) < 2^41, so the pool number fits in an int32 (a small integer Map key)
    const pool = this.poolmap.get(((p - MMAP_FLOOR) / this.POOL_SIZE) | 0);
    return pool === undefined ? NULL : pool;
  }

  /** pymalloc_pool_extend (3.10.0 :1743; inline in 3.8.0 :1466-1483) */
  private pymalloc_pool_extend(pool: number, size: number): void {
    if (this.nextoffset[pool] <= this.maxnextoffset[pool]) {
      // There is room for another block.
      const bsize = (size + 1) << this.profile.ALIGNMENT_SHIFT;
      const bp = (this.nextoffset[pool] - this.POOL_OVERHEAD) / bsize;
      this.freeblock[pool] = bp;
      this.nextoffset[pool] += bsize;
      this.blocknext[pool * this.blockStride + bp] = NULL;
      return;
    }
    // Pool is full, unlink from used pools.
    const next = this.nextpool[pool];
    const prev = this.prevpool[pool];
    this.prevpool[next] = prev;
    this.nextpool[prev] = next;
  }

  /** allocate_from_new_pool (3.10.0 :1765-1898; 3.12.0 :1377-1510; inline in 3.8.0 :1486-1610) */
  private allocate_from_new_pool(size: number): number {
    // There isn't a pool of the right size class immediately available: use a free pool.
    if (this.usable_arenas === NULL) {
      // No arena has a free pool: allocate a new arena.
      const ao = this.new_arena();
      if (ao === NULL) return NULL;
      this.usable_arenas = ao;
      this.arena_nextarena[ao] = NULL;
      this.arena_prevarena[ao] = NULL;
      this.nfp2lasta[this.arena_nfreepools[ao]] = ao;
    }
    const ua = this.usable_arenas;
    // This arena already had the smallest nfreepools value, so decreasing nfreepools doesn't change
    // that. But if the arena becomes wholly allocated, it leaves usable_arenas.
    if (this.nfp2lasta[this.arena_nfreepools[ua]] === ua) {
      // It's the last of this size, so there won't be any.
      this.nfp2lasta[this.arena_nfreepools[ua]] = NULL;
    }
    // If any free pools will remain, it will be the new smallest.
    if (this.arena_nfreepools[ua] > 1) this.nfp2lasta[this.arena_nfreepools[ua] - 1] = ua;

    // Try to get a cached free pool.
    let pool = this.arena_freepools[ua];
    if (pool !== NULL) {
      // Unlink from cached pools.
      this.arena_freepools[ua] = this.nextpool[pool];
      this.arena_nfreepools[ua]--;
      if (this.arena_nfreepools[ua] === 0) this.unlinkFullHead();
    } else {
      // Carve off a new pool.
      const addr = this.arena_pool_address[ua];
      const k = (addr - this.firstPoolAddress(ua)) / this.POOL_SIZE;
      pool = this.NB_SMALL_SIZE_CLASSES + ua * this.MAX_POOLS_IN_ARENA + k;
      this.pool_addr[pool] = addr;
      this.pool_arenaindex[pool] = ua;
      this.szidx[pool] = DUMMY_SIZE_IDX;
      this.poolmap.set(((addr - MMAP_FLOOR) / this.POOL_SIZE) | 0, pool);
      this.arena_pool_address[ua] = addr + this.POOL_SIZE;
      this.arena_nfreepools[ua]--;
      if (this.arena_nfreepools[ua] === 0) this.unlinkFullHead();
    }

    // Frontlink to used pools.
    const next = size; // usedpools[size + size] == prev
    this.nextpool[pool] = next;
    this.prevpool[pool] = next;
    this.nextpool[next] = pool;
    this.prevpool[next] = pool;
    this.ref_count[pool] = 1;
    this.pool_stamp[pool] = this.mutations;
    if (this.szidx[pool] === size) {
      // Luckily, this pool last contained blocks of the same size class, so its header and free
      // list are already initialized.
      const bp = this.freeblock[pool];
      this.freeblock[pool] = this.blocknext[pool * this.blockStride + bp];
      return this.pool_addr[pool] + this.POOL_OVERHEAD + bp * this.index2size(size);
    }
    // Initialize the pool header, set up the free list to contain just the second block, and return
    // the first block.
    this.szidx[pool] = size;
    const bsize = this.index2size(size);
    this.nextoffset[pool] = this.POOL_OVERHEAD + (bsize << 1);
    this.maxnextoffset[pool] = this.POOL_SIZE - bsize;
    this.freeblock[pool] = 1;
    this.blocknext[pool * this.blockStride + 1] = NULL;
    return this.pool_addr[pool] + this.POOL_OVERHEAD;
  }

  private firstPoolAddress(ao: number): number {
    const a = this.arena_address[ao];
    const excess = a % this.POOL_SIZE;
    return excess === 0 ? a : a + this.POOL_SIZE - excess;
  }

  /** Wholly allocated: remove the head of usable_arenas. */
  private unlinkFullHead(): void {
    const ua = this.arena_nextarena[this.usable_arenas];
    this.usable_arenas = ua;
    if (ua !== NULL) this.arena_prevarena[ua] = NULL;
  }

  /** pymalloc_free + insert_to_usedpool + insert_to_freepool (3.8.0 :1661-1885; 3.10.0 :1985-2226) */
  private pymalloc_free(pool: number, p: number): void {
    this.pool_stamp[pool] = ++this.mutations;
    const size = this.szidx[pool];
    const bp = (p - this.pool_addr[pool] - this.POOL_OVERHEAD) / ((size + 1) << this.profile.ALIGNMENT_SHIFT);
    // Link p to the start of the pool's freeblock list.
    const lastfree = this.freeblock[pool];
    this.blocknext[pool * this.blockStride + bp] = lastfree;
    this.freeblock[pool] = bp;
    this.ref_count[pool]--;
    this.pymalloc_blocks--;
    this.pymalloc_bytes -= (size + 1) << this.profile.ALIGNMENT_SHIFT;
    if (lastfree === NULL) {
      // Pool was full, so doesn't currently live in any list: link it to the front of the appropriate
      // usedpools[] list (insert_to_usedpool). It holds at least NUMBLOCKS - 1 >= 6 blocks: not empty.
      this.linkFront(pool, size);
      return;
    }
    // freeblock wasn't NULL, so the pool wasn't full, and the pool is in a usedpools[] list.
    if (this.ref_count[pool] !== 0) return; // pool isn't empty: leave it in usedpools
    this.insert_to_freepool(pool);
  }

  /** insert pool right after the usedpools[size+size] header: next <-> pool <-> old first */
  private linkFront(pool: number, size: number): void {
    // 3.8.0 :1701-1708: next = usedpools[size+size]; prev = next->prevpool; insert between prev and next
    // where `next` is the header's first pool. That is the front of the circular list.
    const next = this.nextpool[size];
    const prev = this.prevpool[next];
    this.nextpool[pool] = next;
    this.prevpool[pool] = prev;
    this.prevpool[next] = pool;
    this.nextpool[prev] = pool;
  }

  /** insert_to_freepool: pool is now empty (3.10.0 :2001-2168; 3.12.0 obmalloc.c:1615-1782) */
  private insert_to_freepool(pool: number): void {
    // unlink from usedpools
    const next = this.nextpool[pool];
    const prev = this.prevpool[pool];
    this.prevpool[next] = prev;
    this.nextpool[prev] = next;
    // Link the pool to freepools (singly linked through nextpool).
    const ao = this.pool_arenaindex[pool];
    this.nextpool[pool] = this.arena_freepools[ao];
    this.arena_freepools[ao] = pool;
    let nf = this.arena_nfreepools[ao];
    // If this is the rightmost arena with this number of free pools, nfp2lasta[nf] needs to change.
    const lastnf = this.nfp2lasta[nf];
    if (lastnf === ao) {
      const pa = this.arena_prevarena[ao];
      this.nfp2lasta[nf] = pa !== NULL && this.arena_nfreepools[pa] === nf ? pa : NULL;
    }
    this.arena_nfreepools[ao] = ++nf;

    // Case 1: all the pools are free: return the arena to the system (3.9+: unless it is the last
    // arena in the list, bpo-37257).
    if (nf === this.arena_ntotalpools[ao] && (!this.profile.keepLastFreeArena || this.arena_nextarena[ao] !== NULL)) {
      const pa = this.arena_prevarena[ao];
      const na = this.arena_nextarena[ao];
      if (pa === NULL) this.usable_arenas = na;
      else this.arena_nextarena[pa] = na;
      if (na !== NULL) this.arena_prevarena[na] = pa;
      // Record that this arena_object slot is available to be reused.
      this.arena_nextarena[ao] = this.unused_arena_objects;
      this.unused_arena_objects = ao;
      // Free the entire arena.
      this.free_arena(ao);
      return;
    }
    if (nf === 1) {
      // Case 2: put ao at the head of usable_arenas.
      this.arena_nextarena[ao] = this.usable_arenas;
      this.arena_prevarena[ao] = NULL;
      if (this.usable_arenas !== NULL) this.arena_prevarena[this.usable_arenas] = ao;
      this.usable_arenas = ao;
      if (this.nfp2lasta[1] === NULL) this.nfp2lasta[1] = ao;
      return;
    }
    // If this is the only arena with nf, record that.
    if (this.nfp2lasta[nf] === NULL) this.nfp2lasta[nf] = ao;
    // Case 4: if this was the rightmost of the old size, it remains in place.
    if (ao === lastnf) return;
    // Case 3: move the arena towards the end of the list, to follow lastnf.
    const pa = this.arena_prevarena[ao];
    const na = this.arena_nextarena[ao];
    if (pa !== NULL) this.arena_nextarena[pa] = na;
    else this.usable_arenas = na;
    this.arena_prevarena[na] = pa;
    // And insert after lastnf.
    this.arena_prevarena[ao] = lastnf;
    this.arena_nextarena[ao] = this.arena_nextarena[lastnf];
    if (this.arena_nextarena[ao] !== NULL) this.arena_prevarena[this.arena_nextarena[ao]] = ao;
    this.arena_nextarena[lastnf] = ao;
  }

  /** new_arena (NULL when the arena cannot be mapped; 3.8.0 :1224-1310; 3.10.0 :1533-1630; 3.12.0 obmalloc.c:1143-1240) */
  private new_arena(): number {
    if (this.unused_arena_objects === NULL) {
      // Double the number of arena objects on each allocation.
      const numarenas = this.maxarenas ? this.maxarenas << 1 : this.profile.INITIAL_ARENA_OBJECTS;
      this.arenas_vector = this.raw.realloc(this.arenas_vector, numarenas * this.profile.SIZEOF_ARENA_OBJECT);
      this.growArenaArrays(numarenas);
      // Put the new arenas on the unused_arena_objects list.
      for (let i = this.maxarenas; i < numarenas; ++i) {
        this.arena_address[i] = 0;
        this.arena_nextarena[i] = i < numarenas - 1 ? i + 1 : NULL;
      }
      this.unused_arena_objects = this.maxarenas;
      this.growPoolArrays(numarenas);
      this.maxarenas = numarenas;
    }
    // The mmap of the arena fails past the memory limit: new_arena returns NULL with the arena
    // object put back on unused_arena_objects, and pymalloc_alloc fails (see malloc).
    if (this.raw.wouldFailMapping(this.ARENA_SIZE)) return NULL;
    // Take the next available arena object off the head of the list.
    const ao = this.unused_arena_objects;
    const address = this.space.mmap(this.ARENA_SIZE);
    if (this.profile.radixTree) {
      try {
        this.arena_map_mark_used(address);
      } catch (e) {
        // "marking arena in radix tree failed, abort": the arena is unmapped again
        this.space.munmap(address, this.ARENA_SIZE);
        if (e instanceof NoMemoryError) return NULL;
        throw e;
      }
    }
    this.unused_arena_objects = this.arena_nextarena[ao];
    this.arena_address[ao] = address;
    ++this.narenas_currently_allocated;
    ++this.ntimes_arena_allocated;
    if (this.narenas_currently_allocated > this.narenas_highwater) this.narenas_highwater = this.narenas_currently_allocated;
    this.arena_freepools[ao] = NULL;
    // pool_address <- first pool-aligned address in the arena; nfreepools <- number of whole pools
    // that fit after alignment
    this.arena_pool_address[ao] = address;
    this.arena_nfreepools[ao] = this.MAX_POOLS_IN_ARENA;
    const excess = address % this.POOL_SIZE;
    if (excess !== 0) {
      this.arena_nfreepools[ao]--;
      this.arena_pool_address[ao] += this.POOL_SIZE - excess;
    }
    this.arena_ntotalpools[ao] = this.arena_nfreepools[ao];
    return ao;
  }

  private free_arena(ao: number): void {
    const address = this.arena_address[ao];
    // forget its pools (address_in_range becomes false for them)
    const first = this.firstPoolAddress(ao);
    for (let a = first; a < this.arena_pool_address[ao]; a += this.POOL_SIZE) {
      this.poolmap.delete(((a - MMAP_FLOOR) / this.POOL_SIZE) | 0);
    }
    const base = this.NB_SMALL_SIZE_CLASSES + ao * this.MAX_POOLS_IN_ARENA;
    for (let k = 0; k < this.MAX_POOLS_IN_ARENA; k++) {
      this.szidx[base + k] = DUMMY_SIZE_IDX;
      this.ref_count[base + k] = 0;
    }
    // arena_map_mark_used(ao->address, 0) in 3.10+: nodes stay allocated
    this.space.munmap(address, this.ARENA_SIZE);
    this.arena_address[ao] = 0;
    --this.narenas_currently_allocated;
  }

  /** arena_map_mark_used(arena_base, 1): create the radix-tree nodes covering the arena (3.10.0 :1440-1480).
   *  Interior nodes come from PyMem_RawCalloc (3.10.0 :1413, :1425). */
  private arena_map_mark_used(arena_base: number): void {
    const rt = this.profile.radixTree!;
    const get = (p: number): void => {
      const top = Math.floor(p / 2 ** rt.topShift) % 2 ** rt.interiorBits;
      const mid = Math.floor(p / 2 ** rt.midShift) % 2 ** rt.interiorBits;
      if (!this.arena_map_mid.has(top)) {
        this.raw.calloc(1, rt.midBytes);
        this.arena_map_mid.add(top);
      }
      const key = top * 2 ** rt.interiorBits + mid;
      if (!this.arena_map_bot.has(key)) {
        this.raw.calloc(1, rt.botBytes);
        this.arena_map_bot.add(key);
      }
    };
    get(arena_base);
    if (arena_base % this.ARENA_SIZE !== 0) get(arena_base + this.ARENA_SIZE);
  }

  private growArenaArrays(n: number): void {
    const f64 = (old: Float64Array | undefined): Float64Array => {
      const a = new Float64Array(n);
      if (old) a.set(old);
      return a;
    };
    const i32 = (old: Int32Array | undefined): Int32Array => {
      const a = new Int32Array(n).fill(NULL);
      if (old) a.set(old);
      return a;
    };
    this.arena_address = f64(this.arena_address);
    this.arena_pool_address = f64(this.arena_pool_address);
    this.arena_nfreepools = i32(this.arena_nfreepools);
    this.arena_ntotalpools = i32(this.arena_ntotalpools);
    this.arena_freepools = i32(this.arena_freepools);
    this.arena_nextarena = i32(this.arena_nextarena);
    this.arena_prevarena = i32(this.arena_prevarena);
  }

  private growPoolArrays(narenas: number): void {
    const n = this.NB_SMALL_SIZE_CLASSES + narenas * this.MAX_POOLS_IN_ARENA;
    const i32 = (old: Int32Array | undefined, fill: number): Int32Array => {
      const a = new Int32Array(n);
      if (fill !== 0) a.fill(fill);
      if (old) a.set(old);
      return a;
    };
    this.ref_count = i32(this.ref_count, 0);
    this.freeblock = i32(this.freeblock, NULL);
    this.nextpool = i32(this.nextpool, NULL);
    this.prevpool = i32(this.prevpool, NULL);
    this.pool_arenaindex = i32(this.pool_arenaindex, NULL);
    this.szidx = i32(this.szidx, DUMMY_SIZE_IDX);
    this.nextoffset = i32(this.nextoffset, 0);
    this.maxnextoffset = i32(this.maxnextoffset, 0);
    const ps = new Float64Array(n);
    if (this.pool_stamp) ps.set(this.pool_stamp);
    this.pool_stamp = ps;
    const pa = new Float64Array(n);
    if (this.pool_addr) pa.set(this.pool_addr);
    this.pool_addr = pa;
    const bn = new Int32Array(n * this.blockStride);
    if (this.blocknext) bn.set(this.blocknext);
    this.blocknext = bn;
  }

  // ---------------------------------------------------------------------------------------------
  // read-only views

  private poolSnapshot(pool: number): PoolSnapshot {
    const sz = this.szidx[pool];
    const used = sz !== DUMMY_SIZE_IDX;
    const bsize = used ? this.index2size(sz) : 0;
    const nblocks = used ? this.numBlocks(sz) : 0;
    const allocated = new Uint8Array(nblocks);
    const freeblocks: number[] = [];
    if (used) {
      const carved = (this.nextoffset[pool] - this.POOL_OVERHEAD) / bsize;
      allocated.fill(1, 0, Math.min(carved, nblocks));
      for (let b = this.freeblock[pool]; b !== NULL && freeblocks.length <= nblocks; b = this.blocknext[pool * this.blockStride + b]) {
        freeblocks.push(b);
        allocated[b] = 0;
      }
    }
    const count = this.ref_count[pool];
    return {
      address: this.pool_addr[pool],
      arenaindex: this.pool_arenaindex[pool],
      szidx: sz,
      blockSize: bsize,
      count,
      nextoffset: this.nextoffset[pool],
      maxnextoffset: this.maxnextoffset[pool],
      state: count === 0 ? 'empty' : this.freeblock[pool] === NULL ? 'full' : 'used',
      allocated,
      freeblocks,
    };
  }

  /** The arenas in use with the pool slots carved in each: with poolStamp, poolAddress, poolSzidx,
   *  poolCount and poolBits, a cheaper read than snapshot() for a reader that follows the heap
   *  step by step. */
  arenaViews(): ArenaView[] {
    const out: ArenaView[] = [];
    for (let ao = 0; ao < this.maxarenas; ao++) {
      if (this.arena_address[ao] === 0) continue;
      out.push({
        index: ao,
        address: this.arena_address[ao],
        ntotalpools: this.arena_ntotalpools[ao],
        nfreepools: this.arena_nfreepools[ao],
        firstSlot: this.NB_SMALL_SIZE_CLASSES + ao * this.MAX_POOLS_IN_ARENA,
        carved: (this.arena_pool_address[ao] - this.firstPoolAddress(ao)) / this.POOL_SIZE,
      });
    }
    return out;
  }

  /** the value of `mutations` when the pool in this slot last changed */
  poolStamp(slot: number): number {
    return this.pool_stamp[slot];
  }

  /** address, size class (DUMMY_SIZE_IDX: never used) and ref.count of the pool in this slot */
  poolAddress(slot: number): number { return this.pool_addr[slot]; }
  poolSzidx(slot: number): number { return this.szidx[slot]; }
  poolCount(slot: number): number { return this.ref_count[slot]; }

  /** the pool's blocks in use as a bitmap, packed: bit (b & 7) of byte b >> 3 for block b; blocks
   *  never carved and blocks on the freeblock list are 0 (the same as snapshot()'s `allocated`) */
  poolBits(slot: number): Uint8Array {
    const sz = this.szidx[slot];
    if (sz === DUMMY_SIZE_IDX) return new Uint8Array(0);
    const bsize = this.index2size(sz);
    const nblocks = this.numBlocks(sz);
    const bits = new Uint8Array((nblocks + 7) >> 3);
    const carved = Math.min((this.nextoffset[slot] - this.POOL_OVERHEAD) / bsize, nblocks);
    bits.fill(0xff, 0, carved >> 3);
    for (let b = carved & ~7; b < carved; b++) bits[b >> 3] |= 1 << (b & 7);
    let guard = 0;
    for (let b = this.freeblock[slot]; b !== NULL && guard <= nblocks; b = this.blocknext[slot * this.blockStride + b], guard++) {
      bits[b >> 3] &= ~(1 << (b & 7));
    }
    return bits;
  }

  /** blocks carved from the pool so far: (nextoffset - POOL_OVERHEAD) / size, at most the blocks
   *  that fit (0 for a pool never used) */
  poolCarved(slot: number): number {
    const sz = this.szidx[slot];
    if (sz === DUMMY_SIZE_IDX) return 0;
    return Math.min((this.nextoffset[slot] - this.POOL_OVERHEAD) / this.index2size(sz), this.numBlocks(sz));
  }

  /** the block numbers on the pool's freeblock list, head first; null when it is longer than cap */
  poolFreeList(slot: number, cap: number): number[] | null {
    const out: number[] = [];
    for (let b = this.freeblock[slot]; b !== NULL; b = this.blocknext[slot * this.blockStride + b]) {
      if (out.length >= cap) return null;
      out.push(b);
    }
    return out;
  }

  snapshot(): ObmallocSnapshot {
    const arenas: ArenaSnapshot[] = [];
    for (let ao = 0; ao < this.maxarenas; ao++) {
      if (this.arena_address[ao] === 0) continue;
      const pools: PoolSnapshot[] = [];
      const carved = (this.arena_pool_address[ao] - this.firstPoolAddress(ao)) / this.POOL_SIZE;
      for (let k = 0; k < carved; k++) pools.push(this.poolSnapshot(this.NB_SMALL_SIZE_CLASSES + ao * this.MAX_POOLS_IN_ARENA + k));
      arenas.push({
        index: ao,
        address: this.arena_address[ao],
        pool_address: this.arena_pool_address[ao],
        ntotalpools: this.arena_ntotalpools[ao],
        nfreepools: this.arena_nfreepools[ao],
        pools,
      });
    }
    const usable_arenas: number[] = [];
    for (let a = this.usable_arenas; a !== NULL; a = this.arena_nextarena[a]) usable_arenas.push(a);
    const usedpools: number[][] = [];
    for (let i = 0; i < this.NB_SMALL_SIZE_CLASSES; i++) {
      const list: number[] = [];
      for (let p = this.nextpool[i]; p !== i; p = this.nextpool[p]) list.push(this.pool_addr[p]);
      usedpools.push(list);
    }
    return {
      POOL_SIZE: this.POOL_SIZE,
      ARENA_SIZE: this.ARENA_SIZE,
      arenas,
      usable_arenas,
      usedpools,
      raw: this.raw.snapshot(),
      allocatedBlocks: this.allocatedBlocks(),
    };
  }

  /** The pymalloc part of sys._debugmallocstats(): _PyObject_DebugMallocStats (3.8.0 :2591-2733;
   *  3.10.0 :2911-3070; 3.12.0 :2546-2700; pymalloc_print_stats in 3.13.0 :3275-3437). */
  debugMallocStats(): string {
    const numclasses = this.NB_SMALL_SIZE_CLASSES;
    const numpools = new Array<number>(numclasses).fill(0);
    const numblocks = new Array<number>(numclasses).fill(0);
    const numfreeblocks = new Array<number>(numclasses).fill(0);
    let numfreepools = 0;
    let arena_alignment = 0;
    let narenas = 0;
    const out: string[] = [];
    out.push(`Small block threshold = ${this.profile.SMALL_REQUEST_THRESHOLD}, in ${numclasses} size classes.\n`);
    // Because full pools aren't linked to from anything, it's easiest to march over all the arenas.
    for (let i = 0; i < this.maxarenas; i++) {
      if (this.arena_address[i] === 0) continue;
      narenas++;
      numfreepools += this.arena_nfreepools[i];
      if (this.arena_address[i] % this.POOL_SIZE !== 0) arena_alignment += this.POOL_SIZE;
      const carved = (this.arena_pool_address[i] - this.firstPoolAddress(i)) / this.POOL_SIZE;
      for (let k = 0; k < carved; k++) {
        const p = this.NB_SMALL_SIZE_CLASSES + i * this.MAX_POOLS_IN_ARENA + k;
        if (this.ref_count[p] === 0) continue; // currently unused
        const sz = this.szidx[p];
        numpools[sz]++;
        numblocks[sz] += this.ref_count[p];
        numfreeblocks[sz] += this.numBlocks(sz) - this.ref_count[p];
      }
    }
    out.push('\n');
    out.push('class   size   num pools   blocks in use  avail blocks\n' + '-----   ----   ---------   -------------  ------------\n');
    let allocated_bytes = 0;
    let available_bytes = 0;
    let pool_header_bytes = 0;
    let quantization = 0;
    for (let i = 0; i < numclasses; i++) {
      const p = numpools[i];
      if (p === 0) continue;
      const b = numblocks[i];
      const f = numfreeblocks[i];
      const size = this.index2size(i);
      out.push(`${pad(i, 5)} ${pad(size, 6)} ${pad(p, 11)} ${pad(b, 15)} ${pad(f, 13)}\n`);
      allocated_bytes += b * size;
      available_bytes += f * size;
      pool_header_bytes += p * this.POOL_OVERHEAD;
      quantization += p * ((this.POOL_SIZE - this.POOL_OVERHEAD) % size);
    }
    out.push('\n');
    out.push(printone('# arenas allocated total', this.ntimes_arena_allocated));
    out.push(printone('# arenas reclaimed', this.ntimes_arena_allocated - narenas));
    out.push(printone('# arenas highwater mark', this.narenas_highwater));
    out.push(printone('# arenas allocated current', narenas));
    out.push(printone(`${narenas} arenas * ${this.ARENA_SIZE} bytes/arena`, narenas * this.ARENA_SIZE));
    out.push('\n');
    let total = 0;
    const line = (msg: string, v: number): void => {
      total += v;
      out.push(printone(msg, v));
    };
    line('# bytes in allocated blocks', allocated_bytes);
    line('# bytes in available blocks', available_bytes);
    line(`${numfreepools} unused pools * ${this.POOL_SIZE} bytes`, numfreepools * this.POOL_SIZE);
    line('# bytes lost to pool headers', pool_header_bytes);
    line('# bytes lost to quantization', quantization);
    line('# bytes lost to arena alignment', arena_alignment);
    out.push(printone('Total', total));
    const rt = this.profile.radixTree;
    if (rt) {
      out.push('\narena map counts\n');
      out.push(printone('# arena map mid nodes', this.arena_map_mid.size));
      out.push(printone('# arena map bot nodes', this.arena_map_bot.size));
      out.push('\n');
      const mid = rt.midBytes * this.arena_map_mid.size;
      const bot = rt.botBytes * this.arena_map_bot.size;
      out.push(printone('# bytes lost to arena map root', rt.rootBytes));
      out.push(printone('# bytes lost to arena map mid', mid));
      out.push(printone('# bytes lost to arena map bot', bot));
      out.push(printone('Total', rt.rootBytes + mid + bot));
    }
    return out.join('');
  }

  /** counters behind the "# arenas ..." lines */
  arenaCounters(): { allocatedTotal: number; current: number; highwater: number; maxarenas: number } {
    return {
      allocatedTotal: this.ntimes_arena_allocated,
      current: this.narenas_currently_allocated,
      highwater: this.narenas_highwater,
      maxarenas: this.maxarenas,
    };
  }
}

function pad(n: number, width: number): string {
  return String(n).padStart(width);
}

/** printone (3.8.0 obmalloc.c:2509-2541): msg padded to 35 columns, '=', the value with thousands
 *  separators right-aligned in 21 columns, newline. */
function printone(msg: string, value: number): string {
  const digits = String(value).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return msg.padEnd(35) + '=' + digits.padStart(21) + '\n';
}

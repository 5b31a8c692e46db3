// The C library heap under CPython: what PyMem_RawMalloc (malloc) and the arena allocator (mmap) hand
// out. CPython sends here every request pymalloc refuses: 0 bytes or more than 512 (Objects/obmalloc.c,
// pymalloc_alloc returns NULL and _PyObject_Malloc calls PyMem_RawMalloc; 3.10.0 :1949-1962), its own
// bookkeeping (the `arenas` vector, radix-tree nodes) and the arenas themselves (_PyObject_ArenaMmap,
// 3.8.0 :147-151; _PyMem_ArenaAlloc, 3.12.0 :139).
//
// Modelled on glibc's malloc/malloc.c for x86-64, simplified but O(1):
//   - a chunk has a 16-byte header before the user pointer (prev_size, size); chunk sizes are
//     request2size(n) = max(MINSIZE 32, (n + SIZE_SZ 8 + 15) & ~15);
//   - chunks are carved from the top of a brk heap that starts after the 0x290-byte tcache chunk;
//   - a freed chunk is reused, LIFO, by the next request of the same chunk size (tcache / bins); a large
//     freed chunk next to the top chunk merges back into it;
//   - requests of at least mmap_threshold (128 KiB, raised dynamically when an mmapped chunk is freed,
//     as glibc's free() does, up to 32 MiB) get their own mapping.
// Not modelled: splitting/coalescing of free chunks other than with top, arena trimming, multiple
// malloc arenas (threads).
//
// The memory limit: an address-space limit like `ulimit -v` (RLIMIT_AS) over what this heap maps,
// the brk heap's extent plus every mapping (arenas included). A request that would pass it fails as
// malloc and mmap fail, with NULL: here NoMemoryError, thrown before anything changes.
//
// MmapSpace models the top-down mmap layout of Linux x86-64 (mm/mmap.c, arch_get_unmapped_area_topdown):
// a new mapping takes the highest hole that fits, else goes just below the lowest mapping.

import { NoMemoryError } from '../errors';

export const PAGE_SIZE = 4096;

/** Start of the simulated mmap area (4 KiB aligned, deliberately not 16 KiB aligned, as observed). */
export const MMAP_TOP = 0x7f3c8e5d5000;
/** Lowest address the simulated mmap area may reach (about 1 TiB below its top), 16 MiB aligned so
 *  that (address - MMAP_FLOOR) / POOL_SIZE numbers pools exactly. */
export const MMAP_FLOOR = Math.floor((MMAP_TOP - 2 ** 40) / 2 ** 24) * 2 ** 24;
/** Start of the simulated brk heap (glibc main arena). */
export const HEAP_BASE = 0x55d4c6a3b000;

const SIZE_SZ = 8;
const MALLOC_ALIGN_MASK = 15;
const MINSIZE = 32;
/** glibc DEFAULT_MMAP_THRESHOLD_MIN, and the dynamic maximum DEFAULT_MMAP_THRESHOLD_MAX (64-bit) */
const DEFAULT_MMAP_THRESHOLD = 128 * 1024;
const DEFAULT_MMAP_THRESHOLD_MAX = 32 * 1024 * 1024;
/** sizeof(tcache_perthread_struct) chunk, the first chunk of the main heap since glibc 2.26 */
const TCACHE_CHUNK = 0x290;
/** largest chunk size that tcache keeps (tcache_max_bytes 1032 -> chunk 0x410) */
const TCACHE_MAX_CHUNK = 0x410;

function roundUp(n: number, to: number): number {
  return Math.ceil(n / to) * to;
}

/** glibc request2size */
export function request2size(n: number): number {
  const s = n + SIZE_SZ + MALLOC_ALIGN_MASK;
  return s < MINSIZE ? MINSIZE : s - (s % 16);
}

export interface Mapping {
  address: number;
  length: number;
}

/** A top-down mmap address space. */
export class MmapSpace {
  /** lowest mapped address so far; everything below is unused */
  private low: number;
  /** unmapped holes above `low`, [start, end) */
  private holes: Mapping[] = [];
  private readonly live = new Map<number, number>();
  /** bytes mapped now (the sum of the live mappings' lengths) */
  mappedBytes = 0;

  constructor(top: number = MMAP_TOP) {
    this.low = top;
  }

  mmap(length: number): number {
    const len = roundUp(length, PAGE_SIZE);
    // the highest hole that fits; a new mapping sits at the top of it
    let best = -1;
    for (let i = 0; i < this.holes.length; i++) {
      const h = this.holes[i];
      if (h.length >= len && (best < 0 || h.address > this.holes[best].address)) best = i;
    }
    let addr: number;
    if (best >= 0) {
      const h = this.holes[best];
      addr = h.address + h.length - len;
      h.length -= len;
      if (h.length === 0) this.holes.splice(best, 1);
    } else {
      addr = this.low - len;
      if (addr < MMAP_FLOOR) throw new NoMemoryError(length); // the address space is exhausted
      this.low = addr;
    }
    this.live.set(addr, len);
    this.mappedBytes += len;
    return addr;
  }

  munmap(addr: number, length: number): void {
    const len = roundUp(length, PAGE_SIZE);
    if (this.live.delete(addr)) this.mappedBytes -= len;
    let start = addr;
    let end = addr + len;
    // merge with neighbouring holes
    for (let i = this.holes.length - 1; i >= 0; i--) {
      const h = this.holes[i];
      if (h.address + h.length === start || h.address === end) {
        start = Math.min(start, h.address);
        end = Math.max(end, h.address + h.length);
        this.holes.splice(i, 1);
      }
    }
    if (start === this.low) this.low = end;
    else this.holes.push({ address: start, length: end - start });
  }

  mappings(): Mapping[] {
    return [...this.live].map(([address, length]) => ({ address, length })).sort((a, b) => b.address - a.address);
  }
}

export interface RawChunkInfo {
  /** the pointer malloc returned */
  address: number;
  /** chunk size, header included (for an mmapped chunk: the mapping length) */
  chunkSize: number;
  mmapped: boolean;
  inUse: boolean;
}

/** A glibc-like malloc heap. Addresses are user pointers (chunk + 16). */
export class RawHeap {
  private top: number;
  /** user pointer -> chunk size, for chunks in use on the brk heap */
  private readonly inuse = new Map<number, number>();
  /** user pointer -> mapping length, for mmapped chunks in use */
  private readonly mmapped = new Map<number, number>();
  /** chunk size -> user pointers of free chunks, LIFO */
  private readonly bins = new Map<number, number[]>();
  /** user pointer -> chunk size of free chunks (for snapshots) */
  private readonly freeChunks = new Map<number, number>();
  private mmapThreshold = DEFAULT_MMAP_THRESHOLD;
  private readonly heapBase: number;
  /** the address-space limit in bytes (RLIMIT_AS) over the brk heap and the mappings */
  limit = Infinity;

  /** bumped by every malloc, free and realloc: a cheap "has anything changed" for observers */
  mutations = 0;
  /** not in glibc: the sizes of the chunks in use summed (brk chunks and mappings, as
   *  inUseSnapshot lists them), kept as they change so that an observer reads it without a walk */
  inUseBytes = 0;
  constructor(readonly space: MmapSpace = new MmapSpace(), heapBase: number = HEAP_BASE) {
    this.heapBase = heapBase;
    this.top = heapBase + TCACHE_CHUNK;
  }

  /** bytes of address space in use: the brk heap's extent and every mapping */
  get footprint(): number {
    return this.top - this.heapBase + this.space.mappedBytes;
  }

  /** would a mapping of `bytes` more pass the limit? */
  wouldFailMapping(bytes: number): boolean {
    return roundUp(bytes, PAGE_SIZE) > this.limit - this.footprint;
  }

  /** number of chunks in use */
  get chunksInUse(): number {
    return this.inuse.size + this.mmapped.size;
  }

  /** the current top of the brk heap (end of the last carved chunk) */
  get heapTop(): number {
    return this.top;
  }

  malloc(nbytes: number): number {
    this.mutations++;
    const nb = request2size(nbytes);
    if (nb >= this.mmapThreshold) {
      const len = roundUp(nb + SIZE_SZ, PAGE_SIZE);
      if (len > this.limit - this.footprint) throw new NoMemoryError(nbytes);
      const mem = this.space.mmap(len) + 2 * SIZE_SZ;
      this.mmapped.set(mem, len);
      this.inUseBytes += len;
      return mem;
    }
    const bin = this.bins.get(nb);
    if (bin !== undefined && bin.length > 0) {
      const mem = bin.pop()!;
      this.freeChunks.delete(mem);
      this.inuse.set(mem, nb);
      this.inUseBytes += nb;
      return mem;
    }
    if (nb > this.limit - this.footprint) throw new NoMemoryError(nbytes);
    const chunk = this.top;
    this.top += nb;
    const mem = chunk + 2 * SIZE_SZ;
    this.inuse.set(mem, nb);
    this.inUseBytes += nb;
    return mem;
  }

  /** would malloc(nbytes) fail at the limit? (nothing changes; for a caller that must fail before
   *  it builds what it would store in the block, as CPython allocates the block first) */
  wouldFail(nbytes: number): boolean {
    const nb = request2size(nbytes);
    const need = nb >= this.mmapThreshold ? roundUp(nb + SIZE_SZ, PAGE_SIZE) : nb;
    return need > this.limit - this.footprint;
  }

  calloc(nelem: number, elsize: number): number {
    return this.malloc(nelem * elsize);
  }

  free(mem: number): void {
    this.mutations++;
    if (mem === 0) return;
    const len = this.mmapped.get(mem);
    if (len !== undefined) {
      // glibc free(): dynamic mmap threshold (malloc.c __libc_free)
      if (len > this.mmapThreshold && len <= DEFAULT_MMAP_THRESHOLD_MAX) this.mmapThreshold = len;
      this.mmapped.delete(mem);
      this.inUseBytes -= len;
      this.space.munmap(mem - 2 * SIZE_SZ, len);
      return;
    }
    const nb = this.inuse.get(mem);
    if (nb === undefined) throw new Error(`free(): invalid pointer 0x${mem.toString(16)}`);
    this.inuse.delete(mem);
    this.inUseBytes -= nb;
    const chunk = mem - 2 * SIZE_SZ;
    if (nb > TCACHE_MAX_CHUNK && chunk + nb === this.top) {
      this.top = chunk; // consolidate into top
      return;
    }
    let bin = this.bins.get(nb);
    if (bin === undefined) this.bins.set(nb, (bin = []));
    bin.push(mem);
    this.freeChunks.set(mem, nb);
  }

  realloc(mem: number, nbytes: number): number {
    this.mutations++;
    if (mem === 0) return this.malloc(nbytes);
    const nb = request2size(nbytes);
    const len = this.mmapped.get(mem);
    if (len !== undefined) {
      if (nb + SIZE_SZ <= len) return mem;
      const moved = this.malloc(nbytes);
      this.free(mem);
      return moved;
    }
    const old = this.inuse.get(mem);
    if (old === undefined) throw new Error(`realloc(): invalid pointer 0x${mem.toString(16)}`);
    const chunk = mem - 2 * SIZE_SZ;
    if (nb <= old) {
      // shrink in place; a remainder of at least MINSIZE becomes a free chunk
      if (old - nb >= MINSIZE) {
        this.inuse.set(mem, nb);
        this.inUseBytes += nb - old;
        const rest = chunk + nb + 2 * SIZE_SZ;
        this.inuse.set(rest, old - nb);
        this.inUseBytes += old - nb;
        this.free(rest);
      }
      return mem;
    }
    if (chunk + old === this.top && nb < this.mmapThreshold) {
      if (nb - old > this.limit - this.footprint) throw new NoMemoryError(nbytes);
      this.top = chunk + nb; // grow into the top chunk
      this.inuse.set(mem, nb);
      this.inUseBytes += nb - old;
      return mem;
    }
    const moved = this.malloc(nbytes);
    this.free(mem);
    return moved;
  }

  owns(mem: number): boolean {
    return this.inuse.has(mem) || this.mmapped.has(mem);
  }

  /** malloc_usable_size */
  usableSize(mem: number): number {
    const len = this.mmapped.get(mem);
    if (len !== undefined) return len - 2 * SIZE_SZ;
    const nb = this.inuse.get(mem);
    if (nb === undefined) throw new Error(`malloc_usable_size(): invalid pointer 0x${mem.toString(16)}`);
    return nb - SIZE_SZ;
  }

  /** Chunks in use (brk and mmapped), by address: snapshot() without the free chunks. */
  inUseSnapshot(): RawChunkInfo[] {
    const out: RawChunkInfo[] = [];
    for (const [address, chunkSize] of this.inuse) out.push({ address, chunkSize, mmapped: false, inUse: true });
    for (const [address, chunkSize] of this.mmapped) out.push({ address, chunkSize, mmapped: true, inUse: true });
    return out.sort((a, b) => a.address - b.address);
  }

  /** Chunks in use and free chunks, by address. */
  snapshot(): RawChunkInfo[] {
    const out: RawChunkInfo[] = [];
    for (const [address, chunkSize] of this.inuse) out.push({ address, chunkSize, mmapped: false, inUse: true });
    for (const [address, chunkSize] of this.freeChunks) out.push({ address, chunkSize, mmapped: false, inUse: false });
    for (const [address, chunkSize] of this.mmapped) out.push({ address, chunkSize, mmapped: true, inUse: true });
    return out.sort((a, b) => a.address - b.address);
  }
}

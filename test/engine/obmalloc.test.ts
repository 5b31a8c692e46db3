// Tests of the pymalloc model (src/engine/memory/obmalloc.ts) and the C heap (rawmalloc.ts).
// Expected values from real CPython come from test/recorded/obmalloc.json, written by
// scripts/record_obmalloc.py; the rest follows the logic of Objects/obmalloc.c.

import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { Obmalloc, OBMALLOC_PROFILES, DUMMY_SIZE_IDX } from '../../src/engine/memory/obmalloc';
import { RawHeap, MmapSpace, MMAP_FLOOR, HEAP_BASE, request2size } from '../../src/engine/memory/rawmalloc';
import { PY_VERSIONS, PyVersion } from '../../src/engine/versions';

interface Recorded {
  release: string;
  debugmallocstats: string;
  allocated_blocks: Record<string, { getsizeof: number; delta_per_object: number }>;
  float_min_pool_offset: number;
  float_max_per_pool: number;
}
const RECORDED: Record<PyVersion, Recorded> = JSON.parse(
  fs.readFileSync(path.join(__dirname, '..', 'recorded', 'obmalloc.json'), 'utf8'),
);

function make(v: PyVersion): Obmalloc {
  return new Obmalloc(OBMALLOC_PROFILES[v]);
}

/** class table rows of a _debugmallocstats text */
function classRows(text: string): { idx: number; size: number; pools: number; inuse: number; avail: number }[] {
  const rows = [];
  for (const line of text.split('\n')) {
    const m = /^\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)$/.exec(line);
    if (m) rows.push({ idx: +m[1], size: +m[2], pools: +m[3], inuse: +m[4], avail: +m[5] });
  }
  return rows;
}

function printoneValue(text: string, label: string): number {
  const line = text.split('\n').find((l) => l.startsWith(label));
  assert.ok(line, `no line ${label}`);
  return Number(line.split('=')[1].replace(/[ ,]/g, ''));
}

/** the shape of a stats text: numbers become N, so headings and line order can be compared */
function skeleton(text: string): string[] {
  return text
    .split('\n')
    .filter((l) => !/^\s*\d+\s+\d+\s+\d+\s+\d+\s+\d+$/.test(l)) // class rows vary with the heap
    .map((l) => l.replace(/[\d,]+/g, 'N').replace(/ +/g, ' '));
}

function poolOf(o: Obmalloc, addr: number) {
  const s = o.snapshot();
  const P = s.POOL_SIZE;
  for (const a of s.arenas) for (const p of a.pools) if (addr >= p.address && addr < p.address + P) return { arena: a, pool: p, snap: s };
  throw new Error('not in a pool');
}

describe('obmalloc: recorded CPython facts', () => {
  for (const v of PY_VERSIONS) {
    const rec = RECORDED[v];
    it(`${v}: blocks per pool equal (in use + avail) / pools of the recorded _debugmallocstats`, () => {
      const o = make(v);
      const rows = classRows(rec.debugmallocstats);
      assert.ok(rows.length >= 20);
      for (const r of rows) {
        assert.strictEqual(o.index2size(r.idx), r.size);
        assert.strictEqual(o.numBlocks(r.idx) * r.pools, r.inuse + r.avail, `class ${r.idx}`);
      }
    });

    it(`${v}: header, pool and arena sizes and the derived byte counts match the recorded stats`, () => {
      const p = OBMALLOC_PROFILES[v];
      const text = rec.debugmallocstats;
      const rows = classRows(text);
      assert.ok(text.startsWith(`Small block threshold = ${p.SMALL_REQUEST_THRESHOLD}, in ${p.SMALL_REQUEST_THRESHOLD / p.ALIGNMENT} size classes.\n`));
      assert.match(text, new RegExp(`\\n\\d+ arenas \\* ${p.ARENA_SIZE} bytes/arena `));
      assert.match(text, new RegExp(`\\n\\d+ unused pools \\* ${p.POOL_SIZE} bytes `));
      const sum = (f: (r: (typeof rows)[0]) => number) => rows.reduce((a, r) => a + f(r), 0);
      assert.strictEqual(sum((r) => r.inuse * r.size), printoneValue(text, '# bytes in allocated blocks'));
      assert.strictEqual(sum((r) => r.pools * p.POOL_OVERHEAD), printoneValue(text, '# bytes lost to pool headers'));
      assert.strictEqual(sum((r) => r.pools * ((p.POOL_SIZE - p.POOL_OVERHEAD) % r.size)), printoneValue(text, '# bytes lost to quantization'));
      const narenas = printoneValue(text, '# arenas allocated current');
      const lost = printoneValue(text, '# bytes lost to arena alignment');
      assert.strictEqual(lost % p.POOL_SIZE, 0);
      assert.ok(lost <= narenas * p.POOL_SIZE);
      if (p.POOL_SIZE === 4096) assert.strictEqual(lost, 0); // mmap is page aligned
      assert.strictEqual(text.includes('arena map counts'), p.radixTree !== null);
      if (p.radixTree) {
        assert.strictEqual(printoneValue(text, '# bytes lost to arena map root'), p.radixTree.rootBytes);
        assert.strictEqual(printoneValue(text, '# bytes lost to arena map mid'), p.radixTree.midBytes * printoneValue(text, '# arena map mid nodes'));
      }
    });

    it(`${v}: first block at pool offset ${rec.float_min_pool_offset}; 32-byte class fills ${rec.float_max_per_pool} per pool`, () => {
      const o = make(v);
      const addrs = Array.from({ length: 3000 }, () => o.malloc(24)); // a float
      const P = OBMALLOC_PROFILES[v].POOL_SIZE;
      assert.strictEqual(Math.min(...addrs.map((a) => a % P)), rec.float_min_pool_offset);
      const perPool = new Map<number, number>();
      for (const a of addrs) perPool.set(Math.floor(a / P), (perPool.get(Math.floor(a / P)) ?? 0) + 1);
      assert.strictEqual(Math.max(...perPool.values()), rec.float_max_per_pool);
    });

    it(`${v}: sys.getallocatedblocks() counts pymalloc and malloc-fallback blocks alike`, () => {
      for (const [name, r] of Object.entries(rec.allocated_blocks)) {
        const o = make(v);
        o.malloc(16);
        const before = o.allocatedBlocks();
        const n = 20;
        const kept = Array.from({ length: n }, () => o.malloc(r.getsizeof));
        assert.strictEqual((o.allocatedBlocks() - before) / n, Math.round(r.delta_per_object), name);
        for (const a of kept) o.free(a);
        assert.strictEqual(o.allocatedBlocks(), before, name);
      }
    });

    it(`${v}: debugMallocStats has the recorded headings, order and column widths`, () => {
      const o = make(v);
      for (let i = 1; i <= 512; i += 7) for (let k = 0; k < 40; k++) o.malloc(i);
      const ours = o.debugMallocStats();
      assert.deepStrictEqual(skeleton(ours), skeleton(RECORDED[v].debugmallocstats));
      const widths = (t: string) => new Set(t.split('\n').filter((l) => l.includes('=')).map((l) => l.length));
      assert.deepStrictEqual(widths(ours), widths(RECORDED[v].debugmallocstats));
      const rowWidths = (t: string) => new Set(t.split('\n').filter((l) => /^\s*\d+\s+\d+\s+\d+\s+\d+\s+\d+$/.test(l)).map((l) => l.length));
      assert.deepStrictEqual(rowWidths(ours), rowWidths(RECORDED[v].debugmallocstats));
    });
  }
});

describe('obmalloc: size classes and blocks', () => {
  it('maps requests to classes (n-1)>>4 and block sizes (idx+1)*16', () => {
    const o = make('3.12');
    const cases: [number, number][] = [[1, 0], [16, 0], [17, 1], [32, 1], [33, 2], [500, 31], [512, 31]];
    for (const [n, idx] of cases) {
      assert.strictEqual(o.sizeClass(n), idx);
      assert.strictEqual(o.blockSize(o.malloc(n)), (idx + 1) * 16);
    }
  });

  for (const v of ['3.9', '3.12'] as PyVersion[]) {
    it(`${v}: first block at pool + 48, then consecutive blocks, LIFO reuse of freed blocks`, () => {
      const o = make(v);
      const a = o.malloc(24);
      const { pool } = poolOf(o, a);
      assert.strictEqual(a, pool.address + 48);
      const b = o.malloc(24);
      const c = o.malloc(32);
      assert.deepStrictEqual([b - a, c - b], [32, 32]);
      o.free(a);
      o.free(c);
      assert.strictEqual(o.malloc(20), c); // last freed, first reused
      assert.strictEqual(o.malloc(20), a);
      assert.strictEqual(o.malloc(20), c + 32); // then virgin blocks again
    });
  }

  it('carves virgin blocks lazily: nextoffset/maxnextoffset', () => {
    const o = make('3.12');
    const a = o.malloc(64);
    let { pool } = poolOf(o, a);
    assert.strictEqual(pool.nextoffset, 48 + 2 * 64);
    assert.strictEqual(pool.maxnextoffset, 16384 - 64);
    assert.deepStrictEqual(pool.freeblocks, [1]);
    o.malloc(64);
    ({ pool } = poolOf(o, a));
    assert.strictEqual(pool.nextoffset, 48 + 3 * 64);
    assert.strictEqual(pool.count, 2);
    assert.deepStrictEqual(Array.from(pool.allocated.slice(0, 4)), [1, 1, 0, 0]);
    assert.strictEqual(pool.allocated.length, 255);
  });
});

describe('obmalloc: pools and usedpools', () => {
  it('moves a pool used -> full -> used (to the list front) -> empty (to freepools)', () => {
    const o = make('3.12');
    const n = o.numBlocks(31); // 31 blocks of 512 bytes
    const first = Array.from({ length: n }, () => o.malloc(512));
    assert.strictEqual(poolOf(o, first[0]).pool.state, 'full');
    assert.deepStrictEqual(o.snapshot().usedpools[31], []);
    const second = o.malloc(500); // a new pool
    const p1 = poolOf(o, first[0]).pool.address;
    const p2 = poolOf(o, second).pool.address;
    assert.strictEqual(p2, p1 + 16384);
    assert.deepStrictEqual(o.snapshot().usedpools[31], [p2]);
    o.free(first[5]); // full pool leaves "full": front of usedpools
    assert.strictEqual(poolOf(o, first[0]).pool.state, 'used');
    assert.deepStrictEqual(o.snapshot().usedpools[31], [p1, p2]);
    assert.strictEqual(o.malloc(512), first[5]); // the front pool serves next
    for (const a of first) o.free(a);
    const s = poolOf(o, first[0]);
    assert.strictEqual(s.pool.state, 'empty');
    assert.deepStrictEqual(s.snap.usedpools[31], [p2]);
    assert.strictEqual(s.arena.nfreepools, s.arena.ntotalpools - 1); // the empty pool counts as free
  });

  it('reuses an empty pool of the same class without re-initializing; another class re-initializes it', () => {
    const o = make('3.12');
    const a = o.malloc(100);
    const b = o.malloc(100);
    const keep = o.malloc(16); // another pool, so the arena stays
    o.free(a);
    o.free(b); // pool empty; its free list is b, a, then block 2
    const again = o.malloc(100);
    assert.strictEqual(again, b);
    assert.strictEqual(poolOf(o, again).pool.nextoffset, 48 + 3 * 112);
    o.free(again);
    const other = o.malloc(200); // empty pool taken for class 12: fresh header
    assert.strictEqual(other, poolOf(o, a).pool.address + 48);
    assert.strictEqual(poolOf(o, other).pool.szidx, 12);
    assert.ok(keep);
  });

  it('new pools are carved at pool_address; an unaligned arena has 63 pools of 16 KiB', () => {
    const o = make('3.12');
    o.malloc(8);
    const [arena] = o.snapshot().arenas;
    assert.strictEqual(arena.address % 4096, 0);
    assert.notStrictEqual(arena.address % 16384, 0);
    assert.strictEqual(arena.ntotalpools, 63);
    assert.strictEqual(arena.pools[0].address % 16384, 0);
    assert.strictEqual(arena.pool_address, arena.pools[0].address + 16384);
    assert.ok(arena.address > MMAP_FLOOR);
    const o38 = make('3.8');
    o38.malloc(8);
    assert.strictEqual(o38.snapshot().arenas[0].ntotalpools, 64);
    assert.ok(o38.debugMallocStats().includes('# bytes lost to arena alignment    =                    0\n'));
    assert.ok(o.debugMallocStats().includes('# bytes lost to arena alignment    =               16,384\n'));
  });
});

/** Fill `count` whole arenas with 512-byte blocks; returns the blocks of each arena. */
function fillArenas(o: Obmalloc, count: number): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < count; i++) {
    const before = o.snapshot().arenas.length;
    const blocks: number[] = [];
    for (;;) {
      const a = o.malloc(512);
      if (o.snapshot().arenas.length !== before + 1 && blocks.length === 0 && i > 0) throw new Error('unexpected');
      blocks.push(a);
      const s = o.snapshot();
      const arena = s.arenas.find((x) => a >= x.address && a < x.address + s.ARENA_SIZE)!;
      if (arena.nfreepools === 0 && arena.pools.every((p) => p.state === 'full')) break;
    }
    out.push(blocks);
  }
  return out;
}

describe('obmalloc: arenas', () => {
  it('keeps usable_arenas sorted by ascending nfreepools (cases 2, 3 and 4 of insert_to_freepool)', () => {
    const o = make('3.9'); // 4 KiB pools: 7 blocks of 512 per pool, 64 pools per arena
    const [a0, a1, a2] = fillArenas(o, 3);
    const idx = (blocks: number[]) => poolOf(o, blocks[0]).arena.index;
    const per = o.numBlocks(31);
    assert.deepStrictEqual(o.snapshot().usable_arenas, []);
    o.free(a0[0]); // a full pool becomes used: the arena still has no free pool
    assert.deepStrictEqual(o.snapshot().usable_arenas, []);
    for (let k = 1; k < per; k++) o.free(a0[k]); // case 2: first empty pool, a0 goes to the head
    assert.deepStrictEqual(o.snapshot().usable_arenas, [idx(a0)]);
    for (let k = 0; k < per; k++) o.free(a1[k]); // case 2 again: a1 at the head
    assert.deepStrictEqual(o.snapshot().usable_arenas, [idx(a1), idx(a0)]);
    for (let k = per; k < 2 * per; k++) o.free(a1[k]); // a1: 2 free pools -> slides after a0 (case 3)
    assert.deepStrictEqual(o.snapshot().usable_arenas, [idx(a0), idx(a1)]);
    for (let k = 2 * per; k < 3 * per; k++) o.free(a1[k]); // a1: 3, already rightmost (case 4)
    for (let k = 0; k < per; k++) o.free(a2[k]); // a2: 1 free pool -> head
    assert.deepStrictEqual(o.snapshot().usable_arenas, [idx(a2), idx(a0), idx(a1)]);
    for (let k = per; k < 2 * per; k++) o.free(a2[k]); // a2 -> 2: slides right after a0, the last with 1
    assert.deepStrictEqual(o.snapshot().usable_arenas, [idx(a0), idx(a2), idx(a1)]);
    for (let k = per; k < 2 * per; k++) o.free(a0[k]); // a0 -> 2: rightmost with 1 is a0 itself (case 4)
    const nfps = o.snapshot().usable_arenas.map((i) => o.snapshot().arenas.find((a) => a.index === i)!.nfreepools);
    assert.deepStrictEqual(nfps, [2, 2, 3]);
    // allocation takes from the head (most used) arena
    const x = o.malloc(512);
    assert.strictEqual(poolOf(o, x).arena.index, idx(a0));
  });

  it('3.8 frees a wholly free arena even when it is the last usable one', () => {
    const o = make('3.8');
    const blocks = Array.from({ length: 10 }, () => o.malloc(48));
    for (const b of blocks) o.free(b);
    assert.strictEqual(o.snapshot().arenas.length, 0);
    assert.match(o.debugMallocStats(), /# arenas reclaimed {17}= {20}1\n/);
  });

  for (const v of ['3.9', '3.10', '3.13'] as PyVersion[]) {
    it(`${v} keeps a wholly free arena that is last in usable_arenas, frees it otherwise (bpo-37257)`, () => {
      const o = make(v);
      const blocks = Array.from({ length: 10 }, () => o.malloc(48));
      for (const b of blocks) o.free(b);
      assert.strictEqual(o.snapshot().arenas.length, 1);
      assert.strictEqual(o.snapshot().arenas[0].nfreepools, o.snapshot().arenas[0].ntotalpools);
      // two arenas: empty the first (full) one while the second is usable and last
      const o2 = make(v);
      const [first] = fillArenas(o2, 1);
      const extra = o2.malloc(512);
      assert.strictEqual(o2.snapshot().arenas.length, 2);
      for (const b of first) o2.free(b);
      assert.strictEqual(o2.snapshot().arenas.length, 1);
      assert.strictEqual(o2.arenaCounters().allocatedTotal, 2);
      o2.free(extra);
      assert.strictEqual(o2.snapshot().arenas.length, 1); // the last one stays
    });
  }

  it('grows the arenas vector from 16 by doubling, in the C heap', () => {
    const o = make('3.9');
    fillArenas(o, 16);
    assert.strictEqual(o.arenaCounters().maxarenas, 16);
    o.malloc(512);
    assert.strictEqual(o.arenaCounters().maxarenas, 32);
    assert.strictEqual(o.arenaCounters().current, 17);
  });
});

describe('obmalloc: realloc and the raw heap', () => {
  it('keeps the block when shrinking by less than 25% or growing within the block, else moves', () => {
    const o = make('3.12');
    const a = o.malloc(64);
    assert.strictEqual(o.realloc(a, 49), a); // 4*49 > 3*64
    assert.strictEqual(o.realloc(a, 64), a);
    const b = o.realloc(a, 48); // 4*48 == 3*64: moves to class 2
    assert.notStrictEqual(b, a);
    assert.strictEqual(o.blockSize(b), 48);
    const c = o.realloc(b, 49); // growing past the block: moves
    assert.strictEqual(o.blockSize(c), 64);
    assert.strictEqual(c, a); // the freed 64-byte block, LIFO
    const before = o.allocatedBlocks();
    const d = o.realloc(c, 1000); // to malloc
    assert.ok(!o.isPymalloc(d));
    assert.strictEqual(o.allocatedBlocks(), before);
    const e = o.realloc(d, 100); // a malloc'ed block stays with malloc
    assert.ok(!o.isPymalloc(e));
    o.free(e);
    assert.strictEqual(o.allocatedBlocks(), before - 1);
  });

  it('sends 0 and >512-byte requests to a glibc-like heap with 16-byte headers and same-size reuse', () => {
    const o = make('3.12');
    const z = o.malloc(0);
    assert.ok(z > HEAP_BASE && z < MMAP_FLOOR);
    assert.strictEqual(z % 16, 0);
    assert.strictEqual(o.blockSize(z), 24); // malloc(1): chunk of 32
    const a = o.malloc(1000);
    const b = o.malloc(1000);
    assert.strictEqual(b - a, request2size(1000));
    o.free(a);
    assert.strictEqual(o.malloc(995), a); // same chunk size (1008) reused
    assert.strictEqual(o.allocatedBlocks(), 3);
    const big = o.malloc(300000); // mmap'ed chunk
    assert.ok(big > MMAP_FLOOR);
    assert.strictEqual(big % 4096, 16);
    o.free(big);
    const again = o.malloc(300000); // glibc raised mmap_threshold: now from the heap
    assert.ok(again < MMAP_FLOOR);
  });

  it('MmapSpace maps top-down and reuses the highest hole', () => {
    const s = new MmapSpace(0x7f0000000000);
    const a = s.mmap(1 << 20);
    const b = s.mmap(1 << 20);
    assert.strictEqual(a - b, 1 << 20);
    s.munmap(a, 1 << 20);
    assert.strictEqual(s.mmap(4096), a + (1 << 20) - 4096);
    const h = new RawHeap(s);
    assert.ok(h.malloc(10) > 0);
  });
});

describe('obmalloc: the views a step recorder reads', () => {
  for (const v of ['3.8', '3.12'] as PyVersion[]) {
    it(`${v}: arenaViews/poolBits agree with snapshot(), and poolStamp moves only for the pools touched`, () => {
      const m = make(v);
      // a deterministic mix of classes, frees in the middle of pools, and a pool emptied
      const live: number[] = [];
      let seed = 7;
      const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
      for (let i = 0; i < 3000; i++) {
        if (live.length && rand() < 0.4) m.free(live.splice(Math.floor(rand() * live.length), 1)[0]);
        else live.push(m.malloc(1 + Math.floor(rand() * 200)));
      }
      const snap = m.snapshot();
      const views = m.arenaViews();
      assert.deepStrictEqual(views.map((a) => [a.index, a.address, a.nfreepools, a.carved]),
        snap.arenas.map((a) => [a.index, a.address, a.nfreepools, a.pools.length]));
      let checked = 0;
      for (const [ai, a] of views.entries()) {
        for (let k = 0; k < a.carved; k++) {
          const slot = a.firstSlot + k;
          const p = snap.arenas[ai].pools[k];
          assert.strictEqual(m.poolAddress(slot), p.address);
          assert.strictEqual(m.poolSzidx(slot), p.szidx);
          assert.strictEqual(m.poolCount(slot), p.count);
          const bits = m.poolBits(slot);
          const unpacked = Array.from(p.allocated, (_, b) => (bits[b >> 3] >> (b & 7)) & 1);
          assert.deepStrictEqual(unpacked, Array.from(p.allocated));
          if (p.szidx !== DUMMY_SIZE_IDX) assert.strictEqual(unpacked.reduce((x, y) => x + y, 0), p.count);
          checked++;
        }
      }
      assert.ok(checked > 10, `only ${checked} pools`);
      // one malloc and one free touch one pool each
      const before = views.flatMap((a) => Array.from({ length: a.carved }, (_, k) => m.poolStamp(a.firstSlot + k)));
      const since = m.mutations;
      const p1 = m.malloc(24);
      m.free(live[0]);
      const after = views.flatMap((a) => Array.from({ length: a.carved }, (_, k) => m.poolStamp(a.firstSlot + k)));
      const moved = after.map((x, i) => (x !== before[i] ? i : -1)).filter((i) => i >= 0);
      assert.ok(moved.length >= 1 && moved.length <= 2, `moved ${moved.length}`);
      for (const i of moved) assert.ok(after[i] > since);
      m.free(p1);
    });
  }
});

describe('obmalloc: churn', () => {
  it('1M malloc+free pairs beside 5,000 live blocks hand back 8-aligned blocks and keep the count (their speed is in `npm run bench`)', () => {
    const o = make('3.12');
    const keep: number[] = [];
    for (let i = 0; i < 5000; i++) keep.push(o.malloc(16 + (i % 200)));
    let x = 0;
    for (let i = 0; i < 1_000_000; i++) {
      const a = o.malloc(24 + (i & 255));
      o.free(a);
      x += a % 2;
    }
    assert.strictEqual(x, 0);
    assert.strictEqual(o.allocatedBlocks(), 5000);
    assert.notStrictEqual(DUMMY_SIZE_IDX, 0);
  });
});

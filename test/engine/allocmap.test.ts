// The allocator map (engine/trace/allocmap.ts): the size-class table against sys._debugmallocstats()
// of real CPython (test/sizeclasses, recorded by scripts/record_size_classes.py), and the map's
// arenas, pools, owners, free lists and changes against the simulated interpreter itself.

import * as assert from 'assert';
import { readFileSync, readdirSync } from 'fs';
import { join } from 'path';
import { Session } from '../../src/engine/interp/run';
import { TraceRecorder, allocMapView, objectIndex, expandRuns, ALLOC_MAP_LIMITS } from '../../src/engine/trace';
import type { SizeClassRow, TraceOptions } from '../../src/engine/trace';
import type { PyVersion } from '../../src/engine/versions';

const VERSIONS: PyVersion[] = ['3.8', '3.9', '3.10', '3.11', '3.12', '3.13'];
const DIR = join(__dirname, '..', 'sizeclasses');
/** a checkpoint at every step: the size-class table is exact only at a checkpoint */
const DENSE: TraceOptions = { denseObjects: 1e6, denseWork: 1e9, denseSteps: 1e6 };

function record(source: string, version: PyVersion, options: TraceOptions = {}): TraceRecorder {
  const s = new Session(source, { version });
  const rec = new TraceRecorder(s, options);
  const result = s.finish();
  rec.finish();
  assert.strictEqual(result.stderr.replace(/^[\s\S]*?(Traceback)/, '$1').startsWith('Traceback'), false, result.stderr);
  return rec;
}

function stepAt(rec: TraceRecorder, line: number): number {
  for (let n = 0; n <= rec.steps; n++) if (rec.lineAt(n) === line) return n;
  throw new Error(`no step at line ${line}`);
}

/** blocks in use per size class, table b minus table a (classes that did not change left out) */
function delta(a: [number, number][], b: [number, number][]): Map<number, number> {
  const ma = new Map(a), mb = new Map(b);
  const out = new Map<number, number>();
  for (const k of new Set([...ma.keys(), ...mb.keys()])) {
    const d = (mb.get(k) ?? 0) - (ma.get(k) ?? 0);
    if (d) out.set(k, d);
  }
  return out;
}

const rows = (t: SizeClassRow[]): [number, number][] => t.map((r) => [r.szidx, r.blocksInUse]);

/**
 * Where the engine is one block off CPython (program, version, size class): the blocks are
 * compared exactly everywhere else. Each is a known gap of the engine, not of the map.
 *  - 3.10: a list that grows to 1,000-3,000 items leaves a 400-odd-byte block one size class lower
 *    than CPython's (class 25 instead of 26; two such lists in `strings`);
 *  - 3.13: one more 80-byte block and one 336-byte block fewer after making the two classes.
 */
const KNOWN_GAPS: Record<string, { classes: number[]; blocks: number }> = {
  'floats 3.10': { classes: [25, 26], blocks: 1 }, 'tuples 3.10': { classes: [26, 27], blocks: 1 },
  'strings 3.10': { classes: [25, 26], blocks: 2 }, 'instances 3.13': { classes: [4, 20], blocks: 1 },
};

describe('allocator map: the size-class table against sys._debugmallocstats()', function () {
  this.timeout(60_000);
  const programs = readdirSync(DIR).filter((f) => f.endsWith('.py')).sort();
  it('has recorded programs', () => assert.ok(programs.length >= 4));
  for (const file of programs) {
    const name = file.replace(/\.py$/, '');
    const source = readFileSync(join(DIR, file), 'utf8');
    const expected = JSON.parse(readFileSync(join(DIR, `${name}.expected.json`), 'utf8'));
    for (const v of VERSIONS) {
      const exp = expected[v];
      if (!exp) continue;
      it(`${name} on ${v}: blocks in use per size class between the two calls`, () => {
        const rec = record(source, v, DENSE);
        const [l1, l2] = exp.lines as number[];
        const a = allocMapView(rec, { step: stepAt(rec, l1) });
        const b = allocMapView(rec, { step: stepAt(rec, l2) });
        assert.ok(a.exact && b.exact, 'both steps are checkpoints');
        const engine = delta(rows(a.sizeClasses), rows(b.sizeClasses));
        const real = delta(
          (exp.tables[0] as number[][]).map((r) => [r[0], r[3]] as [number, number]),
          (exp.tables[1] as number[][]).map((r) => [r[0], r[3]] as [number, number]),
        );
        const gap = KNOWN_GAPS[`${name} ${v}`];
        const gaps = new Set(gap?.classes ?? []);
        for (const k of new Set([...engine.keys(), ...real.keys()])) {
          const e = engine.get(k) ?? 0, r = real.get(k) ?? 0;
          if (gaps.has(k)) assert.ok(Math.abs(e - r) <= gap!.blocks, `class ${k}: engine ${e}, CPython ${r} (known gap)`);
          else assert.strictEqual(e, r, `class ${k} (${(k + 1) * 16} bytes): blocks in use changed by ${e} in the engine, ${r} in CPython`);
        }
        // the classes the program fills are there with their whole counts
        assert.ok([...real.values()].some((d) => Math.abs(d) >= 500));
      });
    }
  }
});

describe('allocator map: the view', function () {
  this.timeout(60_000);

  for (const v of ['3.9', '3.12'] as PyVersion[]) {
    it(`${v}: the size-class table at the last step is the interpreter's own _debugmallocstats()`, () => {
      const rec = record('xs = [float(i) for i in range(300)]\nts = [(i,) for i in range(200)]\nb = bytes(2000)\n', v);
      const m = allocMapView(rec, { step: rec.steps });
      const text = rec.rt.heap.debugMallocStats();
      const table = text.split('\n').filter((l) => /^\s+\d+\s+\d+\s+\d+\s+\d+\s+\d+$/.test(l)).map((l) => l.trim().split(/\s+/).map(Number));
      assert.deepStrictEqual(m.sizeClasses.map((r) => [r.szidx, r.size, r.numPools, r.blocksInUse, r.availBlocks]), table);
      assert.strictEqual(m.poolSize, v === '3.9' ? 4096 : 16384);
      assert.strictEqual(m.arenaSize, v === '3.9' ? 256 << 10 : 1 << 20);
      assert.ok(m.raw.some((c) => c.size >= 2000), 'the bytes object is a raw chunk');
      assert.strictEqual(m.rawTotal.count, m.raw.length);
    });
  }

  it('arenas and pools are the snapshot heap\'s, as size classes and counts', () => {
    const rec = record('xs = [str(i) * 3 for i in range(2000)]\nd = {i: i for i in range(300)}\n', '3.11');
    const m = allocMapView(rec, { step: rec.steps });
    const h = rec.snapshot(rec.steps).heap;
    assert.strictEqual(m.arenas.length, h.arenas.length);
    m.arenas.forEach((a, i) => {
      assert.deepStrictEqual(a.count, h.arenas[i].pools.map((p) => p.count));
      assert.deepStrictEqual(a.szidx, h.arenas[i].pools.map((p) => (p.blockSize ? p.szidx : -1)));
    });
  });

  it('a pool: its owners are the live objects whose block is in it, at id minus the GC header', () => {
    const rec = record('ts = [(i, i) for i in range(100)]\nfs = [float(i) for i in range(50)]\n', '3.12');
    const N = rec.steps - 1; // (the last step is after the module's teardown)
    const m0 = allocMapView(rec, { step: N });
    const tupleClass = m0.sizeClasses.find((r) => r.size === 64)!; // 16 GC header + 24 + 2 * 8 = 56 -> 64
    assert.ok(tupleClass.blocksInUse >= 100);
    const snap = rec.snapshot(N);
    const idx = objectIndex(snap);
    const types = expandRuns(snap.objects.type);
    // the pool of the last tuple made
    const ids = expandRuns(snap.objects.id);
    let tid = 0;
    ids.forEach((id, i) => { if (snap.objects.typeNames[types[i]] === 'tuple' && !snap.objects.preexisting.includes(i)) tid = id; });
    const m = allocMapView(rec, { step: N, pool: Math.floor((tid - m0.gcHeadSize) / m0.poolSize) * m0.poolSize });
    const p = m.pool!;
    assert.ok(p && p.blockSize === 64);
    const tuples = p.owners.filter((o) => o.type === 'tuple');
    assert.ok(tuples.length >= 100);
    for (const o of tuples) {
      assert.strictEqual(o.offset, m.gcHeadSize, 'a tuple has its GC header before id()');
      assert.strictEqual(o.id, p.address + m.poolOverhead + o.block * 64 + o.offset);
      assert.strictEqual(snap.objects.typeNames[types[idx.get(o.id)!]], 'tuple');
      assert.strictEqual(o.request, 56);
      // the block is in use in the bitmap
      assert.ok((parseInt(p.bitmap[o.block >> 2], 16) >> (o.block & 3)) & 1);
    }
  });

  it('the free list at a checkpoint is the interpreter\'s, head first; carved blocks are those in use and on it', () => {
    const rec = record('xs = [float(i) for i in range(60)]\ndel xs[10:20]\ndel xs[:3]\n', '3.12');
    const N = rec.steps;
    const m0 = allocMapView(rec, { step: N });
    const ob = rec.rt.heap.snapshot();
    for (const a of ob.arenas) {
      for (const p of a.pools) {
        if (!p.count || p.szidx === 0xffff) continue;
        const m = allocMapView(rec, { step: N, pool: p.address });
        assert.ok(m.pool!.carvedExact);
        assert.deepStrictEqual(m.pool!.freeList, p.freeblocks);
        assert.strictEqual(m.pool!.nextoffset, p.nextoffset);
        assert.strictEqual(m.pool!.maxnextoffset, p.maxnextoffset);
        assert.strictEqual(m.pool!.count, p.count);
        assert.strictEqual(m.pool!.carved, p.count + p.freeblocks.length);
      }
    }
    assert.ok(m0.exact);
  });

  it('what changed: the blocks a line allocates and frees, a raw chunk made, an arena mapped', () => {
    // (a float freed goes to the float free list and keeps its block: the strs are freed)
    const src = 'a = [str(i) * 9 for i in range(10)]\nx = len(a) << 40\ndel a[2]\nb = bytes(4000)\ny = 1\n';
    const rec = record(src, '3.12');
    const count = (hex: string): number => [...hex].reduce((n, d) => n + [...parseInt(d, 16).toString(2)].filter((c) => c === '1').length, 0);
    const at2 = allocMapView(rec, { step: stepAt(rec, 3) }); // after line 2
    const sz = new Map<number, number>();
    for (const a of at2.arenas) {
      const first = Math.ceil(a.address / at2.poolSize) * at2.poolSize;
      a.szidx.forEach((z, k) => sz.set(first + k * at2.poolSize, z));
    }
    const ints = at2.changes.address.map((addr, i) => (sz.get(addr) === 1 ? at2.changes.allocated[i] : 0));
    assert.strictEqual(ints.reduce((n, c) => n + c, 0), 1, 'one int allocated by x = ...');
    const at3 = allocMapView(rec, { step: stepAt(rec, 4) }); // after line 3
    assert.strictEqual(at3.changes.freed.reduce((n, c) => n + c, 0), 1, 'a[2] freed');
    // the pool of the freed str, asked for, has the block in its bitmap of blocks freed
    const freedPool = at3.changes.address[at3.changes.freed.findIndex((n) => n > 0)];
    const detail = allocMapView(rec, { step: stepAt(rec, 4), pool: freedPool }).pool!;
    assert.strictEqual(count(detail.freedNow), 1);
    assert.strictEqual(detail.allocatedNow, '');
    const at4 = allocMapView(rec, { step: stepAt(rec, 5) });
    assert.ok(at4.raw.some((c) => c.isNew && c.size >= 4000), 'bytes(4000) is a new raw chunk');
    assert.ok(!at4.arenas[0].isNew);
  });

  it('an arena mapped at a step, and given back', () => {
    const rec = record('xs = [float(i) for i in range(30000)]\ndel xs\ny = 1\n', '3.8');
    let mapped = -1;
    for (let n = 1; n <= rec.steps && mapped < 0; n++) if (allocMapView(rec, { step: n }).arenas.some((a) => a.isNew)) mapped = n;
    assert.ok(mapped > 0, 'a 256 KiB arena is mapped while the floats are made');
    const freed = allocMapView(rec, { step: stepAt(rec, 3) });
    assert.ok(freed.freedArenas.length >= 1, 'del xs gives an arena back');
  });

  it('stays bounded: raw chunks and changed pools are capped', () => {
    const rec = record('xs = [bytes(600 + i) for i in range(2500)]\ny = 1\n', '3.12');
    const m = allocMapView(rec, { step: rec.steps - 1 });
    assert.strictEqual(m.raw.length, ALLOC_MAP_LIMITS.raw);
    assert.ok(m.rawTotal.count >= 2500);
    assert.ok(JSON.stringify(m).length < 200_000);
  });
});

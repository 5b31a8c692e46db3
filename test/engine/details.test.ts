// The details pane's data (engine/trace/details.ts) against real CPython and against itself: for
// the objects of test/fixtures/details/breakdown.py, at the step before each one's line is printed,
// sys.getsizeof, ob_refcnt (sys.getrefcount - 1), gc.is_tracked, the containers gc.get_referrers
// finds and the blocks one list takes (sys.getallocatedblocks() around it) as the recording has
// them; and the breakdown is consistent: the requests of a list, tuple, set or dict sum to
// sys.getsizeof, each block is its request's size class of the version (or raw malloc), and the
// referrers plus the interpreter's counted references plus the unexplained ones make ob_refcnt.

import * as assert from 'assert';
import { readFileSync } from 'fs';
import { join } from 'path';
import { Session } from '../../src/engine/interp/run';
import { OBMALLOC_PROFILES } from '../../src/engine/memory/obmalloc';
import { TraceRecorder, objectDetails } from '../../src/engine/trace';
import type { ObjectDetails } from '../../src/engine/trace';
import type { PyVersion } from '../../src/engine/versions';

const VERSIONS: PyVersion[] = ['3.8', '3.9', '3.10', '3.11', '3.12', '3.13'];
const FIXTURE = join(__dirname, '..', 'fixtures', 'details', 'breakdown.py');
const SOURCE = readFileSync(FIXTURE, 'utf8');
const EXPECTED = JSON.parse(readFileSync(FIXTURE.replace(/\.py$/, '.expected.json'), 'utf8')) as Record<string, { stdout: string }>;
const DENSE = { denseObjects: 1e6, denseWork: 1e9, denseSteps: 1e6 };

function record(source: string, version: PyVersion): TraceRecorder {
  const s = new Session(source, { version });
  const rec = new TraceRecorder(s, DENSE);
  s.finish();
  rec.finish();
  return rec;
}

/** the first step whose next line is `line` */
function stepAt(rec: TraceRecorder, line: number): number {
  for (let n = 0; n <= rec.steps; n++) if (rec.lineAt(n) === line) return n;
  throw new Error(`no step at line ${line}`);
}

function localId(rec: TraceRecorder, step: number, name: string): number {
  const frames = rec.reader(step).frames;
  const l = frames[frames.length - 1].locals.find((x) => x.name === name);
  assert.ok(l && l.id, `${name} is bound`);
  return l.id;
}

/** the distinct containers gc.get_referrers would return: the holders of the references the
 *  details list, the module's namespace standing for its globals */
function holders(d: ObjectDetails): number {
  const ids = new Set<number>();
  for (const r of d.referrers) ids.add(r.kind === 'global' ? -1 : r.id);
  return ids.size;
}

function checkConsistent(d: ObjectDetails, version: PyVersion, what: string): void {
  const ob = OBMALLOC_PROFILES[version];
  for (const a of d.allocations) {
    if (a.request <= ob.SMALL_REQUEST_THRESHOLD) {
      assert.strictEqual(a.allocator, 'pymalloc', `${what}: ${a.what}`);
      assert.strictEqual(a.blockSize, Math.ceil(a.request / ob.ALIGNMENT) * ob.ALIGNMENT, `${what}: ${a.what}'s block is its size class`);
      assert.strictEqual(a.szidx, a.blockSize / ob.ALIGNMENT - 1, `${what}: szidx`);
      assert.ok(a.pool !== null && a.arena !== null, `${what}: ${a.what} lies in a pool of an arena`);
      assert.strictEqual(a.pool! % ob.POOL_SIZE, 0);
    } else {
      assert.strictEqual(a.allocator, 'raw', `${what}: ${a.what}`);
      assert.ok(a.blockSize >= a.request, `${what}: usable size`);
    }
  }
  if (d.unexplained !== null) {
    const internal = d.internal.reduce((x, i) => x + i.count, 0);
    assert.strictEqual(d.referrersTotal + internal + d.unexplained, d.refcnt, `${what}: ob_refcnt broken down`);
  }
}

describe('object details (engine) against CPython', () => {
  for (const version of VERSIONS) {
    it(version, () => {
      const lines = EXPECTED[version].stdout.trim().split('\n').map((l) => l.split(' '));
      const rec = record(SOURCE, version);
      const src = SOURCE.split('\n');
      let checked = 0;
      for (const row of lines) {
        const name = row[0];
        if (name === 'collected') continue;
        if (name === 'k') {
          // a str constant: the global, the code's co_consts, and a reference the trace does not show
          const line = src.findIndex((l) => l.startsWith("print('k'")) + 1;
          const step = stepAt(rec, line);
          const d = objectDetails(rec, { step, id: localId(rec, step, 'k') });
          assert.strictEqual(d.refcnt, Number(row[1]), `${version} k: sys.getrefcount - 1`);
          assert.strictEqual(d.cache, 'constant');
          assert.deepStrictEqual(d.internal.map((i) => [i.what, i.count]), [['code constants', 1]]);
          assert.strictEqual(d.referrersTotal + 1 + d.unexplained!, d.refcnt);
          continue;
        }
        const line = src.findIndex((l) => l.startsWith(`print('${name}'`)) + 1;
        assert.ok(line > 0, name);
        const step = stepAt(rec, line);
        const id = localId(rec, step, name);
        const d = objectDetails(rec, { step, id });
        const what = `${version} ${name}`;
        assert.ok(d.alive && d.exact, what);
        assert.strictEqual(d.sizeof, Number(row[1]), `${what}: sys.getsizeof`);
        assert.strictEqual(d.refcnt, Number(row[2]), `${what}: sys.getrefcount - 1`);
        assert.strictEqual(holders(d), Number(row[3]), `${what}: len(gc.get_referrers())`);
        assert.strictEqual(d.gen >= 0, row[4] === 'True', `${what}: gc.is_tracked`);
        // program objects: every reference is one the trace shows
        assert.strictEqual(d.unexplained, 0, `${what}: nothing unexplained`);
        assert.strictEqual(d.reach, name === 'c' ? 'root' : 'root', what);
        checkConsistent(d, version, what);
        if (['a', 'c', 'big', 'x', 't', 's', 'd'].includes(name) && !(name === 'd' && d.allocations.length < 2)) {
          const requested = d.allocations.reduce((x, a) => x + a.request, 0);
          assert.strictEqual(requested, d.sizeof, `${what}: the requests sum to sys.getsizeof`);
        }
        if (name === 'x') {
          // sys.getallocatedblocks() around `x = [...]`: the blocks taken from pymalloc (a list
          // from the free list takes only its ob_item), and the int that b0 = ... stored
          const blocks = d.allocations.length - (d.fromFreeList ? 1 : 0) + 1;
          assert.strictEqual(blocks, Number(row[5]), `${what}: sys.getallocatedblocks() delta`);
        }
        checked++;
      }
      assert.strictEqual(checked, 8);
    });
  }
});

describe('object details (engine)', () => {
  it('a cycle no root reaches: "only a cycle holds it", with its referrer the list itself', () => {
    for (const version of VERSIONS) {
      const rec = record('c = [0]\nc.append(c)\ncid = id(c)\ndel c\nx = 1\n', version);
      const step = stepAt(rec, 5);
      const r = rec.reader(step);
      const cidId = localId(rec, step, 'cid');
      const cs = r.serialsOf(new Set([cidId])).get(cidId)!;
      const id = Number(r.repr(cs));
      const d = objectDetails(rec, { step, id });
      assert.ok(d.alive, version);
      assert.strictEqual(d.reach, 'cycle', version);
      assert.strictEqual(d.chain, null);
      assert.deepStrictEqual(d.referrers.map((x) => [x.kind, x.id, x.label]), [['item', id, '1']], version);
      assert.strictEqual(d.unexplained, 0);
    }
  });

  it('the chain from a root goes through the containers, labelled by index, key and attribute', () => {
    const src = 'class P:\n    pass\np = P()\np.items = {"k": [None, "leaf" * 3]}\nx = 1\n';
    for (const version of VERSIONS) {
      const rec = record(src, version);
      const step = stepAt(rec, 5);
      const p = localId(rec, step, 'p');
      const r = rec.reader(step);
      // the leaf str: find it through the referents
      const dP = objectDetails(rec, { step, id: p });
      assert.strictEqual(dP.reach, 'root');
      let leaf = 0;
      for (let s = 0; s < r.visN; s++) if (r.live(s) && r.repr(s) === "'leafleafleaf'") leaf = r.id(s);
      assert.ok(leaf, version);
      const d = objectDetails(rec, { step, id: leaf });
      assert.ok(d.chain, version);
      assert.deepStrictEqual(d.chain!.hops.map((h) => [h.kind, h.label, h.type]), [
        ['global', 'p', 'P'], ['attribute', 'items', 'dict'], ['value', "'k'", 'list'], ['item', '1', 'str'],
      ], version);
      assert.strictEqual(d.chain!.kind, 'global');
    }
  });

  it('a small int: the small-int cache holds it (or it is immortal); a float from the free list goes back to it', () => {
    for (const version of VERSIONS) {
      const rec = record('n = 7\nf = n * 1.5\nx = 1\n', version);
      const step = stepAt(rec, 3);
      const dn = objectDetails(rec, { step, id: localId(rec, step, 'n') });
      assert.strictEqual(dn.cache, 'small-int', version);
      assert.deepStrictEqual(dn.internal.map((i) => i.what), [dn.immortal ? 'immortal' : 'small-int cache'], version);
      assert.strictEqual(dn.immortal, version === '3.12' || version === '3.13', version);
      assert.strictEqual(dn.unexplained, null, version);
      assert.strictEqual(dn.onDeath, null);
      const df = objectDetails(rec, { step, id: localId(rec, step, 'f') });
      assert.strictEqual(df.onDeath?.freeList, 'float', version);
      assert.strictEqual(df.allocations.length, 1);
      assert.strictEqual(df.allocations[0].request, 24);
      assert.strictEqual(df.allocations[0].blockSize, 32);
    }
  });

  it('a cell variable is the cell\'s one reference, not the frame\'s too', () => {
    const src = 'def outer():\n    v = [1, 2]\n    def inner():\n        return v\n    w = inner()\n    return w\nouter()\n';
    for (const version of VERSIONS) {
      const rec = record(src, version);
      const step = stepAt(rec, 6);
      const fr = rec.reader(step).frames;
      const v = fr[fr.length - 1].locals.filter((l) => l.name === 'v' && l.id).pop()!;
      const d = objectDetails(rec, { step, id: v.id });
      assert.deepStrictEqual(d.referrers.map((x) => [x.kind, x.label, x.repr]).sort(), [['local', 'v', 'cell'], ['local', 'w', null]], version);
      assert.strictEqual(d.refcnt, 2, version);
      assert.strictEqual(d.unexplained, 0, version);
    }
  });

  it('a list over 512 bytes of items: its ob_item is a raw malloc chunk', () => {
    const rec = record('big = list(range(100))\nx = 1\n', '3.12');
    const step = stepAt(rec, 2);
    const d = objectDetails(rec, { step, id: localId(rec, step, 'big') });
    const items = d.allocations.find((a) => a.what === 'ob_item')!;
    assert.strictEqual(items.allocator, 'raw');
    assert.strictEqual(items.request, 800);
    assert.strictEqual(items.blockSize, 808);
  });

  it('a bytearray: its ob_bytes buffer is a request of its own, which sys.getsizeof counts with the object', () => {
    for (const version of ['3.8', '3.12'] as const) {
      const rec = record("b = bytearray(b'abc')\nb.extend(b'x' * 600)\nx = 1\n", version);
      for (const [line, buffer] of [[2, 'pymalloc'], [3, 'raw']] as const) {
        const step = stepAt(rec, line);
        const d = objectDetails(rec, { step, id: localId(rec, step, 'b') });
        const own = d.allocations.find((a) => a.kind !== 'buffer')!;
        const buf = d.allocations.find((a) => a.what === 'ob_bytes');
        assert.ok(buf, `${version} line ${line}: no ob_bytes row`);
        assert.strictEqual(buf.allocator, buffer);
        assert.strictEqual(own.request + buf.request, d.sizeof, `${version} line ${line}`);
        assert.ok(!d.allocationNotes.some((n) => /ob_bytes/.test(n)));
      }
    }
  });

  it("a split table's values: 3.11/3.12's values array of an instance, a split dict's ma_values (3.8-3.10)", () => {
    const src = 'class A:\n    def __init__(self):\n        self.x = 1\n        self.y = 2\na = A()\nd = a.__dict__\nx = 1\n';
    for (const [version, id, what] of [['3.12', 'a', 'values array'], ['3.11', 'a', 'values array'], ['3.10', 'd', 'ma_values'], ['3.8', 'd', 'ma_values']] as const) {
      const rec = record(src, version);
      const step = stepAt(rec, 7);
      const d = objectDetails(rec, { step, id: localId(rec, step, id) });
      const row = d.allocations.find((a) => a.what === what);
      assert.ok(row, `${version}: no ${what} row in ${d.allocations.map((a) => a.what).join(', ')}`);
      assert.strictEqual(row.allocator, 'pymalloc');
      assert.ok(row.request > 0 && row.blockSize >= row.request);
      assert.ok(!d.allocationNotes.some((n) => /not traced/.test(n)), `${version}: ${d.allocationNotes.join('; ')}`);
    }
  });

  it('an object not alive at the step', () => {
    const rec = record('x = [1]\ndel x\ny = 2\n', '3.12');
    const d = objectDetails(rec, { step: 0, id: 12345 });
    assert.strictEqual(d.alive, false);
  });
});

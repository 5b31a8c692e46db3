// The step trace: snapshots rebuilt from the recording must show what the running interpreter
// showed when paused at that step (reference counts, sizes, generations, locals, blocks), in any
// order of rebuilding, and survive JSON; the CLI's `map` and `run --trace` expose them.

import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Session } from '../../src/engine/interp/run';
import { Frame } from '../../src/engine/interp/frame';
import { PyCell, PyDict, PyModule, PyObject, PyStr, PyType } from '../../src/engine/interp/objects';
import { referents } from '../../src/engine/interp/modules';
import * as ops from '../../src/engine/interp/ops';
import {
  MemorySnapshot, RunsBuilder, SNAPSHOT_VERSION, TraceRecorder, expandRuns, objectColumns, objectIndex, refsAt, reprAt, runAt, shortRepr,
} from '../../src/engine/trace';
import { formatMap } from '../../src/cli/map';

const ROOT = path.resolve(__dirname, '..', '..');
const CLI = path.join(ROOT, 'dist', 'cli.js');

const PROGRAMS: Record<string, string> = {
  cycles: `class Node:
    def __init__(self, v):
        self.v = v
        self.next = None
a = Node(1)
b = Node(2)
a.next = b
b.next = a
del a, b
import gc
print(gc.collect())
`,
  lists: `xs = []
for i in range(40):
    xs.append(str(i) * 3)
ys = xs[:]
xs.clear()
t = (ys, 1.5)
print(len(ys), sys_ok := True)
`,
  closures: `def outer(n):
    total = [0]
    def add(k):
        total[0] += k
        return total[0]
    for j in range(n):
        add(j)
    return total
r = outer(5)
big = "y" * 2000
d = {"a": r, "b": big}
del big
`,
  // many short-lived objects: whole chunks of the log freed long before the end
  churn: `keep = []
for i in range(50):
    t = [str(j) * 2 for j in range(i, i + 20)]
    if i % 20 == 0:
        keep.append(t)
del t
`,
  // a str appended to in place: its block resized where it is, or moved (a new id)
  strgrow: `def grow(n):
    s = 'start'
    for i in range(n):
        s += 'xy'
    return s
t = grow(40)
u = t
t += 'z'
`,
  // frames pushed and popped, and a global changed by the innermost frame (an outer frame's locals)
  recursion: `count = 0
def walk(n, acc):
    global count
    count += 1
    if n == 0:
        return acc
    here = [n]
    return walk(n - 1, acc + here)
r = walk(4, [])
s = walk(2, r)
`,
};

interface Seen {
  objects: Map<number, { refcnt: number; size: number; gen: number; repr: string; refs: string }>;
  locals: string[];
  blocks: number;
  /** blocks in use per pool address, and raw chunks in use */
  pools: string;
  raw: number;
}

function genOf(s: Session, o: PyObject): number {
  if (!o.gcTracked) return -1;
  const g = s.runtime!.gcState;
  for (let i = 0; i < 3; i++) if (g.generations[i].has(o)) return i;
  return g.permanent.has(o) ? 3 : -2;
}

/** what the paused interpreter shows: the program's objects reachable from its frames */
function observe(s: Session): Seen {
  const rt = s.runtime!;
  const objects = new Map<number, { refcnt: number; size: number; gen: number; repr: string; refs: string }>();
  const seen = new Set<PyObject>();
  const visit = (o: PyObject | null): void => {
    if (!o || seen.has(o)) return;
    seen.add(o);
    if (o.allocSize) {
      objects.set(o.addr, {
        refcnt: o.ob_refcnt, size: rt.sizeofObject(o, true), gen: genOf(s, o), repr: shortRepr(o),
        refs: referents(o).map((x) => x.addr).sort((a, b) => a - b).join(' '),
      });
    }
    if (o instanceof PyModule || o instanceof PyType) return;
    for (const x of referents(o)) visit(x);
  };
  const frames: Frame[] = [];
  for (let f = rt.frame; f; f = f.back) frames.unshift(f);
  // per frame shown: its name and its locals (name, id); from 3.12 a list, set or dict
  // comprehension runs in the enclosing frame (PEP 709): its variables, but `.0` and its free
  // variables, are that frame's while it runs (in place of a name they shadow)
  const shown: { name: string; namespace: boolean; locals: [string, number][] }[] = [];
  for (const f of frames) {
    const inlined = rt.profile.inlinedComprehensions && f.code.comprehension && shown.length > 0;
    const into = inlined ? shown[shown.length - 1] : { name: f.code.name, namespace: !!f.locals && !f.func, locals: [] as [string, number][] };
    if (!inlined) shown.push(into);
    if (f.locals && !f.func) {
      visit(f.locals);
      for (const [k, v] of ops.dictItems(f.locals as PyDict)) {
        if (k instanceof PyStr && !(k.s.startsWith('__') && k.s.endsWith('__'))) into.locals.push([k.s, v.addr]);
      }
    } else {
      const names = [...f.code.varnames, ...f.code.cellvars, ...f.code.freevars];
      f.fast.forEach((v, i) => {
        visit(v);
        const value = v instanceof PyCell && i >= f.code.varnames.length ? v.ref : v;
        if (i >= names.length) return;
        if (inlined) {
          if (names[i] === '.0' || i >= f.code.varnames.length + f.code.cellvars.length) return;
          const at = into.locals.findIndex(([n]) => n === names[i]);
          if (at >= 0) {
            // a module's namespace keeps its value while the comprehension's variable is unbound
            if (value || !into.namespace) into.locals[at][1] = value ? value.addr : 0;
            return;
          }
        }
        into.locals.push([names[i], value ? value.addr : 0]);
      });
    }
  }
  const locals = shown.flatMap((f) => f.locals.map(([n, id]) => `${f.name}.${n}=${id}`));
  const h = rt.heap.snapshot();
  const pools = h.arenas.flatMap((a) => a.pools.map((p) => `${p.address}:${p.count}`)).join(' ');
  return { objects, locals, blocks: rt.heap.allocatedBlocks(), pools, raw: h.raw.filter((c) => c.inUse).length };
}

function localsOf(snap: MemorySnapshot): string[] {
  return snap.frames.flatMap((f) => f.locals.map((l) => `${f.name}.${l.name}=${l.id}`));
}

function recordStepping(source: string, options = {}): { rec: TraceRecorder; seen: Map<number, Seen> } {
  const s = new Session(source, { version: '3.12' });
  const rec = new TraceRecorder(s, options);
  // paused after N steps → what the interpreter showed (a pause waits for a line of the top
  // frame's loop, so some step counts are skipped)
  const seen = new Map<number, Seen>([[0, observe(s)]]);
  let guard = 0;
  while (!s.step(1)) {
    seen.set(s.runtime!.steps, observe(s));
    if (++guard > 100_000) throw new Error('no progress');
  }
  rec.finish();
  assert.strictEqual(s.result.stderr, '', s.result.stderr);
  assert.strictEqual(rec.steps, s.result.steps);
  return { rec, seen };
}

describe('snapshot columns as runs', () => {
  const roundTrip = (values: number[]): number[] => {
    const b = new RunsBuilder();
    for (const v of values) b.push(v);
    return b.finish();
  };

  it('expand back to the values pushed, and read one value at a time', () => {
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) % 9) - 4;
    const cases = [[], [5], [5, 5], [1, 2, 3, 3, 3, 7, 11, 15, 2 ** 50, 2 ** 50 + 16, -1, -2, -2],
      Array.from({ length: 500 }, rand), Array.from({ length: 300 }, (_, i) => 0x7f0000000000 + 48 * i)];
    for (const values of cases) {
      const runs = roundTrip(values);
      assert.deepStrictEqual(expandRuns(runs), values);
      values.forEach((v, i) => assert.strictEqual(runAt(runs, i), v));
      assert.strictEqual(runAt(runs, values.length), undefined);
      // two values always make one run: never more numbers than 1.5 per value
      assert.ok(runs.length <= Math.max(3, 1.5 * values.length + 3));
    }
  });

  it('a progression is one run', () => {
    assert.deepStrictEqual(roundTrip(Array.from({ length: 1000 }, (_, i) => 4096 + 64 * i)), [4096, 64, 1000]);
    assert.deepStrictEqual(roundTrip([3, 3, 3, 9]), [3, 0, 3, 9, 0, 1]);
  });
});

describe('step trace', () => {
  for (const [name, source] of Object.entries(PROGRAMS)) {
    it(`${name}: every step's snapshot matches the paused interpreter`, () => {
      const { rec, seen } = recordStepping(source);
      let compared = 0;
      for (const [n, want] of seen) {
        const snap = rec.snapshot(n);
        assert.strictEqual(snap.exact, true, `step ${n} exact`);
        assert.strictEqual(snap.step, n);
        const idx = objectIndex(snap);
        const cols = objectColumns(snap);
        for (const [id, o] of want.objects) {
          const i = idx.get(id);
          assert.ok(i !== undefined, `${name} step ${n}: object ${id} missing`);
          const refcnt = cols.refcnt[i];
          const what = `${name} step ${n}: ${o.repr}`;
          assert.strictEqual(refcnt, o.refcnt, `${what}: refcnt`);
          assert.strictEqual(cols.size[i], o.size, `${what}: size`);
          assert.strictEqual(cols.gen[i], o.gen, `${what}: gen`);
          assert.strictEqual(reprAt(snap, i), o.repr, `${what}: repr`);
          assert.strictEqual(refsAt(snap, i).sort((a, b) => a - b).join(' '), o.refs, `${what}: referents`);
          compared++;
        }
        assert.deepStrictEqual(localsOf(snap), want.locals, `${name} step ${n}: locals`);
        // every block the interpreter has handed out, pymalloc and raw
        assert.strictEqual(snap.heap.allocatedBlocks, want.blocks, `${name} step ${n}: allocated blocks`);
        const pools = snap.heap.arenas.flatMap((a) => a.pools.map((p) => `${p.address}:${p.count}`)).join(' ');
        assert.strictEqual(pools, want.pools, `${name} step ${n}: pools`);
        assert.strictEqual(snap.heap.raw.length, want.raw, `${name} step ${n}: raw chunks`);
      }
      assert.ok(seen.size > 5 && compared > seen.size, 'objects were compared');
      const end = rec.snapshot(rec.steps);
      assert.strictEqual(end.finished, true);
      assert.deepStrictEqual(end.frames, []);
    });
  }

  it('rebuilding backward equals rebuilding forward, and a snapshot survives JSON', () => {
    const { rec } = recordStepping(PROGRAMS.lists);
    const forward: MemorySnapshot[] = [];
    for (let n = 0; n <= rec.steps; n++) forward.push(rec.snapshot(n));
    for (let n = rec.steps; n >= 0; n--) assert.deepStrictEqual(rec.snapshot(n), forward[n], `step ${n}`);
    for (const n of [0, 5, rec.steps]) {
      const s = forward[n];
      assert.strictEqual(s.version, SNAPSHOT_VERSION);
      assert.deepStrictEqual(JSON.parse(JSON.stringify(s)), s);
    }
    // the output grows with the steps
    assert.strictEqual(forward[0].output, '');
    assert.strictEqual(forward[rec.steps].output, '40 True\n');
  });

  // (churn's checkpoints are closer: objects of a checkpoint freed before the next one)
  for (const [program, perStep] of [['lists', 1], ['churn', 64]] as const) it(`${program}: sparse checkpoints: liveness and blocks stay exact from the log, the rest is marked approximate`, () => {
    const dense = recordStepping(PROGRAMS[program]).rec;
    const sparse = recordStepping(PROGRAMS[program], { denseSteps: 0, sparseBytesPerStep: perStep }).rec;
    assert.ok(sparse.stats().checkpoints >= 2, `${sparse.stats().checkpoints} checkpoints`);
    assert.strictEqual(sparse.steps, dense.steps);
    let approximate = 0;
    for (let n = 0; n <= dense.steps; n++) {
      const a = dense.snapshot(n);
      const b = sparse.snapshot(n);
      const heapIds = (s: MemorySnapshot) => {
        const pre = new Set(s.objects.preexisting);
        return expandRuns(s.objects.id).filter((_, i) => !pre.has(i)).sort();
      };
      assert.deepStrictEqual(heapIds(b), heapIds(a), `live objects at ${n}`);
      assert.deepStrictEqual(b.frames.map((f) => [f.name, f.line]), a.frames.map((f) => [f.name, f.line]));
      assert.strictEqual(b.output, a.output);
      if (!b.exact) {
        approximate++;
        assert.ok(!b.exactFields.includes('objects.refcnt'));
        assert.ok(b.exactFields.includes('objects.live'));
      }
      // the blocks of objects and list buffers are exact: the pool bitmaps agree for them
      const bitsOf = (s: MemorySnapshot) => s.heap.arenas.flatMap((x) => x.pools.map((p) => p.address + ':' + p.count)).join(' ');
      if (b.exact) assert.strictEqual(bitsOf(b), bitsOf(a));
      else {
        // between checkpoints the count follows the log of object and buffer blocks; the few
        // blocks the interpreter takes for itself (not logged) are what it may miss
        const off = b.heap.allocatedBlocks - a.heap.allocatedBlocks;
        assert.ok(Math.abs(off) <= 4, `allocated blocks at ${n}: ${b.heap.allocatedBlocks}, exact ${a.heap.allocatedBlocks}`);
      }
    }
    assert.ok(approximate > 0, 'some steps fall between sparse checkpoints');
    assert.ok(sparse.byteSize() < dense.byteSize());
  });


  it('the map text has the sys._debugmallocstats() table and the arena picture', () => {
    const { rec } = recordStepping(PROGRAMS.cycles);
    const text = formatMap(rec.snapshot(rec.steps - 1), rec.rt.heap.debugMallocStats());
    assert.match(text, /Small block threshold = 512, in 32 size classes\./);
    assert.match(text, /class {3}size {3}num pools {3}blocks in use {2}avail blocks\n-----/);
    assert.match(text, /# arenas allocated current +=/);
    assert.match(text, /arena 0x[0-9a-f]+ +\d+\/\d+ pools/);
    assert.match(text, /<module>/);
  });
});

describe('pymemsim map and run --trace', () => {
  let dir = '';
  before(function () {
    if (!fs.existsSync(CLI)) this.skip();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pymemsim-trace-'));
    fs.writeFileSync(path.join(dir, 'p.py'), 'xs = list(map(str, range(10)))\nd = {"k": xs}\nprint(len(d))\n');
  });
  after(() => { if (dir) fs.rmSync(dir, { recursive: true, force: true }); });

  it('run --trace prints the program output, then the steps and trace bytes on stderr', () => {
    const r = spawnSync(process.execPath, [CLI, 'run', path.join(dir, 'p.py'), '--trace'], { encoding: 'utf8' });
    assert.strictEqual(r.status, 0, r.stderr);
    assert.strictEqual(r.stdout, '1\n');
    const m = /^pymemsim: trace: (\d+) steps, (\d+) bytes/m.exec(r.stderr);
    assert.ok(m, r.stderr);
    assert.ok(Number(m[1]) >= 3 && Number(m[2]) > 0);
  });

  it('map prints the state at a step', () => {
    const end = spawnSync(process.execPath, [CLI, 'map', path.join(dir, 'p.py')], { encoding: 'utf8' });
    assert.strictEqual(end.status, 0, end.stderr);
    assert.match(end.stdout, /Small block threshold = 512/);
    assert.match(end.stdout, /^arena 0x/m);
    const mid = spawnSync(process.execPath, [CLI, 'map', path.join(dir, 'p.py'), '--step', '2'], { encoding: 'utf8' });
    assert.strictEqual(mid.status, 0, mid.stderr);
    assert.match(mid.stdout, /step 2 of \d+, next line 3/);
    assert.match(mid.stdout, /^ {4}xs = 0x[0-9a-f]+ list \[10 items\]$/m);
    assert.match(mid.stdout, /^ {4}d = 0x[0-9a-f]+ dict \{1 items\}$/m);
    // the objects, largest first: the dict and the list lead the ten strs
    const rows = mid.stdout.split('== objects:')[1].split('\n').slice(2).filter((l) => /^0x/.test(l));
    const sizes = rows.map((l) => Number(l.split(/ +/)[2]));
    assert.ok(rows.length >= 12, mid.stdout);
    assert.deepStrictEqual(sizes, [...sizes].sort((a, b) => b - a));
    assert.match(rows[0], /^0x[0-9a-f]+ +(dict|list) /);
    const v38 = spawnSync(process.execPath, [CLI, 'map', path.join(dir, 'p.py'), '--python', '3.8', '-N', '0'], { encoding: 'utf8' });
    assert.match(v38.stdout, /step 0 of \d+, next line 1/);
    assert.match(v38.stdout, /in 32 size classes/);
  });
});

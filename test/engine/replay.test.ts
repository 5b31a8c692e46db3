// Exact views by replay, the locals log and the frames a comprehension runs in. A dense recording
// (a checkpoint at every step) is exact at every step by construction, and was checked against
// the paused interpreter in trace.test.ts: a run recorded with sparse checkpoints must show the
// same frames at every step (the locals log), and the view a replay makes of any of its steps
// must be the dense recording's view of that step. The frames a comprehension runs in are
// checked against what real CPython 3.8-3.13 reported (test/recorded/comprehension-frames.json,
// scripts/record_comprehension_frames.py).

import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { Session } from '../../src/engine/interp/run';
import { Replay, ReplayDivergedError, StepView, TraceOptions, TraceRecorder, ViewQuery, stepView } from '../../src/engine/trace';
import type { PyVersion } from '../../src/engine/versions';

const DENSE: TraceOptions = { denseSteps: Infinity, denseObjects: Infinity, denseWork: Infinity };
/** checkpoints far apart: most steps fall between two of them */
const SPARSE: TraceOptions = { denseSteps: 0, sparseBytesPerStep: 4 };

function record(source: string, version: PyVersion, options: TraceOptions): TraceRecorder {
  const s = new Session(source, { version, filename: 'prog.py' });
  const rec = new TraceRecorder(s, options);
  s.finish();
  rec.finish();
  return rec;
}

/** (reading ahead without a time limit: what a test counts does not depend on the machine) */
function replayOf(rec: TraceRecorder, source: string, version: PyVersion): Replay {
  return new Replay(rec, source, { version, filename: 'prog.py' }, undefined, { aheadMs: Infinity });
}

/** the exact view of query.step by the replay, run to it in slices of 500 line steps */
function exactView(replay: Replay, query: ViewQuery): StepView {
  for (let k = 0; k < 100_000; k++) {
    const v = replay.advance({ ...query, exact: true }, 500);
    if (v) return v;
  }
  throw new Error('the replay did not reach the step');
}

/**
 * The replay's view against the dense recording's, of the same step and query: equal in
 * everything. Pre-existing objects (None, small ints, interned strs, ...) are the one thing two
 * traces know differently: a trace knows those it met at its checkpoints, and a dense trace meets
 * more of them. So an object shown by only one of the views must be pre-existing, the objects
 * reached from the frames come in the same order, and the groups hold the same objects of the
 * program, with the same bytes when they hold as many pre-existing ones.
 */
function sameView(dense: StepView, exact: StepView, what: string): void {
  for (const k of ['step', 'totalSteps', 'line', 'finished', 'exact', 'frames', 'gc', 'heap', 'output', 'allocated', 'freed'] as const) {
    assert.deepStrictEqual(exact[k], dense[k], `${what}: ${k}`);
  }
  const d = new Map(dense.objects.map((o) => [o.id, o]));
  const e = new Map(exact.objects.map((o) => [o.id, o]));
  for (const [id, o] of d) {
    const x = e.get(id);
    if (x) assert.deepStrictEqual(x, o, `${what}: object ${o.type} ${o.repr}`);
    else assert.notStrictEqual(o.cache, null, `${what}: ${o.type} ${o.repr} shown by the dense view only`);
  }
  for (const [id, o] of e) if (!d.has(id)) assert.notStrictEqual(o.cache, null, `${what}: ${o.type} ${o.repr} shown by the exact view only`);
  const reached = (v: StepView, other: Map<number, unknown>) => v.objects.filter((o) => o.depth > 0 && other.has(o.id)).map((o) => o.id);
  assert.deepStrictEqual(reached(exact, d), reached(dense, e), `${what}: objects reached from the frames, in order`);
  const groups = (v: StepView) => new Map(v.groups.map((g) => [g.type, g]));
  const dg = groups(dense), eg = groups(exact);
  for (const t of new Set([...dg.keys(), ...eg.keys()])) {
    const a = dg.get(t), b = eg.get(t);
    const program = (g: typeof a) => (g ? g.count - (g.preexisting ?? 0) : 0);
    assert.strictEqual(program(b), program(a), `${what}: group ${t}: objects of the program`);
    if ((a?.preexisting ?? 0) === (b?.preexisting ?? 0)) assert.strictEqual(b?.bytes ?? 0, a?.bytes ?? 0, `${what}: group ${t}: bytes`);
  }
}

/** a query that shows every live object of a small run: all it reaches, every group expanded */
function showAll(step: number, ...views: StepView[]): ViewQuery {
  const limit = new Map<string, number>();
  for (const v of views) for (const g of v.groups) limit.set(g.type, Math.max(limit.get(g.type) ?? 0, g.count + 8));
  return { step, budget: 2000, itemCap: 256, expand: [...limit].slice(0, 50).map(([type, n]) => ({ type, limit: n })) };
}

const PROGRAMS: Record<string, string> = {
  // objects mutated between checkpoints, reference counts going up and down, a cycle collected
  mutations: `class Node:
    def __init__(self, v):
        self.v = v
        self.next = None
a = Node(1)
b = Node(2)
a.next = b
b.next = a
xs = [a, b, 3, 'x' * 3]
ys = xs
d = {'k': xs, 2: 'two', (1, 2): a}
d['k'] = None
xs.append(d)
xs.pop()
del ys
del a, b
import gc
print(gc.collect())
t = (xs, 1.5)
xs.append(t)
xs = None
s = set(range(5))
s.discard(3)
`,
  // frames pushed and popped, globals written by inner frames, closures setting their cells
  frames: `count = 0
def walk(n, acc):
    global count
    count += 1
    if n == 0:
        return acc
    here = [n]
    return walk(n - 1, acc + here)
r = walk(6, [])
def outer(n):
    total = [n]
    k = 0
    def add(j):
        nonlocal k
        k += j
        total[0] += j
        return total[0]
    for j in range(4):
        add(j)
    return add
f = outer(5)
f(10)
`,
  // generators, comprehensions (inline from 3.12), a key= function and a generator consumed by
  // list(): line steps inside a nested run, where a replay cannot pause
  nested: `def gen(n):
    for i in range(n):
        yield i * 2
g = gen(3)
first = next(g)
squares = [i * i for i in range(4)]
pairs = {k: v for k, v in zip('abc', range(3))}
ws = sorted(['bb', 'a', 'ccc'], key=lambda w: (len(w),
    w))
total = list(x + 1 for x in gen(4))
def f(a):
    b = [a * j for j in range(3) if j]
    return [[k for k in range(m)] for m in b]
res = f(2)
`,
  // a str appended to in place (its block resized, or moved), and a list that grows and shrinks
  growth: `def grow(n):
    s = ''
    for i in range(n):
        s += 'ab'
        parts.append(s[:3])
        if i % 7 == 0:
            del parts[:2]
    return s
parts = []
t = grow(30)
t += 'x'
`,
  // frees of many objects at once, the free lists and the collector's generations
  churn: `import gc
keep = []
for i in range(40):
    t = [str(j) * 2 for j in range(i, i + 15)]
    if i % 13 == 0:
        keep.append(t)
    elif i % 5 == 0:
        t.append(t)
del t
print(gc.collect(), len(keep))
floats = [i / 3 for i in range(20)]
del floats[5:15]
`,
};

describe('the locals log', () => {
  for (const version of ['3.8', '3.11', '3.12', '3.13'] as const) {
    it(`${version}: with sparse checkpoints the frames' locals are the dense recording's at every step, in any order`, () => {
      for (const [name, source] of Object.entries(PROGRAMS)) {
        const dense = record(source, version, DENSE);
        const sparse = record(source, version, SPARSE);
        assert.ok(sparse.stats().checkpoints < sparse.steps / 4, `${name}: sparse checkpoints`);
        let between = 0;
        const order = Array.from({ length: dense.steps + 1 }, (_, n) => n);
        // forward, then in a shuffled order (the decoded state kept is moved or dropped)
        let seed = 7;
        const shuffled = order.slice().sort(() => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) - 0.5);
        for (const n of [...order, ...shuffled]) {
          const a = dense.snapshot(n);
          const b = sparse.snapshot(n);
          assert.deepStrictEqual(b.frames, a.frames, `${version} ${name} step ${n}: frames`);
          if (!b.exact) {
            between++;
            assert.ok(b.exactFields.includes('frames.locals'), `${name} step ${n}: the locals are exact`);
            assert.ok(!b.exactFields.includes('objects.refcnt'));
          }
        }
        assert.ok(between > dense.steps, `${name}: steps between checkpoints were compared (${between})`);
      }
    });
  }
});

describe('exact views by replay', function () {
  this.timeout(120_000);

  for (const version of ['3.8', '3.11', '3.12', '3.13'] as const) {
    it(`${version}: the view of every step between sparse checkpoints is the dense recording's`, () => {
      for (const [name, source] of Object.entries(PROGRAMS)) {
        const dense = record(source, version, DENSE);
        const sparse = record(source, version, SPARSE);
        const replay = replayOf(sparse, source, version);
        // one query for every step: all the live objects of any step
        const all = Array.from({ length: dense.steps + 1 }, (_, n) => stepView(dense, { step: n }));
        const { expand, budget, itemCap } = showAll(0, ...all);
        let compared = 0;
        for (let n = 0; n <= sparse.steps; n++) {
          if (sparse.exactAt(n)) continue;
          const query = { step: n, expand, budget, itemCap };
          const e = exactView(replay, query);
          assert.strictEqual(e.exact, true);
          assert.strictEqual(stepView(sparse, query).exact, false);
          sameView(stepView(dense, query), e, `${version} ${name} step ${n}`);
          compared++;
        }
        assert.ok(compared > sparse.steps / 2, `${name}: ${compared} steps compared`);
        // stepping forward through the run replayed it once (the nested runs read ahead)
        assert.strictEqual(replay.starts, 1, `${name}: replays started`);
      }
    });
  }

  it('a run that goes sparse by itself: thousands of live objects, views at random steps', () => {
    const source = `class Item:
    def __init__(self, k):
        self.k = k
        self.tags = [str(k)]
numbers = list(range(1000, 3200))
items = []
index = {}
for k in range(300):
    it = Item(k)
    items.append(it)
    index[k % 50] = it
    numbers[k] = str(k)
    if k % 3 == 0:
        it.tags.append(items[k // 2])
    if k % 70 == 0:
        del items[:10]
table = [[j] * 3 for j in range(60)]
`;
    const sparse = record(source, '3.12', {});
    assert.ok(sparse.stats().denseUntil < sparse.steps / 2, 'the run left dense recording');
    const dense = record(source, '3.12', DENSE);
    const replay = replayOf(sparse, source, '3.12');
    let seed = 12345;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const steps = Array.from({ length: 24 }, () => Math.floor(rand() * sparse.steps)).filter((n) => !sparse.exactAt(n)).sort((a, b) => a - b);
    assert.ok(steps.length > 15);
    // (a query of its own for each pass: going through the steps again replays from the start)
    for (const extra of [{}, { budget: 400, itemCap: 40, expand: [{ type: 'Item', limit: 60 }, { type: 'list', limit: 60 }] }]) {
      for (const n of steps) {
        const e = exactView(replay, { ...extra, step: n });
        sameView(stepView(dense, { ...extra, step: n }), e, `step ${n}`);
        // and the next step, replayed one step further
        const next = exactView(replay, { ...extra, step: n + 1 });
        sameView(stepView(dense, { ...extra, step: n + 1 }), next, `step ${n + 1}`);
      }
    }
    assert.strictEqual(replay.starts, 2);
  });

  it('keeps the replay paused: the next step costs one step, an earlier one starts again', () => {
    const source = PROGRAMS.churn;
    const sparse = record(source, '3.12', SPARSE);
    const replay = replayOf(sparse, source, '3.12');
    const mid = Math.floor(sparse.steps / 2);
    const target = [mid, mid + 1, mid + 2].find((n) => !sparse.exactAt(n))!;
    exactView(replay, { step: target });
    assert.strictEqual(replay.starts, 1);
    // paused before the next state: the line event of target + 1 comes next
    assert.strictEqual(replay.position, target + 1);
    assert.ok(replay.advance({ step: target + 1, exact: true }, 1), 'one line step to the next view');
    assert.strictEqual(replay.starts, 1);
    // a view made before comes back without replaying
    assert.ok(replay.advance({ step: target, exact: true }, 1));
    assert.strictEqual(replay.starts, 1);
    // another query of an earlier step: a new replay from the start
    exactView(replay, { step: target - 5, budget: 10 });
    assert.strictEqual(replay.starts, 2);
  });

  it('reads ahead the steps of a nested run, where a replay cannot pause', () => {
    const source = 'xs = sorted([3, 1, 2, 5, 4], key=lambda v: (\n    -v))\nys = 1\n';
    const sparse = record(source, '3.12', SPARSE);
    const dense = record(source, '3.12', DENSE);
    const inLambda = Array.from({ length: sparse.steps }, (_, n) => n).filter((n) => sparse.lineAt(n) === 2 && !sparse.exactAt(n));
    assert.ok(inLambda.length >= 4, `steps in the key function: ${inLambda}`);
    const replay = replayOf(sparse, source, '3.12');
    sameView(stepView(dense, { step: inLambda[0] }), exactView(replay, { step: inLambda[0] }), 'first step in the lambda');
    assert.ok(replay.position > inLambda[inLambda.length - 1], 'the replay paused after the nested run');
    for (const n of inLambda.slice(1)) {
      const v = replay.advance({ step: n, exact: true }, 1);
      assert.ok(v, `step ${n} was read ahead`);
      sameView(stepView(dense, { step: n }), v, `step ${n}`);
    }
    assert.strictEqual(replay.starts, 1);
  });

  it('stops a replay that does not repeat the run it replays', () => {
    const sparse = record(PROGRAMS.growth, '3.12', SPARSE);
    const other = new Replay(sparse, PROGRAMS.growth.replace('parts.append(s[:3])', "parts.append(s[:4] + '!')"), { version: '3.12', filename: 'prog.py' });
    const n = Array.from({ length: sparse.steps }, (_, k) => sparse.steps - 1 - k).find((k) => !sparse.exactAt(k))!;
    assert.throws(() => exactView(other, { step: n }), ReplayDivergedError);
  });
});

describe('the frames a comprehension runs in', () => {
  const recorded = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'recorded', 'comprehension-frames.json'), 'utf8')) as {
    program: string;
    versions: Record<string, { release: string; probes: Record<string, { line: number; frame: string; locals: string[] }> }>;
  };
  // the program without the recorder: `show` does nothing, and at its line step the frame under it
  // is the one CPython's sys._getframe(1) reported (the same lines)
  const source = recorded.program.replace('    f = sys._getframe(1)\n    record(tag, f)\n', '    f = tag\n    f = 0\n');
  const showLine = source.split('\n').indexOf('    f = tag') + 1;

  for (const [version, rec] of Object.entries(recorded.versions)) {
    it(`${version}: as CPython ${rec.release} shows them (no <listcomp> frame from 3.12, its names in the enclosing frame)`, () => {
      const trace = record(source, version as PyVersion, {});
      const seen = new Map<string, { frame: string; line: number; locals: string[] }>();
      for (let n = 0; n <= trace.steps; n++) {
        if (trace.lineAt(n) !== showLine) continue;
        const v = stepView(trace, { step: n });
        const show = v.frames[v.frames.length - 1];
        assert.strictEqual(show.name, 'show');
        const tag = v.objects.find((o) => o.id === show.locals.find((l) => l.name === 'tag')!.id)!.repr!.slice(1, -1);
        const caller = v.frames[v.frames.length - 2];
        const names = caller.locals.filter((l) => l.id !== 0).map((l) => l.name);
        assert.strictEqual(new Set(names).size, names.length, `${tag}: a name listed twice: ${names}`);
        // (the last call of each probe, as the recording keeps it)
        seen.set(tag, { frame: caller.name, line: caller.line, locals: names.sort() });
      }
      assert.deepStrictEqual([...seen.keys()].sort(), Object.keys(rec.probes).sort());
      for (const [tag, want] of Object.entries(rec.probes)) {
        const got = seen.get(tag)!;
        assert.strictEqual(got.frame, want.frame, `${version} ${tag}: the frame`);
        assert.strictEqual(got.line, want.line, `${version} ${tag}: its line`);
        if (version === '3.13' && (want.frame === '<module>' || want.frame === 'C')) {
          // 3.13's f_locals of a module or class body running an inline comprehension (PEP 667's
          // proxy) lists the comprehension's variables only; the panel keeps the namespace's
          // names beside them, as 3.12 lists them
          for (const n of want.locals) assert.ok(got.locals.includes(n), `${version} ${tag}: ${n} among ${got.locals}`);
        } else {
          assert.deepStrictEqual(got.locals, want.locals, `${version} ${tag}: the bound names`);
        }
      }
    });
  }
});

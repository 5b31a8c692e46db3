// The step view (what the memory panel draws of one step) and the step queries of the trace:
// every number a view shows must be the snapshot's own (the snapshot is checked against the
// paused interpreter in trace.test.ts); what these tests add is the view's structure: which
// objects are shown and in what order, the names of their referents, the cache classification,
// what changed at a step, the groups that account for everything else, and the queries the panel
// navigates with.

import * as assert from 'assert';
import fc from 'fast-check';
import { Session } from '../../src/engine/interp/run';
import { IMMORTAL_REFCNT } from '../../src/engine/interp/objects';
import { reportedRefcount } from '../../src/engine/interp/modules';
import {
  LABEL_CAP, MemorySnapshot, StepView, TraceOptions, TraceRecorder, VIEW_LIMITS, ViewObject, ViewQuery, cacheAt, expandRuns, labelsAt,
  objectColumns, objectIndex, refsAt, reprAt, stepView,
} from '../../src/engine/trace';
import type { PyVersion } from '../../src/engine/versions';
import { lineOf, record } from './trace-helpers';


/** the first step whose next line is `line` (after `from`) */
function stepAt(rec: TraceRecorder, line: number, from = -1): number {
  for (let n = from + 1; n <= rec.steps; n++) if (rec.lineAt(n) === line) return n;
  throw new Error(`no step at line ${line}`);
}

/** the object a name of the innermost frame is bound to, as shown */
function bound(view: StepView, name: string): ViewObject {
  const f = view.frames[view.frames.length - 1];
  const l = f.locals.find((x) => x.name === name);
  assert.ok(l && l.id, `${name} is bound`);
  return shownId(view, l.id);
}

function shownId(view: StepView, id: number): ViewObject {
  const o = view.objects.find((x) => x.id === id);
  assert.ok(o, `object ${id} is shown`);
  return o;
}

function labels(o: ViewObject): (string | null)[] {
  return o.refs.map((r) => r.label);
}

/** a referent of o, by its label, as shown */
function via(view: StepView, o: ViewObject, label: string): ViewObject {
  const r = o.refs.find((x) => x.label === label);
  assert.ok(r, `${o.type} has a referent labelled ${label}: ${JSON.stringify(labels(o))}`);
  return shownId(view, r.id);
}

/**
 * The view of step n against the snapshot of that step: every field of every object shown, the
 * groups (every live object is shown or in exactly one group, of its type), the heap summary,
 * the collector's counts, the frames and the output.
 */
function checkAgainstSnapshot(rec: TraceRecorder, view: StepView, snap: MemorySnapshot, query: ViewQuery): void {
  const what = `step ${view.step}`;
  const idx = objectIndex(snap);
  const cols = objectColumns(snap);
  const p = rec.rt.profile;
  const typeName = (i: number) => snap.objects.typeNames[cols.type[i]];
  assert.deepStrictEqual(view.frames, snap.frames, `${what}: frames`);
  assert.strictEqual(view.line, snap.line);
  assert.strictEqual(view.exact, snap.exact);
  assert.strictEqual(view.finished, snap.finished);
  const ids = new Set<number>();
  const shownByType = new Map<string, { count: number; bytes: number; pre: number }>();
  const pre = new Set(snap.objects.preexisting);
  for (const o of view.objects) {
    assert.ok(!ids.has(o.id), `${what}: ${o.id} shown twice`);
    ids.add(o.id);
    const i = idx.get(o.id);
    assert.ok(i !== undefined, `${what}: ${o.id} is live`);
    const w = `${what}: ${o.type} ${o.id}`;
    assert.strictEqual(o.type, typeName(i), w);
    assert.strictEqual(o.size, cols.size[i], `${w}: size`);
    const raw = cols.refcnt[i];
    assert.strictEqual(o.refcnt, raw < 0 ? -1 : reportedRefcount(p, raw), `${w}: refcnt`);
    assert.strictEqual(o.immortal, raw >= IMMORTAL_REFCNT / 2 && p.immortalRefcnt !== null, `${w}: immortal`);
    assert.strictEqual(o.gen, cols.gen[i], `${w}: gen`);
    assert.strictEqual(o.repr, reprAt(snap, i), `${w}: repr`);
    assert.strictEqual(o.cache, cacheAt(snap, i), `${w}: cache`);
    // the referents listed are the snapshot's, in its order (some left out by the rules)
    const all = refsAt(snap, i);
    let at = 0;
    for (const r of o.refs) {
      while (at < all.length && all[at] !== r.id) at++;
      assert.ok(at < all.length, `${w}: referent ${r.id} among ${all.join(' ')}`);
      if (r.keyId !== undefined) assert.strictEqual(all[at + 1], r.keyId, `${w}: key follows its value`);
      at++;
    }
    assert.ok(o.refs.length <= (query.itemCap ?? 16));
    assert.ok(o.refsTotal >= o.refs.length && o.refsTotal <= all.length);
    const t = shownByType.get(o.type) ?? { count: 0, bytes: 0, pre: 0 };
    t.count++;
    t.bytes += o.size;
    if (pre.has(i)) t.pre++;
    shownByType.set(o.type, t);
  }
  // groups: what is not shown, by type
  const live = new Map<string, { count: number; bytes: number; pre: number }>();
  for (let i = 0; i < snap.objects.count; i++) {
    const t = live.get(typeName(i)) ?? { count: 0, bytes: 0, pre: 0 };
    t.count++;
    t.bytes += cols.size[i];
    if (pre.has(i)) t.pre++;
    live.set(typeName(i), t);
  }
  const groups = new Map(view.groups.map((g) => [g.type, g]));
  assert.strictEqual(groups.size, view.groups.length, `${what}: one group per type`);
  for (const [type, t] of live) {
    const s = shownByType.get(type) ?? { count: 0, bytes: 0, pre: 0 };
    const g = groups.get(type);
    assert.strictEqual((g?.count ?? 0) + s.count, t.count, `${what}: ${type}: shown + grouped = live`);
    assert.strictEqual((g?.bytes ?? 0) + s.bytes, t.bytes, `${what}: ${type}: bytes`);
    assert.strictEqual((g?.preexisting ?? 0) + s.pre, t.pre, `${what}: ${type}: pre-existing`);
    if (g && g.preexisting !== undefined) assert.ok(g.preexisting > 0 && g.preexisting <= g.count);
  }
  for (const g of view.groups) assert.ok(live.has(g.type) && g.count > 0, `${what}: group ${g.type}`);
  for (let k = 1; k < view.groups.length; k++) assert.ok(view.groups[k - 1].count >= view.groups[k].count, 'largest group first');
  // the heap summary
  const h = view.heap;
  const pools = snap.heap.arenas.flatMap((a) => a.pools);
  assert.strictEqual(h.liveObjects, snap.objects.count - snap.objects.preexisting.length, `${what}: live objects`);
  assert.strictEqual(h.allocatedBlocks, snap.heap.allocatedBlocks, `${what}: allocated blocks`);
  assert.strictEqual(h.arenas, snap.heap.arenas.length);
  assert.strictEqual(h.poolsInUse, pools.filter((x) => x.count > 0).length, `${what}: pools in use`);
  assert.strictEqual(h.pymallocBytes, pools.reduce((a, x) => a + x.count * x.blockSize, 0), `${what}: pymalloc bytes`);
  assert.strictEqual(h.rawChunks, snap.heap.raw.length);
  assert.strictEqual(h.rawBytes, snap.heap.raw.reduce((a, c) => a + c.size, 0));
  assert.strictEqual(h.poolSize, snap.heap.poolSize);
  assert.strictEqual(h.arenaSize, snap.heap.arenaSize);
  assert.deepStrictEqual(view.gc, snap.gc);
  const tail = query.outputTail ?? 65_536;
  assert.strictEqual(view.output.text, snap.output.slice(Math.max(0, snap.output.length - tail)));
  assert.strictEqual(view.output.skipped + view.output.text.length, snap.output.length);
}

const CLASSES = `class Node:
    def __init__(self, v):
        self.v = v
        self.next = None
class P:
    __slots__ = ('x', 'y', 'z')
a = Node(1)
b = Node(2)
a.next = b
p = P()
p.x = a
p.z = 'zed'
def outer(n):
    total = [n]
    def add(k):
        total[0] += k
        return total[0]
    return add
f = outer(5)
xs = [a, b, 3]
t = (b, 'w')
d = {'k': xs, 'j': 7}
e = {1: 'one', (2, 3): a, 'z': 2.5}
end = 0
`;

describe('step view', () => {
  it('shows the frames, the innermost frame\'s names first, breadth first', () => {
    const rec = record(`g = [1, [2, [3]]]
def f(n):
    inner = ('a', n)
    return len(inner)
f(g)
`);
    const n = stepAt(rec, 4);
    const v = stepView(rec, { step: n });
    assert.deepStrictEqual(v.frames.map((f) => [f.name, f.line]), [['<module>', 5], ['f', 4]]);
    assert.deepStrictEqual(v.frames[1].locals.map((l) => l.name), ['n', 'inner']);
    assert.deepStrictEqual(v.frames[0].locals.map((l) => l.name), ['g', 'f']);
    // depth 1 first: f's n (the list g), inner, then the module's f; then what they refer to
    const ids = (names: string[], f: number) => names.map((x) => v.frames[f].locals.find((l) => l.name === x)!.id);
    assert.deepStrictEqual(v.objects.slice(0, 3).map((o) => o.id), [...ids(['n', 'inner'], 1), ...ids(['f'], 0)]);
    assert.ok(v.objects.slice(0, 3).every((o) => o.depth === 1));
    const depths = v.objects.map((o) => o.depth);
    assert.deepStrictEqual(depths, [...depths].sort((a, b) => a - b), 'breadth first');
    const g = bound(v, 'n');
    assert.deepStrictEqual(labels(g), ['0', '1']);
    const g1 = via(v, g, '1');
    assert.strictEqual(g1.depth, 2);
    assert.strictEqual(via(v, g1, '1').depth, 3);
    assert.deepStrictEqual(labels(bound(v, 'inner')), ['0', '1']);
    checkAgainstSnapshot(rec, v, rec.snapshot(n), { step: n });
  });

  // (every checkpoint a keyframe too: a keyframe names referents as the record before unless it says)
  for (const [version, options] of [
    ['3.8', {}], ['3.10', {}], ['3.11', {}], ['3.12', {}], ['3.13', {}], ['3.8', { denseSteps: 0, sparseBytesPerStep: 1e9 }], ['3.12', { denseSteps: 0, sparseBytesPerStep: 1e9 }],
  ] as [PyVersion, TraceOptions][]) {
    it(`${version}${options.denseSteps === 0 ? ', keyframes only' : ''}: names referents: items, dict keys, attributes, slots, closure cells`, () => {
      const rec = record(CLASSES, version, options);
      const n = stepAt(rec, lineOf(CLASSES, 'end = 0'));
      const v = stepView(rec, { step: n });
      checkAgainstSnapshot(rec, v, rec.snapshot(n), { step: n });
      const a = bound(v, 'a');
      // an instance's attributes: in its __dict__ up to 3.10, inline values from 3.11
      const attrs = rec.rt.profile.managedDict ? a : via(v, a, '__dict__');
      assert.deepStrictEqual(labels(attrs).filter((x) => x !== '__class__'), ['v', 'next']);
      assert.strictEqual(via(v, attrs, 'next').id, bound(v, 'b').id);
      assert.deepStrictEqual(labels(a), rec.rt.profile.managedDict ? ['v', 'next', '__class__'] : ['__dict__', '__class__']);
      assert.strictEqual(via(v, a, '__class__').type, 'type');
      // slots: the ones set, by name
      assert.deepStrictEqual(labels(bound(v, 'p')), ['x', 'z', '__class__']);
      // a list's and a tuple's items by index
      assert.deepStrictEqual(labels(bound(v, 'xs')), ['0', '1', '2']);
      assert.deepStrictEqual(labels(bound(v, 't')), ['0', '1']);
      // a dict of str keys: its values by key (the keys are not referents); other keys: with their ids
      const d = bound(v, 'd');
      assert.deepStrictEqual(labels(d), ["'k'", "'j'"]);
      assert.ok(d.refs.every((r) => r.keyId === undefined));
      const e = bound(v, 'e');
      assert.deepStrictEqual(labels(e), ['1', '(2, 3)', "'z'"]);
      assert.ok(e.refs.every((r) => typeof r.keyId === 'number'));
      assert.strictEqual(e.refsTotal, 3);
      assert.strictEqual(e.refs[1].id, a.id);
      // a closure: the function's cells by the variables they hold; its code and globals are not followed
      const fn = bound(v, 'f');
      assert.deepStrictEqual(labels(fn), ['__closure__']);
      const cell = via(v, via(v, fn, '__closure__'), '0');
      assert.strictEqual(cell.type, 'cell');
      assert.deepStrictEqual(labels(cell), ['total']);
      assert.deepStrictEqual(labels(via(v, cell, 'total')), ['0']);
      // a class is a box of its own: its namespace, mro and bases are not followed
      assert.deepStrictEqual(bound(v, 'Node').refs, []);
      assert.strictEqual(bound(v, 'Node').refsTotal, 0);
      // the snapshot carries the names, aligned with the referents
      const snap = rec.snapshot(n);
      const i = objectIndex(snap).get(d.id)!;
      assert.deepStrictEqual(labelsAt(snap, i), { kind: 'str-keys', names: ['k', 'j'] });
    });
  }

  it('names the referents at every step as the interpreter holds them (labels line up with referents)', () => {
    const rec = record(`class C:
    pass
o = C()
o.a = 1
o.b = [o]
del o.a
o.c = {'x': o, 5: 6}
o.a = 2
k = {}
for i in range(30):
    k['n' + str(i)] = i
del k['n3']
end = 0
`, '3.12');
    for (let n = 0; n <= rec.steps; n++) {
      const snap = rec.snapshot(n);
      const r = snap.objects.refs;
      for (let k = 0; k < r.index.length; k++) {
        if (r.labels[k] < 0) continue;
        const set = snap.objects.labelSets[r.labels[k]];
        const count = r.start[k + 1] - r.start[k];
        assert.strictEqual(set.names.length, Math.min(count, LABEL_CAP), `step ${n}: ${set.kind} names for ${count} referents`);
      }
    }
    const v = stepView(rec, { step: stepAt(rec, 13), itemCap: 64 });
    const o = bound(v, 'o');
    assert.deepStrictEqual(labels(o), ['b', 'c', 'a', '__class__']);
    assert.deepStrictEqual(labels(via(v, o, 'c')), ["'x'", '5']);
    const k = bound(v, 'k');
    assert.strictEqual(k.refsTotal, 29);
    assert.deepStrictEqual(labels(k).slice(0, 4), ["'n0'", "'n1'", "'n2'", "'n4'"]);
  });

  for (const version of ['3.8', '3.12'] as PyVersion[]) {
    it(`${version}: says which objects come from the interpreter's caches`, () => {
      const rec = record(`import sys
none = None
yes = True
five = 5
neg = -5
thousand = 1000
made = int('1000')
char = chr(97)
latin = chr(233)
wide = chr(1000)
name = 'hello'
text = 'hello world!'
joined = ''.join(['ab', 'cd'])
interned = sys.intern(''.join(['ef', 'gh']))
empty = ()
estr = ''
pair = (1, 2)
end = 0
`, version);
      const n = stepAt(rec, 18);
      const v = stepView(rec, { step: n });
      checkAgainstSnapshot(rec, v, rec.snapshot(n), { step: n });
      const cache = (name: string) => bound(v, name).cache;
      assert.strictEqual(cache('none'), 'singleton');
      assert.strictEqual(cache('yes'), 'singleton');
      assert.strictEqual(cache('empty'), 'singleton');
      assert.strictEqual(cache('estr'), 'singleton');
      assert.strictEqual(cache('five'), 'small-int');
      assert.strictEqual(cache('neg'), 'small-int');
      assert.strictEqual(cache('thousand'), 'constant');
      assert.strictEqual(cache('made'), null);
      assert.strictEqual(cache('char'), 'latin1-char');
      assert.strictEqual(cache('latin'), 'latin1-char');
      assert.strictEqual(cache('wide'), null);
      assert.strictEqual(cache('name'), 'interned');
      assert.strictEqual(cache('text'), 'constant');
      assert.strictEqual(cache('joined'), null);
      assert.strictEqual(cache('interned'), 'interned');
      assert.strictEqual(cache('pair'), 'constant');
      assert.strictEqual(bound(v, 'sys').cache, 'preexisting');
      // immortal objects (3.12+) report the count sys.getrefcount gives them
      const none = bound(v, 'none');
      assert.strictEqual(none.immortal, rec.rt.profile.immortalRefcnt !== null);
      if (none.immortal) assert.strictEqual(none.refcnt, rec.rt.profile.immortalRefcnt);
      assert.strictEqual(bound(v, 'made').immortal, false);
      // a str interned by the program is not one before it is
      const before = stepView(rec, { step: stepAt(rec, 14) });
      assert.ok(!before.objects.some((o) => o.id === bound(v, 'interned').id));
    });
  }

  it('says what the line that ran allocated and freed', () => {
    const rec = record(`xs = []
for i in range(4):
    t = [i] * 3
    xs.append(str(i) * 2)
del xs
end = 0
`);
    const seenT: number[] = [];
    for (let n = 1; n <= rec.steps; n++) {
      const v = stepView(rec, { step: n });
      const prev = stepView(rec, { step: n - 1 });
      const ran = rec.lineAt(n - 1);
      // isNew is exactly the allocated ids that are shown; allocated objects are live, freed ones were
      const shownNew = v.objects.filter((o) => o.isNew).map((o) => o.id);
      assert.ok(shownNew.every((id) => v.allocated.ids.includes(id)), `step ${n}`);
      assert.strictEqual(v.allocated.ids.length, Math.min(v.allocated.count, VIEW_LIMITS.changes));
      const snap = rec.snapshot(n);
      const liveIds = new Set(expandRuns(snap.objects.id));
      assert.ok(v.allocated.ids.every((id) => liveIds.has(id)));
      const before = new Set(expandRuns(rec.snapshot(n - 1).objects.id));
      assert.ok(v.freed.items.every((f) => before.has(f.id)), `step ${n}: freed objects were alive`);
      if (ran === 3) {
        const t = bound(v, 't');
        assert.strictEqual(t.isNew, true);
        assert.ok(v.allocated.ids.includes(t.id));
        // [i] is made and freed by the line
        assert.ok((v.freed.temporary ?? 0) >= 1);
        if (seenT.length) {
          // the list t was bound to is freed (its block may go to the new one: same id)
          const old = v.freed.items.find((f) => f.type === 'list');
          assert.ok(old, `step ${n}: the old list is freed`);
          assert.strictEqual(old.id, seenT[seenT.length - 1]);
          assert.strictEqual(old.size, shownId(prev, old.id).size);
        }
        seenT.push(t.id);
      }
      if (ran === 4) {
        const xs = bound(v, 'xs');
        const last = xs.refs[xs.refs.length - 1];
        assert.ok(shownId(v, last.id).isNew, 'the str appended is new');
        assert.ok(!bound(v, 'xs').isNew);
      }
      if (ran === 5) {
        // del xs: the list and its four strs
        assert.strictEqual(v.freed.count, 5);
        assert.deepStrictEqual(v.freed.items.map((f) => f.type).sort(), ['list', 'str', 'str', 'str', 'str']);
        assert.strictEqual(v.allocated.count, 0);
      }
    }
    assert.strictEqual(seenT.length, 4);
  });

  it('groups what it does not show by type; expand and include show more', () => {
    // (every step checkpointed: the names are exact at every step)
    const rec = record(`xs = [str(i) for i in range(3000)]
sq = {i: i * i for i in range(300, 1300)}
obj = object()
end = 0
`, '3.12', { denseObjects: 10_000, denseWork: 1e9 });
    const n = stepAt(rec, 4);
    const snap = rec.snapshot(n);
    const v = stepView(rec, { step: n });
    checkAgainstSnapshot(rec, v, snap, { step: n });
    assert.ok(v.objects.length <= 150);
    const xs = bound(v, 'xs');
    assert.strictEqual(xs.refsTotal, 3000);
    assert.strictEqual(xs.refs.length, 16);
    const str = v.groups.find((g) => g.type === 'str')!;
    const int = v.groups.find((g) => g.type === 'int')!;
    assert.ok(str.count >= 3000 - 16 && int.count >= 2000 - 16);
    // the largest group first
    assert.deepStrictEqual(v.groups.slice(0, 2).map((g) => g.type), ['str', 'int']);
    // expand: the first strs not shown, in allocation order
    const q: ViewQuery = { step: n, expand: [{ type: 'str', limit: 50 }] };
    const e = stepView(rec, q);
    checkAgainstSnapshot(rec, e, snap, q);
    const extra = e.objects.filter((o) => o.depth === 0);
    assert.strictEqual(extra.length, 50);
    assert.ok(extra.every((o) => o.type === 'str'));
    assert.strictEqual(e.groups.find((g) => g.type === 'str')!.count, str.count - 50);
    const cols = objectColumns(snap);
    const shownBefore = new Set(v.objects.map((o) => o.id));
    const order = cols.id.filter((id, i) => snap.objects.typeNames[cols.type[i]] === 'str' && !shownBefore.has(id));
    assert.deepStrictEqual(extra.map((o) => o.id), order.slice(0, 50));
    // include: an object far from the names
    const far = order[2000];
    const inc = stepView(rec, { step: n, include: [far, 12345] });
    assert.strictEqual(inc.objects.filter((o) => o.id === far && o.depth === 0).length, 1);
    assert.strictEqual(inc.groups.find((g) => g.type === 'str')!.count, str.count - 1);
    // budget and itemCap
    const small = stepView(rec, { step: n, budget: 5, itemCap: 3 });
    checkAgainstSnapshot(rec, small, snap, { step: n, budget: 5, itemCap: 3 });
    assert.strictEqual(small.objects.length, 5);
    assert.ok(small.objects.every((o) => o.refs.length <= 3));
    assert.strictEqual(bound(small, 'xs').refsTotal, 3000);
    // everything asked at once stays bounded
    const big = stepView(rec, { step: n, budget: 1e9, itemCap: 1e9, expand: [{ type: 'str', limit: 1e9 }, { type: 'int', limit: 1e9 }] });
    assert.ok(big.objects.length <= VIEW_LIMITS.budget + VIEW_LIMITS.expand);
    assert.ok(big.objects.reduce((a, o) => a + o.refs.length, 0) <= VIEW_LIMITS.refs);
    assert.ok(JSON.stringify(big).length < 1_500_000);
    assert.ok(JSON.stringify(v).length < 60_000);
  });

  it('sends the output\'s tail', () => {
    const rec = record(`for i in range(100):
    print('line', i)
`);
    const full = rec.snapshot(rec.steps).output;
    const v = stepView(rec, { step: rec.steps, outputTail: 50 });
    assert.strictEqual(v.output.text, full.slice(-50));
    assert.strictEqual(v.output.skipped, full.length - 50);
    assert.ok(v.output.text.endsWith('line 99\n'));
    const all = stepView(rec, { step: rec.steps });
    assert.deepStrictEqual(all.output, { text: full, skipped: 0 });
    const mid = stepView(rec, { step: 21, outputTail: 8 });
    const at = rec.snapshot(21).output;
    assert.deepStrictEqual(mid.output, { text: at.slice(-8), skipped: at.length - 8 });
    assert.deepStrictEqual(stepView(rec, { step: 0 }).output, { text: '', skipped: 0 });
  });

  it('matches the snapshot at every step, dense and with sparse checkpoints', () => {
    // (with a raw chunk freed, and a pre-existing object: __main__'s __annotations__)
    const source = `import gc
class Node:
    def __init__(self, v):
        self.v = v
        self.peer = None
keep = []
big = 'y' * int('2000')
for i in range(40):
    a = Node(str(i) * 2)
    b = Node(a)
    a.peer = b
    if i % 7 == 0:
        keep.append(a)
    if i == 20:
        del big, __annotations__
del a, b
print(gc.collect())
d = {n.v: n for n in keep}
`;
    for (const options of [{}, { denseSteps: 0, sparseBytesPerStep: 64 }, { denseSteps: 0, sparseBytesPerStep: 4 }]) {
      const rec = record(source, '3.12', options);
      // forward, backward, and in a shuffled order (a view moves the last one's census by what
      // changed in between: it must end where a census from scratch would)
      const order = Array.from({ length: rec.steps + 1 }, (_, n) => n);
      let seed = 11;
      const shuffled = order.map((n) => [n, (seed = (seed * 1103515245 + 12345) % 2147483648)]).sort((a, b) => a[1] - b[1]).map((x) => x[0]);
      for (const n of [...order, ...[...order].reverse(), ...shuffled]) {
        const q: ViewQuery = { step: n, budget: 40, itemCap: 4, outputTail: 3 };
        checkAgainstSnapshot(rec, stepView(rec, q), rec.snapshot(n), q);
      }
    }
  });
});

describe('step queries', () => {
  const source = `def f(n):
    s = 0
    for i in range(n):
        s += i
    return s
a = f(3)
b = [f(2) for _ in range(2)]
c = a
`;

  it('lineAt, lineRuns, maxLineThrough and findLine agree with the steps', () => {
    const rec = record(source);
    const lines: number[] = [];
    for (let n = 0; n <= rec.steps; n++) {
      lines.push(rec.lineAt(n));
      assert.strictEqual(rec.lineAt(n), rec.snapshot(n).line);
    }
    assert.strictEqual(lines[0], 1);
    assert.strictEqual(lines[rec.steps], 0);
    // line 4 runs for each i of each call: 3 + 2 + 2
    assert.strictEqual(rec.lineRuns(4), 7);
    assert.strictEqual(rec.lineRuns(6), 1);
    assert.strictEqual(rec.lineRuns(9), 0);
    assert.strictEqual(rec.lineRuns(0), 0);
    for (let l = 1; l <= 8; l++) assert.strictEqual(rec.lineRuns(l), lines.slice(0, rec.steps).filter((x) => x === l).length);
    for (let n = 0; n <= rec.steps; n++) {
      assert.strictEqual(rec.maxLineThrough(n), Math.max(...lines.slice(0, n + 1)));
      for (let l = 0; l <= 9; l++) {
        let next: number | null = null, prev: number | null = null;
        for (let k = n + 1; k <= rec.steps; k++) if (lines[k] === l && l > 0) { next = k; break; }
        for (let k = n - 1; k >= 0; k--) if (lines[k] === l && l > 0) { prev = k; break; }
        assert.strictEqual(rec.findLine(n, l, 1), next, `findLine(${n}, ${l}, 1)`);
        assert.strictEqual(rec.findLine(n, l, -1), prev, `findLine(${n}, ${l}, -1)`);
      }
    }
    // the body of f runs before line 7 is reached
    assert.strictEqual(rec.maxLineThrough(stepAt(rec, 2)), 6);
    assert.strictEqual(rec.maxLineThrough(stepAt(rec, 8)), 8);
  });

  it('findHeapChange finds the steps whose view shows a new or a freed object', () => {
    const rec = record(source + `del b
x = [1]
x = None
n = len(str(12345))
end = 0
`);
    const changed: number[] = [];
    for (let n = 1; n <= rec.steps; n++) {
      const v = stepView(rec, { step: n });
      if (v.allocated.count || v.freed.count) changed.push(n);
    }
    assert.ok(changed.length >= 4, changed.join(' '));
    for (let n = 0; n <= rec.steps; n++) {
      assert.strictEqual(rec.findHeapChange(n, 1), changed.find((k) => k > n) ?? null, `from ${n} forward`);
      assert.strictEqual(rec.findHeapChange(n, -1), [...changed].reverse().find((k) => k < n) ?? null, `from ${n} back`);
    }
    // `x = [1]` shows the list as new; `x = None` shows it freed; a str made and freed by one
    // line is no change
    const made = stepAt(rec, 11);
    assert.ok(changed.includes(made) && changed.includes(stepAt(rec, 12)));
    const temporary = stepAt(rec, 13);
    assert.ok(!changed.includes(temporary));
    assert.ok((stepView(rec, { step: temporary }).freed.temporary ?? 0) >= 1);
  });

  it('answer while the run is paused, and again once it went on', () => {
    const s = new Session(source, { version: '3.12' });
    const rec = new TraceRecorder(s);
    s.step(8);
    rec.capture(s.line);
    const n = rec.steps;
    assert.strictEqual(rec.lineRuns(rec.lineAt(n)), rec.findLine(-1, rec.lineAt(n), 1) === n ? 0 : rec.lineRuns(rec.lineAt(n)));
    const before = rec.findHeapChange(0, 1);
    stepView(rec, { step: n });
    s.finish();
    rec.finish();
    assert.ok(rec.steps > n);
    assert.strictEqual(rec.findHeapChange(0, 1), before);
    assert.strictEqual(rec.lineRuns(4), 7);
    checkAgainstSnapshot(rec, stepView(rec, { step: rec.steps }), rec.snapshot(rec.steps), { step: rec.steps });
  });
});

describe('step view properties', () => {
  // random small programs: names bound to lists, tuples, dicts, instances and strs, rebound, deleted,
  // appended to one another, in a loop or not
  const stmt = fc.oneof(
    fc.tuple(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 6 })).map(([v, k]) => `v${v} = [str(j) for j in range(${k})]`),
    fc.tuple(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 4 })).map(([v, w]) => `v${v} = (v${w}, ${v * 1000 + w})`),
    fc.tuple(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 4 })).map(([v, w]) => `v${v} = {'k': v${w}, ${w}: 'x' * ${w + 2}}`),
    fc.tuple(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 4 })).map(([v, w]) => `v${v} = C(v${w})`),
    fc.tuple(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 4 })).map(([v, w]) => `v${v} = [v${w}, v${v}]`),
    fc.integer({ min: 0, max: 4 }).map((v) => `v${v} = None`),
    fc.integer({ min: 0, max: 4 }).map((v) => `for j in range(3):\n    v${v} = [v${v}, str(j)]`),
  );
  const programs = fc.array(stmt, { minLength: 1, maxLength: 8 }).map((lines) => [
    'class C:',
    '    def __init__(self, x):',
    '        self.x = x',
    'v0 = v1 = v2 = v3 = v4 = None',
    ...lines,
    '',
  ].join('\n'));

  it('every live object is shown or counted in exactly one group, and the view matches its snapshot', () => {
    const query = fc.record({
      budget: fc.integer({ min: 1, max: 30 }),
      itemCap: fc.integer({ min: 0, max: 5 }),
      expand: fc.array(fc.record({ type: fc.constantFrom('str', 'list', 'int', 'C', 'dict'), limit: fc.integer({ min: 0, max: 4 }) }), { maxLength: 2 }),
      /** objects to include, by their position among the live objects */
      include: fc.array(fc.nat(), { maxLength: 3 }),
    });
    fc.assert(fc.property(programs, fc.constantFrom<PyVersion>('3.8', '3.12'), query, (source, version, qq) => {
      const rec = record(source, version);
      for (let n = 0; n <= rec.steps; n++) {
        const snap = rec.snapshot(n);
        const ids = expandRuns(snap.objects.id);
        const include = ids.length ? qq.include.map((k) => ids[k % ids.length]) : [];
        const q: ViewQuery = { step: n, budget: qq.budget, itemCap: qq.itemCap, expand: qq.expand, include };
        const v = stepView(rec, q);
        checkAgainstSnapshot(rec, v, snap, q);
        assert.ok(v.objects.filter((o) => o.depth > 0).length <= qq.budget);
        for (const id of include) assert.ok(v.objects.some((o) => o.id === id), `included ${id} is shown`);
        assert.ok(JSON.parse(JSON.stringify(v)));
      }
    }), { numRuns: 40 });
  });
});

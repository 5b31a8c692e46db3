// The memory chart's series (trace/memorySeries.ts): the allocator's figures logged per step must
// be the step view's heap summary at every step where the trace took a checkpoint (both read the
// same allocator at the same moment), for dense and sparse recordings of several programs and
// versions; the buckets must keep every extreme; the marks must sit at the steps where the
// collector ran and arenas were mapped or released.

import * as assert from 'assert';
import { HEAP_FIGURES, Replay, TraceOptions, stepView } from '../../src/engine/trace';
import type { PyVersion } from '../../src/engine/versions';
import { lineOf, record } from './trace-helpers';


const PROGRAMS: Record<string, string> = {
  lists: [
    'a = []',
    'for i in range(300):',
    '    a.append(str(i) * 3)',
    'b = [x for x in a if len(x) > 4]',
    'del a',
    'c = bytearray(5000)',
    'del c',
    '',
  ].join('\n'),
  cycles: [
    'import gc',
    'class Node:',
    '    def __init__(self):',
    '        self.peer = None',
    'for i in range(900):',
    '    x = Node()',
    '    y = Node()',
    '    x.peer = y',
    '    y.peer = x',
    'del x, y',
    'n = gc.collect()',
    'd = {k: k * 2 for k in range(200)}',
    '',
  ].join('\n'),
  strings: [
    's = ""',
    'for i in range(200):',
    '    s += "ab" * i',
    't = s.upper()',
    'u = (t, s, 1.5, 10 ** 30)',
    '',
  ].join('\n'),
};

const VERSIONS: PyVersion[] = ['3.8', '3.10', '3.12', '3.13'];

describe('memory series: the figures at every checkpoint are the step view heap summary', function () {
  // (each test records whole runs, some in four versions: slow on a busy machine)
  this.timeout(180_000);
  for (const [name, source] of Object.entries(PROGRAMS)) {
    for (const version of VERSIONS) {
      for (const [mode, options] of [['dense', {}], ['sparse', { denseSteps: 50, sparseBytesPerStep: 1 }]] as [string, TraceOptions][]) {
        it(`${name}, ${version}, ${mode}`, () => {
          const rec = record(source, version, options);
          assert.strictEqual(rec.heapLog.states, rec.steps + 1, 'one sample per state');
          const series = rec.memorySeries(0, rec.steps, rec.steps + 1);
          assert.strictEqual(series.stride, 1);
          assert.strictEqual(series.start.length, rec.steps + 1);
          let checked = 0;
          // (every step's figures against the series; the views of at most ~400 checkpoints, spread)
          const every = Math.max(1, Math.ceil(rec.steps / 400));
          for (let n = 0; n <= rec.steps; n++) {
            const at = rec.heapLog.at(n);
            for (const f of HEAP_FIGURES) {
              assert.strictEqual(series[f].min[n], at[f], `${f} at ${n}`);
              assert.strictEqual(series[f].max[n], at[f], `${f} at ${n}`);
            }
            if (!rec.exactAt(n) || (n % every !== 0 && n !== rec.steps && !(mode === 'sparse' && n > 50))) continue;
            const heap = stepView(rec, { step: n }).heap;
            for (const f of HEAP_FIGURES) assert.strictEqual(at[f], heap[f], `${f} at checkpoint step ${n}`);
            checked++;
          }
          // (a run of many live objects turns sparse whatever the options: dense is every step at first)
          assert.ok(checked >= Math.min(rec.steps / every, mode === 'dense' ? 100 : 3), `${checked} checkpoints checked`);
        });
      }
    }
  }

  it('a step between sparse checkpoints has the exact figures of a replayed view', () => {
    const source = PROGRAMS.lists;
    const rec = record(source, '3.12', { denseSteps: 20, sparseBytesPerStep: 1 });
    const replay = new Replay(rec, source, { version: '3.12' });
    let checked = 0;
    for (let n = 25; n <= rec.steps && checked < 12; n += 37) {
      if (rec.exactAt(n)) continue;
      let v = null;
      for (let k = 0; k < 100 && !v; k++) v = replay.advance({ step: n }, 5_000);
      assert.ok(v && v.exact, `an exact view of ${n}`);
      const at = rec.heapLog.at(n);
      for (const f of HEAP_FIGURES) assert.strictEqual(at[f], v.heap[f], `${f} at ${n}`);
      checked++;
    }
    assert.ok(checked > 3);
  });
});

describe('memory series: around collections between sparse checkpoints', function () {
  // (each test records whole runs, some in four versions: slow on a busy machine)
  this.timeout(180_000);
  for (const version of ['3.8', '3.12'] as PyVersion[]) {
    it(`${version}: the steps before and at an automatic collection's mark have the replayed views' figures`, () => {
      const src = PROGRAMS.cycles;
      const rec = record(src, version, { denseSteps: 20, sparseBytesPerStep: 1 });
      const marks = rec.memorySeries(0, rec.steps, 1e9).marks.filter((m) => m.kind === 'gc');
      let compared = 0;
      for (const m of marks) {
        for (const n of [m.step - 1, m.step]) {
          if (n < 25 || rec.exactAt(n)) continue;
          const replay = new Replay(rec, src, { version });
          let v = null;
          for (let k = 0; k < 100 && !v; k++) v = replay.advance({ step: n }, 5_000);
          assert.ok(v && v.exact);
          const at = rec.heapLog.at(n);
          for (const f of HEAP_FIGURES) assert.strictEqual(at[f], v.heap[f], `${f} at ${n} (collection marked at ${m.step})`);
          compared++;
        }
      }
      assert.ok(compared >= 2, `${compared} steps compared`);
    });
  }
});

describe('memory series: buckets and marks', function () {
  // (each test records whole runs, some in four versions: slow on a busy machine)
  this.timeout(180_000);
  it('keeps the extremes of every figure in buckets of many steps', () => {
    const rec = record(PROGRAMS.lists);
    const all = rec.memorySeries(0, rec.steps, 1e9);
    for (const buckets of [1, 2, 3, 7, 50]) {
      const s = rec.memorySeries(0, rec.steps, buckets);
      assert.ok(s.start.length <= buckets);
      assert.strictEqual(s.start[0], 0);
      assert.strictEqual(s.end[s.end.length - 1], rec.steps);
      for (let b = 1; b < s.start.length; b++) assert.strictEqual(s.start[b], s.end[b - 1] + 1, 'consecutive buckets');
      for (const f of HEAP_FIGURES) {
        for (let b = 0; b < s.start.length; b++) {
          const vals = all[f].min.slice(s.start[b], s.end[b] + 1);
          assert.strictEqual(s[f].min[b], Math.min(...vals), `${f} min of bucket ${b}/${buckets}`);
          assert.strictEqual(s[f].max[b], Math.max(...vals), `${f} max of bucket ${b}/${buckets}`);
          const first = vals.indexOf(Math.min(...vals)) <= vals.indexOf(Math.max(...vals));
          assert.strictEqual(s[f].minFirst[b], first ? 1 : 0);
        }
      }
    }
    // the 5,000-byte bytearray lives one step: it is raw malloc's largest figure, in every bucketing
    const peak = Math.max(...all.rawBytes.max);
    const line = lineOf(PROGRAMS.lists, 'del c');
    let at = -1;
    for (let n = 0; n <= rec.steps; n++) if (rec.lineAt(n) === line) at = n;
    assert.strictEqual(all.rawBytes.max[at], peak);
    assert.ok(peak - all.rawBytes.max[at + 1] >= 5000);
    assert.strictEqual(Math.max(...rec.memorySeries(0, rec.steps, 2).rawBytes.max), peak);
  });

  it('a zoomed range has the figures of the whole run at its steps', () => {
    const rec = record(PROGRAMS.strings);
    const all = rec.memorySeries(0, rec.steps, 1e9);
    const z = rec.memorySeries(100, 180, 1000);
    assert.deepStrictEqual([z.from, z.to, z.stride], [100, 180, 1]);
    for (const f of HEAP_FIGURES) assert.deepStrictEqual(z[f].max, all[f].max.slice(100, 181));
    const clamped = rec.memorySeries(-5, 1e9, 10);
    assert.deepStrictEqual([clamped.from, clamped.to], [0, rec.steps]);
  });

  it('marks gc.collect() at the step after its line, and the automatic collections', () => {
    for (const version of VERSIONS) {
      const src = PROGRAMS.cycles;
      const rec = record(src, version);
      const s = rec.memorySeries(0, rec.steps, 1e9);
      const manual = s.marks.filter((m) => m.kind === 'gc-manual');
      assert.strictEqual(manual.length, 1, version);
      const collectLine = lineOf(src, 'n = gc.collect()');
      assert.strictEqual(rec.lineAt(manual[0].step - 1), collectLine, `${version}: the step after gc.collect()`);
      assert.strictEqual(manual[0].generation, 2);
      // 900 pairs of cycles: the thresholds trigger collections while they are made
      const auto = s.marks.filter((m) => m.kind === 'gc');
      assert.ok(auto.length >= 1, `${version}: ${auto.length} automatic collections`);
      // every collection of the log is in one mark
      assert.strictEqual(auto.reduce((n, m) => n + m.count, 0) + 1, rec.heapLog.collections(0, rec.steps).length);
      // the count of the youngest generation starts again after an automatic collection of it
      for (const m of auto.filter((x) => x.generation === 0)) {
        const v = stepView(rec, { step: m.step });
        assert.ok(v.gc.count[0] < v.gc.threshold[0], `${version}: count ${v.gc.count[0]} at ${m.step}`);
      }
      // in buckets, a mark counts the collections of its bucket
      const coarse = rec.memorySeries(0, rec.steps, 4);
      assert.strictEqual(coarse.marks.filter((m) => m.kind === 'gc').reduce((n, m) => n + m.count, 0), auto.reduce((n, m) => n + m.count, 0));
      assert.ok(coarse.marks.filter((m) => m.kind === 'gc').length <= 4);
    }
  });

  it('marks the steps at which arenas are mapped and released', () => {
    const src = [
      'a = [str(i) * 30 for i in range(20000)]',
      'n = len(a)',
      'del a',
      'm = 1',
      '',
    ].join('\n');
    const rec = record(src, '3.12');
    const s = rec.memorySeries(0, rec.steps, 1e9);
    const arenas = s.arenas.max;
    const mapped = s.marks.filter((m) => m.kind === 'arena-mapped');
    const released = s.marks.filter((m) => m.kind === 'arena-released');
    assert.ok(mapped.length > 0 && released.length > 0);
    for (let n = 1; n <= rec.steps; n++) {
      const d = arenas[n] - arenas[n - 1];
      const up = mapped.find((m) => m.step === n), down = released.find((m) => m.step === n);
      if (d > 0) assert.ok(up && up.count >= d, `arenas mapped at ${n}`);
      if (d < 0) assert.ok(down && down.count >= -d, `arenas released at ${n}`);
      if (!up && !down) assert.strictEqual(d, 0);
    }
    const delLine = lineOf(src, 'del a');
    const r = released[released.length - 1];
    assert.strictEqual(rec.lineAt(r.step - 1), delLine, 'released by `del a`');
    assert.ok(s.arenaSize > 0);
  });
});

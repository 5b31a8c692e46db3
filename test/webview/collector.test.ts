// The Collector tab's view-model (model/collector.ts) and its requests (collectorRequests.ts): the
// generation table, the list of collections, the phases of a collection recorded by the engine
// (their order, names per version, tables and highlight sets), stepping between phases, and the
// requests (only while the tab is shown; the phases of the collection opened asked for once; the
// heap's highlight following the phase).

import * as assert from 'assert';
import { Session } from '../../src/engine/interp/run';
import { TraceRecorder, collectionsView } from '../../src/engine/trace';
import type { CollectionRecord, CollectionsMessage, CollectionsQuery } from '../../src/shared/protocol';
import { CollectorRequests } from '../../src/webview/collectorRequests';
import {
  collectionItems, collectionPhases, countText, generationRows, highlightPools, highlightSet, phaseKey, phasePosition, stepPhase,
} from '../../src/webview/model/collector';
import { Store } from '../../src/webview/store';
import type { AppState } from '../../src/webview/store';
import type { PyVersion } from '../../src/engine/versions';
import { runInfo } from './fixtures';

const PROGRAM = `import gc
import weakref
class Node:
    pass
class Phoenix:
    def __del__(self):
        saved.append(self)
def gone(ref):
    pass
saved = []
keep = Node()
a = Node()
b = Node()
a.peer = b
b.peer = a
r = weakref.ref(a, gone)
p = Phoenix()
p.me = p
del a, b, p
gc.collect()
`;

function record(source: string, version: PyVersion): TraceRecorder {
  const s = new Session(source, { version });
  const rec = new TraceRecorder(s);
  s.finish();
  rec.finish();
  return rec;
}

function manual(rec: TraceRecorder): CollectionRecord {
  return rec.collections.records.find((r) => r.reason === 'manual')!;
}

describe('webview collector view-model', function () {
  this.timeout(20_000);

  it('the generation table: counts over thresholds, what each count counts', () => {
    const rows = generationRows({ count: [701, 3, 0], threshold: [700, 10, 10] });
    assert.deepStrictEqual(rows.map((r) => r.text), ['701 / 700', '3 / 10', '0 / 10']);
    assert.deepStrictEqual(rows.map((r) => r.over), [true, false, false]);
    assert.deepStrictEqual(rows.map((r) => r.fill), [1, 0.3, 0]);
    assert.match(rows[1].counts, /collections of generation 0/);
    assert.strictEqual(generationRows({ count: [5, 0, 0], threshold: [0, 10, 10] })[0].fill, 0, 'gc.set_threshold(0) disables');
  });

  it('lists the collections newest first, marking the one at the step', () => {
    const items = collectionItems([
      { index: 0, step: 3, generation: 0, reason: 'automatic', collected: 0, uncollectable: 0, examined: 701 },
      { index: 1, step: 9, generation: 2, reason: 'manual', collected: 4, uncollectable: 0, examined: 12 },
    ], 9);
    assert.deepStrictEqual(items.map((i) => [i.stepText, i.title, i.atStep]), [
      ['Step 9', 'gc.collect(), generation 2', true],
      ['Step 3', 'automatic, generation 0', false],
    ]);
    assert.match(items[0].result, /^4 collected of the program's 12 examined$/);
  });

  for (const v of ['3.8', '3.12'] as PyVersion[]) {
    it(`the phases of a recorded collection (${v})`, () => {
      const r = manual(record(PROGRAM, v));
      const phases = collectionPhases(r);
      assert.deepStrictEqual(phases.map((p) => p.name), [
        'gc_collect_main', 'update_refs', 'subtract_refs', 'move_unreachable', 'handle_weakrefs', 'finalize_garbage',
        v === '3.8' ? 'check_garbage' : 'handle_resurrected_objects', 'delete_garbage',
      ]);
      const byKey = new Map(phases.map((p) => [p.key, p]));
      // update_refs: gc_refs = ob_refcnt for every object listed
      for (const row of byKey.get('update_refs')!.rows) assert.strictEqual(row.cells[0], row.cells[1]);
      assert.strictEqual(byKey.get('update_refs')!.highlight.length, r.objects.length);
      // subtract_refs highlights the objects referenced from outside; move_unreachable the unreachable ones
      assert.deepStrictEqual(byKey.get('subtract_refs')!.highlight, r.objects.filter((o) => o.gcRefs !== 0).map((o) => o.id));
      assert.deepStrictEqual(byKey.get('move_unreachable')!.highlight, r.unreachable.ids);
      assert.ok(r.unreachable.ids.length >= 3, 'the two Nodes and the Phoenix');
      // the weakref's callback ran; Phoenix's __del__ ran and resurrected it
      assert.strictEqual(byKey.get('handle_weakrefs')!.rows.length, 1);
      assert.deepStrictEqual(byKey.get('finalize_garbage')!.rows.map((x) => x.type), ['Phoenix']);
      const res = byKey.get('resurrection')!;
      assert.ok(res.rows.some((x) => x.type === 'Phoenix'));
      // 3.8's check_garbage keeps the whole unreachable set when one object is resurrected
      if (v === '3.8') assert.strictEqual(r.collected, 0);
      else assert.ok(r.collected >= 2);
      assert.strictEqual(byKey.get('delete_garbage')!.highlight.length, r.collected);
      assert.ok(byKey.get('delete_garbage')!.facts.some((f) => f.includes(`gc.collect() returns ${r.collected}`)));
      // the highlight set of each phase is that phase's
      phases.forEach((p, i) => assert.deepStrictEqual(highlightSet(r, i), p.highlight));
    });
  }

  it('DEBUG_SAVEALL ends in gc.garbage instead of delete_garbage', () => {
    const r = manual(record('import gc\ngc.set_debug(gc.DEBUG_SAVEALL)\nl = []\nl.append(l)\ndel l\ngc.collect()\n', '3.11'));
    const phases = collectionPhases(r);
    assert.strictEqual(phases[phases.length - 1].name, 'gc.garbage');
    assert.strictEqual(phases[phases.length - 1].rows.length, 1);
    assert.strictEqual(phases[phases.length - 1].rows[0].type, 'list');
  });

  it('the Allocator tab\'s pools of a highlight set: the pool an object\'s id falls in', () => {
    const pools = [{ address: 0x10000 }, { address: 0x14000 }, { address: 0x18000 }];
    assert.deepStrictEqual(highlightPools([0x14010, 0x14ff0, 0x18030, 0x900000], 0x4000, pools), [1, 2]);
    assert.deepStrictEqual(highlightPools(null, 0x4000, pools), []);
    assert.deepStrictEqual(highlightPools([0x10010], 0, pools), []);
  });

  it('steps between phases within bounds, by buttons and keys', () => {
    assert.strictEqual(stepPhase(0, -1, 8), 0);
    assert.strictEqual(stepPhase(7, 1, 8), 7);
    assert.strictEqual(stepPhase(3, 1, 8), 4);
    assert.strictEqual(stepPhase(3, 0, 0), 0);
    assert.deepStrictEqual(['ArrowLeft', 'ArrowRight', 'Home', 'End', 'x'].map(phaseKey), ['previous', 'next', 'first', 'last', null]);
    const r = manual(record(PROGRAM, '3.12'));
    assert.strictEqual(phasePosition(collectionPhases(r), 2), 'Phase 3 of 8: subtract_refs');
    assert.strictEqual(highlightSet(null, 0), null);
    assert.strictEqual(countText(-1), '—');
    assert.strictEqual(countText(1234), '1,234');
  });
});

function state(extra: Partial<AppState> = {}): AppState {
  return {
    run: runInfo({ runId: 1, totalSteps: 50 }), running: null, step: 30, view: null, previousView: null, viewRun: null, viewError: null,
    loading: false, refining: false, selected: null, expand: [], playing: false, speed: 2, notice: null, version: '3.12', ...extra,
  };
}

describe('webview collector requests', function () {
  this.timeout(20_000);
  const rec = record(PROGRAM, '3.12');
  const answer = (runId: number, q: CollectionsQuery): CollectionsMessage => ({ type: 'collections', requestId: 0, runId, collections: collectionsView(rec.collections, q) });

  it('asks only while the tab is shown; the phases once; the highlight follows the phase', async () => {
    const store = new Store(state());
    const asked: CollectionsQuery[] = [];
    const c = new CollectorRequests(store, async (runId, q) => { asked.push(q); return answer(runId, q); });
    store.update({ step: 31 });
    assert.strictEqual(asked.length, 0, 'the tab is hidden');
    store.update({ collectorOpen: true });
    await new Promise((r) => setTimeout(r, 0));
    assert.deepStrictEqual(asked, [{ step: 31, open: null }]);
    const list = store.state.collections!;
    const idx = list.collections.find((x) => x.reason === 'manual')!.index;
    c.open(idx);
    await new Promise((r) => setTimeout(r, 0));
    assert.deepStrictEqual(asked[1], { step: 31, open: idx });
    const d = store.state.collections!.detail!;
    assert.strictEqual(d.index, idx);
    assert.deepStrictEqual(store.state.highlight, collectionPhases(d)[0].highlight);
    c.phase(3);
    assert.strictEqual(store.state.collectionPhase, 3);
    assert.deepStrictEqual(store.state.highlight, d.unreachable.ids);
    c.phase(99);
    assert.strictEqual(store.state.collectionPhase, collectionPhases(d).length - 1);
    // stepping back before the collection keeps its phases (not asked for again) and the highlight
    store.update({ step: d.step - 1 });
    await new Promise((r) => setTimeout(r, 0));
    assert.deepStrictEqual(asked[2], { step: d.step - 1, open: null });
    assert.strictEqual(store.state.collections!.detail, d);
    assert.deepStrictEqual(store.state.highlight, collectionPhases(d)[collectionPhases(d).length - 1].highlight);
    c.open(null);
    assert.strictEqual(store.state.highlight, null);
    assert.strictEqual(store.state.collectionOpen, null);
  });

  it('a new run closes the collection opened; a reply about another run is dropped', async () => {
    const store = new Store(state({ collectorOpen: true }));
    const pending: (() => void)[] = [];
    const c = new CollectorRequests(store, (runId, q) => new Promise((res) => { pending.push(() => res(answer(runId, q))); }));
    pending.shift()!();
    await new Promise((r) => setTimeout(r, 0));
    assert.strictEqual(store.state.collectionsRun, 1);
    c.open(0);
    await new Promise((r) => setTimeout(r, 0));
    pending.shift()!();
    await new Promise((r) => setTimeout(r, 0));
    assert.ok(store.state.highlight);
    // a step asked for in run 1, answered after run 2 came: dropped
    store.update({ step: 10 });
    store.update({ run: runInfo({ runId: 2, totalSteps: 50 }) });
    assert.strictEqual(store.state.collectionOpen, null);
    assert.strictEqual(store.state.highlight, null);
    pending.shift()!();
    await new Promise((r) => setTimeout(r, 0));
    assert.strictEqual(store.state.collectionsRun, 1, 'the reply about run 1 is not stored for run 2');
    pending.shift()!();
    await new Promise((r) => setTimeout(r, 0));
    assert.strictEqual(store.state.collectionsRun, 2);
  });
});

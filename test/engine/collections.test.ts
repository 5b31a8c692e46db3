// The collector's phase records (engine/interp/gcrecord.ts, engine/trace/collections.ts) against
// what real CPython reports of the same collections (test/fixtures/gc/phases_agree.py, recorded by
// scripts/record_fixtures.py): gc.collect()'s return, the callbacks' info (generation, collected,
// uncollectable), the order of __del__, weakref callbacks, resurrection, gc.get_count() after a
// collection and gc.garbage with DEBUG_SAVEALL; and the records' own invariants and bounds.

import * as assert from 'assert';
import { readFileSync } from 'fs';
import { join } from 'path';
import { Session } from '../../src/engine/interp/run';
import { TraceRecorder, collectionsView, COLLECTION_LIMITS } from '../../src/engine/trace';
import type { CollectionRecord } from '../../src/engine/trace';
import type { PyVersion } from '../../src/engine/versions';

const VERSIONS: PyVersion[] = ['3.8', '3.9', '3.10', '3.11', '3.12', '3.13'];
const FIXTURE = join(__dirname, '..', 'fixtures', 'gc', 'phases_agree');

function record(source: string, version: PyVersion): { rec: TraceRecorder; stdout: string } {
  const s = new Session(source, { version });
  const rec = new TraceRecorder(s);
  const result = s.finish();
  rec.finish();
  return { rec, stdout: result.stdout };
}

/** the invariants every record keeps */
/** (budgeted: a record made as the run's budget ran out lists fewer objects than the cap) */
function checkRecord(r: CollectionRecord, budgeted = false): void {
  assert.strictEqual(r.reachable + r.unreachable.total, r.collectedSetSize, 'reachable + unreachable = the collected set');
  assert.strictEqual(r.unreachable.total, r.collected + r.resurrected.total, 'unreachable = collected + resurrected');
  if (r.debugSaveAll) {
    assert.strictEqual(r.garbage.total, r.collected, 'DEBUG_SAVEALL: gc.garbage gets what was found');
    assert.strictEqual(r.freed.total, 0);
  } else {
    assert.strictEqual(r.freed.total, r.collected, 'delete_garbage frees what gc.collect() counts');
    assert.strictEqual(r.garbage.total, 0);
  }
  if (budgeted) assert.ok(r.objects.length <= Math.min(r.collectedSetSize, COLLECTION_LIMITS.perPhase));
  else assert.strictEqual(r.objects.length, Math.min(r.collectedSetSize, COLLECTION_LIMITS.perPhase));
  if (r.objects.length === r.collectedSetSize) assert.strictEqual(r.objects.filter((o) => !o.reachable).length, r.unreachable.total);
  for (const o of r.objects) {
    if (o.refcnt === -1) { assert.ok(o.reachable); continue; }
    assert.ok(o.gcRefs >= 0 && o.gcRefs <= o.refcnt, `gc_refs ${o.gcRefs} within ob_refcnt ${o.refcnt}`);
    if (!o.reachable) assert.strictEqual(o.gcRefs, 0, 'an unreachable object has no reference from outside');
  }
  const sizes = r.generationSizes;
  let merged = 0;
  for (let g = 0; g <= r.generation; g++) merged += sizes[g];
  assert.strictEqual(r.collectedSetSize, merged, 'the collected set is the generations merged');
}

describe('collector phase records vs recorded CPython (gc/phases_agree)', function () {
  this.timeout(30_000);
  const expected = JSON.parse(readFileSync(`${FIXTURE}.expected.json`, 'utf8')) as Record<string, { stdout: string }>;
  const source = readFileSync(`${FIXTURE}.py`, 'utf8');
  for (const v of VERSIONS) {
    it(v, () => {
      const out = expected[v].stdout.split('\n');
      const { rec, stdout } = record(source, v);
      assert.strictEqual(stdout, expected[v].stdout, 'the simulator prints what CPython printed');
      const all = rec.collections.records;
      all.forEach((r) => checkRecord(r));
      const manual = all.filter((r) => r.reason === 'manual');
      assert.strictEqual(manual.length, 8);
      // the five collections with the callback installed: its info lines and gc.collect()'s returns
      const infos = out.filter((l) => l.startsWith('info ')).map((l) => l.split(' ').slice(1).map(Number));
      const returns = out.filter((l) => l.startsWith('collect ')).map((l) => l.split(' ').slice(1).map(Number));
      assert.strictEqual(infos.length, 5);
      for (let i = 0; i < 5; i++) {
        const r = manual[1 + i];
        assert.deepStrictEqual([r.generation, r.collected, r.uncollectable], infos[i], `collection ${i + 1}: the callback's info`);
        assert.deepStrictEqual([r.generation, r.collected], returns[i], `collection ${i + 1}: gc.collect()'s return`);
      }
      // the A/B cycle: __del__ ran in the order CPython printed
      const typeOf = (r: CollectionRecord, id: number) => r.objects.find((o) => o.id === id)?.type;
      const dels = out.filter((l) => l.startsWith('del ')).map((l) => l.slice(4));
      assert.deepStrictEqual(manual[1].finalized.ids.map((id) => typeOf(manual[1], id)), dels.slice(0, 2));
      // resurrection: R's __del__ ran, the object survives, nothing collected
      assert.deepStrictEqual(manual[3].finalized.ids.map((id) => typeOf(manual[3], id)), ['R']);
      assert.ok(manual[3].resurrected.total >= 1);
      assert.strictEqual(manual[3].collected, 0);
      // the weakref's callback ran once
      assert.strictEqual(out.filter((l) => l.startsWith('weakref callback')).length, manual[4].weakrefCallbacks.total);
      assert.strictEqual(manual[4].weakrefCallbacks.total, 1);
      assert.ok(manual[4].weakrefsCleared.total >= 1);
      // gc.get_count() after a collection of generation 1
      const count = /^count (\d+) \((\d+), (\d+), (\d+)\)$/.exec(out.find((l) => l.startsWith('count '))!)!;
      assert.strictEqual(manual[6].generation, 1);
      assert.strictEqual(manual[6].collected, Number(count[1]));
      assert.deepStrictEqual(manual[6].countAfter, [Number(count[2]), Number(count[3]), Number(count[4])]);
      // DEBUG_SAVEALL: gc.garbage got what gc.collect() found
      const saveall = out.find((l) => l.startsWith('saveall '))!.split(' ').map(Number);
      assert.ok(manual[7].debugSaveAll);
      assert.strictEqual(manual[7].collected, saveall[1]);
      assert.strictEqual(manual[7].garbage.total, saveall[2]);
    });
  }
});

describe('collector phase records', function () {
  this.timeout(30_000);
  it('gc_refs after subtract_refs are the references from outside the collected set', () => {
    const { rec } = record('import gc\ngc.collect()\nkeep = []\nholder = [keep]\nc = []\nc.append(c)\ndel c\nn = gc.collect(0)\n', '3.12');
    const r = rec.collections.records.filter((x) => x.reason === 'manual')[1];
    // keep: referenced by the name and by holder (inside the set): gc_refs 1, reachable
    const byType = r.objects.filter((o) => o.type === 'list');
    assert.strictEqual(r.generation, 0);
    assert.strictEqual(r.collected, 1);
    const cyc = byType.find((o) => !o.reachable)!;
    assert.deepStrictEqual([cyc.refcnt, cyc.gcRefs], [1, 0]);
    assert.ok(byType.some((o) => o.reachable && o.gcRefs === 1 && o.refcnt === 2), JSON.stringify(byType));
  });

  it('stops each list at the cap and keeps the totals', () => {
    const n = COLLECTION_LIMITS.perPhase + 500;
    const { rec } = record(`import gc\ngc.disable()\nl = []\nfor i in range(${n}):\n    l.append([l])\ndel l\nprint(gc.collect())\n`, '3.12');
    const r = rec.collections.records.find((x) => x.reason === 'manual')!;
    checkRecord(r);
    assert.ok(r.collectedSetSize > COLLECTION_LIMITS.perPhase);
    assert.strictEqual(r.objects.length, COLLECTION_LIMITS.perPhase);
    assert.strictEqual(r.freed.ids.length, COLLECTION_LIMITS.perPhase);
    assert.strictEqual(r.freed.total, n + 1);
  });

  it('automatic collections past the run\'s budget keep their counts only; gc.collect() keeps its own budget', () => {
    const { rec } = record('import gc\nl = []\nfor i in range(60000):\n    l.append([])\nprint(gc.collect())\n', '3.12');
    const recs = rec.collections.records;
    const auto = recs.filter((r) => r.reason === 'automatic');
    assert.ok(auto.length > 50, `${auto.length} automatic collections`);
    const kept = auto.reduce((n, r) => n + r.objects.length + r.unreachable.ids.length + r.freed.ids.length, 0);
    assert.ok(kept <= COLLECTION_LIMITS.budgetAutomatic + COLLECTION_LIMITS.perPhase * 3, `${kept} entries kept`);
    const last = auto[auto.length - 1];
    assert.strictEqual(last.objects.length, 0);
    assert.ok(last.collectedSetSize > 0);
    assert.strictEqual(collectionsView(rec.collections, { step: rec.steps, open: last.index }).detailTruncated, true);
    const manual = recs.find((r) => r.reason === 'manual')!;
    assert.strictEqual(manual.objects.length, Math.min(manual.collectedSetSize, COLLECTION_LIMITS.perPhase));
    auto.forEach((r) => checkRecord(r, true));
    assert.ok(auto.filter((r) => rec.collections.countsOnly.has(r.index)).every((r) => r.objects.length === 0 && r.freed.ids.length === 0));
  });

  it('a view lists the collections begun at or before the step, and the phases of the one asked for', () => {
    const { rec } = record('import gc\nx = 1\ngc.collect()\ny = 2\ngc.collect(1)\nz = 3\n', '3.11');
    const recs = rec.collections.records.filter((r) => r.reason !== 'exit');
    assert.strictEqual(recs.length, 2);
    const before = collectionsView(rec.collections, { step: recs[0].step - 1 });
    assert.strictEqual(before.total, 0);
    const at = collectionsView(rec.collections, { step: recs[0].step, open: 0 });
    assert.strictEqual(at.total, 1);
    assert.strictEqual(at.detail?.index, 0);
    // (a collection opened is sent at any step: the panel steps back before it to see its objects)
    const later = collectionsView(rec.collections, { step: recs[0].step, open: 1 });
    assert.strictEqual(later.total, 1);
    assert.strictEqual(later.detail?.index, 1);
    assert.strictEqual(collectionsView(rec.collections, { step: 0, open: 99 }).detail, null);
    const both = collectionsView(rec.collections, { step: recs[1].step, open: 1 });
    assert.deepStrictEqual(both.collections.map((c) => [c.generation, c.reason]), [[2, 'manual'], [1, 'manual']]);
    assert.strictEqual(both.detail?.generation, 1);
  });
});

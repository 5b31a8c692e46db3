// The Memory tab's view-model (model/memoryChart.ts): the points drawn keep every bucket's
// extremes in the order they came, the marks sit at the x of their steps (merged when they would
// overlap), a click's x gives the step under it, the keyboard moves between points, and a point
// reads its steps, figures and marks. The series here are built by hand: the figures they carry
// are inputs, not the engine's output (the engine's series are tested in test/engine and
// test/worker).

import * as assert from 'assert';
import type { MemoryMark, MemorySeries } from '../../src/shared/protocol';
import {
  bucketAfterKey, bucketOfStep, bucketsFor, chartPoints, markLabel, opaque, placeMarks, pointReadout, rangeText, shownSeries, stepAtX, xOfStep,
  zoomAround, MARK_MERGE_PX,
} from '../../src/webview/model/memoryChart';

/** a series of buckets from per-step values: each figure's values per step, folded `stride` at a time */
function series(values: { py: number[]; raw?: number[]; blocks?: number[]; arenas?: number[] }, stride: number, marks: MemoryMark[] = [], from = 0): MemorySeries {
  const n = values.py.length;
  const cols = {
    pymallocBytes: values.py,
    rawBytes: values.raw ?? values.py.map(() => 0),
    allocatedBlocks: values.blocks ?? values.py.map(() => 1),
    arenas: values.arenas ?? values.py.map(() => 1),
  };
  const start: number[] = [], end: number[] = [];
  const figs = Object.fromEntries(Object.keys(cols).map((k) => [k, { min: [] as number[], max: [] as number[], minFirst: [] as number[] }]));
  for (let a = 0; a < n; a += stride) {
    const e = Math.min(n, a + stride) - 1;
    start.push(from + a);
    end.push(from + e);
    for (const [k, v] of Object.entries(cols)) {
      const part = v.slice(a, e + 1);
      const lo = Math.min(...part), hi = Math.max(...part);
      figs[k].min.push(lo);
      figs[k].max.push(hi);
      figs[k].minFirst.push(part.indexOf(lo) <= part.indexOf(hi) ? 1 : 0);
    }
  }
  return {
    from, to: from + n - 1, stride, start, end, marks, arenaSize: 1 << 20, totalSteps: from + n - 1,
    pymallocBytes: figs.pymallocBytes, rawBytes: figs.rawBytes, allocatedBlocks: figs.allocatedBlocks, arenas: figs.arenas,
  } as MemorySeries;
}

describe('memory chart: points', () => {
  it('draws a bucket of one step as one point, with its value', () => {
    const p = chartPoints(series({ py: [10, 20, 30] }, 1));
    assert.deepStrictEqual(p.x, [0, 1, 2]);
    assert.deepStrictEqual(p.y.pymallocBytes, [10, 20, 30]);
    assert.deepStrictEqual(p.bucket, [0, 1, 2]);
  });

  it('keeps a one-step spike in a bucket of many steps: its minimum and maximum, in their order', () => {
    // a spike at step 5 of 0..9, a dip at step 14 of 10..19
    const py = Array.from({ length: 20 }, (_, i) => (i === 5 ? 1000 : i === 14 ? 1 : 100));
    const s = series({ py }, 10);
    const p = chartPoints(s);
    assert.deepStrictEqual(p.x, [0, 9, 10, 19]);
    // bucket 0: 100 came before 1000; bucket 1: 1 came before... the maximum 100 at step 10
    assert.deepStrictEqual(p.y.pymallocBytes, [100, 1000, 100, 1]);
    assert.strictEqual(Math.max(...p.y.pymallocBytes), 1000);
    assert.strictEqual(Math.min(...p.y.pymallocBytes), 1);
    assert.deepStrictEqual(p.bucket, [0, 0, 1, 1]);
  });

  it('keeps every extreme whatever the bucketing', () => {
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const py = Array.from({ length: 997 }, () => Math.floor(rand() * 1e6));
    for (const stride of [1, 2, 3, 10, 64, 500, 997]) {
      const p = chartPoints(series({ py }, stride));
      assert.strictEqual(Math.max(...p.y.pymallocBytes), Math.max(...py), `max, stride ${stride}`);
      assert.strictEqual(Math.min(...p.y.pymallocBytes), Math.min(...py), `min, stride ${stride}`);
      // x never goes back
      for (let i = 1; i < p.x.length; i++) assert.ok(p.x[i] >= p.x[i - 1]);
    }
  });

  it('asks for one bucket per device pixel, within bounds', () => {
    assert.strictEqual(bucketsFor(800, 1), 800);
    assert.strictEqual(bucketsFor(800, 2), 1600);
    assert.strictEqual(bucketsFor(3000, 2), 4000);
    assert.strictEqual(bucketsFor(0, 1), 64);
    assert.strictEqual(bucketsFor(Number.NaN, Number.NaN), 64);
  });
});

describe('memory chart: marks, clicks and the keyboard', () => {
  it('places marks at the x of their steps and leaves out those outside the range', () => {
    const marks: MemoryMark[] = [
      { step: 0, kind: 'gc', count: 1, generation: 0, collected: 0 },
      { step: 250, kind: 'gc-manual', count: 1, generation: 2, collected: 12 },
      { step: 500, kind: 'arena-mapped', count: 1 },
      { step: 1000, kind: 'arena-released', count: 2 },
      { step: 1500, kind: 'gc', count: 1, generation: 0, collected: 0 },
    ];
    const placed = placeMarks(marks, 0, 1000, 400);
    assert.deepStrictEqual(placed.map((m) => [m.step, m.kind, m.x]), [[0, 'gc', 0], [250, 'gc-manual', 100], [500, 'arena-mapped', 200], [1000, 'arena-released', 400]]);
    assert.strictEqual(placed[1].label, 'gc.collect() at step 250 (all generations, 12 objects collected)');
    assert.strictEqual(placed[3].label, '2 arenas released from step 1,000');
    // zoomed into 200..600: the marks there, at their new x
    const zoomed = placeMarks(marks, 200, 600, 400);
    assert.deepStrictEqual(zoomed.map((m) => [m.step, m.x]), [[250, 50], [500, 300]]);
  });

  it('merges marks of a kind that would overlap, adding their counts', () => {
    const marks: MemoryMark[] = [0, 1, 2, 3, 400].map((step) => ({ step, kind: 'gc' as const, count: 1, generation: 0, collected: 0 }));
    marks.splice(3, 0, { step: 2, kind: 'gc-manual', count: 1, generation: 2, collected: 0 });
    const placed = placeMarks(marks, 0, 1000, 1000);
    assert.deepStrictEqual(placed.map((m) => [m.kind, m.step, m.count]), [['gc', 0, 4], ['gc-manual', 2, 1], ['gc', 400, 1]]);
    assert.strictEqual(placed[0].label, '4 automatic collections from step 0');
    // a pixel apart is merged, MARK_MERGE_PX apart is not
    const apart = placeMarks([{ step: 0, kind: 'gc', count: 1 }, { step: MARK_MERGE_PX, kind: 'gc', count: 1 }], 0, 1000, 1000);
    assert.strictEqual(apart.length, 2);
  });

  it('gives the step under a click x, rounded and within the run', () => {
    assert.strictEqual(stepAtX(0, 0, 1000, 500, 1000), 0);
    assert.strictEqual(stepAtX(250, 0, 1000, 500, 1000), 500);
    assert.strictEqual(stepAtX(500, 0, 1000, 500, 1000), 1000);
    assert.strictEqual(stepAtX(1, 0, 1000, 500, 1000), 2);
    // zoomed into 200..210 over 100 pixels: ten pixels a step
    assert.strictEqual(stepAtX(34, 200, 210, 100, 1000), 203);
    assert.strictEqual(stepAtX(36, 200, 210, 100, 1000), 204);
    // outside the plot, or past the run
    assert.strictEqual(stepAtX(-40, 200, 210, 100, 1000), 200);
    assert.strictEqual(stepAtX(9999, 990, 1010, 100, 1000), 1000);
    // xOfStep is its inverse
    for (const step of [200, 203, 210]) assert.strictEqual(stepAtX(xOfStep(step, 200, 210, 100), 200, 210, 100, 1000), step);
  });

  it('finds the bucket of a step, and moves between buckets with the keys', () => {
    const s = series({ py: Array.from({ length: 100 }, () => 5) }, 10, [], 1000);
    assert.strictEqual(bucketOfStep(s, 1000), 0);
    assert.strictEqual(bucketOfStep(s, 1009), 0);
    assert.strictEqual(bucketOfStep(s, 1010), 1);
    assert.strictEqual(bucketOfStep(s, 1099), 9);
    assert.strictEqual(bucketOfStep(s, 5), 0);
    assert.strictEqual(bucketOfStep(s, 99999), 9);
    assert.strictEqual(bucketAfterKey('ArrowRight', 3, 10), 4);
    assert.strictEqual(bucketAfterKey('ArrowLeft', 0, 10), 0);
    assert.strictEqual(bucketAfterKey('End', 3, 10), 9);
    assert.strictEqual(bucketAfterKey('Home', 3, 10), 0);
    assert.strictEqual(bucketAfterKey('PageDown', 8, 10), 9);
    assert.strictEqual(bucketAfterKey('PageUp', 5, 100), 0);
    assert.strictEqual(bucketAfterKey('PageUp', 50, 100), 40);
    assert.strictEqual(bucketAfterKey('Enter', 3, 10), null);
    assert.strictEqual(bucketAfterKey('ArrowRight', 0, 0), null);
  });

  it('zooms from the keyboard into a quarter of the range around a point, within the run', () => {
    assert.deepStrictEqual(zoomAround(500, 0, 1000, 1000), [375, 625]);
    assert.deepStrictEqual(zoomAround(10, 0, 1000, 1000), [0, 250]);
    assert.deepStrictEqual(zoomAround(999, 0, 1000, 1000), [750, 1000]);
    assert.deepStrictEqual(zoomAround(3, 0, 12, 12), [0, 8]);
  });
});

describe('memory chart: readouts', () => {
  it('reads a one-step point as its values, and a bucket as ranges with its marks', () => {
    const one = series({ py: [1536, 2048], raw: [0, 600], blocks: [12345, 12346], arenas: [1, 2] }, 1, [{ step: 1, kind: 'arena-mapped', count: 1 }]);
    assert.strictEqual(pointReadout(one, 0)!.text, 'step 0: pymalloc blocks 1.5 KiB, raw malloc 0 B, blocks in use 12,345, arenas 1');
    assert.strictEqual(pointReadout(one, 1)!.text, 'step 1: pymalloc blocks 2 KiB, raw malloc 600 B, blocks in use 12,346, arenas 2; arena mapped at step 1');
    const many = series({ py: [1000, 3000, 2000, 2000], blocks: [5, 5, 5, 5] }, 4, [{ step: 102, kind: 'gc', count: 3, generation: 1, collected: 9 }], 100);
    const r = pointReadout(many, 0)!;
    assert.strictEqual(r.steps, 'steps 100-103');
    assert.strictEqual(r.step, 100);
    assert.deepStrictEqual(r.figures.map((f) => f.text), ['1,000 B to 2.9 KiB', '0 B', '5', '1']);
    assert.deepStrictEqual(r.marks, ['3 automatic collections from step 102']);
    assert.strictEqual(pointReadout(many, 5), null);
  });

  it('tells two values that round alike in bytes', () => {
    const s = series({ py: [230_400, 230_432] }, 2);
    assert.strictEqual(pointReadout(s, 0)!.figures[0].text, '230,400 to 230,432 B');
  });

  it('labels collections by generation, gc.collect() apart', () => {
    assert.strictEqual(markLabel('gc', 1, 7, { step: 7, kind: 'gc', count: 1, generation: 0, collected: 1 }), 'automatic collection at step 7 (generation 0, 1 object collected)');
    assert.strictEqual(markLabel('gc-manual', 2, 7, null), '2 gc.collect() calls from step 7');
    assert.strictEqual(markLabel('arena-mapped', 1, 1234, null), 'arena mapped at step 1,234');
  });

  it('says what range is shown, and which series the store holds for the run', () => {
    assert.strictEqual(rangeText(series({ py: [1, 2, 3] }, 1)), 'steps 0-2');
    assert.strictEqual(rangeText(series({ py: Array(1000).fill(1) }, 250)), 'steps 0-999, 250 steps per point (least and greatest value of each)');
    const full = series({ py: [1, 2] }, 1), zoom = series({ py: [1] }, 1);
    assert.strictEqual(shownSeries({ runId: 3, full, zoom: null, loading: false, error: null }, 3), full);
    assert.strictEqual(shownSeries({ runId: 3, full, zoom, loading: false, error: null }, 3), zoom);
    assert.strictEqual(shownSeries({ runId: 3, full, zoom, loading: false, error: null }, 4), null);
    assert.strictEqual(shownSeries(null, 3), null);
  });
});

describe('memory chart: colours', () => {
  it('draws a translucent theme colour opaque (charts.orange is the minimap find colour)', () => {
    assert.strictEqual(opaque('#d1861649'), '#d18616');
    assert.strictEqual(opaque('#abcd'), '#abc');
    assert.strictEqual(opaque('#3794ff'), '#3794ff');
    assert.strictEqual(opaque('rgba(209, 134, 22, 0.29)'), 'rgb(209, 134, 22)');
    assert.strictEqual(opaque('rgb(1,2,3)'), 'rgb(1, 2, 3)');
    assert.strictEqual(opaque('orange'), 'orange');
  });
});

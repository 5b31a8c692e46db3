// The layout's promises: the stack on the left, newest frame on top; every arrow starts at its
// row and ends on its referent's box; no two boxes overlap; a list's items in order; the layout
// cached by the graph's shape. Checked on hand-made views and on random ones (fast-check).

import * as assert from 'assert';
import * as fc from 'fast-check';
import type { StepView, ViewObject } from '../../src/shared/protocol';
import { heapGraph } from '../../src/webview/model/graph';
import { HeapLayout, LayoutCache, Rect, anchorOffset, layoutHeap } from '../../src/webview/model/layout';
import { DEFAULT_METRICS } from '../../src/webview/model/metrics';
import { bigView, frame, obj, view } from './fixtures';

const m = DEFAULT_METRICS;

function overlap(a: Rect, b: Rect): boolean {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

function onBorder(p: { x: number; y: number }, r: Rect): boolean {
  const eps = 0.51;
  const inY = p.y >= r.y - eps && p.y <= r.y + r.h + eps;
  return inY && (Math.abs(p.x - r.x) < eps || Math.abs(p.x - (r.x + r.w)) < eps);
}

/** points along an SVG path made of M, L and C commands */
function samplePath(d: string): { x: number; y: number }[] {
  const out: { x: number; y: number }[] = [];
  const re = /([MLC])([^MLC]*)/g;
  let at = { x: 0, y: 0 };
  for (const [, cmd, args] of d.matchAll(re)) {
    const n = args.trim().split(/[ ,]+/).map(Number);
    if (cmd === 'M') at = { x: n[0], y: n[1] };
    else if (cmd === 'L') {
      const to = { x: n[0], y: n[1] };
      for (let t = 0; t <= 1; t += 0.05) out.push({ x: at.x + (to.x - at.x) * t, y: at.y + (to.y - at.y) * t });
      at = to;
    } else {
      const [x1, y1, x2, y2, x, y] = n;
      for (let t = 0; t <= 1; t += 0.025) {
        const u = 1 - t;
        out.push({
          x: u * u * u * at.x + 3 * u * u * t * x1 + 3 * u * t * t * x2 + t * t * t * x,
          y: u * u * u * at.y + 3 * u * u * t * y1 + 3 * u * t * t * y2 + t * t * t * y,
        });
      }
      at = { x, y };
    }
  }
  return out;
}

function inside(p: { x: number; y: number }, r: Rect): boolean {
  return p.x > r.x + 1 && p.x < r.x + r.w - 1 && p.y > r.y + 1 && p.y < r.y + r.h - 1;
}

/** the invariants every layout keeps */
function checkLayout(v: StepView, l: HeapLayout): void {
  const rects: [string, Rect][] = [['stack', l.stack], ...[...l.boxes.entries()]];
  for (let i = 0; i < rects.length; i++) {
    const [k, r] = rects[i];
    for (const n of [r.x, r.y, r.w, r.h]) assert.ok(Number.isFinite(n), `${k} has finite geometry`);
    assert.ok(r.x >= 0 && r.y >= 0 && r.x + r.w <= l.width && r.y + r.h <= l.height, `${k} is inside the drawing`);
    for (let j = i + 1; j < rects.length; j++) assert.ok(!overlap(r, rects[j][1]), `${k} and ${rects[j][0]} do not overlap`);
  }
  // the stack is left of every box
  for (const [k, r] of l.boxes) assert.ok(r.x >= l.stack.x + l.stack.w, `${k} is right of the stack`);
  // every arrow ends on the border of its target box, at its header, and starts inside its source
  for (const a of l.arrows) {
    const t = l.boxes.get(a.to)!;
    assert.ok(t, `arrow ${a.key} has a target box`);
    assert.ok(onBorder(a.end, t), `arrow ${a.key} ends on ${a.to}'s border`);
    assert.ok(Math.abs(a.end.y - (t.y + anchorOffset(m))) < 0.01, `arrow ${a.key} ends at ${a.to}'s header`);
    const from = a.from === 'stack' ? l.stack : l.boxes.get(a.from)!;
    assert.ok(a.start.x > from.x && a.start.x < from.x + from.w && a.start.y > from.y && a.start.y < from.y + from.h, `arrow ${a.key} starts inside its source`);
    assert.ok(a.d.startsWith(`M${Math.round(a.start.x * 10) / 10},`), `arrow ${a.key}'s path starts at its dot`);
  }
  // an arrow to a box further right crosses no other box (nor the stack)
  for (const a of l.arrows) {
    if (a.back || a.weak) continue;
    for (const p of samplePath(a.d)) {
      for (const [k, r] of rects) {
        if (k === a.to || k === a.from) continue;
        assert.ok(!inside(p, r), `arrow ${a.key} crosses ${k} at ${p.x.toFixed(1)},${p.y.toFixed(1)}`);
      }
    }
  }
  // one arrow per bound name whose object is drawn
  const drawn = new Set(v.objects.map((o) => o.id));
  const named = v.frames.flatMap((f) => f.locals).filter((x) => x.id !== 0 && drawn.has(x.id)).length;
  assert.strictEqual(l.arrows.filter((a) => a.from === 'stack').length, named);
}

describe('webview layout', () => {
  const v = view(
    [frame('<module>', 9, [['xs', 1], ['d', 5], ['n', 0]]), frame('f', 3, [['a', 2], ['s', 4]])],
    [
      obj(1, 'list', '[3 items]', [2, 3, 4], { gen: 0 }),
      obj(5, 'dict', "{'k': 7}", [[2, "'k'"]], { gen: 0 }),
      obj(2, 'int', '7', [], { cache: 'small-int', immortal: true }),
      obj(3, 'str', "'b'"),
      obj(4, 'str', "'c'"),
    ],
  );

  it('puts the stack top left, newest frame first, and its arrows at their names', () => {
    const l = layoutHeap(heapGraph(v), m);
    checkLayout(v, l);
    assert.deepStrictEqual(l.stack.frames.map((f) => f.key), ['f1', 'f0']);
    assert.ok(l.stack.frames[0].y < l.stack.frames[1].y);
    assert.strictEqual(l.stack.x, m.margin);
    assert.strictEqual(l.stack.y, m.margin + m.titleH);
    // f's `a` is the first name row, <module>'s `xs` the third
    const a = l.arrows.find((x) => x.key === 's:f1:0')!;
    assert.strictEqual(a.start.y, l.stack.rowY[0]);
    assert.strictEqual(a.to, 'o2');
    const xs = l.arrows.find((x) => x.key === 's:f0:0')!;
    assert.strictEqual(xs.start.y, l.stack.rowY[2]);
  });

  it('keeps a list\'s items in order, top to bottom', () => {
    const items = [11, 12, 13, 14, 15, 16];
    const lv = view([frame('m', 1, [['xs', 1]])], [obj(1, 'list', null, items), ...items.map((id) => obj(id, 'str', `'${id}'`, [], { depth: 2 }))]);
    const l = layoutHeap(heapGraph(lv), m);
    checkLayout(lv, l);
    const ys = items.map((id) => l.boxes.get(`o${id}`)!.y);
    assert.deepStrictEqual([...ys].sort((p, q) => p - q), ys);
    // and right of the list
    for (const id of items) assert.ok(l.boxes.get(`o${id}`)!.x > l.boxes.get('o1')!.x + l.boxes.get('o1')!.w);
  });

  it('draws an arrow to an earlier column into the right side of the box', () => {
    const cv = view([frame('m', 1, [['a', 1]])], [obj(1, 'list', null, [2]), obj(2, 'list', null, [1], { depth: 2 })]);
    const l = layoutHeap(heapGraph(cv), m);
    checkLayout(cv, l);
    const back = l.arrows.find((x) => x.from === 'o2')!;
    assert.strictEqual(back.back, true);
    const t = l.boxes.get('o1')!;
    assert.strictEqual(back.end.x, t.x + t.w);
  });

  it('draws a self-reference as a loop into the box\'s right side', () => {
    const sv = view([frame('m', 1, [['a', 1]])], [obj(1, 'list', null, [1])]);
    const l = layoutHeap(heapGraph(sv), m);
    checkLayout(sv, l);
    assert.strictEqual(l.arrows.find((x) => x.from === 'o1')!.back, true);
  });

  it('places objects the names do not reach (an expanded group) after the stack', () => {
    const ev = view([frame('m', 1, [['a', 1]])], [obj(1, 'int', '1'), obj(20, 'str', "'x'", [], { depth: 0 }), obj(21, 'str', "'y'", [], { depth: 0 })]);
    const l = layoutHeap(heapGraph(ev), m);
    checkLayout(ev, l);
    assert.strictEqual(l.boxes.size, 3);
  });

  it('lays out an empty stack (the end of a run)', () => {
    const ev = view([], [obj(20, 'str', "'x'", [], { depth: 0 })]);
    const l = layoutHeap(heapGraph(ev), m);
    checkLayout(ev, l);
    assert.ok(l.stack.h > 0);
  });

  it('lays out 150 objects with groups, cycles and a deep chain', () => {
    const bv = bigView(150);
    const l = layoutHeap(heapGraph(bv), m);
    checkLayout(bv, l);
    assert.ok(l.boxes.size >= 130);
    // the leaves of one container are stacked: fewer nodes for dagre than boxes
    assert.ok(l.dagreNodes < l.boxes.size);
  });

  it('reuses the layout of a graph of the same shape', () => {
    const cache = new LayoutCache();
    const first = layoutHeap(heapGraph(v), m, cache);
    assert.strictEqual(first.cached, false);
    // the same shape with other values: the same places
    const changed = { ...v, objects: v.objects.map((o) => (o.id === 3 ? { ...o, repr: "'z'" } : o)) };
    const second = layoutHeap(heapGraph(changed), m, cache);
    assert.strictEqual(second.cached, true);
    assert.deepStrictEqual([...second.boxes.values()], [...first.boxes.values()]);
    // another arrow: a new layout
    const other = { ...v, objects: v.objects.map((o) => (o.id === 5 ? { ...o, refs: [{ id: 3, label: "'k'" }] } : o)) };
    assert.strictEqual(layoutHeap(heapGraph(other), m, cache).cached, false);
  });

  it('keeps its promises on random heaps', () => {
    const arb = fc.record({
      n: fc.integer({ min: 0, max: 40 }),
      refs: fc.array(fc.tuple(fc.nat(60), fc.nat(60)), { maxLength: 80 }),
      names: fc.array(fc.tuple(fc.nat(3), fc.nat(60)), { maxLength: 12 }),
      frames: fc.integer({ min: 0, max: 4 }),
    });
    fc.assert(fc.property(arb, ({ n, refs, names, frames }) => {
      const objects: ViewObject[] = [];
      for (let i = 0; i < n; i++) objects.push(obj(100 + i, i % 3 ? 'str' : 'list', i % 2 ? `'${i}'` : null, [], { depth: 1 }));
      for (const [a, b] of refs) {
        if (!n) break;
        const o = objects[a % n];
        o.refs.push({ id: 100 + (b % n), label: String(o.refs.length) });
        o.refsTotal = o.refs.length;
      }
      const fs = [];
      for (let f = 0; f < frames; f++) {
        const locals: [string, number][] = names.filter(([fi]) => fi % frames === f).map(([, o], i) => [`v${i}`, n && o % 5 ? 100 + (o % n) : 0]);
        fs.push(frame(`f${f}`, f + 1, locals));
      }
      const rv = view(fs, objects);
      checkLayout(rv, layoutHeap(heapGraph(rv), m));
    }), { numRuns: 60 });
  });
});

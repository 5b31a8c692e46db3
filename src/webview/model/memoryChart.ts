// The Memory tab's chart, as data: the points a series of min/max buckets is drawn with (two per
// bucket of several steps, its minimum and its maximum in the order they came, so that a spike of
// one step is drawn at any zoom), the marks (collections, arenas mapped and released) placed at
// their steps and merged when they would overlap, the step under an x position, the keyboard's
// moves between points, and the texts read out for a point. Pure: no DOM, no uPlot.

import type { MemoryMark, MemorySeries, SeriesFigure } from '../../shared/protocol';
import { formatBytes, formatCount, plural } from './format';

/** the figures drawn, in the chart's series order: two in bytes (left axis), two counts (right) */
export const CHART_FIGURES = ['pymallocBytes', 'rawBytes', 'allocatedBlocks', 'arenas'] as const;
export type ChartFigure = (typeof CHART_FIGURES)[number];

export const FIGURE_LABELS: Record<ChartFigure, string> = {
  pymallocBytes: 'pymalloc blocks',
  rawBytes: 'raw malloc',
  allocatedBlocks: 'blocks in use',
  arenas: 'arenas',
};

/** bytes or a count */
export function figureUnit(f: ChartFigure): 'bytes' | 'count' {
  return f === 'pymallocBytes' || f === 'rawBytes' ? 'bytes' : 'count';
}

/** What uPlot draws: x (steps) and one y array per figure, and per point its bucket. */
export interface ChartPoints {
  x: number[];
  y: Record<ChartFigure, number[]>;
  /** per point, the index of its bucket in the series */
  bucket: number[];
}

/**
 * The points of a series: a bucket of one step is one point; a bucket of several is two, at its
 * first and its last step, with each figure's minimum and maximum in the order they came (the
 * figure's line then passes through both extremes within the bucket's width).
 */
export function chartPoints(s: MemorySeries): ChartPoints {
  const x: number[] = [];
  const bucket: number[] = [];
  const y = { pymallocBytes: [], rawBytes: [], allocatedBlocks: [], arenas: [] } as Record<ChartFigure, number[]>;
  const n = s.start.length;
  for (let b = 0; b < n; b++) {
    const a = s.start[b], e = s.end[b];
    if (a === e) {
      x.push(a);
      bucket.push(b);
      for (const f of CHART_FIGURES) y[f].push(s[f].max[b]);
      continue;
    }
    x.push(a, e);
    bucket.push(b, b);
    for (const f of CHART_FIGURES) {
      const fig: SeriesFigure = s[f];
      const lo = fig.min[b], hi = fig.max[b];
      if (fig.minFirst[b]) y[f].push(lo, hi);
      else y[f].push(hi, lo);
    }
  }
  return { x, y, bucket };
}

/** how many buckets to ask for a chart `cssWidth` pixels wide (one per device pixel, bounded) */
export function bucketsFor(cssWidth: number, devicePixelRatio = 1): number {
  const px = Math.floor((Number.isFinite(cssWidth) ? cssWidth : 0) * (devicePixelRatio > 0 ? devicePixelRatio : 1));
  return Math.max(64, Math.min(4000, px));
}

/** the step at x (CSS pixels from the plot area's left edge) on a chart showing steps min..max
 *  over `width` pixels: the nearest whole step, within the run */
export function stepAtX(x: number, min: number, max: number, width: number, totalSteps: number): number {
  const t = width > 0 ? x / width : 0;
  const v = Math.round(min + Math.max(0, Math.min(1, t)) * (max - min));
  return Math.max(0, Math.min(totalSteps, v));
}

/** the x position (CSS pixels from the plot area's left edge) of a step */
export function xOfStep(step: number, min: number, max: number, width: number): number {
  if (max <= min) return 0;
  return ((step - min) / (max - min)) * width;
}

/** A mark as drawn: where, what, and its tooltip. */
export interface PlacedMark {
  x: number;
  /** the (first) step it stands for */
  step: number;
  kind: MemoryMark['kind'];
  /** events it stands for (merged marks add up) */
  count: number;
  label: string;
}

/** marks closer than this (CSS pixels) to the previous one of their kind are merged into it */
export const MARK_MERGE_PX = 6;

/**
 * The marks of a series placed on a chart showing steps min..max over `width` pixels: each at
 * the x of its step; those outside the range left out; one of a kind within MARK_MERGE_PX of the
 * previous one of that kind merged into it (its count added).
 */
export function placeMarks(marks: readonly MemoryMark[], min: number, max: number, width: number): PlacedMark[] {
  const out: PlacedMark[] = [];
  const last = new Map<MemoryMark['kind'], PlacedMark>();
  for (const m of marks) {
    if (m.step < min || m.step > max) continue;
    const x = xOfStep(m.step, min, max, width);
    const prev = last.get(m.kind);
    if (prev && x - prev.x < MARK_MERGE_PX) {
      prev.count += m.count;
      prev.label = markLabel(prev.kind, prev.count, prev.step, null);
      continue;
    }
    const p: PlacedMark = { x, step: m.step, kind: m.kind, count: m.count, label: markLabel(m.kind, m.count, m.step, m) };
    out.push(p);
    last.set(m.kind, p);
  }
  return out;
}

const GEN = ['generation 0', 'generations 0-1', 'all generations'];

/** "gc.collect() at step 1,234 (all generations, 12 objects collected)", "3 collections from
 *  step 100", "arena mapped at step 5", "2 arenas released from step 9" */
export function markLabel(kind: MemoryMark['kind'], count: number, step: number, m: MemoryMark | null): string {
  const at = `${count > 1 ? 'from' : 'at'} step ${formatCount(step)}`;
  switch (kind) {
    case 'gc':
    case 'gc-manual': {
      const what = kind === 'gc' ? (count > 1 ? `${formatCount(count)} automatic collections` : 'automatic collection') : (count > 1 ? `${formatCount(count)} gc.collect() calls` : 'gc.collect()');
      const detail = m && count === 1 && m.generation !== undefined
        ? ` (${GEN[m.generation] ?? `generation ${m.generation}`}, ${plural(m.collected ?? 0, 'object')} collected)`
        : '';
      return `${what} ${at}${detail}`;
    }
    case 'arena-mapped':
      return `${count > 1 ? `${formatCount(count)} arenas` : 'arena'} mapped ${at}`;
    case 'arena-released':
      return `${count > 1 ? `${formatCount(count)} arenas` : 'arena'} released ${at}`;
  }
}

/** the value of a figure as read out: bytes in binary units, counts with separators */
export function figureText(f: ChartFigure, v: number): string {
  return figureUnit(f) === 'bytes' ? formatBytes(v) : formatCount(v);
}

/** What a point reads: its steps, each figure (a range over a bucket of several steps), and the
 *  marks in its bucket. */
export interface PointReadout {
  /** the step that Enter (or a click on the point) goes to */
  step: number;
  /** "step 1,234" or "steps 1,000-1,999" */
  steps: string;
  figures: { figure: ChartFigure; label: string; text: string }[];
  marks: string[];
  /** all of it in one line, for assistive technology */
  text: string;
}

export function pointReadout(s: MemorySeries, b: number): PointReadout | null {
  if (!(b >= 0 && b < s.start.length)) return null;
  const a = s.start[b], e = s.end[b];
  const steps = a === e ? `step ${formatCount(a)}` : `steps ${formatCount(a)}-${formatCount(e)}`;
  const figures = CHART_FIGURES.map((f) => {
    const lo = s[f].min[b], hi = s[f].max[b];
    let text = lo === hi ? figureText(f, lo) : `${figureText(f, lo)} to ${figureText(f, hi)}`;
    // (two values that round to one text are told in bytes)
    if (lo !== hi && figureText(f, lo) === figureText(f, hi)) text = `${formatCount(lo)} to ${formatCount(hi)}${figureUnit(f) === 'bytes' ? ' B' : ''}`;
    return { figure: f, label: FIGURE_LABELS[f], text };
  });
  const marks = s.marks.filter((m) => m.step >= a && m.step <= e).map((m) => markLabel(m.kind, m.count, m.step, m));
  const text = `${steps}: ${figures.map((f) => `${f.label} ${f.text}`).join(', ')}${marks.length ? `; ${marks.join('; ')}` : ''}`;
  return { step: a, steps, figures, marks, text };
}

/** the bucket of a series that holds `step` (the nearest one when outside it), -1 when empty */
export function bucketOfStep(s: MemorySeries, step: number): number {
  const n = s.start.length;
  if (!n) return -1;
  if (step <= s.start[0]) return 0;
  if (step >= s.end[n - 1]) return n - 1;
  let lo = 0, hi = n - 1;
  while (lo < hi) {
    const m = (lo + hi + 1) >> 1;
    if (s.start[m] <= step) lo = m; else hi = m - 1;
  }
  return lo;
}

/** the bucket focused after a key on the focused chart (null: not a key of the chart) */
export function bucketAfterKey(key: string, current: number, buckets: number): number | null {
  if (buckets <= 0) return null;
  const page = Math.max(1, Math.round(buckets / 10));
  const c = Math.max(0, Math.min(buckets - 1, current));
  switch (key) {
    case 'ArrowLeft': return Math.max(0, c - 1);
    case 'ArrowRight': return Math.min(buckets - 1, c + 1);
    case 'PageUp': return Math.max(0, c - page);
    case 'PageDown': return Math.min(buckets - 1, c + page);
    case 'Home': return 0;
    case 'End': return buckets - 1;
    default: return null;
  }
}

/** the range to ask for when zooming in on a bucket from the keyboard: a quarter of the range
 *  shown, centred on it (at least 8 steps), within the run */
export function zoomAround(step: number, min: number, max: number, totalSteps: number): [number, number] {
  const span = Math.max(8, Math.round((max - min) / 4));
  let a = Math.round(step - span / 2);
  a = Math.max(0, Math.min(a, Math.max(0, totalSteps - span)));
  return [a, Math.min(totalSteps, a + span)];
}

/** "steps 0-1,000,000, 250 steps per point": what the chart shows, under it */
export function rangeText(s: MemorySeries): string {
  const range = `steps ${formatCount(s.from)}-${formatCount(s.to)}`;
  return s.stride > 1 ? `${range}, ${formatCount(s.stride)} steps per point (least and greatest value of each)` : range;
}

/** The Memory tab's data, in the store: the series of the whole run, and of the range zoomed
 *  into (null: not zoomed). */
export interface MemoryChartState {
  runId: number;
  full: MemorySeries | null;
  zoom: MemorySeries | null;
  /** a series is on its way */
  loading: boolean;
  /** why the last request had no series */
  error: string | null;
}

/** the series the chart draws: the zoomed range's, else the whole run's */
export function shownSeries(m: MemoryChartState | null | undefined, runId: number | null): MemorySeries | null {
  if (!m || m.runId !== runId) return null;
  return m.zoom ?? m.full;
}

/** a CSS colour without its alpha (#rrggbbaa, #rgba, rgba()); others as they are */
export function opaque(c: string): string {
  const hex = /^#([0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})$/i.exec(c);
  if (hex) {
    const d = hex[1];
    return d.length === 4 ? `#${d.slice(0, 3)}` : d.length === 8 ? `#${d.slice(0, 6)}` : c;
  }
  const rgba = /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)/i.exec(c);
  return rgba ? `rgb(${rgba[1]}, ${rgba[2]}, ${rgba[3]})` : c;
}

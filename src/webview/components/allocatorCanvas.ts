// Drawing the allocator map and a pool's blocks on a canvas: one frame from a layout
// (model/allocmap.ts), a pan/zoom transform and the theme's colours (read from the --vscode-*
// variables by readColors). Only the rows in view are drawn, so a frame costs what is visible.

import type { AllocMapPool } from '../../shared/protocol';
import { BlockCell, BlockGrid, CLASS_COLORS, MapLayout, Transform } from '../model/allocmap';

export interface MapColors {
  classes: string[];
  foreground: string;
  muted: string;
  background: string;
  focus: string;
  added: string;
  removed: string;
  font: string;
  /** the outline of the pools and blocks of a collector phase's objects (the Collector tab) */
  highlight?: string;
}

/** the theme's colours, as the canvas needs them */
export function readColors(el: Element): MapColors {
  const cs = getComputedStyle(el);
  const v = (name: string, fallback: string): string => cs.getPropertyValue(name).trim() || fallback;
  const foreground = v('--vscode-editor-foreground', v('--vscode-foreground', '#cccccc'));
  return {
    classes: CLASS_COLORS.map((c, i) => v(c, ['#3794ff', '#d18616', '#89d185', '#b180d7', '#f14c4c', '#cca700'][i])),
    foreground,
    muted: v('--vscode-descriptionForeground', foreground),
    background: v('--vscode-editor-background', '#1e1e1e'),
    focus: v('--vscode-focusBorder', '#007fd4'),
    added: v('--vscode-charts-green', '#89d185'),
    highlight: v('--vscode-charts-orange', '#d18616'),
    removed: v('--vscode-charts-red', '#f14c4c'),
    font: `${v('--vscode-font-size', '12px')} ${v('--vscode-font-family', 'sans-serif')}`,
  };
}

export interface MapFrame {
  layout: MapLayout;
  transform: Transform;
  /** the canvas's size in CSS pixels, and its device pixel ratio */
  width: number;
  height: number;
  dpr: number;
  colors: MapColors;
  /** the keyboard cursor's pool (index in layout.pools), -1 for none; the pool zoomed into */
  cursor: number;
  focused: boolean;
  /** pools (indices in layout.pools) holding objects of the collector phase shown */
  highlight?: readonly number[];
}

/** the layout's cells, rows and chunks in a width x height (CSS pixels) viewport, at transform t */
function paintLayout(ctx: CanvasRenderingContext2D, layout: MapLayout, c: MapColors, t: Transform, width: number, height: number, dpr: number): void {
  const f = { width, height };
  ctx.setTransform(dpr * t.scale, 0, 0, dpr * t.scale, dpr * t.x, dpr * t.y);
  // the layout's rows in view
  const top = -t.y / t.scale, bottom = (f.height - t.y) / t.scale;
  const left = -t.x / t.scale, right = (f.width - t.x) / t.scale;
  ctx.font = c.font;
  ctx.textBaseline = 'middle';
  const lw = 1 / t.scale;
  const uncarved: number[] = [], empty: number[] = [], added: number[] = [], freed: number[] = [];
  const byColor: number[][] = c.classes.map(() => []);
  for (const r of layout.rows) {
    if (r.y + r.h < top || r.y > bottom) continue;
    // the row's label
    ctx.globalAlpha = 1;
    ctx.fillStyle = r.kind === 'freed-arena' ? c.removed : r.kind === 'raw' ? c.muted : c.foreground;
    if (left < layout.x0) ctx.fillText(r.kind === 'freed-arena' ? `${r.label} freed` : r.label, 8, r.y + Math.min(r.h, 16) / 2);
    if (r.isNew) {
      ctx.fillStyle = c.added;
      ctx.fillRect(layout.x0 - 6, r.y, 3, r.h);
    }
    if (r.kind === 'freed-arena') {
      ctx.strokeStyle = c.removed;
      ctx.lineWidth = lw;
      ctx.setLineDash([4 / t.scale, 3 / t.scale]);
      ctx.strokeRect(layout.x0 + lw / 2, r.y + lw / 2, layout.rowW - lw, r.h - lw);
      ctx.setLineDash([]);
      continue;
    }
    if (r.kind !== 'arena') continue;
    for (let i = r.first, end = r.first + r.slots; i < end; i++) {
      const p = layout.pools[i];
      if (p.x + p.w < left || p.x > right) continue;
      if (p.kind === 'uncarved') uncarved.push(i);
      else if (p.kind === 'empty' || p.kind === 'unused') empty.push(i);
      else (byColor[p.color] ?? byColor[0]).push(i);
      if (p.allocated) added.push(i);
      if (p.freed) freed.push(i);
    }
  }
  const pools = layout.pools;
  if (layout.pools.length && layout.pools[0].w * t.scale * dpr < 4) {
    // cells of a few device pixels: one pixel a pool in an image, scaled into each arena's row
    paintPixels(ctx, layout, c, top, bottom);
  } else {
    paintCells(ctx, pools, c, lw, uncarved, empty, byColor, added, freed);
  }
  ctx.globalAlpha = 1;
  // raw chunks, then the outlines of those new at the step
  const raws = layout.raws.filter((ch) => !(ch.y + ch.h < top || ch.y > bottom || ch.x + ch.w < left || ch.x > right));
  ctx.globalAlpha = 0.45;
  ctx.fillStyle = c.muted;
  for (const ch of raws) ctx.fillRect(ch.x, ch.y, ch.w, ch.h);
  ctx.globalAlpha = 1;
  ctx.strokeStyle = c.added;
  ctx.lineWidth = 2 * lw;
  for (const ch of raws) if (ch.isNew) ctx.strokeRect(ch.x - lw, ch.y - lw, ch.w + 2 * lw, ch.h + 2 * lw);
}

/** the pools as cells: each kind in one run of calls (few state changes) */
function paintCells(
  ctx: CanvasRenderingContext2D, pools: MapLayout['pools'], c: MapColors, lw: number,
  uncarved: number[], empty: number[], byColor: number[][], added: number[], freed: number[],
): void {
  ctx.globalAlpha = 0.1;
  ctx.fillStyle = c.foreground;
  for (const i of uncarved) { const p = pools[i]; ctx.fillRect(p.x, p.y, p.w, p.h); }
  ctx.globalAlpha = 0.6;
  ctx.strokeStyle = c.muted;
  ctx.lineWidth = lw;
  for (const i of empty) { const p = pools[i]; ctx.strokeRect(p.x + lw / 2, p.y + lw / 2, p.w - lw, p.h - lw); }
  byColor.forEach((list, k) => {
    if (!list.length) return;
    ctx.fillStyle = c.classes[k] ?? c.foreground;
    ctx.globalAlpha = 0.28;
    for (const i of list) { const p = pools[i]; ctx.fillRect(p.x, p.y, p.w, p.h); }
    // filled from the bottom by the share of blocks in use
    ctx.globalAlpha = 1;
    for (const i of list) {
      const p = pools[i];
      const fh = Math.max(1, Math.round((p.h * p.count) / Math.max(1, p.nblocks)));
      ctx.fillRect(p.x, p.y + p.h - fh, p.w, fh);
    }
  });
  ctx.globalAlpha = 1;
  ctx.strokeStyle = c.added;
  ctx.lineWidth = 2 * lw;
  for (const i of added) { const p = pools[i]; ctx.strokeRect(p.x - lw, p.y - lw, p.w + 2 * lw, p.h + 2 * lw); }
  ctx.fillStyle = c.removed;
  for (const i of freed) { const p = pools[i]; ctx.fillRect(p.x + p.w - 4, p.y, 4, 4); }
}

/** the colours of a MapColors as RGB, parsed once */
const rgbCache = new WeakMap<MapColors, Map<string, [number, number, number]>>();

function rgbOf(c: MapColors, css: string): [number, number, number] {
  let m = rgbCache.get(c);
  if (!m) { m = new Map(); rgbCache.set(c, m); }
  let v = m.get(css);
  if (!v) {
    v = [128, 128, 128];
    const h = /^#([0-9a-f]{3}|[0-9a-f]{6})([0-9a-f]{2})?$/i.exec(css.trim());
    const r = /^rgba?\(\s*(\d+)[\s,]+(\d+)[\s,]+(\d+)/i.exec(css.trim());
    if (h) {
      const x = h[1].length === 3 ? h[1].split('').map((d) => d + d).join('') : h[1];
      v = [parseInt(x.slice(0, 2), 16), parseInt(x.slice(2, 4), 16), parseInt(x.slice(4, 6), 16)];
    } else if (r) {
      v = [Number(r[1]), Number(r[2]), Number(r[3])];
    }
    m.set(css, v);
  }
  return v;
}

/** the arena rows in view at one pixel a pool: the class's colour, as strong as the pool is full;
 *  a pool changed at the step in the added or removed colour */
function paintPixels(ctx: CanvasRenderingContext2D, layout: MapLayout, c: MapColors, top: number, bottom: number): void {
  const rows = layout.rows.filter((r) => r.kind === 'arena' && r.slots > 0 && r.y + r.h >= top && r.y <= bottom);
  if (!rows.length) return;
  const w = layout.wrap;
  const linesOf = (slots: number): number => Math.ceil(slots / w);
  let lines = 0;
  for (const r of rows) lines += linesOf(r.slots);
  const img = new ImageData(w, lines);
  const d = img.data;
  const bg = rgbOf(c, c.background), fg = rgbOf(c, c.foreground), muted = rgbOf(c, c.muted);
  const add = rgbOf(c, c.added), rem = rgbOf(c, c.removed);
  const classes = c.classes.map((x) => rgbOf(c, x));
  const put = (o: number, col: [number, number, number], a: number): void => {
    d[o] = bg[0] + (col[0] - bg[0]) * a; d[o + 1] = bg[1] + (col[1] - bg[1]) * a; d[o + 2] = bg[2] + (col[2] - bg[2]) * a; d[o + 3] = 255;
  };
  let line = 0;
  for (const r of rows) {
    for (let k = 0; k < r.slots; k++) {
      const p = layout.pools[r.first + k];
      const o = ((line + Math.floor(k / w)) * w + (k % w)) * 4;
      if (p.allocated) put(o, add, 1);
      else if (p.freed) put(o, rem, 1);
      else if (p.kind === 'uncarved') put(o, fg, 0.1);
      else if (p.kind === 'empty' || p.kind === 'unused') put(o, muted, 0.35);
      else put(o, classes[p.color] ?? fg, 0.3 + 0.7 * Math.min(1, p.count / Math.max(1, p.nblocks)));
    }
    line += linesOf(r.slots);
  }
  const off = new OffscreenCanvas(w, lines);
  off.getContext('2d')!.putImageData(img, 0, 0);
  const smooth = ctx.imageSmoothingEnabled;
  ctx.imageSmoothingEnabled = false;
  ctx.globalAlpha = 1;
  line = 0;
  for (const r of rows) {
    const n = linesOf(r.slots);
    ctx.drawImage(off, 0, line, w, n, layout.x0, r.y, layout.rowW, r.h);
    line += n;
  }
  ctx.imageSmoothingEnabled = smooth;
}

/** the whole map drawn once at a scale, for the frames that show more cells than drawing them
 *  anew would allow in a frame (MapCache) */
export interface MapCache {
  canvas: HTMLCanvasElement | OffscreenCanvas;
  layout: MapLayout;
  colors: MapColors;
  /** device pixels per layout pixel */
  scale: number;
}

/** the most pixels a cache may hold, and the longest side a canvas may have */
const CACHE_PIXELS = 24e6;
const CACHE_SIDE = 16384;
/** a frame with more pool cells in view than this is drawn from the cache */
export const DIRECT_CELLS = 1500;

/** the map drawn whole at `scale` device pixels a layout pixel (less when it would not fit a
 *  canvas), or null when even the smallest would not */
export function renderMapCache(layout: MapLayout, colors: MapColors, scale: number, make: (w: number, h: number) => HTMLCanvasElement | OffscreenCanvas): MapCache | null {
  let s = scale;
  s = Math.min(s, CACHE_SIDE / layout.width, CACHE_SIDE / layout.height, Math.sqrt(CACHE_PIXELS / (layout.width * layout.height)));
  if (!(s >= 0.05)) return null;
  const w = Math.ceil(layout.width * s), h = Math.ceil(layout.height * s);
  const canvas = make(w, h);
  const ctx = canvas.getContext('2d') as CanvasRenderingContext2D | null;
  if (!ctx) return null;
  paintLayout(ctx, layout, colors, { scale: 1, x: 0, y: 0 }, w / s, h / s, s);
  return { canvas, layout, colors, scale: s };
}

/** the scale to draw a cache at for frames at `scale`: the next power of two up (so that zooming
 *  out keeps the cache and zooming in makes a new one at most each doubling), in device pixels */
export function cacheScale(scale: number, dpr: number): number {
  return dpr * Math.pow(2, Math.ceil(Math.log2(Math.max(1 / 8, scale))));
}

/** pool cells in view at transform t */
export function cellsInView(layout: MapLayout, t: Transform, width: number, height: number): number {
  const top = -t.y / t.scale, bottom = (height - t.y) / t.scale;
  const cols = Math.min(1, Math.max(0, (width / t.scale) / Math.max(1, layout.rowW)));
  let n = 0;
  for (const r of layout.rows) if (r.kind === 'arena' && r.y + r.h >= top && r.y <= bottom) n += r.slots;
  return n * cols;
}

/** whether frames at transform t are best drawn from a cache of the whole map: when many cells
 *  are in view and either the cache is cheap to make (cells of a few pixels, drawn as an image) or
 *  most of the map is in view (a map much taller than the view is drawn anew, the rows in view) */
export function wantsCache(layout: MapLayout, t: Transform, width: number, height: number, dpr: number): boolean {
  const visible = cellsInView(layout, t, width, height);
  if (visible <= DIRECT_CELLS || !layout.pools.length) return false;
  if (layout.pools[0].w * cacheScale(t.scale, dpr) < 4) return true;
  return layout.pools.length <= 3 * visible;
}

/** one frame of the map: drawn anew when few cells are in view (zoomed in), else the cache scaled
 *  (when it is sharp enough: not zoomed in past its scale) */
export function drawMap(ctx: CanvasRenderingContext2D, f: MapFrame, cache: MapCache | null = null): 'direct' | 'cache' {
  const { layout, transform: t, colors: c, dpr } = f;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, f.width, f.height);
  let how: 'direct' | 'cache' = 'direct';
  if (cache && cache.layout === layout && cache.colors === c && t.scale * dpr <= cache.scale * 1.01
    && wantsCache(layout, t, f.width, f.height, dpr)) {
    const k = t.scale / cache.scale;
    ctx.imageSmoothingEnabled = true;
    ctx.drawImage(cache.canvas, t.x, t.y, cache.canvas.width * k, cache.canvas.height * k);
    how = 'cache';
  } else {
    paintLayout(ctx, layout, c, t, f.width, f.height, dpr);
  }
  if (f.highlight?.length) {
    const lw = 1 / t.scale;
    ctx.setTransform(dpr * t.scale, 0, 0, dpr * t.scale, dpr * t.x, dpr * t.y);
    ctx.strokeStyle = c.highlight ?? c.focus;
    ctx.lineWidth = 2 * lw;
    ctx.setLineDash([3 * lw, 2 * lw]);
    for (const i of f.highlight) {
      const p = layout.pools[i];
      if (p) ctx.strokeRect(p.x - lw, p.y - lw, p.w + 2 * lw, p.h + 2 * lw);
    }
    ctx.setLineDash([]);
  }
  const cur = f.cursor >= 0 ? layout.pools[f.cursor] : undefined;
  if (cur && f.focused) {
    const lw = 1 / t.scale;
    ctx.setTransform(dpr * t.scale, 0, 0, dpr * t.scale, dpr * t.x, dpr * t.y);
    ctx.strokeStyle = c.focus;
    ctx.lineWidth = 2 * lw;
    ctx.strokeRect(cur.x - 2 * lw, cur.y - 2 * lw, cur.w + 4 * lw, cur.h + 4 * lw);
  }
  return how;
}

export interface PoolFrame {
  pool: AllocMapPool;
  cells: BlockCell[];
  grid: BlockGrid;
  colors: MapColors;
  color: number;
  dpr: number;
  /** the block under the pointer or the keyboard cursor, -1 for none; the selected object */
  hover: number;
  selected: number | null;
  focused: boolean;
  /** ids of the objects of the collector phase shown: their blocks are outlined */
  highlight?: ReadonlySet<number>;
}

/** a pool's blocks as a grid: in use (the class's colour), free (outlined, with its place on the
 *  free list), never carved (faint) */
export function drawPool(ctx: CanvasRenderingContext2D, f: PoolFrame): void {
  const { grid: g, colors: c } = f;
  ctx.setTransform(f.dpr, 0, 0, f.dpr, 0, 0);
  ctx.clearRect(0, 0, g.width, g.height);
  const col = c.classes[f.color] ?? c.foreground;
  ctx.font = `${Math.max(8, Math.floor(g.cell * 0.55))}px ${c.font.split(' ').slice(1).join(' ') || 'sans-serif'}`;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  const step = g.cell + g.gap;
  for (const b of f.cells) {
    const x = g.x0 + (b.block % g.cols) * step, y = g.y0 + Math.floor(b.block / g.cols) * step;
    ctx.globalAlpha = 1;
    if (b.state === 'used') {
      ctx.fillStyle = col;
      ctx.globalAlpha = b.owner ? 1 : 0.55;
      ctx.fillRect(x, y, g.cell, g.cell);
    } else if (b.state === 'free') {
      ctx.strokeStyle = c.muted;
      ctx.lineWidth = 1;
      ctx.strokeRect(x + 0.5, y + 0.5, g.cell - 1, g.cell - 1);
      if (b.freeIndex >= 0 && b.freeIndex < 100) {
        ctx.fillStyle = c.muted;
        ctx.fillText(String(b.freeIndex + 1), x + g.cell / 2, y + g.cell / 2 + 0.5);
      }
    } else {
      ctx.globalAlpha = 0.1;
      ctx.fillStyle = c.foreground;
      ctx.fillRect(x, y, g.cell, g.cell);
    }
    ctx.globalAlpha = 1;
    if (b.isNew) {
      ctx.strokeStyle = c.added;
      ctx.lineWidth = 2;
      ctx.strokeRect(x - 1, y - 1, g.cell + 2, g.cell + 2);
    }
    if (b.isFreed) {
      ctx.fillStyle = c.removed;
      ctx.fillRect(x + g.cell - 5, y, 5, 5);
    }
    if (f.highlight && b.owner && f.highlight.has(b.owner.id)) {
      ctx.strokeStyle = c.highlight ?? c.focus;
      ctx.lineWidth = 2;
      ctx.setLineDash([3, 2]);
      ctx.strokeRect(x - 1, y - 1, g.cell + 2, g.cell + 2);
      ctx.setLineDash([]);
    }
    if (f.selected !== null && b.owner && b.owner.id === f.selected) {
      ctx.strokeStyle = c.foreground;
      ctx.lineWidth = 2;
      ctx.strokeRect(x + 1, y + 1, g.cell - 2, g.cell - 2);
    }
  }
  if (f.hover >= 0 && f.hover < f.cells.length) {
    const x = g.x0 + (f.hover % g.cols) * step, y = g.y0 + Math.floor(f.hover / g.cols) * step;
    ctx.strokeStyle = c.focus;
    ctx.lineWidth = 2;
    ctx.strokeRect(x - 2, y - 2, g.cell + 4, g.cell + 4);
  }
}

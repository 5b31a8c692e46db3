// The allocator map's view-model: what the Allocator tab draws of an AllocMapView. Arenas are rows
// of pool cells (one cell per pool the arena can hold: carved or not yet), each carved pool
// coloured by its size class and filled by how many of its blocks are in use; raw malloc'd chunks
// follow as bars at the arenas' byte scale. A pool zoomed into is a grid of its blocks. Also the
// hit-testing of both, the pan/zoom transform, the keyboard cursor, the texts of a block's tooltip
// and of what changed at the step. Plain functions of plain data: no DOM, no canvas.

import type { AllocMapOwner, AllocMapPool, AllocMapView, SizeClassRow } from '../../shared/protocol';
import { formatBytes, formatCount, plural } from './format';

/** the theme colours of the size classes, in turn (a class's colour is CLASS_COLORS[szidx % n]) */
export const CLASS_COLORS = [
  '--vscode-charts-blue', '--vscode-charts-orange', '--vscode-charts-green', '--vscode-charts-purple', '--vscode-charts-red',
  '--vscode-charts-yellow',
] as const;

/** the colour slot of a size class */
export function classColor(szidx: number): number {
  return szidx < 0 ? -1 : szidx % CLASS_COLORS.length;
}

/**
 * What a pool cell is: `used` (some blocks in use, in usedpools), `full`, `empty` (carved, all
 * its blocks free: on its arena's freepools list), `uncarved` (the arena has room for it, never
 * carved), `unused` (carved but never given a size class).
 */
export type PoolKind = 'used' | 'full' | 'empty' | 'uncarved' | 'unused';

export function poolKind(szidx: number, count: number, nblocks: number, carved: boolean): PoolKind {
  if (!carved) return 'uncarved';
  if (szidx < 0) return 'unused';
  if (count === 0) return 'empty';
  return count >= nblocks ? 'full' : 'used';
}

/** how full a pool is, in quarters: 0 empty, 1..4 (4: every block in use) */
export function fullnessShade(count: number, nblocks: number): number {
  if (count <= 0 || nblocks <= 0) return 0;
  return Math.max(1, Math.min(4, Math.ceil((count / nblocks) * 4)));
}

/** NUMBLOCKS of a size class at the map's version */
export function blocksPerPool(map: Pick<AllocMapView, 'poolSize' | 'poolOverhead' | 'alignment'>, szidx: number): number {
  return Math.floor((map.poolSize - map.poolOverhead) / ((szidx + 1) * map.alignment));
}

/** the address of the first pool of an arena (arenas are pool-aligned up: the first pool starts at
 *  the first pool boundary in the arena) */
export function firstPoolAddress(arenaAddress: number, poolSize: number): number {
  return Math.ceil(arenaAddress / poolSize) * poolSize;
}

export interface MapMetrics {
  /** a pool cell's width and height, and the gap after it */
  cell: number;
  cellH: number;
  gap: number;
  /** the arena labels' column */
  labelW: number;
  rowGap: number;
  pad: number;
  /** the thinnest raw chunk bar */
  minRaw: number;
}

export const MAP_METRICS: MapMetrics = { cell: 12, cellH: 20, gap: 2, labelW: 76, rowGap: 6, pad: 8, minRaw: 3 };

export interface PoolRect {
  x: number; y: number; w: number; h: number;
  /** index of its arena in map.arenas, and its position in the arena */
  arena: number;
  k: number;
  address: number;
  szidx: number;
  count: number;
  nblocks: number;
  kind: PoolKind;
  shade: number;
  color: number;
  /** blocks allocated and freed at this step */
  allocated: number;
  freed: number;
}

export interface RawRect {
  x: number; y: number; w: number; h: number;
  /** index in map.raw */
  index: number;
  address: number;
  size: number;
  isNew: boolean;
}

export interface MapRow {
  kind: 'arena' | 'freed-arena' | 'raw';
  y: number;
  h: number;
  label: string;
  /** an arena mapped at this step */
  isNew: boolean;
  /** the row's first pool in MapLayout.pools (arena rows) */
  first: number;
  /** pool cells in the row */
  slots: number;
}

/** pools per line of an arena's row: all of them when the width allows, else 32 or 16 (an arena
 *  then takes two or four lines) */
export function poolsPerLine(width: number, perArena: number, m: MapMetrics = MAP_METRICS): number {
  for (let n = perArena; n >= 16; n = Math.floor(n / 2)) {
    if (m.pad * 2 + m.labelW + n * (m.cell + m.gap) <= width) return n;
  }
  return Math.min(16, perArena);
}

export interface MapLayout {
  width: number;
  height: number;
  /** where the pool cells start, the width of a line of an arena's cells, pools per line */
  x0: number;
  rowW: number;
  wrap: number;
  rows: MapRow[];
  pools: PoolRect[];
  raws: RawRect[];
  /** the raw bars' scale */
  pxPerByte: number;
}

/** blocks set in a bitmap of hex digits */
export function countBits(hex: string): number {
  let n = 0;
  for (let i = 0; i < hex.length; i++) {
    let v = parseInt(hex[i], 16);
    while (v) { n += v & 1; v >>= 1; }
  }
  return n;
}

/** is block b set in a bitmap of hex digits (4 blocks a digit, bit 0 the lowest block) */
export function bitAt(hex: string, b: number): boolean {
  const d = b >> 2;
  return d < hex.length && ((parseInt(hex[d], 16) >> (b & 3)) & 1) === 1;
}

/** the map's rows: the arenas in use, those given back at this step, then the raw chunks */
export function layoutMap(map: AllocMapView, m: MapMetrics = MAP_METRICS, wrap = 0): MapLayout {
  const perArena = Math.max(1, Math.round(map.arenaSize / map.poolSize));
  const perLine = wrap > 0 ? Math.min(wrap, perArena) : perArena;
  const linesPerArena = Math.ceil(perArena / perLine);
  const step = m.cell + m.gap;
  const lineH = m.cellH + m.gap;
  const x0 = m.pad + m.labelW;
  const rowW = perLine * step - m.gap;
  const changes = new Map<number, number>();
  map.changes.address.forEach((a, i) => changes.set(a, i));
  const rows: MapRow[] = [];
  const pools: PoolRect[] = [];
  let y = m.pad;
  map.arenas.forEach((a, ai) => {
    const first = firstPoolAddress(a.address, map.poolSize);
    const slots = Math.max(a.ntotalpools, a.szidx.length);
    const lines = Math.ceil(slots / perLine);
    rows.push({ kind: 'arena', y, h: lines * lineH - m.gap, label: `arena ${a.index}`, isNew: a.isNew, first: pools.length, slots });
    for (let k = 0; k < slots; k++) {
      const carved = k < a.szidx.length;
      const szidx = carved ? a.szidx[k] : -1;
      const count = carved ? a.count[k] : 0;
      const nblocks = szidx >= 0 ? blocksPerPool(map, szidx) : 0;
      const address = first + k * map.poolSize;
      const ch = changes.get(address);
      const allocated = ch === undefined ? 0 : map.changes.allocated[ch], freed = ch === undefined ? 0 : map.changes.freed[ch];
      pools.push({
        x: x0 + (k % perLine) * step, y: y + Math.floor(k / perLine) * lineH, w: m.cell, h: m.cellH, arena: ai, k, address, szidx, count, nblocks,
        kind: poolKind(szidx, count, nblocks, carved), shade: fullnessShade(count, nblocks), color: classColor(szidx),
        allocated, freed,
      });
    }
    y += lines * lineH - m.gap + m.rowGap;
  });
  for (const a of map.freedArenas) {
    rows.push({ kind: 'freed-arena', y, h: m.cellH, label: `arena ${a.index}`, isNew: false, first: pools.length, slots: 0 });
    y += m.cellH + m.rowGap;
  }
  // raw chunks: bars at the arenas' scale (an arena's lines are arenaSize bytes), wrapped at a
  // line's width
  const pxPerByte = (rowW * linesPerArena) / map.arenaSize;
  const raws: RawRect[] = [];
  if (map.raw.length) {
    let x = 0;
    let rowY = y;
    rows.push({ kind: 'raw', y: rowY, h: m.cellH, label: 'raw', isNew: false, first: 0, slots: 0 });
    map.raw.forEach((c, i) => {
      const w = Math.min(rowW, Math.max(m.minRaw, c.size * pxPerByte));
      if (x > 0 && x + w > rowW) {
        x = 0;
        rowY += m.cellH + m.gap;
        rows[rows.length - 1].h = rowY + m.cellH - rows[rows.length - 1].y;
      }
      raws.push({ x: x0 + x, y: rowY, w, h: m.cellH, index: i, address: c.address, size: c.size, isNew: c.isNew });
      x += w + m.gap;
    });
    y = rowY + m.cellH + m.rowGap;
  }
  return { width: x0 + rowW + m.pad, height: y - m.rowGap + m.pad, x0, rowW, wrap: perLine, rows, pools, raws, pxPerByte };
}

export type MapHit = { kind: 'pool'; index: number; pool: PoolRect } | { kind: 'raw'; index: number; raw: RawRect } | null;

/** what is at (x, y) of the layout */
export function hitMap(layout: MapLayout, x: number, y: number): MapHit {
  for (const r of layout.rows) {
    if (y < r.y || y >= r.y + r.h) continue;
    if (r.kind === 'arena') {
      for (let i = r.first; i < r.first + r.slots; i++) {
        const p = layout.pools[i];
        if (x >= p.x && x < p.x + p.w && y >= p.y && y < p.y + p.h) return { kind: 'pool', index: i, pool: p };
      }
      return null;
    }
    if (r.kind === 'raw') {
      for (const c of layout.raws) {
        if (x >= c.x && x < c.x + c.w && y >= c.y && y < c.y + c.h) return { kind: 'raw', index: c.index, raw: c };
      }
    }
    return null;
  }
  return null;
}

/** the pool cell the keyboard cursor goes to from `from` (an index in layout.pools; -1: none yet) */
export function moveCursor(layout: MapLayout, from: number, dir: 'left' | 'right' | 'up' | 'down' | 'home' | 'end'): number {
  const pools = layout.pools;
  if (!pools.length) return -1;
  if (from < 0 || from >= pools.length) return 0;
  if (dir === 'home') return 0;
  if (dir === 'end') return pools.length - 1;
  if (dir === 'left') return Math.max(0, from - 1);
  if (dir === 'right') return Math.min(pools.length - 1, from + 1);
  const p = pools[from];
  const w = layout.wrap;
  const col = p.k % w;
  const arenaRows = layout.rows.filter((r) => r.kind === 'arena');
  const ri = arenaRows.findIndex((r) => from >= r.first && from < r.first + r.slots);
  const here = arenaRows[ri];
  // a line down or up within the arena first, then the next or previous arena
  if (dir === 'down' && p.k + w < here.slots) return from + w;
  if (dir === 'up' && p.k - w >= 0) return from - w;
  const target = arenaRows[ri + (dir === 'up' ? -1 : 1)];
  if (!target) return from;
  const k = dir === 'down' ? col : Math.floor((target.slots - 1) / w) * w + col;
  return target.first + Math.min(k, target.slots - 1);
}

// --- pan and zoom ------------------------------------------------------------------------------

/** screen = layout * scale + (x, y) */
export interface Transform { scale: number; x: number; y: number }

export const ZOOM_LIMITS = { min: 0.1, max: 8 } as const;

export function toLayout(t: Transform, sx: number, sy: number): { x: number; y: number } {
  return { x: (sx - t.x) / t.scale, y: (sy - t.y) / t.scale };
}

/** zoom by `factor` keeping the layout point under (sx, sy) where it is */
export function zoomAt(t: Transform, factor: number, sx: number, sy: number): Transform {
  const scale = Math.max(ZOOM_LIMITS.min, Math.min(ZOOM_LIMITS.max, t.scale * factor));
  const p = toLayout(t, sx, sy);
  return { scale, x: sx - p.x * scale, y: sy - p.y * scale };
}

export function panBy(t: Transform, dx: number, dy: number): Transform {
  return { scale: t.scale, x: t.x + dx, y: t.y + dy };
}

/** the scale at which the layout's width fits `width` (at most 1.25) */
export function fitTransform(layout: MapLayout, width: number): Transform {
  const scale = Math.max(ZOOM_LIMITS.min, Math.min(1.25, width / Math.max(1, layout.width)));
  return { scale, x: 0, y: 0 };
}

// --- a pool's blocks ---------------------------------------------------------------------------

/** `used`: allocated; `free`: on the freeblock list; `uncarved`: past nextoffset, never handed out */
export type BlockState = 'used' | 'free' | 'uncarved';

export interface BlockCell {
  block: number;
  address: number;
  state: BlockState;
  /** position on the free list (0: the head, the next block malloc hands out), -1 when not on it
   *  or when the list's order is not known at this step */
  freeIndex: number;
  owner: AllocMapOwner | null;
  /** allocated / freed at this step */
  isNew: boolean;
  isFreed: boolean;
}

/** the blocks of a pool, block 0 first */
export function poolBlocks(pool: AllocMapPool, overhead: number): BlockCell[] {
  const owners = new Map<number, AllocMapOwner>();
  for (const o of pool.owners) owners.set(o.block, o);
  const freeAt = new Map<number, number>();
  if (pool.freeList) pool.freeList.forEach((b, i) => freeAt.set(b, i));
  const out: BlockCell[] = [];
  for (let b = 0; b < pool.nblocks; b++) {
    const used = bitAt(pool.bitmap, b);
    const state: BlockState = used ? 'used' : b < pool.carved ? 'free' : 'uncarved';
    out.push({
      block: b, address: pool.address + overhead + b * pool.blockSize, state,
      freeIndex: freeAt.get(b) ?? -1, owner: used ? owners.get(b) ?? null : null,
      isNew: bitAt(pool.allocatedNow, b), isFreed: bitAt(pool.freedNow, b),
    });
  }
  return out;
}

export interface BlockGrid { cols: number; rows: number; cell: number; gap: number; x0: number; y0: number; width: number; height: number }

/** the blocks as a grid `width` wide: square cells of at least minCell, up to 32 columns */
export function blockGrid(nblocks: number, width: number, minCell = 14, gap = 2, pad = 8): BlockGrid {
  const avail = Math.max(minCell, width - 2 * pad);
  const cols = Math.max(1, Math.min(32, Math.floor((avail + gap) / (minCell + gap)), nblocks || 1));
  const cell = Math.max(minCell, Math.min(28, Math.floor((avail + gap) / cols) - gap));
  const rows = Math.ceil(nblocks / cols);
  return { cols, rows, cell, gap, x0: pad, y0: pad, width: 2 * pad + cols * (cell + gap) - gap, height: 2 * pad + rows * (cell + gap) - gap };
}

/** the block at (x, y) of the grid, or -1 */
export function blockAt(g: BlockGrid, nblocks: number, x: number, y: number): number {
  const cx = x - g.x0, cy = y - g.y0;
  if (cx < 0 || cy < 0) return -1;
  const step = g.cell + g.gap;
  const c = Math.floor(cx / step), r = Math.floor(cy / step);
  if (c >= g.cols || cx - c * step >= g.cell || cy - r * step >= g.cell) return -1;
  const b = r * g.cols + c;
  return b < nblocks ? b : -1;
}

export function hex(n: number): string {
  return `0x${n.toString(16)}`;
}

/** the owner of a block as one line: "tuple at 0x7f...10", "items of list at 0x..." */
export function ownerText(o: AllocMapOwner): string {
  if (o.buffer) return o.id ? `buffer of ${o.type} at ${hex(o.id)}` : `buffer of a ${o.type}`;
  return `${o.type} at ${hex(o.id)}`;
}

/** the lines of a block's tooltip */
export function blockTooltip(map: AllocMapView, pool: AllocMapPool, cell: BlockCell): string[] {
  const lines = [`block ${cell.block} at ${hex(cell.address)}`, `size class ${pool.szidx} (${pool.blockSize} B blocks)`];
  if (cell.state === 'used') {
    if (cell.owner) {
      lines.push(`request ${formatCount(cell.owner.request)} B`);
      lines.push(`owner ${ownerText(cell.owner)}`);
      if (cell.owner.offset) lines.push(`id() is ${cell.owner.offset} B into the block (${offsetName(map, cell.owner.offset)})`);
    } else {
      lines.push('in use; no object the trace follows owns it (a block of the interpreter\'s start-up, or one the trace does not attribute)');
    }
  } else if (cell.state === 'free') {
    lines.push(cell.freeIndex >= 0 ? `free: on the free list, ${ordinal(cell.freeIndex + 1)}` : 'free (the free list\'s order is not known at this step)');
  } else {
    lines.push(pool.carvedExact ? 'never carved (past nextoffset)' : 'never carved, as far as known at this step');
  }
  if (cell.isNew) lines.push('allocated at this step');
  if (cell.isFreed) lines.push('freed at this step');
  return lines;
}

function offsetName(map: AllocMapView, offset: number): string {
  if (offset === map.gcHeadSize && offset === map.preHeaderSize) return 'the pre-header';
  if (offset === map.gcHeadSize) return 'the GC header';
  if (offset === map.preHeaderSize) return 'the pre-header';
  return 'the GC header and pre-header';
}

function ordinal(n: number): string {
  const t = n % 100;
  const s = t >= 11 && t <= 13 ? 'th' : n % 10 === 1 ? 'st' : n % 10 === 2 ? 'nd' : n % 10 === 3 ? 'rd' : 'th';
  return `${formatCount(n)}${s}`;
}

/** the pool's header as CPython names its fields */
export function poolHeaderLines(pool: AllocMapPool): [string, string][] {
  return [
    ['address', hex(pool.address)],
    ['arenaindex', String(pool.arenaIndex)],
    ['szidx', `${pool.szidx} (${pool.blockSize} B blocks)`],
    ['ref.count', `${formatCount(pool.count)} of ${formatCount(pool.nblocks)} blocks in use`],
    ['freeblock', pool.freeList ? (pool.freeList.length ? `block ${pool.freeList[0]}` : 'NULL') : 'not known at this step'],
    ['nextoffset', `${formatCount(pool.nextoffset)}${pool.carvedExact ? '' : ' (estimate)'}`],
    ['maxnextoffset', formatCount(pool.maxnextoffset)],
  ];
}

/** the legend's sizes: "pool 16 KiB, arena 1 MiB, pool header 48 B, blocks of 16 to 512 B" */
export function legendText(map: AllocMapView): string {
  return `pool ${formatBytes(map.poolSize)}, arena ${formatBytes(map.arenaSize)}, pool header ${formatBytes(map.poolOverhead)}, `
    + `size classes of ${map.alignment} B up to ${formatBytes(map.smallRequestThreshold)}; larger requests go to malloc (raw)`;
}

export interface MapSummary {
  arenas: number;
  poolsInUse: number;
  blocksInUse: number;
  rawChunks: number;
  rawBytes: number;
}

export function mapSummary(map: AllocMapView): MapSummary {
  let poolsInUse = 0, blocksInUse = 0;
  for (const a of map.arenas) for (const c of a.count) { if (c) poolsInUse++; blocksInUse += c; }
  return { arenas: map.arenas.length, poolsInUse, blocksInUse, rawChunks: map.rawTotal.count, rawBytes: map.rawTotal.bytes };
}

/** what changed at the step, in words ('' when nothing did) */
export function changeText(map: AllocMapView): string {
  let allocated = 0, freed = 0;
  for (const n of map.changes.allocated) allocated += n;
  for (const n of map.changes.freed) freed += n;
  const parts: string[] = [];
  if (allocated) parts.push(`${plural(allocated, 'block')} allocated`);
  if (freed) parts.push(`${plural(freed, 'block')} freed`);
  const newRaw = map.raw.filter((c) => c.isNew).length;
  if (newRaw) parts.push(`${plural(newRaw, 'raw chunk')} allocated`);
  if (map.rawFreed.count) parts.push(`${plural(map.rawFreed.count, 'raw chunk')} freed (${formatBytes(map.rawFreed.bytes)})`);
  const mapped = map.arenas.filter((a) => a.isNew).map((a) => a.index);
  if (mapped.length) parts.push(`${mapped.length === 1 ? 'arena' : 'arenas'} ${mapped.join(', ')} mapped`);
  if (map.freedArenas.length) parts.push(`${map.freedArenas.length === 1 ? 'arena' : 'arenas'} ${map.freedArenas.map((a) => a.index).join(', ')} given back`);
  const listed = map.changes.address.length;
  if (map.changedPools > listed) parts.push(`(the first ${formatCount(listed)} of ${formatCount(map.changedPools)} changed pools counted)`);
  return parts.join(', ');
}

/** the rows of sys._debugmallocstats()'s table as it prints them (widths 5, 6, 11, 15, 13) */
export function sizeClassLines(rows: SizeClassRow[]): string[] {
  const pad = (n: number, w: number): string => String(n).padStart(w);
  return [
    'class   size   num pools   blocks in use  avail blocks',
    '-----   ----   ---------   -------------  ------------',
    ...rows.map((r) => `${pad(r.szidx, 5)} ${pad(r.size, 6)} ${pad(r.numPools, 11)} ${pad(r.blocksInUse, 15)} ${pad(r.availBlocks, 13)}`),
  ];
}

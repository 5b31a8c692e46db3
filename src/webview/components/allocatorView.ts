// The Allocator tab: pymalloc's arenas as rows of pools on a canvas (model/allocmap.ts lays them
// out, allocatorCanvas.ts draws them), the raw malloc'd chunks after them, a legend with the
// version's sizes, what changed at this step, and sys._debugmallocstats()'s size-class table.
// A click on a pool (or Enter on the keyboard cursor) zooms into it: its header, its blocks as a
// grid (in use, on the free list with their order, never carved) and the owner of each; a click on
// a block (or Enter) selects its owner everywhere. The wheel zooms the map around the pointer and
// dragging pans it; + and - zoom, 0 fits, the arrows move the cursor.

import './allocatorView.css';
import type { AllocMapView } from '../../shared/protocol';
import type { Actions } from '../actions';
import {
  BlockCell, MAP_METRICS, MapLayout, Transform, poolsPerLine, blockAt, blockGrid, blockTooltip, changeText, classColor, fitTransform, hex,
  hitMap, layoutMap, legendText, mapSummary, moveCursor, panBy, poolBlocks, poolHeaderLines, sizeClassLines, toLayout, zoomAt,
} from '../model/allocmap';
import { formatBytes, formatCount, plural } from '../model/format';
import type { AppState, Store } from '../store';
import { MapCache, MapColors, cacheScale, wantsCache, drawMap, drawPool, readColors, renderMapCache } from './allocatorCanvas';
import { codicon, h, iconButton, setText } from './dom';
import { highlightPools } from '../model/collector';

const WHEEL_ZOOM = 0.0015;
const DRAG_THRESHOLD = 3;

export function createAllocatorView(store: Store, actions: Actions): HTMLElement {
  // --- the map ---------------------------------------------------------------------------------
  const legendSizes = h('span', { class: 'alloc-legend-sizes', attrs: { 'data-testid': 'alloc-legend' } });
  const legendKeys = h('span', { class: 'alloc-legend-keys', attrs: { 'aria-hidden': 'true' } }, [
    h('span', { class: 'alloc-key' }, [h('span', { class: 'alloc-swatch is-used' }), 'blocks in use (fill: how full)']),
    h('span', { class: 'alloc-key' }, [h('span', { class: 'alloc-swatch is-empty' }), 'empty pool']),
    h('span', { class: 'alloc-key' }, [h('span', { class: 'alloc-swatch is-uncarved' }), 'not carved yet']),
    h('span', { class: 'alloc-key' }, [h('span', { class: 'alloc-swatch is-new' }), 'allocated at this step']),
    h('span', { class: 'alloc-key' }, [h('span', { class: 'alloc-swatch is-freed' }), 'freed at this step']),
  ]);
  const zoomOut = iconButton('zoom-out', 'Zoom out', () => zoomBy(1 / 1.25));
  const zoomIn = iconButton('zoom-in', 'Zoom in', () => zoomBy(1.25));
  const fit = iconButton('screen-normal', 'Fit the map', () => { fitNow(); });
  const toolbar = h('div', { class: 'alloc-toolbar' }, [legendSizes, h('span', { class: 'alloc-spacer' }), zoomOut, zoomIn, fit]);
  const changes = h('div', { class: 'alloc-changes', attrs: { 'data-testid': 'alloc-changes' } });
  const inexact = h('div', { class: 'alloc-inexact', attrs: { 'data-testid': 'alloc-inexact' } }, [codicon('info'), h('span', {
    text: 'Approximate: this step lies between two checkpoints. The pools are the last checkpoint\'s with the program\'s objects allocated and freed since applied; the interpreter\'s other blocks, the free lists\' order, and arenas mapped since are not known here.',
  })]);
  const summary = h('div', { class: 'alloc-summary', attrs: { 'data-testid': 'alloc-summary' } });

  const mapCanvas = h('canvas', {
    class: 'alloc-map-canvas',
    attrs: {
      tabindex: '0', role: 'application', 'data-testid': 'alloc-map',
      'aria-label': 'Arenas and their pools. Arrow keys move between pools, Enter opens a pool, plus and minus zoom, 0 fits.',
      'aria-roledescription': 'allocator map',
    },
  });
  const mapWrap = h('div', { class: 'alloc-map-wrap' }, [mapCanvas]);
  const mapPane = h('div', { class: 'alloc-map-pane' }, [mapWrap, legendKeys]);

  // --- a pool ----------------------------------------------------------------------------------
  const back = iconButton('arrow-left', 'Back to the arenas', () => actions.openPool(null));
  const poolTitle = h('span', { class: 'alloc-pool-title', attrs: { 'data-testid': 'alloc-pool-title' } });
  const poolHeader = h('dl', { class: 'alloc-pool-header', attrs: { 'data-testid': 'alloc-pool-header' } });
  const poolCanvas = h('canvas', {
    class: 'alloc-pool-canvas',
    attrs: {
      tabindex: '0', role: 'application', 'data-testid': 'alloc-pool-blocks', 'aria-roledescription': 'pool blocks',
      'aria-label': 'The pool\'s blocks. Arrow keys move between blocks, Enter selects the owner, Escape goes back to the arenas.',
    },
  });
  const blockInfo = h('div', { class: 'alloc-block-info', attrs: { 'data-testid': 'alloc-block-info', 'aria-live': 'polite' } });
  const freeListEl = h('div', { class: 'alloc-free-list', attrs: { 'data-testid': 'alloc-free-list' } });
  const poolPane = h('div', { class: 'alloc-pool-pane', attrs: { 'data-testid': 'alloc-pool' } }, [
    h('div', { class: 'alloc-pool-bar' }, [back, poolTitle]),
    h('div', { class: 'alloc-pool-body' }, [h('div', { class: 'alloc-pool-grid' }, [poolCanvas]), h('div', { class: 'alloc-pool-side' }, [poolHeader, blockInfo, freeListEl])]),
  ]);
  poolPane.hidden = true;

  // --- the size classes ------------------------------------------------------------------------
  const tableBody = h('tbody');
  const table = h('table', { class: 'alloc-classes', attrs: { 'data-testid': 'size-classes' } }, [
    h('caption', { text: 'Size classes of the program\'s heap, as sys._debugmallocstats() prints them' }),
    h('thead', {}, [h('tr', {}, ['class', 'size', 'num pools', 'blocks in use', 'avail blocks'].map((t) => h('th', { text: t, attrs: { scope: 'col' } })))]),
    tableBody,
  ]);
  const side = h('div', { class: 'alloc-side' }, [summary, table]);

  const tooltip = h('div', { class: 'alloc-tooltip', attrs: { role: 'tooltip', 'data-testid': 'alloc-tooltip' } });
  tooltip.hidden = true;
  const announce = h('div', { class: 'visually-hidden', attrs: { 'aria-live': 'polite' } });
  const placeholder = h('div', { class: 'alloc-placeholder', text: 'Simulate a program to see its arenas, pools and blocks.' });
  const body = h('div', { class: 'alloc-body' }, [h('div', { class: 'alloc-main' }, [mapPane, poolPane]), side]);
  const el = h('div', { class: 'allocator-view', attrs: { 'data-testid': 'allocator' } }, [toolbar, changes, inexact, placeholder, body, tooltip, announce]);

  // --- state -----------------------------------------------------------------------------------
  let map: AllocMapView | null = null;
  let layout: MapLayout | null = null;
  let transform: Transform = { scale: 1, x: 0, y: 0 };
  let fitted = false;
  let colors: MapColors | null = null;
  let cursor = -1;
  let cells: BlockCell[] = [];
  let blockCursor = -1;
  let drawnRun: number | null = null;
  let frame = 0;
  /** the whole map drawn once (for the frames that show most of it) */
  let cache: MapCache | null = null;
  let cacheWanted = 0;

  const dpr = (): number => window.devicePixelRatio || 1;

  /** pools per line of an arena at the map's width now */
  function wrapFor(m: AllocMapView): number {
    const w = mapWrap.clientWidth || el.clientWidth || 1000;
    return poolsPerLine(w, Math.round(m.arenaSize / m.poolSize));
  }

  function schedule(): void {
    if (frame) return;
    frame = requestAnimationFrame(() => { frame = 0; paint(); });
  }

  function paint(): void {
    if (!colors) colors = readColors(el);
    if (layout && !mapPane.hidden) {
      const w = mapWrap.clientWidth, hgt = mapWrap.clientHeight;
      if (w > 0 && hgt > 0) {
        // a width that takes another number of pools per line: laid out again, fitted again
        if (map && wrapFor(map) !== layout.wrap) {
          layout = layoutMap(map, MAP_METRICS, wrapFor(map));
          fitted = false;
          cursor = Math.min(cursor, layout.pools.length - 1);
        }
        const ratio = dpr();
        if (mapCanvas.width !== Math.round(w * ratio) || mapCanvas.height !== Math.round(hgt * ratio)) {
          mapCanvas.width = Math.round(w * ratio);
          mapCanvas.height = Math.round(hgt * ratio);
          mapCanvas.style.width = `${w}px`;
          mapCanvas.style.height = `${hgt}px`;
        }
        if (!fitted) { transform = fitTransform(layout, w); fitted = true; }
        const ctx = mapCanvas.getContext('2d');
        if (ctx) {
          const wanted = cacheScale(transform.scale, ratio);
          if (cache && (cache.layout !== layout || cache.colors !== colors || cacheWanted < wanted * 0.99)) cache = null;
          // a frame with most of the map in view is the whole map drawn once (per step and zoom
          // level) and scaled: panning and zooming out cost a copy
          if (!cache && wantsCache(layout, transform, w, hgt, ratio)) {
            const t1 = performance.now();
            cacheWanted = wanted;
            cache = renderMapCache(layout, colors, wanted, (cw, ch) => {
              const c = document.createElement('canvas');
              c.width = cw; c.height = ch;
              return c;
            });
            mapCanvas.dataset.cacheMs = (performance.now() - t1).toFixed(2);
          }
          const t0 = performance.now();
          const how = drawMap(ctx, {
            layout, transform, width: w, height: hgt, dpr: ratio, colors, cursor, focused: document.activeElement === mapCanvas,
            highlight: poolsHighlighted(layout),
          }, cache);
          mapCanvas.dataset.drawMs = (performance.now() - t0).toFixed(2);
          mapCanvas.dataset.drawnFrom = how;
        }
      }
    }
    if (map?.pool && !poolPane.hidden) paintPool();
  }

  function paintPool(): void {
    const pool = map?.pool;
    if (!pool || !colors) return;
    const w = Math.max(160, poolCanvas.parentElement!.clientWidth);
    const grid = blockGrid(pool.nblocks, w);
    const ratio = dpr();
    if (poolCanvas.width !== Math.round(grid.width * ratio) || poolCanvas.height !== Math.round(grid.height * ratio)) {
      poolCanvas.width = Math.round(grid.width * ratio);
      poolCanvas.height = Math.round(grid.height * ratio);
      poolCanvas.style.width = `${grid.width}px`;
      poolCanvas.style.height = `${grid.height}px`;
    }
    const ctx = poolCanvas.getContext('2d');
    if (ctx) {
      drawPool(ctx, {
        pool, cells, grid, colors, color: classColor(pool.szidx), dpr: ratio, hover: blockCursor,
        selected: store.state.selected, focused: document.activeElement === poolCanvas,
        highlight: store.state.highlight?.length ? new Set(store.state.highlight) : undefined,
      });
    }
  }

  // the pools holding the objects of the collector phase shown (computed once per set and layout)
  let hlFor: readonly number[] | null | undefined;
  let hlLayout: MapLayout | null = null;
  let hlPools: number[] = [];
  function poolsHighlighted(layout: MapLayout): number[] {
    const ids = store.state.highlight ?? null;
    if (ids !== hlFor || layout !== hlLayout) {
      hlFor = ids;
      hlLayout = layout;
      hlPools = highlightPools(ids, map?.poolSize ?? 0, layout.pools);
    }
    return hlPools;
  }

  function currentGrid() {
    const pool = map?.pool;
    if (!pool) return null;
    return blockGrid(pool.nblocks, Math.max(160, poolCanvas.parentElement!.clientWidth));
  }

  // --- rendering the store ---------------------------------------------------------------------

  function render(s: AppState): void {
    const run = s.run;
    const m = s.allocMap && run && s.allocMapRun === run.runId ? s.allocMap : null;
    placeholder.hidden = m !== null;
    body.hidden = m === null;
    toolbar.hidden = m === null;
    changes.hidden = m === null;
    if (!m) { inexact.hidden = true; return; }
    if (m !== map) {
      if (drawnRun !== s.allocMapRun) { fitted = false; cursor = -1; drawnRun = s.allocMapRun ?? null; }
      map = m;
      layout = layoutMap(m, MAP_METRICS, wrapFor(m));
      if (cursor >= layout.pools.length) cursor = layout.pools.length - 1;
      // (the cursor starts on a pool this step changed, else on the last pool in use: the first
      // pools hold the interpreter's start-up blocks)
      if (cursor < 0) cursor = layout.pools.findIndex((p) => p.allocated > 0 || p.freed > 0);
      if (cursor < 0) for (let i = layout.pools.length - 1; i >= 0 && cursor < 0; i--) if (layout.pools[i].count > 0) cursor = i;
      setText(legendSizes, `CPython ${m.pythonVersion}: ${legendText(m)}`);
      const ct = changeText(m);
      setText(changes, ct ? `Step ${formatCount(m.step)}: ${ct}.` : `Step ${formatCount(m.step)}: no block allocated or freed.`);
      inexact.hidden = m.exact;
      const sm = mapSummary(m);
      setText(summary, `${plural(sm.arenas, 'arena')}, ${plural(sm.poolsInUse, 'pool')} in use, ${plural(sm.blocksInUse, 'block')} in use; `
        + `${plural(sm.rawChunks, 'raw chunk')} (${formatBytes(sm.rawBytes)})`);
      tableBody.replaceChildren(...m.sizeClasses.map((r) => h('tr', {}, [r.szidx, r.size, r.numPools, r.blocksInUse, r.availBlocks].map((v, i) => {
        const td = h('td', { text: formatCount(v) });
        if (i === 0) td.prepend(h('span', { class: `alloc-swatch c${classColor(r.szidx)}`, attrs: { 'aria-hidden': 'true' } }));
        return td;
      }))));
      table.setAttribute('data-text', sizeClassLines(m.sizeClasses).join('\n'));
      mapCanvas.dataset.arenas = String(m.arenas.length);
      renderPool(s);
      schedule();
    } else if (s.allocPool !== undefined) {
      renderPool(s);
    }
  }

  function renderPool(s: AppState): void {
    const pool = map?.pool && s.allocPool != null && map.pool.address === s.allocPool ? map.pool : null;
    const open = pool !== null;
    mapPane.hidden = open;
    poolPane.hidden = !open;
    fit.disabled = open; zoomIn.disabled = open; zoomOut.disabled = open;
    if (!pool || !map) { cells = []; return; }
    cells = poolBlocks(pool, map.poolOverhead);
    if (blockCursor >= cells.length) blockCursor = -1;
    setText(poolTitle, `Pool ${hex(pool.address)} in arena ${pool.arenaIndex}: ${pool.blockSize} B blocks, ${pool.state}`);
    poolHeader.replaceChildren(...poolHeaderLines(pool).flatMap(([k, v]) => [h('dt', { text: k }), h('dd', { text: v })]));
    if (pool.freeList) {
      const shown = pool.freeList.slice(0, 64);
      setText(freeListEl, pool.freeList.length
        ? `Free list, head first: ${shown.join(' → ')}${pool.freeList.length > shown.length ? ` … (${formatCount(pool.freeList.length)} blocks)` : ''}`
        : 'Free list: empty (freeblock is NULL).');
    } else {
      setText(freeListEl, 'The free list\'s order is not known at this step (read at checkpoints only).');
    }
    showBlock(blockCursor);
    schedule();
  }

  function showBlock(b: number): void {
    const pool = map?.pool;
    if (!pool || !map || b < 0 || b >= cells.length) {
      setText(blockInfo, 'Point at a block (or use the arrow keys) to see its address and owner; click it to select the owner.');
      blockInfo.removeAttribute('data-owner-id');
      return;
    }
    const lines = blockTooltip(map, pool, cells[b]);
    setText(blockInfo, lines.join('\n'));
    const o = cells[b].owner;
    if (o && o.id) blockInfo.setAttribute('data-owner-id', String(o.id)); else blockInfo.removeAttribute('data-owner-id');
  }

  store.subscribe((s, changed) => {
    if (changed.has('allocMap') || changed.has('allocMapRun') || changed.has('run') || changed.has('allocPool')) render(s);
    if (changed.has('selected') || changed.has('highlight')) schedule();
  });

  // --- the map's events ------------------------------------------------------------------------

  function zoomBy(factor: number, sx?: number, sy?: number): void {
    transform = zoomAt(transform, factor, sx ?? mapWrap.clientWidth / 2, sy ?? mapWrap.clientHeight / 2);
    schedule();
  }

  function fitNow(): void {
    if (layout) transform = fitTransform(layout, mapWrap.clientWidth);
    schedule();
  }

  mapCanvas.addEventListener('wheel', (e) => {
    e.preventDefault();
    const r = mapCanvas.getBoundingClientRect();
    zoomBy(Math.exp(-e.deltaY * WHEEL_ZOOM), e.clientX - r.left, e.clientY - r.top);
  }, { passive: false });

  let drag: { x: number; y: number; moved: boolean; id: number } | null = null;
  mapCanvas.addEventListener('pointerdown', (e) => {
    if (e.button !== 0) return;
    drag = { x: e.clientX, y: e.clientY, moved: false, id: e.pointerId };
    mapCanvas.setPointerCapture(e.pointerId);
  });
  mapCanvas.addEventListener('pointermove', (e) => {
    if (drag && drag.id === e.pointerId) {
      const dx = e.clientX - drag.x, dy = e.clientY - drag.y;
      if (!drag.moved && Math.hypot(dx, dy) < DRAG_THRESHOLD) return;
      drag.moved = true;
      drag.x = e.clientX; drag.y = e.clientY;
      transform = panBy(transform, dx, dy);
      tooltip.hidden = true;
      mapCanvas.classList.add('is-panning');
      schedule();
      return;
    }
    hoverMap(e);
  });
  const endDrag = (e: PointerEvent): void => {
    if (!drag || drag.id !== e.pointerId) return;
    const wasClick = !drag.moved;
    drag = null;
    mapCanvas.classList.remove('is-panning');
    if (wasClick) clickMap(e);
  };
  mapCanvas.addEventListener('pointerup', endDrag);
  mapCanvas.addEventListener('pointercancel', () => { drag = null; mapCanvas.classList.remove('is-panning'); });
  mapCanvas.addEventListener('pointerleave', () => { if (!drag) tooltip.hidden = true; });

  function hitAt(e: MouseEvent) {
    if (!layout) return null;
    const r = mapCanvas.getBoundingClientRect();
    const p = toLayout(transform, e.clientX - r.left, e.clientY - r.top);
    return hitMap(layout, p.x, p.y);
  }

  function poolText(i: number): string {
    const p = layout?.pools[i];
    if (!p || !map) return '';
    const arena = map.arenas[p.arena];
    const where = `pool ${p.k} of arena ${arena.index} at ${hex(p.address)}`;
    switch (p.kind) {
      case 'uncarved': return `${where}: not carved yet`;
      case 'unused': return `${where}: carved, never used`;
      case 'empty': return `${where}: empty (on the arena's free pools)`;
      default: {
        let t = `${where}: size class ${p.szidx} (${(p.szidx + 1) * map.alignment} B blocks), ${formatCount(p.count)} of ${formatCount(p.nblocks)} blocks in use${p.kind === 'full' ? ' (full)' : ''}`;
        if (p.allocated) t += `; ${plural(p.allocated, 'block')} allocated at this step`;
        if (p.freed) t += `; ${plural(p.freed, 'block')} freed at this step`;
        return t;
      }
    }
  }

  function showTooltip(text: string, clientX: number, clientY: number): void {
    setText(tooltip, text);
    tooltip.hidden = false;
    const host = el.getBoundingClientRect();
    const x = Math.min(clientX - host.left + 14, Math.max(0, host.width - tooltip.offsetWidth - 4));
    const y = clientY - host.top + 16;
    tooltip.style.transform = `translate(${Math.round(x)}px, ${Math.round(y)}px)`;
  }

  function hoverMap(e: PointerEvent): void {
    const hit = hitAt(e);
    if (!hit || !map) { tooltip.hidden = true; mapCanvas.classList.remove('is-pointing'); return; }
    if (hit.kind === 'pool') {
      showTooltip(poolText(hit.index), e.clientX, e.clientY);
      mapCanvas.classList.toggle('is-pointing', hit.pool.szidx >= 0);
    } else {
      const c = hit.raw;
      showTooltip(`raw chunk at ${hex(c.address)}: ${formatCount(c.size)} B (${formatBytes(c.size)})${c.isNew ? ', allocated at this step' : ''}`, e.clientX, e.clientY);
      mapCanvas.classList.remove('is-pointing');
    }
  }

  function clickMap(e: PointerEvent): void {
    const hit = hitAt(e);
    if (!hit || hit.kind !== 'pool') return;
    cursor = hit.index;
    openCursor();
  }

  function openCursor(): void {
    const p = layout?.pools[cursor];
    if (!p) return;
    if (p.szidx < 0 || p.kind === 'uncarved') {
      setText(announce, `${poolText(cursor)}: no blocks to show`);
      return;
    }
    tooltip.hidden = true;
    blockCursor = -1;
    actions.openPool(p.address);
  }

  /** the cursor's pool brought into view */
  function reveal(i: number): void {
    const p = layout?.pools[i];
    if (!p) return;
    const w = mapWrap.clientWidth, hgt = mapWrap.clientHeight;
    const sx = p.x * transform.scale + transform.x, sy = p.y * transform.scale + transform.y;
    let dx = 0, dy = 0;
    if (sx < 8) dx = 8 - sx; else if (sx + p.w * transform.scale > w - 8) dx = w - 8 - (sx + p.w * transform.scale);
    if (sy < 8) dy = 8 - sy; else if (sy + p.h * transform.scale > hgt - 8) dy = hgt - 8 - (sy + p.h * transform.scale);
    if (dx || dy) transform = panBy(transform, dx, dy);
  }

  mapCanvas.addEventListener('keydown', (e) => {
    if (!layout) return;
    const dirs: Record<string, 'left' | 'right' | 'up' | 'down' | 'home' | 'end'> = {
      ArrowLeft: 'left', ArrowRight: 'right', ArrowUp: 'up', ArrowDown: 'down', Home: 'home', End: 'end',
    };
    const d = dirs[e.key];
    if (d) {
      e.preventDefault();
      e.stopPropagation();
      cursor = moveCursor(layout, cursor, d);
      reveal(cursor);
      setText(announce, poolText(cursor));
      schedule();
      return;
    }
    if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); e.stopPropagation(); openCursor(); return; }
    if (e.key === '+' || e.key === '=') { e.preventDefault(); zoomBy(1.25); return; }
    if (e.key === '-') { e.preventDefault(); zoomBy(1 / 1.25); return; }
    if (e.key === '0') { e.preventDefault(); fitNow(); }
  });
  mapCanvas.addEventListener('focus', () => { if (cursor >= 0) setText(announce, poolText(cursor)); schedule(); });
  mapCanvas.addEventListener('blur', schedule);

  // --- the pool's events -----------------------------------------------------------------------

  function blockAtEvent(e: MouseEvent): number {
    const g = currentGrid();
    const pool = map?.pool;
    if (!g || !pool) return -1;
    const r = poolCanvas.getBoundingClientRect();
    return blockAt(g, pool.nblocks, e.clientX - r.left, e.clientY - r.top);
  }

  poolCanvas.addEventListener('pointermove', (e) => {
    const b = blockAtEvent(e);
    if (b !== blockCursor) { blockCursor = b; showBlock(b); schedule(); }
    poolCanvas.classList.toggle('is-pointing', b >= 0 && cells[b]?.owner !== null);
    if (b >= 0 && map?.pool) showTooltip(blockTooltip(map, map.pool, cells[b]).join('\n'), e.clientX, e.clientY);
    else tooltip.hidden = true;
  });
  poolCanvas.addEventListener('pointerleave', () => { tooltip.hidden = true; });
  poolCanvas.addEventListener('click', (e) => {
    const b = blockAtEvent(e);
    if (b < 0) return;
    blockCursor = b;
    selectOwner(b);
  });

  function selectOwner(b: number): void {
    const o = cells[b]?.owner;
    showBlock(b);
    if (o && o.id) actions.select(o.id);
    schedule();
  }

  poolCanvas.addEventListener('keydown', (e) => {
    const g = currentGrid();
    if (!g || !cells.length) return;
    const moves: Record<string, number> = { ArrowLeft: -1, ArrowRight: 1, ArrowUp: -g.cols, ArrowDown: g.cols };
    if (e.key in moves) {
      e.preventDefault();
      e.stopPropagation();
      blockCursor = blockCursor < 0 ? 0 : Math.max(0, Math.min(cells.length - 1, blockCursor + moves[e.key]));
      showBlock(blockCursor);
      schedule();
      return;
    }
    if (e.key === 'Home' || e.key === 'End') {
      e.preventDefault(); e.stopPropagation();
      blockCursor = e.key === 'Home' ? 0 : cells.length - 1;
      showBlock(blockCursor); schedule();
      return;
    }
    if ((e.key === 'Enter' || e.key === ' ') && blockCursor >= 0) { e.preventDefault(); e.stopPropagation(); selectOwner(blockCursor); return; }
    if (e.key === 'Escape' || e.key === 'Backspace') {
      e.preventDefault(); e.stopPropagation();
      actions.openPool(null);
      mapCanvas.focus();
    }
  });
  poolCanvas.addEventListener('focus', () => { if (blockCursor < 0 && cells.length) { blockCursor = 0; showBlock(0); } schedule(); });
  poolCanvas.addEventListener('blur', schedule);

  // redraw when the panel is resized, shown again or its theme changes
  new ResizeObserver(() => schedule()).observe(mapWrap);
  new ResizeObserver(() => schedule()).observe(poolPane);
  new MutationObserver(() => { colors = null; schedule(); }).observe(document.body, { attributes: true, attributeFilter: ['class'] });

  return el;
}

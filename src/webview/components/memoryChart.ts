// The Memory tab: the allocator's figures over every step of the run, drawn with uPlot. Bytes in
// pymalloc blocks and in raw malloc chunks on the left axis, blocks in use and arenas on the
// right; marks where the collector ran (automatic collections and gc.collect()) along the top,
// and where arenas were mapped or released along the bottom; a line at the panel's step.
//
// A click on the chart (or Enter on the point focused with the arrow keys) moves the panel to
// that step; dragging across a range zooms into it (the finer series of that range is asked
// for), a double click (or Escape, or the Reset button) shows the whole run again. The series
// come from the store (the controller asks for them: model/memoryChart.ts explains the points);
// colours are the theme's chart colours, read again when the theme changes.
//
// DOM hooks for the UI tests: [data-testid="memory-chart"] (the focusable chart; data-from,
// data-to and data-stride of the series drawn, data-draw-ms of the last drawing),
// [data-testid="memory-readout"] (the point under the cursor or focused), buttons "Reset zoom".

import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import './memoryChart.css';
import type { Actions } from '../actions';
import type { MemorySeries } from '../../shared/protocol';
import { formatBytes, formatCount } from '../model/format';
import {
  CHART_FIGURES, ChartFigure, FIGURE_LABELS, bucketAfterKey, opaque, bucketOfStep, bucketsFor, chartPoints, placeMarks, pointReadout, rangeText,
  shownSeries, stepAtX, zoomAround,
} from '../model/memoryChart';
import { hasSteps } from '../model/timeline';
import type { AppState, Store } from '../store';
import { codicon, h, iconButton, setText } from './dom';

/** the theme colour of each figure and mark (VS Code's chart colours) */
const FIGURE_COLOURS: Record<ChartFigure, string> = {
  pymallocBytes: '--vscode-charts-blue',
  rawBytes: '--vscode-charts-orange',
  allocatedBlocks: '--vscode-charts-green',
  arenas: '--vscode-charts-purple',
};
const MARK_COLOURS = {
  gc: '--vscode-charts-yellow',
  'gc-manual': '--vscode-charts-red',
  'arena-mapped': '--vscode-charts-purple',
  'arena-released': '--vscode-charts-purple',
} as const;
const FALLBACK: Record<string, string> = {
  '--vscode-charts-blue': '#3794ff', '--vscode-charts-orange': '#d18616', '--vscode-charts-green': '#89d185',
  '--vscode-charts-purple': '#b180d7', '--vscode-charts-yellow': '#cca700', '--vscode-charts-red': '#f14c4c',
  '--vscode-foreground': '#cccccc', '--vscode-descriptionForeground': '#9d9d9d', '--vscode-editor-background': '#1e1e1e',
  '--vscode-focusBorder': '#007fd4', '--vscode-editorLineNumber-activeForeground': '#c6c6c6',
};

/** tick steps of the bytes axis: powers of two of each binary unit (128 KiB, 256 KiB, 1 MiB) */
const BYTE_INCRS: number[] = [];
for (let p = 0; p <= 40; p++) BYTE_INCRS.push(2 ** p);

/** a drag narrower than this (CSS pixels) is a click */
const DRAG_MIN_PX = 4;
const MARK_SIZE = 5;

export interface MemoryChart {
  el: HTMLElement;
  /** the tab was selected: draw (and ask for the series once) */
  shown(): void;
  /** the tab was left */
  hidden(): void;
}

export function createMemoryChart(store: Store, actions: Actions): MemoryChart {
  const legend = h('div', { class: 'mc-legend', attrs: { 'aria-hidden': 'true' } }, [
    ...CHART_FIGURES.map((f) => h('span', { class: `mc-key mc-key-${f}` }, [h('span', { class: 'mc-swatch' }), FIGURE_LABELS[f]])),
    h('span', { class: 'mc-key mc-key-gc' }, [h('span', { class: 'mc-mark-swatch' }), 'collection']),
    h('span', { class: 'mc-key mc-key-gc-manual' }, [h('span', { class: 'mc-mark-swatch' }), 'gc.collect()']),
    h('span', { class: 'mc-key mc-key-arena' }, [h('span', { class: 'mc-mark-swatch' }), 'arena mapped']),
    h('span', { class: 'mc-key mc-key-arena-released' }, [h('span', { class: 'mc-mark-swatch' }), 'arena released']),
  ]);
  const reset = iconButton('zoom-out', 'Reset zoom', () => actions.resetMemoryZoom());
  const range = h('span', { class: 'mc-range' });
  const header = h('div', { class: 'mc-header' }, [legend, h('span', { class: 'mc-spacer' }), range, reset]);
  const plotEl = h('div', {
    class: 'mc-plot',
    attrs: {
      'data-testid': 'memory-chart', tabindex: '0', role: 'group',
      'aria-roledescription': 'chart',
      'aria-label': 'Memory over time. Arrow keys move between points, Enter goes to the step, + zooms in, Escape shows the whole run.',
    },
  });
  const readout = h('div', { class: 'mc-readout', attrs: { 'data-testid': 'memory-readout', 'aria-live': 'polite' } });
  const message = h('div', { class: 'mc-message' }, [codicon('info'), h('span')]);
  const el = h('div', { class: 'memory-chart' }, [header, plotEl, readout, message]);

  let plot: uPlot | null = null;
  let drawn: MemorySeries | null = null;
  let visible = false;
  let state: AppState = store.state;
  /** the bucket focused with the keyboard in the series drawn (-1: none), and its first step (it
   *  stays focused across a zoom) */
  let focusBucket = -1;
  let focusStep = -1;
  let bucketOfPoint: number[] = [];
  let colours: Record<string, string> = {};
  let dragStart: number | null = null;

  const colour = (v: string): string => colours[v] ?? FALLBACK[v] ?? '#888';
  const readColours = (): void => {
    const cs = getComputedStyle(document.body);
    const out: Record<string, string> = {};
    // (a line is drawn opaque: charts.orange is the minimap's translucent find colour)
    for (const v of Object.keys(FALLBACK)) out[v] = opaque(cs.getPropertyValue(v).trim() || FALLBACK[v]);
    colours = out;
    // the legend's and the readout's swatches in the colours of the lines
    for (const f of CHART_FIGURES) {
      el.querySelectorAll<HTMLElement>(`.mc-key-${f} .mc-swatch`).forEach((sw) => { sw.style.backgroundColor = out[FIGURE_COLOURS[f]]; });
    }
  };

  const runId = (): number | null => state.run?.runId ?? null;
  const series = (): MemorySeries | null => shownSeries(state.memory, runId());

  // (the tab's width: the plot is hidden until its first series comes)
  const width = (): number => Math.max(200, (plotEl.clientWidth || el.clientWidth - 16));
  const height = (): number => Math.max(160, plotEl.clientHeight);

  const axisFont = (): string => {
    const cs = getComputedStyle(document.body);
    return `${cs.getPropertyValue('--vscode-font-size').trim() || '12px'} ${cs.getPropertyValue('--vscode-font-family').trim() || 'sans-serif'}`;
  };

  /** marks, the panel's step and the focused point, over the series */
  const drawOverlay = (u: uPlot): void => {
    const s = drawn;
    if (!s) return;
    const ctx = u.ctx;
    const { left, top, width: w, height: hgt } = u.bbox;
    const dpr = devicePixelRatio || 1;
    const min = u.scales.x.min ?? s.from, max = u.scales.x.max ?? s.to;
    ctx.save();
    // the marks
    const r = MARK_SIZE * dpr;
    for (const m of placeMarks(s.marks, min, max, w / dpr)) {
      const x = left + m.x * dpr;
      ctx.fillStyle = colour(MARK_COLOURS[m.kind]);
      ctx.strokeStyle = ctx.fillStyle;
      ctx.lineWidth = dpr;
      ctx.beginPath();
      if (m.kind === 'gc' || m.kind === 'gc-manual') {
        // a triangle pointing down from the top edge, and a faint line down the plot
        ctx.moveTo(x - r, top); ctx.lineTo(x + r, top); ctx.lineTo(x, top + r * 1.6); ctx.closePath();
        ctx.fill();
        ctx.globalAlpha = 0.25;
        ctx.beginPath(); ctx.moveTo(x, top + r * 1.6); ctx.lineTo(x, top + hgt); ctx.stroke();
        ctx.globalAlpha = 1;
      } else {
        const y = top + hgt;
        if (m.kind === 'arena-mapped') { ctx.moveTo(x - r, y); ctx.lineTo(x + r, y); ctx.lineTo(x, y - r * 1.6); ctx.closePath(); ctx.fill(); }
        else { ctx.moveTo(x - r, y - r * 1.6); ctx.lineTo(x + r, y - r * 1.6); ctx.lineTo(x, y); ctx.closePath(); ctx.fill(); }
      }
    }
    // the panel's step
    const step = state.step;
    if (step >= min && step <= max) {
      const x = Math.round(u.valToPos(step, 'x', true));
      ctx.strokeStyle = colour('--vscode-editorLineNumber-activeForeground');
      ctx.lineWidth = 2 * dpr;
      ctx.setLineDash([4 * dpr, 3 * dpr]);
      ctx.beginPath(); ctx.moveTo(x, top); ctx.lineTo(x, top + hgt); ctx.stroke();
      ctx.setLineDash([]);
    }
    // the point focused with the keyboard
    if (focusBucket >= 0 && focusBucket < s.start.length && document.activeElement === plotEl) {
      const x = Math.round(u.valToPos(s.start[focusBucket], 'x', true));
      ctx.strokeStyle = colour('--vscode-focusBorder');
      ctx.lineWidth = dpr;
      ctx.strokeRect(x - 3 * dpr, top, 6 * dpr, hgt);
    }
    ctx.restore();
  };

  const build = (s: MemorySeries): void => {
    plot?.destroy();
    readColours();
    const fg = colour('--vscode-descriptionForeground');
    const grid = { stroke: `${fg}33`, width: 1 };
    const font = axisFont();
    const opts: uPlot.Options = {
      width: width(),
      height: height(),
      legend: { show: false },
      padding: [MARK_SIZE * 2 + 4, 8, 0, 0],
      cursor: {
        drag: { x: true, y: false, setScale: false },
        points: { show: false },
        y: false,
      },
      select: { show: true, left: 0, top: 0, width: 0, height: 0 },
      scales: {
        x: { time: false },
        bytes: { range: (_u, _lo, hi) => [0, Math.max(hi, 1024) * 1.05] },
        count: { range: (_u, _lo, hi) => [0, Math.max(hi, 4) * 1.05] },
        // (arenas are few: their own scale, with room above the highest)
        arenas: { range: (_u, _lo, hi) => [0, Math.max(2, Math.ceil(hi * 1.25))] },
      },
      axes: [
        { stroke: fg, grid, ticks: grid, font, values: (_u, vals) => vals.map((v) => formatCount(v)), size: 28 },
        { scale: 'bytes', stroke: fg, grid, ticks: grid, font, incrs: BYTE_INCRS, values: (_u, vals) => vals.map((v) => formatBytes(v)), size: 64 },
        {
          scale: 'count', side: 1, stroke: colour(FIGURE_COLOURS.allocatedBlocks), grid: { show: false }, ticks: grid, font,
          values: (_u, vals) => vals.map((v) => formatCount(v)), size: 52,
        },
        {
          scale: 'arenas', side: 1, stroke: colour(FIGURE_COLOURS.arenas), grid: { show: false }, ticks: grid, font,
          incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000], values: (_u, vals) => vals.map((v) => formatCount(v)), size: 30,
        },
      ],
      series: [
        { label: 'step' },
        ...CHART_FIGURES.map((f) => ({
          label: FIGURE_LABELS[f],
          scale: f === 'pymallocBytes' || f === 'rawBytes' ? 'bytes' : f === 'arenas' ? 'arenas' : 'count',
          stroke: colour(FIGURE_COLOURS[f]),
          width: f === 'arenas' ? 2 : 1.5,
          points: { show: false },
        })),
      ],
      hooks: {
        draw: [drawOverlay],
        setCursor: [(u) => {
          const i = u.cursor.idx;
          if (i === null || i === undefined || !drawn) return;
          showReadout(bucketOfPoint[i] ?? -1);
        }],
        setSelect: [(u) => {
          const sel = u.select;
          if (sel.width >= DRAG_MIN_PX && drawn) {
            const a = u.posToVal(sel.left, 'x'), b = u.posToVal(sel.left + sel.width, 'x');
            u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
            actions.zoomMemory(a, b, bucketsFor(width(), devicePixelRatio));
          }
        }],
      },
    };
    plot = new uPlot(opts, [[], [], [], [], []], plotEl);
    wirePointer(plot);
    drawn = null;
    setData(s);
  };

  const setData = (s: MemorySeries): void => {
    if (!plot) return build(s);
    const t0 = performance.now();
    const p = chartPoints(s);
    bucketOfPoint = p.bucket;
    drawn = s;
    plot.batch(() => {
      plot!.setData([p.x, ...CHART_FIGURES.map((f) => p.y[f])], false);
      plot!.setScale('x', { min: s.from, max: Math.max(s.to, s.from + 1) });
    });
    plotEl.setAttribute('data-from', String(s.from));
    plotEl.setAttribute('data-to', String(s.to));
    plotEl.setAttribute('data-stride', String(s.stride));
    plotEl.setAttribute('data-draw-ms', (performance.now() - t0).toFixed(2));
    setText(range, rangeText(s));
    // (a point focused outside the range shown is not focused in it)
    focusBucket = focusStep >= s.from && focusStep <= s.to ? bucketOfStep(s, focusStep) : -1;
  };

  /** clicks go to a step, a double click resets the zoom; a drag is uPlot's select */
  const wirePointer = (u: uPlot): void => {
    u.over.addEventListener('mousedown', (e) => { dragStart = e.clientX; });
    u.over.addEventListener('click', (e) => {
      const moved = dragStart !== null && Math.abs(e.clientX - dragStart) >= DRAG_MIN_PX;
      dragStart = null;
      // (the second click of a double click, which shows the whole run, goes nowhere)
      if (moved || e.detail > 1 || !drawn || !state.run) return;
      const rect = u.over.getBoundingClientRect();
      const min = u.scales.x.min ?? drawn.from, max = u.scales.x.max ?? drawn.to;
      actions.goTo(stepAtX(e.clientX - rect.left, min, max, rect.width, state.run.totalSteps));
    });
    u.over.addEventListener('dblclick', () => actions.resetMemoryZoom());
    u.over.addEventListener('mouseleave', () => showReadout(focusBucket));
  };

  const showReadout = (b: number): void => {
    const s = drawn;
    const r = s && b >= 0 ? pointReadout(s, b) : null;
    if (!r) { readout.replaceChildren(); return; }
    const parts: Node[] = [h('span', { class: 'mc-readout-steps', text: r.steps })];
    for (const f of r.figures) {
      const sw = h('span', { class: 'mc-swatch' });
      sw.style.backgroundColor = colour(FIGURE_COLOURS[f.figure]);
      parts.push(h('span', { class: `mc-readout-item mc-key-${f.figure}` }, [sw, `${f.label} ${f.text}`]));
    }
    for (const m of r.marks) parts.push(h('span', { class: 'mc-readout-mark', text: m }));
    readout.replaceChildren(...parts);
    readout.setAttribute('aria-label', r.text);
  };

  plotEl.addEventListener('keydown', (e) => {
    const s = drawn;
    if (!s || e.ctrlKey || e.metaKey || e.altKey) return;
    const n = s.start.length;
    if (focusBucket < 0) { focusBucket = Math.max(0, bucketOfStep(s, state.step)); focusStep = s.start[focusBucket]; }
    let handled = true;
    const next = bucketAfterKey(e.key, focusBucket, n);
    if (next !== null) {
      focusBucket = next;
      focusStep = s.start[next];
      showReadout(focusBucket);
      plot?.redraw(false, false);
    } else if (e.key === 'Enter' || e.key === ' ') {
      actions.goTo(s.start[focusBucket]);
    } else if (e.key === '+' || e.key === '=') {
      const [a, b] = zoomAround(s.start[focusBucket], s.from, s.to, state.run?.totalSteps ?? s.to);
      actions.zoomMemory(a, b, bucketsFor(width(), devicePixelRatio));
    } else if (e.key === 'Escape' || e.key === '-') {
      if (state.memory?.zoom) actions.resetMemoryZoom();
      else handled = false;
    } else {
      handled = false;
    }
    if (handled) { e.preventDefault(); e.stopPropagation(); }
  });
  plotEl.addEventListener('focus', () => {
    const s = drawn;
    if (s && focusBucket < 0) { focusBucket = Math.max(0, bucketOfStep(s, state.step)); focusStep = s.start[focusBucket]; }
    showReadout(focusBucket);
    plot?.redraw(false, false);
  });
  plotEl.addEventListener('blur', () => plot?.redraw(false, false));

  const render = (): void => {
    const run = state.run;
    const m = state.memory && state.memory.runId === runId() ? state.memory : null;
    const s = series();
    let text = '';
    if (!run || !hasSteps(run)) text = 'No steps to chart.';
    else if (m?.error) text = `The memory series cannot be shown: ${m.error}`;
    else if (!s) text = 'Reading the memory figures of every step…';
    message.hidden = !text;
    setText(message.lastElementChild!, text);
    reset.hidden = !m?.zoom;
    plotEl.hidden = !s;
    if (!visible || !s) return;
    if (!plot) build(s);
    else if (s !== drawn) setData(s);
    else plot.redraw(false, false);
  };

  store.subscribe((s, changed) => {
    state = s;
    if (changed.has('run') && plot) { plot.destroy(); plot = null; drawn = null; focusBucket = focusStep = -1; readout.replaceChildren(); }
    if (changed.has('memory') || changed.has('run')) render();
    else if (changed.has('step') && plot && visible) plot.redraw(false, false);
    // (a new run's series: the controller asks for it once the tab has been shown)
  });

  // the chart follows the tab's size, and the theme's colours
  const resize = new ResizeObserver(() => {
    if (plot && visible && plotEl.clientWidth > 0) plot.setSize({ width: width(), height: height() });
  });
  resize.observe(plotEl);
  new MutationObserver(() => { if (plot && drawn) build(drawn); }).observe(document.body, { attributes: true, attributeFilter: ['class'] });

  return {
    el,
    shown(): void {
      visible = true;
      // (after the tab's layout: its width says how many points to ask for; a chart built while
      // the tab was hidden had no size)
      requestAnimationFrame(() => {
        actions.showMemory(bucketsFor(width(), devicePixelRatio));
        if (plot) plot.setSize({ width: width(), height: height() });
        render();
      });
    },
    hidden(): void {
      visible = false;
    },
  };
}

// The HTML report of one step: a self-contained page (no scripts, no external resources, its
// style inline) that reads offline: the run and the step, the frames with their names, the objects
// the frames reach (type, sys.getsizeof, reference count, GC generation, short repr, referents),
// the other live objects by type, pymalloc's size-class table, the heap's figures and the
// collector's, and the allocator's figures over the whole run as an inline SVG chart. Every string
// of the program is escaped. Pure: `pymemsim map --html` and the panel's export both call it.

import type { StepView, ViewObject } from '../engine/trace/view';
import type { SizeClassRow } from '../engine/trace/allocmap';
import type { MemorySeries } from '../engine/trace/memorySeries';

export interface ReportInput {
  /** the program's file name */
  file: string;
  view: StepView;
  sizeClasses: SizeClassRow[];
  /** the allocator's figures over the run (a bounded number of buckets), or null */
  series: MemorySeries | null;
}

const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** text safe in HTML content and in quoted attributes */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ESC[c]);
}

const hex = (n: number) => '0x' + n.toString(16);
const num = (n: number) => n.toLocaleString('en-US');

function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}

function refcount(o: ViewObject): string {
  if (o.immortal) return 'immortal';
  return o.refcnt < 0 ? '?' : String(o.refcnt);
}

function gen(g: number): string {
  return g === -1 ? 'untracked' : g === -2 ? '?' : g === 3 ? 'permanent' : String(g);
}

const STYLE = `
:root { color-scheme: light dark; --fg: #1f2328; --bg: #ffffff; --muted: #59636e; --line: #d1d9e0; --head: #f6f8fa; --a: #0969da; --b: #bc4c00; --mark: #cf222e; }
@media (prefers-color-scheme: dark) { :root { --fg: #e6edf3; --bg: #0d1117; --muted: #9198a1; --line: #3d444d; --head: #151b23; --a: #4493f8; --b: #f0883e; --mark: #f85149; } }
body { font: 14px/1.45 system-ui, sans-serif; color: var(--fg); background: var(--bg); margin: 2em auto; max-width: 72em; padding: 0 1em; }
h1 { font-size: 1.5em; margin: 0 0 .2em; } h2 { font-size: 1.15em; margin: 1.6em 0 .5em; border-bottom: 1px solid var(--line); padding-bottom: .2em; }
p.sub { color: var(--muted); margin: 0; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: .25em .6em; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: var(--head); font-weight: 600; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
code, td.code { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: .92em; white-space: pre-wrap; word-break: break-all; }
dl.figures { display: grid; grid-template-columns: max-content auto; gap: .1em 1.2em; } dl.figures dt { color: var(--muted); } dl.figures dd { margin: 0; font-variant-numeric: tabular-nums; }
.chart > svg { width: 100%; height: auto; } .legend .swatch { vertical-align: middle; width: 16px; height: 12px; } .chart .axis { stroke: var(--line); } .chart text { fill: var(--muted); font-size: 11px; }
.chart .pymalloc { stroke: var(--a); fill: none; stroke-width: 1.5; } .chart .raw { stroke: var(--b); fill: none; stroke-width: 1.5; } .chart .step { stroke: var(--fg); stroke-dasharray: 4 3; } .chart .gc { fill: var(--mark); }
.legend span { margin-right: 1.5em; } .legend .swatch .pymalloc { stroke: var(--a); stroke-width: 2; } .legend .swatch .raw { stroke: var(--b); stroke-width: 2; } .legend .swatch .step { stroke: var(--fg); stroke-dasharray: 4 3; } .legend .swatch .gc { fill: var(--mark); } .legend .a { color: var(--a); } .legend .b { color: var(--b); } .legend .m { color: var(--mark); }
.muted { color: var(--muted); } td.id { white-space: nowrap; word-break: normal; }
`;

/** the chart of the run's pymalloc and raw bytes (each bucket's greatest value), the step's line,
 *  the collections' marks, as an inline SVG */
export function seriesSvg(s: MemorySeries, step: number): string {
  const W = 900, H = 220, L = 70, R = 10, T = 14, B = 26;
  const n = s.start.length;
  if (!n) return '<p class="muted">No steps.</p>';
  const maxY = Math.max(1, ...s.pymallocBytes.max, ...s.rawBytes.max);
  const span = Math.max(1, s.to - s.from);
  const x = (st: number) => L + ((st - s.from) / span) * (W - L - R);
  const y = (v: number) => T + (1 - v / maxY) * (H - T - B);
  const line = (f: number[]) => f.map((v, i) => `${x(s.start[i]).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
  const out: string[] = [];
  out.push(`<svg viewBox="0 0 ${W} ${H}" role="img" aria-label="bytes in pymalloc blocks and raw chunks over steps ${s.from} to ${s.to}">`);
  out.push(`<line class="axis" x1="${L}" y1="${H - B}" x2="${W - R}" y2="${H - B}"/><line class="axis" x1="${L}" y1="${T}" x2="${L}" y2="${H - B}"/>`);
  for (const v of [0, maxY / 2, maxY]) out.push(`<text x="${L - 6}" y="${y(v) + 4}" text-anchor="end">${escapeHtml(bytes(Math.round(v)))}</text>`);
  out.push(`<text x="${L}" y="${H - 8}">step ${s.from}</text><text x="${W - R}" y="${H - 8}" text-anchor="end">step ${s.to}</text>`);
  out.push(`<polyline class="pymalloc" points="${line(s.pymallocBytes.max)}"/>`);
  out.push(`<polyline class="raw" points="${line(s.rawBytes.max)}"/>`);
  for (const m of s.marks) if (m.kind === 'gc' || m.kind === 'gc-manual') out.push(`<path class="gc" d="M${x(m.step).toFixed(1)},${T - 2} l-4,-8 h8 z"><title>${m.kind === 'gc-manual' ? 'gc.collect()' : 'automatic collection'} at step ${m.step}</title></path>`);
  if (step >= s.from && step <= s.to) out.push(`<line class="step" x1="${x(step).toFixed(1)}" y1="${T}" x2="${x(step).toFixed(1)}" y2="${H - B}"/>`);
  out.push('</svg>');
  return out.join('');
}

/** a legend's sample of a chart's line or mark */
function swatch(kind: 'pymalloc' | 'raw' | 'gc' | 'step'): string {
  const shape = kind === 'gc' ? '<path class="gc" d="M3,2 h10 l-5,9 z"/>' : `<line class="${kind}" x1="0" y1="7" x2="16" y2="7"/>`;
  return `<svg class="swatch" width="16" height="12" viewBox="0 0 16 12" aria-hidden="true">${shape}</svg>`;
}

/** the report's whole page */
export function reportHtml(input: ReportInput): string {
  const v = input.view;
  const e = escapeHtml;
  const byId = new Map(v.objects.map((o) => [o.id, o]));
  const where = v.finished ? 'the end of the run' : `next line ${v.line}`;
  const out: string[] = [];
  out.push('<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">');
  out.push(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`);
  out.push('<meta name="viewport" content="width=device-width, initial-scale=1">');
  out.push(`<title>${e(input.file)}: step ${v.step} on CPython ${e(v.pythonVersion)}</title><style>${STYLE}</style></head><body>`);
  out.push(`<h1>${e(input.file)}</h1>`);
  out.push(`<p class="sub">Simulated CPython ${e(v.pythonVersion)}, step ${num(v.step)} of ${num(v.totalSteps)}, ${where}${v.exact ? '' : ' (some values from the checkpoint before this step)'}</p>`);

  // the heap's figures and the collector
  const h = v.heap;
  out.push('<h2>Heap</h2><dl class="figures">');
  const fig = (k: string, val: string) => out.push(`<dt>${k}</dt><dd>${val}</dd>`);
  fig('live objects', num(h.liveObjects));
  fig('allocated blocks (sys.getallocatedblocks())', num(h.allocatedBlocks));
  fig('arenas', `${num(h.arenas)} of ${bytes(h.arenaSize)}`);
  fig('pools in use', `${num(h.poolsInUse)} of ${bytes(h.poolSize)}`);
  fig('bytes in pymalloc blocks', `${num(h.pymallocBytes)} (${bytes(h.pymallocBytes)})`);
  fig('raw malloc chunks', `${num(h.rawChunks)}, ${num(h.rawBytes)} bytes`);
  fig('collector (gc.get_count())', `${v.gc.count.join(', ')} against thresholds ${v.gc.threshold.join(', ')}`);
  out.push('</dl>');

  if (input.series) {
    out.push('<h2>Memory over the run</h2><div class="chart">');
    out.push(seriesSvg(input.series, v.step));
    out.push(`<p class="legend"><span class="a">${swatch('pymalloc')} bytes in pymalloc blocks</span><span class="b">${swatch('raw')} bytes in raw chunks</span><span class="m">${swatch('gc')} a collection</span><span>${swatch('step')} this step</span></p></div>`);
  }

  // frames
  out.push('<h2>Frames</h2>');
  if (!v.frames.length) out.push('<p class="muted">None: the run has ended.</p>');
  else {
    out.push('<table><thead><tr><th>frame</th><th>name</th><th>object</th></tr></thead><tbody>');
    for (let k = v.frames.length - 1; k >= 0; k--) {
      const f = v.frames[k];
      const head = `${e(f.name)} <span class="muted">line ${f.line}</span>`;
      if (!f.locals.length) out.push(`<tr><td>${head}</td><td class="muted" colspan="2">no names</td></tr>`);
      f.locals.forEach((l, i) => {
        const o = byId.get(l.id);
        const what = !l.id ? '<span class="muted">unbound</span>' : o ? `<code>${e(o.type)} ${hex(o.id)}</code> ${o.repr !== null ? `<code>${e(o.repr)}</code>` : ''}` : `<code>${hex(l.id)}</code>`;
        out.push(`<tr><td>${i === 0 ? head : ''}</td><td class="code">${e(l.name)}</td><td>${what}</td></tr>`);
      });
    }
    out.push('</tbody></table>');
  }

  // objects
  out.push(`<h2>Objects the frames reach (${num(v.objects.length)})</h2>`);
  out.push('<table><thead><tr><th>id</th><th>type</th><th class="n">size</th><th class="n">refcount</th><th>GC gen</th><th>value</th><th>refers to</th></tr></thead><tbody>');
  for (const o of v.objects) {
    const refs = o.refs.map((r) => `${r.label !== null ? e(r.label) + ': ' : ''}${hex(r.id)}`).join(', ') + (o.refsTotal > o.refs.length ? `, ${num(o.refsTotal - o.refs.length)} more` : '');
    const note = o.cache ? ` <span class="muted">(${e(o.cache)})</span>` : o.isNew ? ' <span class="muted">(new)</span>' : '';
    out.push(`<tr><td class="code id">${hex(o.id)}</td><td class="code">${e(o.type)}${note}</td><td class="n">${num(o.size)}</td><td class="n">${refcount(o)}</td><td>${gen(o.gen)}</td><td class="code">${o.repr !== null ? e(o.repr) : ''}</td><td class="code">${refs}</td></tr>`);
  }
  out.push('</tbody></table>');
  if (v.groups.length) {
    out.push('<h2>Other live objects, by type</h2><table><thead><tr><th>type</th><th class="n">objects</th><th class="n">bytes</th></tr></thead><tbody>');
    for (const g of v.groups) out.push(`<tr><td class="code">${e(g.type)}</td><td class="n">${num(g.count)}${g.preexisting ? ` <span class="muted">(${num(g.preexisting)} from before the run)</span>` : ''}</td><td class="n">${num(g.bytes)}</td></tr>`);
    out.push('</tbody></table>');
  }

  // size classes
  out.push('<h2>Size classes (sys._debugmallocstats())</h2>');
  if (!input.sizeClasses.length) out.push('<p class="muted">No pool in use.</p>');
  else {
    out.push('<table><thead><tr><th class="n">class</th><th class="n">block size</th><th class="n">pools</th><th class="n">blocks in use</th><th class="n">available blocks</th></tr></thead><tbody>');
    for (const r of input.sizeClasses) out.push(`<tr><td class="n">${r.szidx}</td><td class="n">${r.size}</td><td class="n">${num(r.numPools)}</td><td class="n">${num(r.blocksInUse)}</td><td class="n">${num(r.availBlocks)}</td></tr>`);
    out.push('</tbody></table>');
  }
  out.push('<p class="muted">Made by the Python memory simulator: every value is that of the simulated CPython version.</p>');
  out.push('</body></html>\n');
  return out.join('\n');
}

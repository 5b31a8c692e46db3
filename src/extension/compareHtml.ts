// The Compare Versions panel's page: the comparison of one step on two CPython versions
// (src/shared/compare.ts) as tables, what differs marked (a class, a codicon and words for a
// screen reader). The page runs no script: its few actions (match the steps by number or by line,
// compare again at the memory panel's step, show only what differs) are links to the extension's
// commands, reachable with Tab and Enter. Its style is media/compare.css, under a strict
// Content-Security-Policy. Pure (no `vscode` import): tested in plain Node.
//
// Its DOM hooks (data-testid), which the UI tests rely on: compare (the page), compare-where (the
// two steps), compare-summary, compare-note, compare-match-step and compare-match-line (the
// current one has aria-current), compare-filter, compare-refresh, compare-objects (a table whose
// rows are compare-object, with data-path), compare-classes, compare-heap, compare-gc, and
// compare-diff on every cell that differs.

import { blocksText } from '../shared/compare';
import type { CompareFigureRow, CompareObjectCell, CompareObjectRow, Comparison } from '../shared/compare';
import { escapeHtml as e } from '../shared/reportHtml';

export const COMPARE_ACTION_COMMAND = 'pymemsim.compareVersionsAction';

export interface CompareHtmlOptions {
  cspSource: string;
  styleUri: string;
  codiconsUri: string;
  /** the program's file name */
  fileName: string;
  match: 'step' | 'line';
  /** show only the rows that differ */
  onlyDifferences: boolean;
  /** a note under the title (the other run never runs the line...), or null */
  note: string | null;
}

/** a link that runs the panel's action command */
function action(label: string, what: string, icon: string, testId: string, current = false): string {
  const href = `command:${COMPARE_ACTION_COMMAND}?${encodeURIComponent(JSON.stringify([what]))}`;
  return `<a class="action${current ? ' current' : ''}" href="${e(href)}" data-testid="${testId}"${current ? ' aria-current="true"' : ''}><span class="codicon codicon-${icon}" aria-hidden="true"></span>${e(label)}</a>`;
}

const DIFF_MARK = '<span class="codicon codicon-diff-modified mark" aria-hidden="true"></span><span class="sr-only"> (differs)</span>';

function cellTd(text: string, differs: boolean, numeric: boolean): string {
  const cls = [numeric ? 'n' : 'code', differs ? 'differs' : ''].filter(Boolean).join(' ');
  return `<td class="${cls}"${differs ? ' data-testid="compare-diff"' : ''}>${e(text)}${differs ? DIFF_MARK : ''}</td>`;
}

function refcountText(c: CompareObjectCell | null): string {
  if (!c) return '';
  return c.immortal ? 'immortal' : c.refcnt < 0 ? '?' : String(c.refcnt);
}

function objectRow(r: CompareObjectRow): string {
  const d = new Set(r.differs);
  const missing = d.has('presence');
  const cells: string[] = [];
  const pair = (get: (c: CompareObjectCell | null) => string, differs: boolean, numeric: boolean) => {
    cells.push(cellTd(r.a ? get(r.a) : '', differs && !!r.a, numeric), cellTd(r.b ? get(r.b) : '', differs && !!r.b, numeric));
  };
  pair((c) => c!.type, d.has('type') || missing, false);
  pair((c) => String(c!.size), d.has('size'), true);
  pair(refcountText, d.has('refcnt'), true);
  pair((c) => blocksText(c!.blocks), d.has('blocks'), true);
  const where = missing ? `<span class="muted"> only on ${r.a ? 'the first' : 'the second'}</span>` : '';
  return `<tr class="${r.differs.length ? 'row-differs' : ''}" data-testid="compare-object" data-path="${e(r.path)}"><th scope="row" class="code" title="${e(r.path)}">${e(r.path)}${where}</th>${cells.join('')}</tr>`;
}

function figureRows(rows: CompareFigureRow[], only: boolean): string {
  return rows.filter((r) => !only || r.differs).map((r) => `<tr class="${r.differs ? 'row-differs' : ''}"><th scope="row">${e(r.label)}</th>${cellTd(r.a.toLocaleString('en-US'), r.differs, true)}${cellTd(r.b.toLocaleString('en-US'), r.differs, true)}</tr>`).join('');
}

/** the whole page */
export function compareHtml(c: Comparison, o: CompareHtmlOptions): string {
  const [va, vb] = c.versions.map(e);
  const csp = ["default-src 'none'", `style-src ${o.cspSource}`, `font-src ${o.cspSource}`].join('; ');
  const side = (i: 0 | 1) => `<span class="side side-${i ? 'b' : 'a'}">CPython ${c.versions[i] === undefined ? '' : e(c.versions[i])}</span> step ${c.steps[i].toLocaleString('en-US')} of ${c.totalSteps[i].toLocaleString('en-US')}${c.lines[i] ? `, next line ${c.lines[i]}` : ', the end of the run'}${c.exact[i] ? '' : ' (approximate)'}`;
  const only = o.onlyDifferences;
  const objects = c.objects.filter((r) => !only || r.differs.length);
  const classes = c.sizeClasses.filter((r) => !only || r.differs);
  const out: string[] = [];
  out.push(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${e(o.codiconsUri)}" id="vscode-codicon-stylesheet">
<link rel="stylesheet" href="${e(o.styleUri)}">
<title>Compare Versions</title>
</head>
<body>
<main class="compare" data-testid="compare">`);
  out.push(`<h1>${e(o.fileName)}: CPython ${va} and ${vb}</h1>`);
  out.push(`<p class="where" data-testid="compare-where">${side(0)} <span class="vs">and</span> ${side(1)}</p>`);
  out.push(`<p class="summary" data-testid="compare-summary">${c.differences === 0 ? 'No difference.' : `${c.differences.toLocaleString('en-US')} difference${c.differences === 1 ? '' : 's'}.`}</p>`);
  if (o.note) out.push(`<p class="note" data-testid="compare-note"><span class="codicon codicon-info" aria-hidden="true"></span>${e(o.note)}</p>`);
  out.push('<nav class="actions" aria-label="Compare options">');
  out.push(`<span class="label">Match the steps by</span>${action('step number', 'match-step', 'list-ordered', 'compare-match-step', o.match === 'step')}${action('same line', 'match-line', 'symbol-numeric', 'compare-match-line', o.match === 'line')}`);
  out.push(`<span class="sep" aria-hidden="true"></span>${action(only ? 'Show everything' : 'Show only differences', only ? 'show-all' : 'only-differences', 'filter', 'compare-filter')}`);
  out.push(`${action("Compare at the panel's step", 'panel-step', 'refresh', 'compare-refresh')}</nav>`);

  out.push(`<section aria-labelledby="h-objects"><h2 id="h-objects">Objects <span class="count">${objects.length.toLocaleString('en-US')} of ${c.objects.length.toLocaleString('en-US')}</span></h2>`);
  if (!objects.length) out.push(`<p class="muted">${c.objects.length ? 'No object differs.' : 'No object is reached from the frames at this step.'}</p>`);
  else {
    out.push(`<div class="scroll"><table data-testid="compare-objects"><thead><tr><th scope="col" rowspan="2">name</th><th scope="colgroup" colspan="2">type</th><th scope="colgroup" colspan="2">sys.getsizeof</th><th scope="colgroup" colspan="2">refcount</th><th scope="colgroup" colspan="2">blocks</th></tr>`);
    out.push(`<tr>${[0, 1, 2, 3].map(() => `<th scope="col" class="v a">${va}</th><th scope="col" class="v b">${vb}</th>`).join('')}</tr></thead><tbody>`);
    for (const r of objects) out.push(objectRow(r));
    out.push('</tbody></table></div>');
  }
  out.push('</section>');

  out.push(`<section aria-labelledby="h-classes"><h2 id="h-classes">Size classes <span class="count">blocks in use / pools</span></h2>`);
  if (!classes.length) out.push(`<p class="muted">${c.sizeClasses.length ? 'No size class differs.' : 'No pool in use.'}</p>`);
  else {
    out.push(`<div class="scroll"><table data-testid="compare-classes"><thead><tr><th scope="col" class="n">block size</th><th scope="col" class="n v a">${va}</th><th scope="col" class="n v b">${vb}</th></tr></thead><tbody>`);
    for (const r of classes) out.push(`<tr class="${r.differs ? 'row-differs' : ''}"><th scope="row" class="n">${r.size}</th>${cellTd(`${r.blocks[0]} / ${r.pools[0]}`, r.differs, true)}${cellTd(`${r.blocks[1]} / ${r.pools[1]}`, r.differs, true)}</tr>`);
    out.push('</tbody></table></div>');
  }
  out.push('</section>');

  for (const [id, title, rows] of [['heap', 'Arenas, pools and blocks', c.heap], ['gc', 'Collector', c.gc]] as const) {
    const body = figureRows(rows, only);
    out.push(`<section aria-labelledby="h-${id}"><h2 id="h-${id}">${title}</h2>`);
    out.push(body ? `<table data-testid="compare-${id}"><thead><tr><th scope="col"></th><th scope="col" class="n v a">${va}</th><th scope="col" class="n v b">${vb}</th></tr></thead><tbody>${body}</tbody></table>` : '<p class="muted">Nothing differs.</p>');
    out.push('</section>');
  }
  out.push('</main>\n</body>\n</html>\n');
  return out.join('\n');
}

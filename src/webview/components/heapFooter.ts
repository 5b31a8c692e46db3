// Under the drawing: what the step freed ("freed at this step: 3 str (147 B)"), the live objects
// not drawn by type ("12,345 more str, 710 KiB" with Expand, then "Show 50 more" and Collapse),
// and a summary of the heap (objects, blocks, arenas, pymalloc and raw bytes, gc counts).

import './heapFooter.css';
import type { Actions } from '../actions';
import { freedSummary } from '../model/graph';
import { groupRows } from '../model/groups';
import { heapSummary } from '../model/summary';
import type { AppState, Store } from '../store';
import { codicon, h, setText } from './dom';

/** groups listed before "N more types" */
const GROUPS_SHOWN = 4;

export function createHeapFooter(store: Store, actions: Actions): HTMLElement {
  const freedText = h('span');
  const freed = h('div', { class: 'freed-line', attrs: { 'data-testid': 'freed' } }, [codicon('trash'), freedText]);
  const groups = h('ul', { class: 'groups', attrs: { 'aria-label': 'Live objects not drawn' } });
  const summary = h('div', { class: 'heap-summary', attrs: { 'aria-label': 'Heap summary' } });
  const inexactText = h('span');
  const inexact = h('div', { class: 'inexact-line', attrs: { 'data-testid': 'inexact' } }, [codicon('info'), inexactText]);
  const el = h('div', { class: 'heap-footer' }, [freed, groups, summary, inexact]);

  // only the largest groups unless the user asks for all of them
  let showAll = false;
  let groupsKey = '';
  let current: AppState | null = null;
  const render = (s: AppState) => {
    current = s;
    const view = s.view && s.viewRun === s.run?.runId ? s.view : null;
    el.hidden = !view;
    if (!view) return;
    const f = freedSummary(view.freed);
    freed.hidden = !f;
    setText(freedText, f ?? '');
    inexact.hidden = view.exact;
    // (rest on a step and it is made exact: a replay of the run to it, in the worker)
    setText(inexactText, s.refining
      ? 'Approximate: refining…'
      : 'Some values at this step (reference counts, sizes, names) are those of the nearest recorded checkpoint before it.');
    inexact.title = s.refining ? 'The simulator is replaying the run to this step to read its exact values.' : '';

    const all = groupRows(view.groups, s.expand);
    const rows = showAll || all.length <= GROUPS_SHOWN + 1 ? all : all.slice(0, GROUPS_SHOWN);
    const key = JSON.stringify([rows, all.length, showAll]);
    if (key !== groupsKey) {
      groupsKey = key;
      const items = rows.map((r) => {
        const li = h('li', { class: 'heap-group', attrs: { 'data-testid': 'heap-group', 'data-type': r.type } }, [h('span', { class: 'group-text', text: r.text })]);
        if (r.actionLabel) {
          const b = h('button', { class: 'link-button', text: r.actionLabel, attrs: { type: 'button', 'aria-label': r.actionLabel, title: r.action === 'expand' ? `Draw 50 of the ${r.type} objects` : `Draw 50 more ${r.type} objects` } });
          b.addEventListener('click', () => actions.expand(r.type));
          li.append(b);
        }
        if (r.expanded) {
          const c = h('button', { class: 'link-button', text: 'Collapse', attrs: { type: 'button', 'aria-label': `Collapse ${r.type}`, title: `Stop drawing the ${r.type} objects shown by Expand` } });
          c.addEventListener('click', () => actions.collapse(r.type));
          li.append(c);
        }
        return li;
      });
      if (all.length > rows.length || showAll && all.length > GROUPS_SHOWN + 1) {
        const hiddenCount = all.length - rows.length;
        const label = showAll ? 'Fewer types' : `${hiddenCount} more type${hiddenCount === 1 ? '' : 's'}`;
        const toggle = h('button', { class: 'link-button groups-toggle', text: label, attrs: { type: 'button', 'aria-expanded': String(showAll) } });
        toggle.addEventListener('click', () => {
          showAll = !showAll;
          if (current) render(current);
          (groups.querySelector('.groups-toggle') as HTMLElement | null)?.focus();
        });
        items.push(h('li', { class: 'groups-more' }, [toggle]));
      }
      groups.replaceChildren(...items);
    }
    groups.hidden = all.length === 0;

    const items = heapSummary(view);
    summary.replaceChildren(...items.map((i) => h('span', { class: 'summary-item', text: i.text, title: i.title })));
  };
  store.subscribe((s, changed) => {
    if (changed.has('view') || changed.has('expand') || changed.has('run') || changed.has('viewRun') || changed.has('refining')) render(s);
  });
  return el;
}

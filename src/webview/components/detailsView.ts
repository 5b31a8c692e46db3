// The details pane beside the Objects tab's drawing: for the selected object (a box, a name in the
// stack, a block's owner in the Allocator tab), where its bytes went (each request with its block,
// size class, pool and arena; sys.getsizeof beside the bytes held, and why they differ), who holds
// it (ob_refcnt broken down), the chain of references from a root that keeps it alive, and its
// cache and free-list status. Sections are native <details> elements (keyboard accessible); a
// referrer or a hop of the chain selects its object. Every text of the program goes in as text.

import './detailsView.css';
import type { Actions } from '../actions';
import { breakdown, bytes, cacheLines, chainModel, referrerGroups } from '../model/details';
import { hex } from '../model/allocmap';
import type { AppState, Store } from '../store';
import { codicon, h, iconButton } from './dom';

function section(title: string, testid: string, body: HTMLElement[], icon: string): HTMLElement {
  return h('details', { class: 'dp-section', attrs: { open: '', 'data-testid': testid } }, [
    h('summary', { class: 'dp-summary' }, [codicon('chevron-right', 'dp-chevron'), codicon(icon, 'dp-icon'), h('span', { text: title })]),
    h('div', { class: 'dp-body' }, body),
  ]);
}

function selectLink(text: string, id: number, actions: Actions): HTMLElement {
  if (!id) return h('span', { class: 'dp-text', text });
  const b = h('button', { class: 'dp-link', text, title: `Select ${text}`, attrs: { type: 'button', 'data-select-id': String(id) } });
  b.addEventListener('click', () => actions.select(id));
  return b;
}

export function createDetailsView(store: Store, actions: Actions): HTMLElement {
  const el = h('aside', { class: 'details-pane', attrs: { 'data-testid': 'details-pane', 'aria-label': 'Selected object', hidden: '' } });
  let drawn: unknown = null;
  // (a narrow panel stacks the pane under the drawing: it can be folded to its header line)
  let folded = false;
  const fold = iconButton('chevron-down', 'Fold the details', () => {
    folded = !folded;
    el.classList.toggle('is-folded', folded);
    fold.setAttribute('aria-expanded', String(!folded));
    const label = folded ? 'Unfold the details' : 'Fold the details';
    fold.setAttribute('aria-label', label);
    fold.setAttribute('title', label);
    fold.firstElementChild?.setAttribute('class', `codicon codicon-${folded ? 'chevron-up' : 'chevron-down'}`);
  }, 'dp-fold');
  fold.setAttribute('aria-expanded', 'true');

  const render = (s: AppState): void => {
    const d = s.details && s.detailsRun === s.run?.runId && s.details.id === s.selected ? s.details : null;
    if (s.selected === null) { el.hidden = true; drawn = null; el.replaceChildren(); return; }
    el.hidden = false;
    if (d === drawn && d) return;
    drawn = d;
    const close = iconButton('close', 'Clear the selection', () => actions.select(null), 'dp-close');
    if (!d) {
      el.replaceChildren(h('div', { class: 'dp-header' }, [h('span', { class: 'dp-title', text: 'Selected object' }), close]),
        h('div', { class: 'dp-empty', text: 'Loading…' }));
      return;
    }
    if (!d.alive) {
      el.replaceChildren(h('div', { class: 'dp-header' }, [h('span', { class: 'dp-title', text: `${hex(d.id)}` }), close]),
        h('div', { class: 'dp-empty', text: 'Not alive at this step.' }));
      return;
    }
    const header = h('div', { class: 'dp-header' }, [
      codicon('symbol-object', 'dp-icon'),
      h('span', { class: 'dp-title', attrs: { 'data-testid': 'details-title' } }, [h('span', { class: 'dp-type', text: d.type }), ` at ${hex(d.id)}`]),
      fold, close,
    ]);
    const repr = d.repr !== null ? h('div', { class: 'dp-repr', text: d.repr, title: d.repr }) : null;
    const approx = d.exact ? null : h('div', { class: 'dp-note' }, [codicon('warning'), ' Between two checkpoints: referrers and the chain are the last checkpoint\'s (approximate).']);

    // allocations
    const b = breakdown(d);
    const rows = b.rows.map((r) => h('tr', {}, [
      h('th', { attrs: { scope: 'row' } }, [h('div', { text: r.what }), r.parts ? h('div', { class: 'dp-sub', text: r.parts }) : null]),
      h('td', { class: 'num', text: bytes(r.request) }),
      h('td', {}, [h('div', { text: r.block }), r.where ? h('div', { class: 'dp-sub', text: r.where }) : null]),
    ]));
    const table = h('table', { class: 'dp-table', attrs: { 'data-testid': 'details-breakdown' } }, [
      h('thead', {}, [h('tr', {}, [h('th', { text: 'Request' }), h('th', { class: 'num', text: 'Bytes' }), h('th', { text: 'Block' })])]),
      h('tbody', {}, rows),
    ]);
    const totals = h('div', { class: 'dp-totals', attrs: { 'data-testid': 'details-totals' } }, [
      h('div', { class: 'dp-total' }, [h('span', { class: 'dp-label', text: 'sys.getsizeof' }), h('span', { class: 'dp-value', text: bytes(b.sizeof) })]),
      h('div', { class: 'dp-total' }, [h('span', { class: 'dp-label', text: 'requested' }), h('span', { class: 'dp-value', text: bytes(b.requested) })]),
      h('div', { class: 'dp-total' }, [h('span', { class: 'dp-label', text: 'held in blocks' }), h('span', { class: 'dp-value', text: bytes(b.held) })]),
    ]);
    const explain = h('ul', { class: 'dp-explain' }, b.explain.map((t) => h('li', { text: t })));
    const allocBody = b.rows.length ? [table, totals, explain] : [h('div', { class: 'dp-empty', text: 'No allocation of the program.' }), explain];

    // referrers
    const g = referrerGroups(d);
    const refBody: HTMLElement[] = [h('div', { class: 'dp-sum', text: g.sum, attrs: { 'data-testid': 'details-sum' } })];
    for (const grp of g.groups) {
      refBody.push(h('div', { class: 'dp-group' }, [
        h('div', { class: 'dp-group-title' }, [h('span', { text: grp.title }), h('span', { class: 'dp-count', text: String(grp.count) })]),
        h('ul', { class: 'dp-list', attrs: { 'data-group': grp.title } }, grp.rows.map((r) => h('li', {}, [selectLink(r.text, r.id, actions)]))),
      ]));
    }

    // chain
    const c = chainModel(d);
    const chainBody: HTMLElement[] = [];
    if (c.kind === 'root') {
      chainBody.push(h('ol', { class: 'dp-chain', attrs: { 'data-testid': 'details-chain' } }, c.steps.map((st, i) => h('li', {}, [
        i === 0 ? h('span', { class: 'dp-root' }, [codicon('symbol-variable', 'dp-root-icon'), h('span', { text: st.via }), ' ', h('span', { class: 'dp-sub', text: c.root })])
          : h('span', { class: 'dp-via', text: st.via }),
        ' ', selectLink(st.text, i === c.steps.length - 1 ? 0 : st.id, actions),
      ]))));
    } else {
      chainBody.push(h('div', { class: `dp-unreach${c.kind === 'cycle' ? ' is-cycle' : ''}`, attrs: { 'data-testid': 'details-chain' } }, [
        codicon(c.kind === 'cycle' ? 'sync' : 'question'), h('span', { text: c.message }),
      ]));
    }

    const cache = h('ul', { class: 'dp-explain', attrs: { 'data-testid': 'details-cache' } }, cacheLines(d).map((t) => h('li', { text: t })));

    el.replaceChildren(header, ...(repr ? [repr] : []), ...(approx ? [approx] : []),
      section('Allocations', 'details-allocations', allocBody, 'layers'),
      section('Referrers', 'details-referrers', refBody, 'references'),
      section('Kept alive by', 'details-alive', chainBody, 'link'),
      section('Caches and free lists', 'details-caches', [cache], 'archive'));
  };

  store.subscribe((s, changed) => {
    if (changed.has('details') || changed.has('detailsRun') || changed.has('selected') || changed.has('run')) render(s);
  });
  return el;
}

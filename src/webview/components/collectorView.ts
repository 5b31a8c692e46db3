// The Collector tab: the three generations with their counts and thresholds at the step shown, the
// collections of the cyclic GC that ran at or before it (automatic ones, gc.collect(), the one at
// exit), newest first; a collection opened is stepped phase by phase (the buttons, or the arrow
// keys, Home and End while the phases have the focus), each phase with what CPython does in it,
// its figures and its objects (ob_refcnt, gc_refs, reachable or not, the order of __del__...).
// The objects of the phase shown are highlighted in the Objects tab's heap, and their pools and
// blocks in the Allocator tab.

import './collectorView.css';
import type { CollectionRecord } from '../../shared/protocol';
import type { Actions } from '../actions';
import { collectionItems, collectionPhases, generationRows, phaseKey, phasePosition, reasonText, stepPhase } from '../model/collector';
import type { Phase } from '../model/collector';
import { formatCount, plural } from '../model/format';
import type { AppState, Store } from '../store';
import { codicon, h, iconButton, setText } from './dom';

export function createCollectorView(store: Store, actions: Actions): HTMLElement {
  // --- the generations -----------------------------------------------------------------------
  const gensBody = h('tbody');
  const gensTable = h('table', { class: 'gc-gens', attrs: { 'data-testid': 'collector-generations' } }, [
    h('caption', { text: 'Generations: gc.get_count() and gc.get_threshold()' }),
    h('thead', {}, [h('tr', {}, ['generation', 'count / threshold', '', 'meaning'].map((t) => h('th', { text: t, attrs: { scope: 'col' } })))]),
    gensBody,
  ]);

  // --- the list of collections ----------------------------------------------------------------
  const listTitle = h('div', { class: 'gc-section-title', attrs: { 'data-testid': 'collector-list-title' } });
  const list = h('ol', { class: 'gc-list', attrs: { 'data-testid': 'collector-list', 'aria-label': 'Collections, newest first' } });
  const listPane = h('div', { class: 'gc-list-pane' }, [listTitle, list]);

  // --- a collection, phase by phase ------------------------------------------------------------
  const back = iconButton('arrow-left', 'Back to the collections', () => actions.openCollection(null));
  const detailTitle = h('span', { class: 'gc-detail-title', attrs: { 'data-testid': 'collector-detail-title' } });
  const before = h('button', { class: 'gc-text-button', attrs: { type: 'button', 'data-testid': 'collector-step-before' } }, [codicon('debug-step-back'), h('span', { text: 'Step before it' })]);
  const prev = iconButton('chevron-left', 'Previous phase', () => actions.showPhase((store.state.collectionPhase ?? 0) - 1));
  prev.setAttribute('data-testid', 'collector-phase-prev');
  const next = iconButton('chevron-right', 'Next phase', () => actions.showPhase((store.state.collectionPhase ?? 0) + 1));
  next.setAttribute('data-testid', 'collector-phase-next');
  const position = h('span', { class: 'gc-phase-position', attrs: { 'data-testid': 'collector-phase-position', 'aria-live': 'polite' } });
  const phaseNav = h('div', { class: 'gc-phase-nav' }, [prev, position, next]);
  const phaseList = h('ol', { class: 'gc-phase-list', attrs: { 'data-testid': 'collector-phases', 'aria-label': 'Phases' } });
  const phaseTitle = h('h3', { class: 'gc-phase-title', attrs: { 'data-testid': 'collector-phase-title' } });
  const phaseExplain = h('p', { class: 'gc-phase-explain', attrs: { 'data-testid': 'collector-phase-explain' } });
  const phaseFacts = h('ul', { class: 'gc-phase-facts', attrs: { 'data-testid': 'collector-phase-facts' } });
  const highlightNote = h('p', { class: 'gc-highlight-note', attrs: { 'data-testid': 'collector-highlight-note' } });
  const tableHead = h('tr');
  const tableBody = h('tbody');
  const phaseTable = h('table', { class: 'gc-objects', attrs: { 'data-testid': 'collector-phase-table' } }, [h('thead', {}, [tableHead]), tableBody]);
  const more = h('p', { class: 'gc-more', attrs: { 'data-testid': 'collector-phase-more' } });
  const phaseBody = h('div', { class: 'gc-phase-body' }, [phaseTitle, phaseExplain, phaseFacts, highlightNote, phaseTable, more]);
  const detail = h('section', {
    class: 'gc-detail',
    attrs: {
      'data-testid': 'collector-detail', tabindex: '0',
      'aria-label': 'A collection, phase by phase. Left and right arrows move between phases, Home and End go to the first and last.',
    },
  }, [
    h('div', { class: 'gc-detail-head' }, [back, detailTitle, h('span', { class: 'gc-spacer' }), before]),
    phaseNav,
    h('div', { class: 'gc-detail-body' }, [phaseList, phaseBody]),
  ]);
  const missing = h('p', { class: 'gc-placeholder', attrs: { 'data-testid': 'collector-after-step' } });
  const placeholder = h('p', { class: 'gc-placeholder', attrs: { 'data-testid': 'collector-placeholder' } });
  const el = h('div', { class: 'collector-view', attrs: { 'data-testid': 'collector' } }, [gensTable, placeholder, listPane, missing, detail]);

  detail.addEventListener('keydown', (e) => {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    const k = phaseKey(e.key);
    if (!k) return;
    const d = store.state.collections?.detail;
    if (!d) return;
    e.preventDefault();
    e.stopPropagation();
    const n = collectionPhases(d).length;
    const cur = store.state.collectionPhase ?? 0;
    actions.showPhase(k === 'previous' ? cur - 1 : k === 'next' ? cur + 1 : k === 'first' ? 0 : n - 1);
  });

  let shownStepBefore = -1;
  before.addEventListener('click', () => { if (shownStepBefore >= 0) actions.goTo(shownStepBefore); });

  // --- drawing ---------------------------------------------------------------------------------
  const drawGenerations = (s: AppState) => {
    const view = s.view && s.viewRun === s.run?.runId ? s.view : null;
    gensTable.hidden = !view;
    if (!view) return;
    const rows = generationRows(view.gc);
    while (gensBody.children.length < rows.length) {
      const bar = h('span', { class: 'gc-bar-fill' });
      gensBody.append(h('tr', {}, [h('th', { attrs: { scope: 'row' } }), h('td', { class: 'gc-num' }), h('td', {}, [h('span', { class: 'gc-bar', attrs: { 'aria-hidden': 'true' } }, [bar])]), h('td', { class: 'gc-counts' })]));
    }
    rows.forEach((r, i) => {
      const tr = gensBody.children[i] as HTMLTableRowElement;
      setText(tr.cells[0], r.label);
      setText(tr.cells[1], r.text);
      (tr.cells[2].firstElementChild!.firstElementChild as HTMLElement).style.width = `${Math.round(r.fill * 100)}%`;
      tr.classList.toggle('is-over', r.over);
      setText(tr.cells[3], r.counts);
    });
  };

  const drawList = (s: AppState) => {
    const c = s.collections && s.collectionsRun === s.run?.runId ? s.collections : null;
    const items = c ? collectionItems(c.collections, s.step) : [];
    setText(listTitle, c ? (c.total ? `${plural(c.total, 'collection')} at or before step ${formatCount(s.step)}${c.total > c.collections.length ? ` (the latest ${formatCount(c.collections.length)} listed)` : ''}` : `No collection at or before step ${formatCount(s.step)}`) : '');
    list.replaceChildren(...items.map((it) => {
      const b = h('button', { class: 'gc-item', attrs: { type: 'button', 'data-testid': 'collector-item', 'data-index': String(it.index), 'data-step': String(it.step) } }, [
        h('span', { class: 'gc-item-step', text: it.stepText }),
        h('span', { class: 'gc-item-title', text: it.title }),
        h('span', { class: 'gc-item-result', text: it.result }),
        codicon('chevron-right', 'gc-item-open'),
      ]);
      if (it.atStep) b.classList.add('is-at-step');
      b.addEventListener('click', () => actions.openCollection(it.index));
      return h('li', {}, [b]);
    }));
  };

  const drawPhase = (d: CollectionRecord, phases: Phase[], index: number, s: AppState) => {
    const i = stepPhase(index, 0, phases.length);
    const p = phases[i];
    setText(position, phasePosition(phases, i));
    prev.disabled = i === 0;
    next.disabled = i === phases.length - 1;
    // (the list is rebuilt when the collection changes; here only the current one moves)
    Array.from(phaseList.children).forEach((li, k) => {
      const b = li.firstElementChild as HTMLElement;
      if (k === i) b.setAttribute('aria-current', 'step'); else b.removeAttribute('aria-current');
    });
    setText(phaseTitle, `${p.title} (${p.name})`);
    setText(phaseExplain, p.explain);
    phaseFacts.replaceChildren(...p.facts.map((f) => h('li', { text: f })));
    const view = s.view && s.viewRun === s.run?.runId ? s.view : null;
    if (p.highlight.length) {
      const drawn = view ? new Set(view.objects.map((o) => o.id)) : new Set<number>();
      const inHeap = p.highlight.filter((id) => drawn.has(id)).length;
      const freed = new Set(d.freed.ids);
      const gone = d.step <= s.step ? p.highlight.filter((id) => !drawn.has(id) && freed.has(id)).length : 0;
      setText(highlightNote, `${plural(p.highlight.length, 'object')} highlighted in the Objects tab (their pools and blocks in the Allocator tab); ${formatCount(inHeap)} of them drawn at step ${formatCount(s.step)}${gone ? ` (${formatCount(gone)} freed by this collection: the step before it shows them)` : ''}.`);
    } else setText(highlightNote, 'No object to highlight in this phase.');
    phaseTable.hidden = p.rows.length === 0;
    tableHead.replaceChildren(...['id', 'type', ...p.columns].map((t) => h('th', { text: t, attrs: { scope: 'col' } })));
    tableBody.replaceChildren(...p.rows.map((r) => {
      const tr = h('tr', { class: r.marked ? 'is-marked' : '' }, [
        h('td', { class: 'gc-id', text: r.idText }),
        h('td', { text: r.type }),
        ...r.cells.map((c) => h('td', { class: 'gc-num', text: c })),
      ]);
      tr.addEventListener('click', () => actions.select(r.id));
      return tr;
    }));
    setText(more, p.more <= 0 ? '' : p.rows.length === 0 && p.columns.length && s.collections?.detailTruncated
      ? `${formatCount(p.more)} not listed: the run's earlier collections used up what may be recorded of their objects; this one kept its counts only.`
      : `${formatCount(p.more)} more not listed (the first ${formatCount(p.rows.length)} are recorded).`);
    more.hidden = p.more <= 0;
  };

  let detailShown: CollectionRecord | null = null;
  let phasesShown: Phase[] = [];
  const draw = (s: AppState) => {
    drawGenerations(s);
    const run = s.run;
    const c = s.collections && s.collectionsRun === run?.runId ? s.collections : null;
    const open = s.collectionOpen ?? null;
    const d = c && open !== null && c.detail && c.detail.index === open ? c.detail : null;
    placeholder.hidden = !!c;
    setText(placeholder, run ? 'Reading the collections…' : 'Simulate a Python file to see its collections here.');
    listPane.hidden = !c || d !== null;
    detail.hidden = d === null;
    missing.hidden = !(d && d.step > s.step);
    setText(missing, d && d.step > s.step ? `This collection runs at step ${formatCount(d.step)}, after the step shown (${formatCount(s.step)}): the heap shows its objects before it.` : '');
    if (c && !d) drawList(s);
    if (!d) { detailShown = null; return; }
    if (d !== detailShown) {
      detailShown = d;
      phasesShown = collectionPhases(d);
      shownStepBefore = Math.max(0, d.step - 1);
      setText(detailTitle, `Collection ${formatCount(d.index + 1)}: ${reasonText(d.reason)}, generation ${d.generation}, step ${formatCount(d.step)}`);
      phaseList.replaceChildren(...phasesShown.map((p, k) => {
        const b = h('button', { class: 'gc-phase-item', attrs: { type: 'button', 'data-testid': 'collector-phase-item' } }, [
          h('span', { class: 'gc-phase-num', text: String(k + 1) }), h('span', { text: p.name }),
        ]);
        b.addEventListener('click', () => actions.showPhase(k));
        return h('li', {}, [b]);
      }));
    }
    drawPhase(d, phasesShown, s.collectionPhase ?? 0, s);
  };

  store.subscribe((s, changed) => {
    if (changed.has('collections') || changed.has('collectionsRun') || changed.has('collectionOpen') || changed.has('collectionPhase')
      || changed.has('view') || changed.has('viewRun') || changed.has('run') || changed.has('step')) draw(s);
  });
  return el;
}

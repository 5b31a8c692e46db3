// The drawing of a step: the stack column (frames newest first, each name with the dot its arrow
// starts from) and the heap's objects as boxes, laid out by model/layout.ts, with the arrows in
// an SVG layer over them. Boxes are kept by key between steps and rebuilt only when what they
// show changed; the layout is reused when the graph's shape did not change. Clicking a box or a
// name selects the object (its box and arrows light up, the others fade); so do Up and Down while
// the drawing has the focus (the selected box is its active descendant, and a live region says
// what was selected); Escape clears it.
// Dragging the background pans; the area scrolls when the drawing is larger than the panel.

import './memoryView.css';
import type { Actions } from '../actions';
import { HeapGraph, HeapNode, heapGraph } from '../model/graph';
import { HeapLayout, LayoutCache, layoutHeap } from '../model/layout';
import { DEFAULT_METRICS, Metrics, metricsCssVariables } from '../model/metrics';
import { boxDescription, selectionModel, stepSelection } from '../model/selection';
import { hasSteps } from '../model/timeline';
import { problemModel } from '../model/problem';
import type { AppState, Store } from '../store';
import { codicon, h, setText, svg } from './dom';
import { createHeapFooter } from './heapFooter';

interface BoxEntry {
  el: HTMLElement;
  /** the box's make-up (type, badges, rows): a box whose make-up is unchanged only has its values
   *  (repr, size, count, generation) rewritten */
  sig: string;
  values: BoxValues | null;
  /** where it is */
  geo: string;
}

export function createMemoryView(store: Store, actions: Actions): HTMLElement {
  const cache = new LayoutCache();
  let metrics: Metrics | null = null;

  const framesTitle = h('div', { class: 'column-title', text: 'Frames' });
  const objectsTitle = h('div', { class: 'column-title', text: 'Objects' });
  const stackEl = h('div', { class: 'stack', attrs: { 'data-testid': 'stack', role: 'list', 'aria-label': 'Frames, newest first' } });
  const arrowsEl = svg('svg', { class: 'arrows', 'aria-hidden': 'true' });
  const canvas = h('div', { class: 'heap-canvas' }, [framesTitle, objectsTitle, stackEl, arrowsEl]);
  const scroll = h('div', {
    class: 'heap-scroll',
    attrs: { tabindex: '0', role: 'group', 'aria-label': 'Frames and objects (Up and Down select an object)' },
  }, [canvas]);
  const announce = h('div', { class: 'visually-hidden', attrs: { 'aria-live': 'polite', 'data-testid': 'selection-status' } });
  const placeholderText = h('span');
  const placeholder = h('div', { class: 'heap-placeholder' }, [placeholderText]);
  const footer = createHeapFooter(store, actions);
  const el = h('div', { class: 'objects-view', attrs: { 'data-testid': 'heap' } }, [scroll, placeholder, footer, announce]);

  const boxes = new Map<string, BoxEntry>();
  let arrowEls = new Map<string, SVGGElement>();
  let graph: HeapGraph | null = null;
  let layout: HeapLayout | null = null;
  let drawnView: AppState['view'] = null;
  let drawnPrevious: AppState['previousView'] = null;

  // --- events ----------------------------------------------------------------------------------

  canvas.addEventListener('click', (e) => {
    const target = e.target as Element;
    const box = target.closest('.heap-object');
    if (box && !box.classList.contains('is-freed')) {
      actions.select(Number(box.getAttribute('data-id')));
      return;
    }
    const local = target.closest('.local[data-target-id]');
    if (local) actions.select(Number(local.getAttribute('data-target-id')));
  });

  // Up and Down move the selection through the drawn objects
  scroll.addEventListener('keydown', (e) => {
    if ((e.key !== 'ArrowDown' && e.key !== 'ArrowUp') || e.ctrlKey || e.metaKey || e.altKey || !graph) return;
    const next = stepSelection(graph, store.state.selected, e.key === 'ArrowDown' ? 1 : -1);
    if (next === null) return;
    e.preventDefault();
    actions.select(next);
    boxes.get(`o${next}`)?.el.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  });

  // drag the background to pan
  let pan: { x: number; y: number; left: number; top: number; id: number } | null = null;
  scroll.addEventListener('pointerdown', (e) => {
    const t = e.target as Element;
    if (e.button !== 0 || t.closest('.heap-object, .frame')) return;
    pan = { x: e.clientX, y: e.clientY, left: scroll.scrollLeft, top: scroll.scrollTop, id: e.pointerId };
    scroll.setPointerCapture(e.pointerId);
    scroll.classList.add('is-panning');
  });
  scroll.addEventListener('pointermove', (e) => {
    if (!pan || e.pointerId !== pan.id) return;
    scroll.scrollLeft = pan.left - (e.clientX - pan.x);
    scroll.scrollTop = pan.top - (e.clientY - pan.y);
  });
  const endPan = (e: PointerEvent) => {
    if (!pan || e.pointerId !== pan.id) return;
    pan = null;
    scroll.classList.remove('is-panning');
  };
  scroll.addEventListener('pointerup', endPan);
  scroll.addEventListener('pointercancel', endPan);

  // --- drawing ---------------------------------------------------------------------------------

  const draw = (s: AppState) => {
    const view = s.view && s.viewRun === s.run?.runId ? s.view : null;
    if (!view) {
      scroll.hidden = true;
      placeholder.hidden = false;
      setText(placeholderText, placeholderMessage(s));
      drawnView = null;
      return;
    }
    scroll.hidden = false;
    placeholder.hidden = true;
    if (view === drawnView && s.previousView === drawnPrevious) return;
    drawnView = view;
    drawnPrevious = s.previousView;
    if (!metrics) metrics = measure(canvas);
    const t0 = performance.now();
    graph = heapGraph(view, s.previousView);
    layout = layoutHeap(graph, metrics, cache);
    const t1 = performance.now();
    paint(graph, layout, metrics);
    el.dataset.layoutMs = (t1 - t0).toFixed(2);
    el.dataset.paintMs = (performance.now() - t1).toFixed(2);
    el.dataset.layoutCached = String(layout.cached);
    el.dataset.dagreNodes = String(layout.dagreNodes);
    el.dataset.objects = String(graph.nodes.length);
  };

  const paint = (g: HeapGraph, l: HeapLayout, m: Metrics) => {
    canvas.style.width = `${l.width}px`;
    canvas.style.height = `${l.height}px`;
    arrowsEl.setAttribute('width', String(l.width));
    arrowsEl.setAttribute('height', String(l.height));
    arrowsEl.setAttribute('viewBox', `0 0 ${l.width} ${l.height}`);
    place(framesTitle, l.stack.x, m.margin);
    place(objectsTitle, l.objectsTitle.x, l.objectsTitle.y);
    objectsTitle.hidden = g.nodes.length === 0;

    // the stack: small, rebuilt every time
    place(stackEl, l.stack.x, l.stack.y);
    stackEl.style.width = `${l.stack.w}px`;
    stackEl.replaceChildren(...stackChildren(g));

    // the boxes, kept by key
    const seen = new Set<string>();
    for (const n of g.nodes) {
      const b = l.boxes.get(n.key)!;
      seen.add(n.key);
      let entry = boxes.get(n.key);
      const sig = boxSignature(n);
      if (!entry) {
        const boxEl = h('div');
        entry = { el: boxEl, sig: '', geo: '', values: null };
        boxes.set(n.key, entry);
        canvas.insertBefore(boxEl, arrowsEl);
      }
      if (entry.sig !== sig) {
        entry.values = fillBox(entry.el, n);
        entry.sig = sig;
      } else if (entry.values) {
        updateValues(entry.values, n);
        const label = boxDescription(n);
        if (entry.el.getAttribute('aria-label') !== label) entry.el.setAttribute('aria-label', label);
      }
      const geo = `${b.x},${b.y},${b.w},${b.h}`;
      if (entry.geo !== geo) {
        entry.geo = geo;
        place(entry.el, b.x, b.y);
        entry.el.style.width = `${b.w}px`;
        entry.el.style.height = `${b.h}px`;
      }
    }
    for (const [k, entry] of boxes) {
      if (!seen.has(k)) {
        entry.el.remove();
        boxes.delete(k);
      }
    }

    // the arrows, kept by key: only the paths that moved are rewritten
    const next = new Map<string, SVGGElement>();
    for (const a of l.arrows) {
      let gEl = arrowEls.get(a.key);
      if (!gEl) {
        gEl = svg('g', { class: 'arrow', 'data-key': a.key });
        gEl.append(svg('path', { class: 'arrow-line' }), svg('path', { class: 'arrow-head' }), svg('circle', { class: 'arrow-dot', r: '3' }));
        arrowsEl.append(gEl);
      }
      arrowEls.delete(a.key);
      next.set(a.key, gEl);
      const line = gEl.children[0], head = gEl.children[1], dot = gEl.children[2];
      if (line.getAttribute('d') !== a.d) {
        line.setAttribute('d', a.d);
        head.setAttribute('d', a.head);
        dot.setAttribute('cx', String(a.start.x));
        dot.setAttribute('cy', String(a.start.y));
        gEl.setAttribute('class', `arrow${a.back ? ' is-back' : ''}${a.weak ? ' is-weak' : ''}`);
      }
      if (gEl.getAttribute('data-to') !== a.to) {
        gEl.setAttribute('data-from', a.from);
        gEl.setAttribute('data-to', a.to);
      }
    }
    for (const old of arrowEls.values()) old.remove();
    arrowEls = next;
    select(store.state.selected);
    highlight(store.state.highlight ?? null);
  };

  // the objects a collector phase is about (the Collector tab): is-gc-highlight (collectorView.css)
  const highlight = (ids: readonly number[] | null) => {
    if (!graph) return;
    const set = new Set(ids ?? []);
    canvas.classList.toggle('has-gc-highlight', set.size > 0);
    for (const n of graph.nodes) boxes.get(n.key)?.el.classList.toggle('is-gc-highlight', set.has(n.id));
  };

  const stackChildren = (g: HeapGraph): HTMLElement[] => {
    if (!g.frames.length) {
      return [h('div', { class: 'frame is-empty' }, [h('div', { class: 'frame-head' }, [h('span', { class: 'frame-name', text: 'no frames' })])])];
    }
    return g.frames.map((f) => {
      const frameEl = h('div', { class: f.current ? 'frame is-current' : 'frame', attrs: { role: 'listitem', 'data-key': f.key } }, [
        h('div', { class: 'frame-head' }, [
          h('span', { class: 'frame-name', text: f.name, title: f.name }),
          h('span', { class: 'frame-line', text: f.lineLabel }),
        ]),
      ]);
      if (!f.locals.length) frameEl.append(h('div', { class: 'local is-none', text: 'no names' }));
      for (const l of f.locals) {
        const row = h('div', { class: l.bound ? 'local' : 'local is-unbound' }, [h('span', { class: 'local-name', text: l.name, title: l.name })]);
        if (l.bound) row.setAttribute('data-target-id', String(l.id));
        else row.append(h('span', { class: 'local-unbound', text: 'unbound', title: `${l.name} is not bound to an object at this step` }));
        frameEl.append(row);
      }
      return frameEl;
    });
  };

  const select = (selected: number | null) => {
    if (!graph) return;
    const sel = selectionModel(graph, selected);
    canvas.classList.toggle('has-selection', sel.box !== null);
    for (const [k, entry] of boxes) {
      entry.el.classList.toggle('is-selected', k === sel.box);
      entry.el.classList.toggle('is-related', sel.neighbours.has(k));
    }
    for (const [k, gEl] of arrowEls) gEl.classList.toggle('is-selected', sel.arrows.has(k));
    const target = selected === null ? null : String(selected);
    stackEl.querySelectorAll<HTMLElement>('.local[data-target-id]').forEach((row) => {
      row.classList.toggle('is-selected', row.getAttribute('data-target-id') === target);
    });
    const chosen = sel.box ? boxes.get(sel.box) : undefined;
    if (chosen) scroll.setAttribute('aria-activedescendant', chosen.el.id);
    else scroll.removeAttribute('aria-activedescendant');
    const node = sel.box ? graph.nodes.find((n) => n.key === sel.box) : undefined;
    setText(announce, node ? `Selected ${boxDescription(node)}` : '');
  };

  store.subscribe((s, changed) => {
    if (changed.has('view') || changed.has('previousView') || changed.has('run') || changed.has('running') || changed.has('viewError')
      || changed.has('viewRun') || changed.has('loading')) draw(s);
    if (changed.has('selected')) select(s.selected);
    if (changed.has('highlight')) highlight(s.highlight ?? null);
    if (changed.has('loading') || changed.has('step') || changed.has('view')) {
      // a step still on its way: the drawing is of an earlier one
      el.classList.toggle('is-stale', !!s.view && s.view.step !== s.step && s.loading);
    }
  });
  return el;
}

function place(el: HTMLElement, x: number, y: number): void {
  el.style.transform = `translate(${x}px, ${y}px)`;
}

function placeholderMessage(s: AppState): string {
  if (s.running && !s.run) return `Simulating ${s.running.fileName}…`;
  if (!s.run) return 'Simulate a Python file to see its frames and objects here.';
  if (!hasSteps(s.run)) {
    const p = problemModel(s.run, true);
    return p ? p.nothingToShow : 'This run has no steps to show.';
  }
  if (s.viewError) return `This step cannot be shown: ${s.viewError}`;
  return 'Loading the step…';
}

function boxSignature(n: HeapNode): string {
  return JSON.stringify([n.type, n.repr === null, n.genLabel === null, n.badges.map((b) => b.text), n.rows.map((r) => [r.label, r.hint]), n.moreLabel, n.freed, n.kind]);
}

/** the elements of a box whose text changes from step to step */
interface BoxValues {
  repr: HTMLElement | null;
  size: HTMLElement;
  rc: HTMLElement;
  gen: HTMLElement | null;
}

function updateValues(v: BoxValues, n: HeapNode): void {
  if (v.repr && n.repr !== null && v.repr.textContent !== n.repr) {
    v.repr.textContent = n.repr;
    v.repr.title = n.repr;
  }
  setText(v.size, n.sizeLabel);
  if (v.rc.textContent !== n.rcLabel) {
    v.rc.textContent = n.rcLabel;
    v.rc.title = n.rcTitle;
  }
  if (v.gen && n.genLabel !== null && v.gen.textContent !== n.genLabel) {
    v.gen.textContent = n.genLabel;
    v.gen.title = n.genTitle;
  }
}

/** the content of an object's box; every string from the program goes in as text */
function fillBox(el: HTMLElement, n: HeapNode): BoxValues {
  el.className = `heap-object kind-${n.kind}${n.isNew ? ' is-new' : ''}${n.freed ? ' is-freed' : ''}`;
  el.setAttribute('data-testid', 'heap-object');
  el.setAttribute('data-id', String(n.id));
  el.setAttribute('data-type', n.type);
  el.setAttribute('data-key', n.key);
  el.id = `heap-${n.key}`;
  el.setAttribute('role', 'img');
  el.setAttribute('aria-label', boxDescription(n));
  const head = h('div', { class: 'obj-head' }, [h('span', { class: 'obj-type', text: n.type, title: `${n.type} at id ${n.id}` })]);
  for (const b of n.badges) head.append(h('span', { class: `badge badge-${b.kind}`, text: b.text, title: b.title }));
  const parts: HTMLElement[] = [head];
  const repr = n.repr !== null ? h('div', { class: 'obj-repr', text: n.repr, title: n.repr }) : null;
  if (repr) parts.push(repr);
  const size = h('span', { class: 'obj-size', text: n.sizeLabel, title: 'sys.getsizeof()' });
  const rc = h('span', { class: 'obj-rc', text: n.rcLabel, title: n.rcTitle });
  const gen = n.genLabel !== null ? h('span', { class: 'obj-gen', text: n.genLabel, title: n.genTitle }) : null;
  parts.push(h('div', { class: 'obj-meta' }, [size, rc, gen]));
  if (n.rows.length || n.moreLabel) {
    const rows = h('div', { class: 'obj-rows' });
    for (const r of n.rows) {
      const row = h('div', { class: r.target ? 'obj-row' : 'obj-row is-hidden-target' }, [h('span', { class: 'row-label', text: r.label, title: r.label })]);
      if (r.hint !== null) {
        const title = r.weak ? `refers to ${r.hint}: select either box to see the arrow` : 'refers to an object that is not drawn at this step';
        row.append(h('span', { class: 'row-note', text: r.hint, title }));
      }
      rows.append(row);
    }
    if (n.moreLabel) rows.append(h('div', { class: 'obj-more', text: n.moreLabel }));
    parts.push(rows);
  }
  if (n.freed) parts[0].prepend(codicon('trash', 'obj-freed-icon'));
  el.replaceChildren(...parts);
  return { repr, size, rc, gen };
}

/** the fonts' character widths in this page, and the box geometry as CSS variables */
function measure(host: HTMLElement): Metrics {
  const probe = (cls: string, text: string) => {
    const span = h('span', { class: `measure ${cls}`, text });
    host.append(span);
    const w = span.getBoundingClientRect().width;
    span.remove();
    return w / text.length;
  };
  const mono = probe('measure-mono', '0123456789abcdefghij'.repeat(5));
  const ui = probe('measure-ui', 'list dict str int tuple rc 12 gen 0 56 B untracked interned new');
  const m: Metrics = {
    ...DEFAULT_METRICS,
    monoChar: mono > 0 ? mono : DEFAULT_METRICS.monoChar,
    uiChar: ui > 0 ? ui : DEFAULT_METRICS.uiChar,
  };
  for (const [k, v] of Object.entries(metricsCssVariables(m))) host.style.setProperty(k, v);
  return m;
}

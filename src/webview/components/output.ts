// The output pane: what the program printed up to the step shown ("… N earlier characters" when
// only the tail was sent) and, at the last step of a run that raised, its traceback. Text only:
// what a program prints is never parsed as HTML. Follows the end while it was scrolled there.

import './output.css';
import { outputModel } from '../model/output';
import type { AppState, Store } from '../store';
import { h, setText } from './dom';

export function createOutput(store: Store): HTMLElement {
  const skipped = h('div', { class: 'output-skipped' });
  const text = h('pre', { class: 'output-text', attrs: { 'data-testid': 'output' } });
  const empty = h('div', { class: 'output-empty', text: 'Nothing printed yet' });
  const traceback = h('pre', { class: 'output-traceback', attrs: { 'data-testid': 'traceback' } });
  const scroll = h('div', { class: 'output-scroll', attrs: { tabindex: '0', 'aria-label': 'Program output' } }, [skipped, text, empty, traceback]);
  const el = h('section', { class: 'output-pane', attrs: { 'aria-label': 'Output' } }, [
    h('div', { class: 'pane-title', text: 'Output' }),
    scroll,
  ]);

  // follows the end while the user has not scrolled up (read on scroll, not while drawing a
  // step: reading the layout then would force one in the middle of the step's DOM updates)
  let atEnd = true;
  scroll.addEventListener('scroll', () => {
    atEnd = scroll.scrollTop + scroll.clientHeight >= scroll.scrollHeight - 4;
  }, { passive: true });
  let lastText = '';
  const render = (s: AppState) => {
    const view = s.view && s.viewRun === s.run?.runId ? s.view : null;
    const o = outputModel(view, s.run);
    skipped.hidden = !o.skipped;
    setText(skipped, o.skipped ?? '');
    const changed = o.text !== lastText;
    if (changed) {
      text.textContent = o.text;
      lastText = o.text;
    }
    empty.hidden = !o.empty || o.traceback !== null;
    traceback.hidden = o.traceback === null;
    setText(traceback, o.traceback ?? '');
    // scrolled after the frame's layout, not forcing one now
    if (atEnd && (changed || o.traceback !== null)) requestAnimationFrame(() => { scroll.scrollTop = scroll.scrollHeight; });
  };
  store.subscribe((s, changed) => {
    if (changed.has('view') || changed.has('run') || changed.has('viewRun')) render(s);
  });
  return el;
}

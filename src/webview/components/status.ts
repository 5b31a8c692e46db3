// The banners above the drawing: the simulation in progress (steps, line, Cancel), the problem a
// run ended with (its title, message and a link that reveals its line), and short notices ("No
// later heap change") read out politely by screen readers.

import './status.css';
import type { Actions } from '../actions';
import { formatCount } from '../model/format';
import { problemModel } from '../model/problem';
import { hasSteps } from '../model/timeline';
import type { AppState, Store } from '../store';
import { codicon, custom, h, setText } from './dom';

export function createStatus(store: Store, actions: Actions): HTMLElement {
  // running
  const runningText = h('span', { class: 'banner-text' });
  const cancel = custom('vscode-button', { attrs: { secondary: '', 'aria-label': 'Cancel simulation' } }, ['Cancel']);
  cancel.addEventListener('click', () => actions.cancel());
  const running = h('div', { class: 'banner banner-running', attrs: { 'data-testid': 'running', role: 'status' } }, [
    codicon('loading', 'is-spinning banner-icon'),
    runningText,
    cancel,
  ]);

  // problem
  const problemIcon = codicon('error', 'banner-icon');
  const problemTitle = h('span', { class: 'problem-title' });
  const problemMessage = h('span', { class: 'problem-message' });
  const problemLink = h('button', { class: 'link-button problem-line', attrs: { type: 'button' } });
  let problemLine = 0;
  problemLink.addEventListener('click', () => { if (problemLine > 0) actions.revealLine(problemLine); });
  const problemAt = h('span', { class: 'problem-at' }, ['at ', problemLink]);
  const problem = h('div', { class: 'banner banner-problem', attrs: { 'data-testid': 'problem', role: 'alert' } }, [
    problemIcon,
    h('div', { class: 'banner-text' }, [problemTitle, problemMessage, problemAt]),
  ]);

  const notice = h('div', { class: 'notice', attrs: { role: 'status', 'aria-live': 'polite' } });

  const el = h('div', { class: 'status' }, [running, problem, notice]);

  const render = (s: AppState) => {
    const r = s.running;
    running.hidden = !r;
    if (r) {
      const where = r.line > 0 ? `, line ${formatCount(r.line)}` : '';
      setText(runningText, `Simulating ${r.fileName} with CPython ${r.version}: ${formatCount(r.steps)} steps${where}`);
    }
    const p = r ? null : problemModel(s.run, !hasSteps(s.run));
    problem.hidden = !p;
    if (p) {
      problem.className = `banner banner-problem severity-${p.severity}${p.blocking ? ' is-blocking' : ''}`;
      problemIcon.className = `codicon codicon-${p.icon} banner-icon`;
      setText(problemTitle, p.title);
      setText(problemMessage, p.message);
      problemLine = p.line;
      problemAt.hidden = p.line <= 0;
      setText(problemLink, p.lineLabel);
      problemLink.setAttribute('aria-label', `Reveal ${p.lineLabel} in the editor`);
      problemLink.title = `Reveal ${p.lineLabel} in the editor`;
    }
    setText(notice, s.notice ?? '');
    notice.hidden = !s.notice;
  };
  store.subscribe((s, changed) => {
    if (changed.has('running') || changed.has('run') || changed.has('notice')) render(s);
  });
  return el;
}

// The annotated snippet's pane above the tabs (shown only for a program with annotations): the
// snippet's title and a summary of its expectations, the narration of the point the run has
// reached (Markdown drawn with text nodes: model/markdown.ts), the expectations checked at this
// step with both sides' values, the questions with their choices and an answer revealed on
// demand, and the list of every expectation, each a way to the step that checks it.

import './snippetView.css';
import type { Actions } from '../actions';
import { MdNode, markdownNodes } from '../model/markdown';
import { ExpectationHere, SnippetAt, expectationRows, outcomeText, snippetAt } from '../model/snippet';
import type { SnippetInfo } from '../../shared/protocol';
import type { AppState, Store } from '../store';
import { codicon, h, setText } from './dom';

const OUTCOME_ICON: Record<string, string> = {
  passed: 'pass', failed: 'error', error: 'warning', 'not-reached': 'circle-slash', pending: 'loading', skipped: 'dash',
};

/** Markdown nodes as DOM, text only */
export function renderMarkdown(nodes: MdNode[]): Node[] {
  return nodes.map((n): Node => {
    switch (n.kind) {
      case 'text': return document.createTextNode(n.text);
      case 'code': return h('code', { text: n.text });
      case 'pre': return h('pre', { class: 'snippet-pre', text: n.text });
      case 'br': return h('br');
      case 'link': return h('a', { attrs: { href: n.href } }, renderMarkdown(n.children));
      default: return h(n.kind, {}, renderMarkdown(n.children));
    }
  });
}

function outcomeLabel(o: string): string {
  return o === 'not-reached' ? 'not reached' : o;
}

function expectationItem(x: ExpectationHere): HTMLElement {
  const o = x.result ? x.result.outcome : x.expectation.outcome === 'pending' ? 'pending' : x.expectation.outcome;
  const values = x.result ? outcomeText(x.result) : '';
  const reach = x.reaches > 1 ? ` (reach ${x.reach + 1} of ${x.reaches})` : '';
  return h('li', { class: `snippet-check snippet-${o}`, attrs: { 'data-testid': 'snippet-check', 'data-outcome': o } }, [
    codicon(OUTCOME_ICON[o] ?? 'circle', o === 'pending' ? 'codicon-modifier-spin' : ''),
    h('span', { class: 'snippet-outcome', text: outcomeLabel(o) }),
    h('code', { class: 'snippet-expr', text: x.expectation.expression }),
    values ? h('span', { class: 'snippet-values', text: `(${values})` }) : null,
    x.expectation.simulatorOnly ? h('span', { class: 'snippet-note', text: 'simulator only' }) : null,
    reach ? h('span', { class: 'snippet-note', text: reach.trim() }) : null,
  ]);
}

export function createSnippetView(store: Store, actions: Actions): HTMLElement {
  const title = h('span', { class: 'snippet-title', attrs: { 'data-testid': 'snippet-title' } });
  const summary = h('span', { class: 'snippet-summary', attrs: { 'data-testid': 'snippet-summary', role: 'status' } });
  const compare = h('button', { class: 'snippet-compare', attrs: { type: 'button', 'data-testid': 'snippet-compare' } });
  compare.addEventListener('click', () => {
    const pair = store.state.snippet?.compare;
    if (pair) actions.compareVersions(pair);
  });
  const toggle = h('button', { class: 'icon-button snippet-toggle', attrs: { type: 'button', 'aria-expanded': 'true', 'aria-label': 'Hide the narration' } }, [codicon('chevron-up')]);
  const narration = h('div', { class: 'snippet-narration', attrs: { 'data-testid': 'snippet-narration', 'aria-live': 'polite' } });
  const checks = h('ul', { class: 'snippet-checks', attrs: { 'data-testid': 'snippet-checks', 'aria-label': 'Expectations checked at this step' } });
  const questions = h('div', { class: 'snippet-questions', attrs: { 'data-testid': 'snippet-questions' } });
  const allList = h('ul', { class: 'snippet-all', attrs: { 'data-testid': 'snippet-all' } });
  const all = h('details', { class: 'snippet-all-box' }, [h('summary', { text: 'Every expectation' }), allList]);
  const problems = h('ul', { class: 'snippet-problems', attrs: { 'data-testid': 'snippet-problems' } });
  const body = h('div', { class: 'snippet-body' }, [narration, checks, questions, problems, all]);
  const el = h('section', { class: 'snippet-pane', attrs: { 'aria-label': 'Snippet', 'data-testid': 'snippet' } }, [
    h('div', { class: 'snippet-head' }, [codicon('book'), title, compare, toggle, summary]),
    body,
  ]);
  el.hidden = true;
  toggle.addEventListener('click', () => {
    const open = body.hidden;
    body.hidden = !open;
    toggle.setAttribute('aria-expanded', String(open));
    toggle.setAttribute('aria-label', open ? 'Hide the narration' : 'Show the narration');
    toggle.replaceChildren(codicon(open ? 'chevron-up' : 'chevron-down'));
  });

  /** the answers revealed and the choices picked, by question (reset with each snippet) */
  let revealed = new Set<string>();
  let picked = new Map<string, number>();

  const drawQuestions = (at: SnippetAt) => {
    questions.replaceChildren(...at.questions.map(({ line, question }, qi) => {
      const key = `${line}:${qi}`;
      const shown = revealed.has(key);
      const choice = picked.get(key);
      const choices = question.choices.map((c, ci) => {
        const b = h('button', {
          class: `snippet-choice${choice === ci ? ' picked' : ''}${shown ? (c.right ? ' right' : ' wrong') : ''}`,
          attrs: { type: 'button', 'aria-pressed': String(choice === ci), 'data-testid': 'snippet-choice' },
        }, [shown ? codicon(c.right ? 'pass' : 'close') : null, ...renderMarkdown(inlineNodes(c.text))]);
        b.addEventListener('click', () => { picked.set(key, ci); drawQuestions(at); });
        return h('li', {}, [b]);
      });
      const reveal = h('button', { class: 'snippet-reveal', text: shown ? 'Hide the answer' : 'Show the answer', attrs: { type: 'button', 'data-testid': 'snippet-reveal' } });
      reveal.addEventListener('click', () => { if (shown) revealed.delete(key); else revealed.add(key); drawQuestions(at); });
      const verdict = shown && choice !== undefined
        ? h('div', { class: 'snippet-verdict', text: question.choices[choice]?.right ? 'Your choice is right.' : 'Your choice is not right.' })
        : null;
      return h('div', { class: 'snippet-question', attrs: { 'data-testid': 'snippet-question' } }, [
        h('div', { class: 'snippet-question-text' }, [codicon('question'), ...renderMarkdown(markdownOf(question.text))]),
        choices.length ? h('ol', { class: 'snippet-choices' }, choices) : null,
        reveal,
        verdict,
        shown && question.answer ? h('div', { class: 'snippet-answer', attrs: { 'data-testid': 'snippet-answer' } }, renderMarkdown(markdownOf(question.answer))) : null,
      ]);
    }));
  };

  /** what does not change with the step: drawn when the snippet (or its run) changes */
  let drawnInfo: SnippetInfo | null = null;
  const drawSnippet = (info: SnippetInfo, version: string) => {
    if (drawnInfo?.runId !== info.runId) { revealed = new Set(); picked = new Map(); }
    drawnInfo = info;
    narrationKey = null;
    questionsKey = null;
    setText(title, info.title ?? 'Annotated snippet');
    compare.hidden = !info.compare;
    if (info.compare) {
      compare.replaceChildren(codicon('diff'), ` Compare ${info.compare[0]} and ${info.compare[1]}`);
      compare.title = `Compare this step on CPython ${info.compare[0]} and ${info.compare[1]}, as the snippet suggests`;
    }
    const sm = info.summary;
    setText(summary, info.checking ? 'checking the expectations...' : sm
      ? `${sm.passed} passed${sm.failed ? `, ${sm.failed} failed` : ''}${sm.errors ? `, ${sm.errors} errors` : ''}${sm.notReached ? `, ${sm.notReached} not reached` : ''} on CPython ${version}`
      : '');
    summary.classList.toggle('snippet-bad', !!sm && (sm.failed > 0 || sm.errors > 0));
    problems.replaceChildren(...info.problems.map((p) => {
      const b = h('button', { class: 'snippet-problem-line', text: `line ${p.line}`, attrs: { type: 'button' } });
      b.addEventListener('click', () => actions.revealLine(p.line));
      return h('li', { class: `snippet-problem snippet-${p.severity}` }, [codicon(p.severity === 'error' ? 'error' : 'warning'), b, ` ${p.message}`]);
    }));
    problems.hidden = !info.problems.length;
    const rows = expectationRows(info);
    allList.replaceChildren(...rows.map((r) => {
      const go = h('button', { class: 'snippet-row', attrs: { type: 'button', 'data-testid': 'snippet-row', 'data-outcome': r.outcome } }, [
        codicon(OUTCOME_ICON[r.outcome] ?? 'circle'),
        h('span', { class: 'snippet-row-line', text: `line ${r.line}` }),
        h('code', { class: 'snippet-expr', text: r.expression }),
        r.values ? h('span', { class: 'snippet-values', text: `(${r.values})` }) : null,
        h('span', { class: 'snippet-outcome', text: outcomeLabel(r.outcome) }),
      ]);
      go.disabled = r.step === null;
      if (r.step !== null) go.addEventListener('click', () => actions.goTo(r.step!));
      return h('li', {}, [go]);
    }));
    all.hidden = !rows.length;
  };

  /** the narration and the questions drawn, by the point they belong to (redrawn when it changes) */
  let narrationKey: string | null = null;
  let questionsKey: string | null = null;
  const drawStep = (info: SnippetInfo, step: number) => {
    const at = snippetAt(info, step);
    const nk = `${at.narrationLine}:${at.narration ?? ''}`;
    if (nk !== narrationKey) {
      narrationKey = nk;
      narration.replaceChildren(...(at.narration ? renderMarkdown(markdownNodes(at.narration)) : []));
      narration.hidden = !at.narration;
    }
    checks.replaceChildren(...at.here.map(expectationItem));
    checks.hidden = !at.here.length;
    const qk = at.questions.map((q) => `${q.line}:${q.question.text}`).join('\u0000');
    if (qk !== questionsKey) {
      questionsKey = qk;
      drawQuestions(at);
    }
  };

  const render = (s: AppState, snippetChanged: boolean) => {
    const info = s.snippet && s.run && s.snippet.runId === s.run.runId ? s.snippet : null;
    el.hidden = !info;
    if (!info) { drawnInfo = null; return; }
    if (snippetChanged || info !== drawnInfo) drawSnippet(info, s.run?.version ?? '');
    drawStep(info, s.step);
  };
  store.subscribe((s, changed) => {
    if (changed.has('snippet') || changed.has('run')) render(s, true);
    else if (changed.has('step')) render(s, false);
  });
  return el;
}

function markdownOf(text: string): MdNode[] {
  return markdownNodes(text);
}

/** a choice's Markdown without its paragraph */
function inlineNodes(text: string): MdNode[] {
  const n = markdownNodes(text);
  return n.length === 1 && n[0].kind === 'p' ? n[0].children : n;
}

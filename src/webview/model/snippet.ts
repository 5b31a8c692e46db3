// What the panel shows of an annotated snippet at a step: the narration of the last point the run
// has reached (it stays until the next narration), the expectations of the points reached at this
// very step with the outcome of this reach, the objects to focus on, the questions, and the list
// of every expectation with its overall outcome (each a way to the step that checks it). Also
// the object a focus path names in a step's view. Pure, tested in plain Node.

import type { SnippetExpectation, SnippetInfo, SnippetOutcome, SnippetPoint, SnippetQuestion, StepView } from '../../shared/protocol';

/** an expectation checked at the step shown */
export interface ExpectationHere {
  expectation: SnippetExpectation;
  /** this reach's outcome (null: being checked, skipped or not recorded past the cap) */
  result: SnippetOutcome | null;
  reach: number;
  reaches: number;
}

/** one row of the list of every expectation */
export interface ExpectationRow {
  line: number;
  expression: string;
  outcome: SnippetExpectation['outcome'];
  /** the first failing (else the first) reach's values, as "88 == 88" */
  values: string | null;
  simulatorOnly: boolean;
  /** the step that checks it (its point's first reach, or its first failing reach) */
  step: number | null;
}

export interface SnippetAt {
  title: string | null;
  /** the line of the point the narration belongs to, and its Markdown (markdownNodes draws it) */
  narrationLine: number | null;
  narration: string | null;
  here: ExpectationHere[];
  /** the focus of the last point reached that names one, and which point and reach that is */
  focus: string[][];
  focusKey: string | null;
  /** the questions of the last point reached that asks some, with their line */
  questions: { line: number; question: SnippetQuestion }[];
  summary: SnippetInfo['summary'];
  checking: boolean;
}

/** the last step ≤ step at which `p` is reached, with its reach index, or null */
function lastReach(p: SnippetPoint, step: number): { step: number; reach: number } | null {
  let lo = 0, hi = p.steps.length;
  while (lo < hi) {
    const m = (lo + hi) >> 1;
    if (p.steps[m] <= step) lo = m + 1; else hi = m;
  }
  return lo ? { step: p.steps[lo - 1], reach: lo - 1 } : null;
}

/** "88 == 88", "True", or the error */
export function outcomeText(r: SnippetOutcome): string {
  if (r.error) return r.error;
  if (r.op !== null) return `${r.left ?? '?'} ${r.op} ${r.right ?? '?'}`;
  return r.value ?? '';
}

export function snippetAt(info: SnippetInfo, step: number): SnippetAt {
  let narr: { at: number; order: number; p: SnippetPoint } | null = null;
  let focus: { at: number; order: number; p: SnippetPoint } | null = null;
  let ask: { at: number; order: number; p: SnippetPoint } | null = null;
  const here: ExpectationHere[] = [];
  info.points.forEach((p, order) => {
    const r = lastReach(p, step);
    if (!r) return;
    const later = (x: { at: number; order: number } | null) => !x || r.step > x.at || (r.step === x.at && order > x.order);
    if (p.narration && later(narr)) narr = { at: r.step, order, p };
    if (p.focus.length && later(focus)) focus = { at: r.step, order, p };
    if (p.questions.length && later(ask)) ask = { at: r.step, order, p };
    if (r.step !== step) return;
    for (const e of p.expectations) {
      if (!e.applies) continue;
      here.push({ expectation: e, result: e.results?.find((x) => x.reach === r.reach) ?? null, reach: r.reach, reaches: p.reaches });
    }
  });
  const n = narr as { p: SnippetPoint } | null;
  const f = focus as { p: SnippetPoint } | null;
  const q = ask as { p: SnippetPoint } | null;
  return {
    title: info.title,
    narrationLine: n ? n.p.line : null,
    narration: n ? n.p.narration : null,
    here,
    focus: f ? f.p.focus : [],
    focusKey: focus ? `${(focus as { order: number }).order}@${(focus as { at: number }).at}` : null,
    questions: q ? q.p.questions.map((question) => ({ line: q.p.line, question })) : [],
    summary: info.summary,
    checking: info.checking,
  };
}

/** every expectation of the snippet as a row (they do not change with the step) */
export function expectationRows(info: SnippetInfo): ExpectationRow[] {
  const rows: ExpectationRow[] = [];
  for (const p of info.points) {
    for (const e of p.expectations) {
      const bad = e.results?.find((x) => x.outcome !== 'passed') ?? null;
      const shown = bad ?? e.results?.[0] ?? null;
      const stepOf = shown ? p.steps[shown.reach] ?? null : p.steps[0] ?? null;
      rows.push({ line: e.line, expression: e.expression, outcome: e.outcome, values: shown ? outcomeText(shown) : null, simulatorOnly: e.simulatorOnly, step: stepOf });
    }
  }
  return rows;
}

/** the id of the object a dotted path names at a step: the innermost frame's local, else the
 *  module's global, then attributes by the labels of the objects' referents; null when unknown */
export function focusId(view: StepView, path: string[]): number | null {
  if (!path.length) return null;
  const frames = view.frames;
  let id: number | null = null;
  for (const f of [frames[frames.length - 1], frames[0]]) {
    const l = f?.locals.find((x) => x.name === path[0]);
    if (l && l.id) { id = l.id; break; }
  }
  for (const name of path.slice(1)) {
    if (id === null) return null;
    const o = view.objects.find((x) => x.id === id);
    const ref = o?.refs.find((r) => r.label === name);
    id = ref ? ref.id : null;
  }
  return id;
}

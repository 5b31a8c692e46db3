// An annotated snippet's annotations placed on a run the worker holds, as the memory panel shows
// them (shared/protocol.ts SnippetInfo): the points with the steps that reach them, and, once
// checked (engine/annotations/check.ts: probed runs of the snippet on the run's version), each
// expectation's outcome per reach. Lines are the program's; the host maps them to the document's.

import { appliesTo, checkSnippet, parseAnnotations, pointSteps } from '../engine';
import type { AnnotatedSnippet, CheckResult, PyVersion, TraceRecorder } from '../engine';
import type { SnippetExpectation, SnippetInfo, SnippetOutcome, SnippetPoint } from '../shared/protocol';
import { SNIPPET_STEPS_CAP } from '../shared/protocol';

/** outcomes kept per expectation (the first ones) */
const OUTCOMES_CAP = 200;

/** the snippet's annotations on the run, with the outcomes of `check` (without: checking is true
 *  while `willCheck`); `parsed`: its annotations, when already read */
export function snippetInfo(
  rec: TraceRecorder, source: string, version: PyVersion, runId: number, check: CheckResult | null, willCheck: boolean,
  parsed: AnnotatedSnippet = parseAnnotations(source),
): SnippetInfo | null {
  if (!parsed.points.length && !parsed.problems.length && parsed.title === null && parsed.versions === null) return null;
  const steps = pointSteps(rec, source, parsed.points.map((p) => ({ kind: p.kind, line: p.line })), SNIPPET_STEPS_CAP);
  const byId = new Map<number, CheckResult['results']>();
  for (const r of check?.results ?? []) {
    const list = byId.get(r.id);
    if (list) list.push(r); else byId.set(r.id, [r]);
  }
  const summary = { passed: 0, failed: 0, errors: 0, notReached: 0 };
  const points: SnippetPoint[] = parsed.points.map((p, i) => ({
    line: p.line ?? 0,
    kind: p.kind,
    steps: steps[i].steps,
    reaches: steps[i].reaches,
    narration: p.narration || null,
    focus: p.focus.map((f) => f.path),
    questions: p.questions.map((q) => ({ text: q.text, choices: q.choices.map((c) => ({ text: c.text, right: c.right })), answer: q.answer })),
    expectations: p.expectations.map((e): SnippetExpectation => {
      const applies = appliesTo(e, version);
      if (!applies) return { line: e.line, expression: e.text, simulatorOnly: e.simulatorOnly, applies, results: null, outcome: 'skipped' };
      if (!check) return { line: e.line, expression: e.text, simulatorOnly: e.simulatorOnly, applies, results: null, outcome: willCheck ? 'pending' : 'not-reached' };
      const rs = byId.get(e.id) ?? [];
      const reached = rs.filter((r) => r.outcome !== 'not-reached');
      const results: SnippetOutcome[] = reached.slice(0, OUTCOMES_CAP).map((r) => ({
        reach: r.reach - 1, outcome: r.outcome as SnippetOutcome['outcome'], left: r.left ?? null, op: r.op ?? null, right: r.right ?? null,
        value: r.value ?? null, error: r.error ?? null,
      }));
      const outcome: SnippetExpectation['outcome'] = !reached.length ? 'not-reached'
        : reached.some((r) => r.outcome === 'error') ? 'error'
          : reached.some((r) => r.outcome === 'failed') ? 'failed' : 'passed';
      if (outcome === 'passed') summary.passed++;
      else if (outcome === 'failed') summary.failed++;
      else if (outcome === 'error') summary.errors++;
      else summary.notReached++;
      return { line: e.line, expression: e.text, simulatorOnly: e.simulatorOnly, applies, results, outcome };
    }),
  }));
  const problems = parsed.problems.map((p) => ({ line: p.line, ...(p.column !== undefined ? { column: p.column } : {}), severity: p.severity, message: p.message }));
  if (check?.run) {
    problems.push({
      line: check.run.line, ...(check.run.column !== undefined ? { column: check.run.column } : {}), severity: 'error',
      message: `${check.run.inProbe ? 'an expectation' : 'the snippet'} did not run to its end when checked: ${check.run.message}`,
    });
  }
  return {
    runId, title: parsed.title, versions: parsed.versions ?? [], compare: parsed.compare, points, problems,
    checking: willCheck && !check && parsed.expectations.length > 0, summary: check ? summary : null,
  };
}

/** the expectations checked on the run's version (probed runs of the snippet) */
export function checkedSnippetInfo(rec: TraceRecorder, source: string, version: PyVersion, runId: number, options: { memoryLimitMb?: number; filename?: string }): SnippetInfo | null {
  const parsed = parseAnnotations(source);
  if (!parsed.expectations.length) return snippetInfo(rec, source, version, runId, null, false, parsed);
  const check = checkSnippet(source, version, { snippet: parsed, ...options });
  return snippetInfo(rec, source, version, runId, check, true, parsed);
}

// Checking an annotated snippet on one version: every expectation that applies to the version is
// evaluated at its point, each time the run reaches it, by running the probed program
// (probe.ts: the snippet with a probe statement at each point, the same text real CPython runs
// for the recordings) in the simulator, with the `mem` module on (RunOptions.memHelpers). Pure:
// no I/O, no vscode.

import type { PyVersion } from '../versions';
import { parse } from '../parser';
import { PySyntaxError, UnsupportedError } from '../errors';
import { Session } from '../interp/run';
import { unsupportedMessage } from '../report';
import { AnnotatedSnippet, ComparisonOp, Expectation, appliesTo, parseAnnotations } from './parse';
import { ProbeReport, ProbedProgram, ReportReader, exceptionLine, probeProgram } from './probe';

/** the step limit of a check's run (RunOptions.maxSteps) */
export const CHECK_MAX_STEPS = 1_000_000;
/** reports kept per expectation; reaches past them are counted only */
export const CHECK_MAX_REPORTS = 1000;

export interface CheckOptions {
  /** the snippet's annotations, when already parsed */
  snippet?: AnnotatedSnippet;
  /** default CHECK_MAX_STEPS */
  maxSteps?: number;
  /** reports kept per expectation (default CHECK_MAX_REPORTS) */
  maxReports?: number;
  /** RunOptions.memoryLimitMb */
  memoryLimitMb?: number;
  /** the file name in the run's tracebacks (default "<string>") */
  filename?: string;
}

export type ExpectationOutcome = 'passed' | 'failed' | 'error' | 'not-reached';

/** One reach of one expectation (or, when it was never reached, the expectation alone). */
export interface ExpectationResult {
  /** Expectation.id */
  id: number;
  /** the annotation's line and the expression's column (1-based) */
  line: number;
  column: number;
  expression: string;
  version: PyVersion;
  /** which reach of its point this was (1-based); 0 when not reached */
  reach: number;
  outcome: ExpectationOutcome;
  /** not compared with CPython (it uses `mem`) */
  simulatorOnly: boolean;
  /** a comparison's operator and the repr() of its sides */
  op?: ComparisonOp;
  left?: string;
  right?: string;
  /** the repr() of the value of an expression that is not a comparison */
  value?: string;
  /** 'error': the exception's last traceback line (`NameError: name 'y' is not defined`), or why
   *  the expression is not valid Python of this version */
  error?: string;
}

/** How often an expectation's point was reached, and the outcomes of all its reaches (those past
 *  the reports kept too). */
export interface ReachCount {
  id: number;
  reaches: number;
  /** reports past CheckOptions.maxReports were counted, their values not kept */
  capped: boolean;
  passed: number;
  failed: number;
  errors: number;
}

/** Why the run itself did not end normally. */
export interface CheckRunProblem {
  kind: 'syntax' | 'unsupported' | 'exception' | 'step-limit';
  /** the snippet's line (a probe's error: its annotation's line) */
  line: number;
  column?: number;
  /** one line: `ZeroDivisionError: division by zero` */
  message: string;
  /** it happened in the code of a probe, not of the snippet */
  inProbe: boolean;
}

export interface CheckResult {
  version: PyVersion;
  /** by expectation (source order), then reach */
  results: ExpectationResult[];
  reaches: ReachCount[];
  run: CheckRunProblem | null;
  /** what the program printed, without the probes' reports */
  stdout: string;
  steps: number;
  probed: ProbedProgram;
}

/** Checks the expectations of an annotated snippet that apply to `version`. Engine bugs propagate;
 *  everything about the snippet is in the result. */
export function checkSnippet(source: string, version: PyVersion, options: CheckOptions = {}): CheckResult {
  const snippet = options.snippet ?? parseAnnotations(source);
  const probed = probeProgram(source, snippet, version);
  const maxReports = options.maxReports ?? CHECK_MAX_REPORTS;
  const byId = new Map<number, { e: Expectation; reports: ProbeReport[]; count: number; passed: number; failed: number; errors: number }>();
  for (const e of probed.probes) byId.set(e.id, { e, reports: [], count: 0, passed: 0, failed: 0, errors: 0 });
  const reader = new ReportReader((r) => {
    const slot = byId.get(r.id);
    if (!slot) return;
    slot.count++;
    if (r.kind === 'error') slot.errors++;
    else if (r.outcome) slot.passed++;
    else slot.failed++;
    if (slot.reports.length < maxReports) slot.reports.push(r);
  });
  const result: CheckResult = { version, results: [], reaches: [], run: null, stdout: '', steps: 0, probed };

  // the snippet itself must compile: its own syntax error is reported as the snippet's
  let ran = false;
  try {
    parse(source, version);
  } catch (e) {
    result.run = compileProblem(e, null);
  }
  if (!result.run) {
    const session = new Session(probed.source, {
      version, maxSteps: options.maxSteps ?? CHECK_MAX_STEPS, memoryLimitMb: options.memoryLimitMb,
      filename: options.filename, memHelpers: true, onStdout: (t) => reader.feed(t),
    });
    const r = session.finish();
    reader.finish();
    ran = true;
    result.steps = r.steps;
    if (r.error) {
      const at = r.error.line;
      const line = at >= 1 && at <= probed.lineMap.length ? probed.lineMap[at - 1] : at;
      const inProbe = at >= 1 && at <= probed.probeLine.length && probed.probeLine[at - 1];
      const message = r.error.kind === 'exception' ? (r.error.message ? `${r.error.type}: ${r.error.message}` : r.error.type)
        : r.error.kind === 'unsupported' ? unsupportedMessage(r.error.message)
          : r.error.kind === 'step-limit' ? `the run went past ${options.maxSteps ?? CHECK_MAX_STEPS} steps and was stopped`
            : `${r.error.type}: ${r.error.message}`;
      result.run = { kind: r.error.kind, line, message: r.error.kind === 'syntax' && inProbe ? `the probes do not compile: ${message}` : message, inProbe };
      if (r.error.kind === 'syntax' && r.error.offset && !inProbe) result.run.column = r.error.offset;
    }
  }
  result.stdout = reader.output;

  const invalid = new Map(probed.invalid.map((x) => [x.expectation.id, x.error]));
  for (const e of snippet.expectations) {
    if (!appliesTo(e, version)) continue;
    const base = { id: e.id, line: e.line, column: e.column, expression: e.text, version, simulatorOnly: e.simulatorOnly };
    const bad = invalid.get(e.id);
    if (bad !== undefined) {
      result.results.push({ ...base, reach: 0, outcome: 'error', error: bad });
      continue;
    }
    const slot = byId.get(e.id);
    const reports = ran && slot ? slot.reports : [];
    result.reaches.push(slot
      ? { id: e.id, reaches: slot.count, capped: slot.count > slot.reports.length, passed: slot.passed, failed: slot.failed, errors: slot.errors }
      : { id: e.id, reaches: 0, capped: false, passed: 0, failed: 0, errors: 0 });
    if (!reports.length) {
      result.results.push({ ...base, reach: 0, outcome: 'not-reached' });
      continue;
    }
    reports.forEach((r, k) => {
      const x: ExpectationResult = { ...base, reach: k + 1, outcome: 'passed' };
      if (r.kind === 'error') {
        x.outcome = 'error';
        x.error = exceptionLine(r.module, r.qualname, r.message, version);
      } else {
        x.outcome = r.outcome ? 'passed' : 'failed';
        if (e.comparison) {
          x.op = e.comparison.op;
          x.left = r.values[0] ?? '';
          x.right = r.values.slice(1).join('\x1f');
        } else {
          x.value = r.values.join('\x1f');
        }
      }
      result.results.push(x);
    });
  }
  return result;
}

function compileProblem(e: unknown, _probed: ProbedProgram | null): CheckRunProblem {
  if (e instanceof PySyntaxError) {
    const p: CheckRunProblem = { kind: 'syntax', line: e.lineno, message: `${e.type}: ${e.msg}`, inProbe: false };
    if (e.offset > 0) p.column = e.offset;
    return p;
  }
  if (e instanceof UnsupportedError) return { kind: 'unsupported', line: e.lineno, message: unsupportedMessage(e.construct), inProbe: false };
  throw e;
}

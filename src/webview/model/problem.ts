// How a run that ended with a problem is announced: a title by kind, the one-line message, the
// line to reveal ("line 3"), and how serious it is (its icon and colour). Pure.

import type { RunEnd, RunInfo } from '../../shared/protocol';
import { formatCount } from './format';

export interface ProblemModel {
  kind: RunEnd;
  severity: 'error' | 'warning' | 'info';
  /** a codicon name */
  icon: string;
  title: string;
  message: string;
  /** 0 when no line is known */
  line: number;
  /** "line 3" (with the column when known), "" without a line */
  lineLabel: string;
  /** the run has no steps: the problem is all the panel can show */
  blocking: boolean;
  /** what the drawing's place says when the run has no steps */
  nothingToShow: string;
}

const TITLES: Record<RunEnd, string> = {
  finished: 'Finished',
  exception: 'Uncaught exception',
  cancelled: 'Simulation cancelled',
  'step-limit': 'Stopped at the step limit',
  syntax: 'Syntax error',
  unsupported: 'Unsupported construct',
  'out-of-memory': 'The simulation ran out of memory',
  crashed: 'The simulator failed',
};

const SEVERITY: Record<RunEnd, ProblemModel['severity']> = {
  finished: 'info',
  exception: 'error',
  cancelled: 'info',
  'step-limit': 'warning',
  syntax: 'error',
  unsupported: 'warning',
  'out-of-memory': 'warning',
  crashed: 'error',
};

const NOTHING: Record<RunEnd, string> = {
  finished: 'This run has no steps to show.',
  exception: 'This run has no steps to show.',
  cancelled: 'The simulation was cancelled before its first step.',
  'step-limit': 'This run has no steps to show.',
  syntax: 'Nothing ran: the program does not compile.',
  unsupported: 'Nothing ran: the program uses a construct the simulator does not model.',
  'out-of-memory': 'The simulation ran out of memory: its steps are lost.',
  crashed: 'The simulator failed before the first step.',
};

export function problemModel(run: RunInfo | null, blocking: boolean): ProblemModel | null {
  if (!run || !run.problem) return null;
  const p = run.problem;
  const severity = SEVERITY[p.kind] ?? 'error';
  let lineLabel = '';
  if (p.line > 0) lineLabel = `line ${formatCount(p.line)}${p.column !== undefined ? `, column ${formatCount(p.column)}` : ''}`;
  return {
    kind: p.kind,
    severity,
    icon: severity === 'error' ? 'error' : severity === 'warning' ? 'warning' : 'info',
    title: TITLES[p.kind] ?? p.kind,
    message: p.message,
    line: p.line,
    lineLabel,
    blocking,
    nothingToShow: NOTHING[p.kind] ?? 'This run has no steps to show.',
  };
}

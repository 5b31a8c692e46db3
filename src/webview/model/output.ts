// The output pane: what the program printed up to the step ("… 1,234 earlier characters" when the
// view sends only its tail), and the traceback of an uncaught exception from the step whose line
// raises it (the last step with frames: the panel opens there) to the end, or what CPython prints
// for a syntax error. Pure.

import type { RunInfo, StepView } from '../../shared/protocol';
import { formatCount } from './format';

export interface OutputModel {
  /** "… 1,234 earlier characters", or null when the text is whole */
  skipped: string | null;
  text: string;
  /** nothing printed yet */
  empty: boolean;
  traceback: string | null;
}

export function outputModel(view: StepView | null, run: RunInfo | null): OutputModel {
  const text = view?.output.text ?? '';
  const skippedCount = view?.output.skipped ?? 0;
  let traceback: string | null = null;
  if (run && run.stderr) {
    if (run.end === 'exception' && view && view.step >= run.totalSteps - 1) traceback = run.stderr;
    if (run.end === 'syntax') traceback = run.stderr;
  }
  return {
    skipped: skippedCount > 0 ? `… ${formatCount(skippedCount)} earlier character${skippedCount === 1 ? '' : 's'}` : null,
    text,
    empty: text.length === 0 && skippedCount === 0,
    traceback,
  };
}

// The step view: a MemorySnapshot reduced to what the memory panel shows (see view.ts).

import type { TraceRecorder } from './recorder';
import type { StepView, ViewQuery } from './view';

/** the view of step `query.step` of a recorded run */
export function stepView(rec: TraceRecorder, query: ViewQuery): StepView {
  void rec;
  void query;
  throw new Error('stepView: not implemented yet');
}

// Helpers of the trace's tests: a program recorded with the step trace, and the line of a source.

import * as assert from 'assert';
import { Session } from '../../src/engine/interp/run';
import { TraceOptions, TraceRecorder } from '../../src/engine/trace';
import type { PyVersion } from '../../src/engine/versions';

/** `source` run to its end with the step trace recorded; it must write nothing to stderr */
export function record(source: string, version: PyVersion = '3.12', options: TraceOptions = {}): TraceRecorder {
  const s = new Session(source, { version });
  const rec = new TraceRecorder(s, options);
  const result = s.finish();
  rec.finish();
  assert.strictEqual(result.stderr, '', result.stderr);
  return rec;
}

/** the line of `source` that is `text` */
export function lineOf(source: string, text: string): number {
  const i = source.split('\n').indexOf(text);
  assert.ok(i >= 0, text);
  return i + 1;
}

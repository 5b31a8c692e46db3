// The stack column's rows: the frames of a step newest first (the innermost call on top), each
// with its name, its line and its local names, each name bound to an object id or unbound. Pure.

import type { SnapshotFrame } from '../../shared/protocol';
import { formatCount } from './format';

export interface StackLocal {
  name: string;
  /** id() of the bound object; 0 when unbound */
  id: number;
  bound: boolean;
}

export interface StackFrame {
  /** stable across steps while the frame lives: its depth from the outermost frame */
  key: string;
  name: string;
  line: number;
  /** "line 7", or "" when the line is not known */
  lineLabel: string;
  /** the innermost frame (the one running) */
  current: boolean;
  locals: StackLocal[];
}

/** the frames newest first; `frames` comes outermost first, as the step view gives them */
export function stackFrames(frames: readonly SnapshotFrame[]): StackFrame[] {
  const out: StackFrame[] = [];
  for (let i = frames.length - 1; i >= 0; i--) {
    const f = frames[i];
    out.push({
      key: `f${i}`,
      name: f.name,
      line: f.line,
      lineLabel: f.line > 0 ? `line ${formatCount(f.line)}` : '',
      current: i === frames.length - 1,
      locals: f.locals.map((l) => ({ name: l.name, id: l.id, bound: l.id !== 0 })),
    });
  }
  return out;
}

// What the editor shows of a run beside the source itself: the object a name of a line was bound
// to after that line ran (hovers), the size and blocks of the values that assignments bound
// (inlay hints), and each function's calls, peak blocks and collections (code lenses).
//
// A line "ran" at step N when N's next line was that line (TraceRecorder.lineAt); the state after
// it ran is the first step after N at which the frame that ran it is back at one of its own lines
// (the callees of the line have returned) or has returned itself. A name is looked up as CPython
// does at that point: in the frame's locals (fast locals and cells of a function, the namespace
// of a module or class body), then in the module's globals; an attribute path (`self.x`) follows
// the object's referents by their labels (ViewRef.label: an instance's attributes, slots).
//
// Pure data and pure functions over a trace; computed in the simulation worker on request.

import type { DetailsAllocation } from './details';
import type { TraceRecorder } from './recorder';
import type { ViewCache } from './view';

/** Which name to look up, and when. */
export interface NameQuery {
  /** the program line (1-based) the name is on: the first line of its statement */
  line: number;
  /** the dotted path: ['x'], ['self', 'items'] */
  path: string[];
  /** the memory panel's step: when the line ran before it, the state there is shown (the name
   *  looked up in the frame that ran the line, if that frame is still on the stack) */
  atStep?: number | null;
}

/** One object as a hover describes it. */
export interface NameObject {
  id: number;
  type: string;
  repr: string | null;
  /** sys.getsizeof */
  sizeof: number;
  /** as sys.getrefcount reports it less its own argument; -1 when not known */
  refcnt: number;
  immortal: boolean;
  /** GC generation 0..2, 3 permanent, -1 untracked, -2 not known */
  gen: number;
  /** why it took no new block of the program (a small int, an interned str, a singleton...) */
  cache: ViewCache | null;
  /** its own block and the buffers it owns (ObjectDetails.allocations) */
  allocations: DetailsAllocation[];
  allocationNotes: string[];
  /** the sum of the allocations' block sizes (for a raw chunk, its usable size) */
  held: number;
  /** allocations.length */
  blocks: number;
}

export type NameStatus =
  /** the name is bound: `object` says to what */
  | 'found'
  /** the name exists in that scope but has no value there (deleted, not yet assigned) */
  | 'unbound'
  /** the line never ran in this run (or the run stopped before it) */
  | 'never-ran'
  /** no such name in the frame nor in the globals (a builtin, a name of another scope), or an
   *  attribute the object does not have (or that the trace does not label) */
  | 'not-found';

export interface NameFacts {
  pythonVersion: string;
  totalSteps: number;
  line: number;
  path: string[];
  status: NameStatus;
  /** one line saying why, for every status but 'found' */
  reason: string | null;
  /** the step whose state is described, and the step at which the line ran (-1: never) */
  step: number;
  ranAt: number;
  /** which run of the line that was (1-based), of how many in the whole run */
  run: number;
  runs: number;
  /** described at the panel's step (NameQuery.atStep) rather than just after the line ran */
  atPanelStep: boolean;
  /** co_name of the frame the first name was found in, and how ('local': its locals or cells,
   *  'global': the module's namespace) */
  frame: string | null;
  scope: 'local' | 'global' | null;
  /** every figure was read from the interpreter at `step` (false between two sparse checkpoints) */
  exact: boolean;
  object: NameObject | null;
}

/** The lines whose assignments to describe. */
export interface HintQuery {
  /** program lines, inclusive */
  fromLine: number;
  toLine: number;
  atStep?: number | null;
}

/** One name an assignment bound, and what to. */
export interface HintTarget {
  path: string[];
  status: NameStatus;
  type: string | null;
  sizeof: number;
  held: number;
  blocks: number;
  cache: ViewCache | null;
}

/** The values one assignment statement bound (`x = ...`, `a, b = ...`, `self.x = ...`,
 *  `x += ...`, `x: T = ...`), after the last time it ran (or at the panel's step). */
export interface AssignmentHint {
  /** the statement's first and last program lines */
  line: number;
  endLine: number;
  targets: HintTarget[];
  /** the statement's run shown, of how many (0: never ran: no hint) */
  run: number;
  runs: number;
  exact: boolean;
}

/** A function of the source, and what its calls did. */
export interface FunctionStats {
  /** the `def` line and the function's name; the first line of its body */
  defLine: number;
  name: string;
  bodyLine: number;
  calls: number;
  /** the step at which its first call runs its first line, or null when never called */
  firstCallStep: number | null;
  /** steps made while one of its frames was on the stack (its callees' included) */
  steps: number;
  /** the largest sys.getallocatedblocks() while one of its frames was on the stack (0: never called) */
  peakBlocks: number;
  /** collections of the cyclic collector that ran while one of its frames was on the stack */
  collections: number;
}

/** What the code lenses show of a run. */
export interface RunStats {
  pythonVersion: string;
  totalSteps: number;
  peakBlocks: number;
  /** the step at which peakBlocks was first reached */
  peakStep: number;
  /** collections of the cyclic collector (automatic ones and gc.collect()) */
  collections: number;
  functions: FunctionStats[];
}

/** the object `query.path` named after `query.line` ran (see the header) */
export function nameFacts(rec: TraceRecorder, source: string, query: NameQuery): NameFacts {
  void rec; void source; void query;
  throw new Error('not implemented');
}

/** the values bound by the assignments of lines query.fromLine..toLine */
export function assignmentHints(rec: TraceRecorder, source: string, query: HintQuery): AssignmentHint[] {
  void rec; void source; void query;
  throw new Error('not implemented');
}

/** the run's steps, peak blocks and collections, and each function's */
export function runStats(rec: TraceRecorder, source: string): RunStats {
  void rec; void source;
  throw new Error('not implemented');
}

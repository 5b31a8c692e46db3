// Messages between the extension host and its simulation worker (a worker_threads worker that
// runs the engine, so that the host's thread never runs a simulation). One interface per message
// and a union per direction; every request carries an `id` that its reply repeats. The step trace
// of a run stays in the worker: the host asks for the views of the steps the panel shows.

import type {
  AllocMapQuery, AllocMapView, AssignmentHint, CollectionsQuery, CollectionsView, CompareSide, HintQuery, MemorySeries, MemorySummary, NameFacts,
  NameQuery, ObjectDetails, ObjectDetailsQuery, PyVersion, RunStats, StepView, ViewQuery,
} from '../engine';
import type { RunEnd, RunProblem, SnippetInfo } from '../shared/protocol';

/** The slots of SimulateRequest.watch. */
export const RUN_CANCEL = 0;
export const RUN_STEPS = 1;
export const RUN_LINE = 2;
export const RUN_WATCH_LENGTH = 3;

/** Simulate a program (with the step trace, for the panel); replies with a SimulateReply. */
export interface SimulateRequest {
  type: 'simulate';
  id: number;
  source: string;
  version: PyVersion;
  maxSteps: number;
  /** the simulated process's memory limit in MiB (RunOptions.memoryLimitMb; default when omitted) */
  memoryLimitMb?: number;
  /** the name in tracebacks (as `python FILE` shows the script's path) */
  filename: string;
  /** the name in `pymemsim: NAME:LINE: ...` refusals */
  displayName: string;
  /** record the step trace (the panel), or only run (the output channel's summary) */
  trace: boolean;
  /** an Int32Array of RUN_WATCH_LENGTH over it: the host stores 1 at [RUN_CANCEL] to stop the run
   *  between two steps; the run writes its step count to [RUN_STEPS] and the line it runs to
   *  [RUN_LINE] at every step, so the host sees the progress of a run that keeps the worker busy */
  watch: SharedArrayBuffer;
  /** keep at most this many characters of stdout in the reply (the panel reads the rest per step) */
  stdoutLimit: number;
}

/** The view of a step of a run the worker holds. With `query.exact`, a step between two sparse
 *  checkpoints is replayed (simulation.ts): the reply is its exact view, or, when a message that
 *  arrived meanwhile took its place or the run cannot be replayed, the trace's view (exact: false). */
export interface ViewRequest {
  type: 'view';
  id: number;
  runId: number;
  query: ViewQuery;
}

/** A step found by a search over a run: see TraceRecorder.findHeapChange and findLine. */
export interface FindRequest {
  type: 'find';
  id: number;
  runId: number;
  what: 'heapChange' | 'line';
  direction: 1 | -1;
  from: number;
  line?: number;
}

/** Facts about lines of a run: the line at a step, the largest line run up to it, and how many
 *  steps ran each of `lines`. */
export interface LinesRequest {
  type: 'lines';
  id: number;
  runId: number;
  step: number;
  lines: number[];
}

/** The allocator map of a step of a run the worker holds (engine/trace/allocmap.ts). */
export interface AllocMapRequest {
  type: 'allocMap';
  id: number;
  runId: number;
  query: AllocMapQuery;
}

/** The allocator's figures of steps from..to of a run in at most maxBuckets buckets (the memory
 *  chart: TraceRecorder.memorySeries); replies with a SeriesReply. */
export interface SeriesRequest {
  type: 'series';
  id: number;
  runId: number;
  from: number;
  to: number;
  maxBuckets: number;
}

/** The details of one object at a step of a run the worker holds (engine/trace/details.ts). */
export interface DetailsRequest {
  type: 'details';
  id: number;
  runId: number;
  query: ObjectDetailsQuery;
}

/** The collections at or before a step of a run the worker holds (engine/trace/collections.ts). */
export interface CollectionsRequest {
  type: 'collections';
  id: number;
  runId: number;
  query: CollectionsQuery;
}

/** Forget a run (its panel shows another one). No reply. */
export interface DropRequest {
  type: 'drop';
  runId: number;
}

/** One side of the comparison of two versions (engine/trace/compareSide.ts) at a step of a run;
 *  replies with a CompareSideReply. */
export interface CompareSideRequest {
  type: 'compareSide';
  id: number;
  runId: number;
  step: number;
}

/** The step of run `otherRunId` that runs the line of `step` of run `runId` for the same time
 *  (sameLineStep); replies with a FoundReply (null: the other run never runs that line). */
export interface MatchLineRequest {
  type: 'matchLine';
  id: number;
  runId: number;
  step: number;
  otherRunId: number;
}

/** Write a run's whole trace as JSON (engine/trace/traceJson.ts) to `path`, piece by piece;
 *  replies with an ExportedReply. */
export interface ExportTraceRequest {
  type: 'exportTrace';
  id: number;
  runId: number;
  path: string;
  /** the program's name in the file, and how its run ended */
  file: string;
  end: string;
}

/** The object a name of a line was bound to after the line ran (engine/trace/sourceFacts.ts: the
 *  editor's hovers); replies with a NameFactsReply. */
export interface NameFactsRequest {
  type: 'nameFacts';
  id: number;
  runId: number;
  query: NameQuery;
}

/** The values the assignments of some lines bound (the editor's inlay hints); replies with a
 *  HintsReply. */
export interface HintsRequest {
  type: 'hints';
  id: number;
  runId: number;
  query: HintQuery;
}

/** The run's and each function's steps, peak blocks and collections (the editor's code lenses);
 *  replies with a RunStatsReply. */
export interface RunStatsRequest {
  type: 'runStats';
  id: number;
  runId: number;
}

/** The annotations of the program of a run the worker holds, placed on its steps
 *  (worker/snippet.ts); with `check`, its expectations checked on the run's version. Replies with
 *  a SnippetReply. */
export interface SnippetRequest {
  type: 'snippet';
  id: number;
  runId: number;
  check: boolean;
}

export type ToWorkerMessage = SimulateRequest | ViewRequest | FindRequest | LinesRequest | SeriesRequest | DropRequest | AllocMapRequest
  | DetailsRequest | CollectionsRequest | CompareSideRequest | MatchLineRequest | ExportTraceRequest | NameFactsRequest | HintsRequest
  | RunStatsRequest | SnippetRequest;

/** How a simulation went. */
export interface RunSummary {
  runId: number;
  /** the worker keeps the run's trace (a program that did not compile has none) */
  held: boolean;
  totalSteps: number;
  end: RunEnd;
  problem: RunProblem | null;
  /** what the program printed (at most stdoutLimit characters: its end), and how much was left out */
  stdout: string;
  stdoutSkipped: number;
  /** what CPython would write to stderr: a traceback, a syntax error, or a `pymemsim:` refusal */
  stderr: string;
  exitCode: number;
  memory: MemorySummary | null;
  elapsedMs: number;
}

export interface LinesReply {
  /** the next line to run at the step (0 at the end) */
  line: number;
  /** the largest line number run by steps 0..step */
  maxLineThrough: number;
  /** steps that ran each asked line, in the order asked */
  runs: number[];
}

export interface SimulateReply {
  type: 'simulated';
  id: number;
  run: RunSummary;
}

export interface ViewReply {
  type: 'view';
  id: number;
  view: StepView;
}

export interface FoundReply {
  type: 'found';
  id: number;
  step: number | null;
}

export interface LinesReplyMessage {
  type: 'lines';
  id: number;
  lines: LinesReply;
}

export interface AllocMapReply {
  type: 'allocMap';
  id: number;
  map: AllocMapView;
}

export interface SeriesReply {
  type: 'series';
  id: number;
  series: MemorySeries;
}

export interface DetailsReply {
  type: 'details';
  id: number;
  details: ObjectDetails;
}

export interface CollectionsReply {
  type: 'collections';
  id: number;
  collections: CollectionsView;
}

/** A request failed: an unknown run, or an error of the simulator itself (a bug). */
export interface ErrorReply {
  type: 'error';
  id: number;
  message: string;
}

export interface CompareSideReply {
  type: 'compareSide';
  id: number;
  side: CompareSide;
}

export interface ExportedReply {
  type: 'exported';
  id: number;
  /** the states written (steps + 1) */
  steps: number;
}

export interface NameFactsReply {
  type: 'nameFacts';
  id: number;
  facts: NameFacts;
}

export interface HintsReply {
  type: 'hints';
  id: number;
  hints: AssignmentHint[];
}

export interface RunStatsReply {
  type: 'runStats';
  id: number;
  stats: RunStats;
}

export interface SnippetReply {
  type: 'snippet';
  id: number;
  /** null: the program has no annotations */
  snippet: SnippetInfo | null;
}

export type FromWorkerMessage = SimulateReply | ViewReply | FoundReply | LinesReplyMessage | SeriesReply | ErrorReply | AllocMapReply
  | DetailsReply | CollectionsReply | CompareSideReply | ExportedReply | NameFactsReply | HintsReply | RunStatsReply
  | SnippetReply;

// Messages between the extension host and the memory panel's webview. One interface per
// message, discriminated by `type`, and one union per direction; a request carries a
// `requestId` that its reply repeats. Both sides import only types from here (and the
// StepView types of the engine's trace), so this file must stay free of `vscode` and DOM code.
//
// The flow: the host simulates a document in its worker and sends `session` (how the run went,
// how many steps it has); the panel asks for the step it shows with `requestStep` and draws the
// `stepView` reply; the step trace itself never leaves the worker. The Memory tab asks for the
// allocator's figures over the run's steps with `requestMemorySeries` (once per run, then per
// zoomed range) and draws the `memorySeries` reply.
// For "Export Allocator Map as PNG" the host asks for the map's picture with
// `requestAllocatorPng`; the panel answers `allocatorPng` with its canvas as a data URL.
//
// Every line number in these messages is a line of the document (1-based): when a selection is
// simulated, the host maps the program's lines to the document's both ways.

import type { PyVersion } from '../engine/versions';
import type { StepView, ViewQuery } from '../engine/trace/view';
import type { AllocMapQuery, AllocMapView } from '../engine/trace/allocmap';
import type { MemorySeries } from '../engine/trace/memorySeries';
export type {
  ObjectDetails, ObjectDetailsQuery, DetailsAllocation, DetailsReferrer, DetailsInternal, DetailsChain, ChainHop, ReferrerKind,
} from '../engine/trace/details';
import type { ObjectDetails, ObjectDetailsQuery } from '../engine/trace/details';
export type {
  CollectionsQuery, CollectionsView, CollectionSummary, CollectionRecord, GcIdList, GcObjectEntry, GcReason,
} from '../engine/trace/collections';
import type { CollectionsQuery, CollectionsView } from '../engine/trace/collections';

export type { PyVersion } from '../engine/versions';
export type {
  StepView, ViewQuery, ViewObject, ViewRef, ViewGroup, ViewFreed, ViewHeapSummary, ViewCache,
} from '../engine/trace/view';
export type { SnapshotFrame, SnapshotLocal } from '../engine/trace/snapshot';
export type {
  AllocMapQuery, AllocMapView, AllocMapArena, AllocMapRaw, AllocMapPool, AllocMapOwner, AllocMapPoolChange, AllocMapChanges, SizeClassRow,
} from '../engine/trace/allocmap';
export type { MemorySeries, MemoryMark, SeriesFigure, HeapFigure } from '../engine/trace/memorySeries';

/** Every version the panel's picker offers, oldest first. */
export const PANEL_VERSIONS: readonly PyVersion[] = ['3.8', '3.9', '3.10', '3.11', '3.12', '3.13'];

/** How a simulated run ended. */
export type RunEnd =
  /** the program ran to its end (exit status 0, or a SystemExit) */
  | 'finished'
  /** an uncaught Python exception: the traceback is in `stderr`, shown at the last step */
  | 'exception'
  /** the user cancelled: the steps made until then are kept */
  | 'cancelled'
  /** the run reached the step limit (the setting pymemsim.maxSteps): the steps are kept */
  | 'step-limit'
  /** the program does not compile: no steps */
  | 'syntax'
  /** a construct the simulator does not model (before the run, or at its line) */
  | 'unsupported'
  /** the simulation exhausted the worker's memory; the steps are lost */
  | 'out-of-memory'
  /** the simulator itself failed (a bug): the message says where */
  | 'crashed';

/** A problem with a line, shown in the panel (a click reveals the line) and as a diagnostic. */
export interface RunProblem {
  kind: RunEnd;
  /** 1-based line, 0 when no line is known */
  line: number;
  /** 1-based column when known (syntax errors) */
  column?: number;
  /** one line, e.g. "ZeroDivisionError: division by zero" or "line 3: 'with' is not supported" */
  message: string;
}

/** What the panel knows of the run it shows. */
export interface RunInfo {
  /** identifies the run in requests; a new run gets a new id */
  runId: number;
  /** the document's URI as a string, and the name to show for it */
  uri: string;
  fileName: string;
  version: PyVersion;
  /** line steps recorded (snapshots exist for steps 0..totalSteps) */
  totalSteps: number;
  end: RunEnd;
  problem: RunProblem | null;
  /** what CPython would write to stderr: the traceback of an uncaught exception */
  stderr: string;
  exitCode: number;
  /** wall time of the simulation in the worker */
  elapsedMs: number;
  /** a selection was simulated: its first line in the document (1-based), else 1 */
  firstLine: number;
}

// --- host -> webview ---------------------------------------------------------------------------

/** A run is ready (or failed before any step): the panel shows `step` of it. */
export interface SessionMessage {
  type: 'session';
  run: RunInfo;
  /** the step to show first (the last step, or where the panel was before a re-simulation) */
  step: number;
  /** an object to select there (the editor's "Show in Memory Panel"); absent: the selection stays
   *  when the run is of the same document */
  select?: number;
}

/** The simulation is running (sent about every 200 ms). */
export interface RunningMessage {
  type: 'running';
  fileName: string;
  version: PyVersion;
  /** line steps so far */
  steps: number;
  /** the line being run */
  line: number;
}

/** Reply to RequestStepMessage. */
export interface StepViewMessage {
  type: 'stepView';
  requestId: number;
  runId: number;
  view: StepView | null;
  /** why there is no view (the run was replaced, the worker failed) */
  error?: string;
}

/** Reply to FindStepMessage: the step found, or null when there is none. */
export interface FoundStepMessage {
  type: 'foundStep';
  requestId: number;
  step: number | null;
}

/** Reply to RequestMemorySeriesMessage. */
export interface MemorySeriesMessage {
  type: 'memorySeries';
  requestId: number;
  runId: number;
  series: MemorySeries | null;
  /** why there is no series (the run was replaced, the worker failed) */
  error?: string;
}

/** The editor asks the panel to show a step ("Step to Line", re-simulation). */
export interface GoToStepMessage {
  type: 'goToStep';
  step: number;
  /** an object to select there (the editor's "Show in Memory Panel") */
  select?: number;
}

/** Reply to RequestAllocMapMessage. */
export interface AllocMapMessage {
  type: 'allocMap';
  requestId: number;
  runId: number;
  map: AllocMapView | null;
  /** why there is no map (the run was replaced, the worker failed) */
  error?: string;
}

/** Reply to RequestDetailsMessage. */
export interface ObjectDetailsMessage {
  type: 'objectDetails';
  requestId: number;
  runId: number;
  details: ObjectDetails | null;
  /** why there are no details (the run was replaced, the worker failed) */
  error?: string;
}

/** Reply to RequestCollectionsMessage. */
export interface CollectionsMessage {
  type: 'collections';
  requestId: number;
  runId: number;
  collections: CollectionsView | null;
  /** why there is none (the run was replaced, the worker failed) */
  error?: string;
}

/** Everything the extension host sends to the webview. */
/** The host asks for the allocator map's picture, as drawn (the Export as PNG command). */
export interface RequestAllocatorPngMessage {
  type: 'requestAllocatorPng';
  requestId: number;
}

// --- annotated snippets (docs/annotations.md) ---------------------------------------------------

/** A question of a snippet, with its choices (which are right) and the answer revealed on demand. */
export interface SnippetQuestion {
  text: string;
  choices: { text: string; right: boolean }[];
  answer: string | null;
}

/** How one reach of an expectation's point went on the panel's version. */
export interface SnippetOutcome {
  /** 0-based: the reach of the point (a loop body reaches it each time round) */
  reach: number;
  outcome: 'passed' | 'failed' | 'error';
  /** a comparison's sides and operator (repr strings), or the expression's value */
  left: string | null;
  op: string | null;
  right: string | null;
  value: string | null;
  /** the exception the expression raised, as its last traceback line */
  error: string | null;
}

export interface SnippetExpectation {
  /** document line of the annotation */
  line: number;
  expression: string;
  /** uses `mem.*`: checked by the simulator only */
  simulatorOnly: boolean;
  /** it applies to the panel's version (its version filter) */
  applies: boolean;
  /** the outcome of each reach (the first ones; null while being checked) */
  results: SnippetOutcome[] | null;
  /** all reaches together: 'failed' when one failed, 'error' when one raised, 'not-reached' when
   *  its point never ran, 'pending' while being checked, 'skipped' for another version */
  outcome: 'passed' | 'failed' | 'error' | 'not-reached' | 'pending' | 'skipped';
}

/** A place in the run that annotations refer to, with the steps of the panel's run that reach it. */
export interface SnippetPoint {
  /** document line: before it runs ('before'), after it ran ('after'), or the end of the run */
  line: number;
  kind: 'before' | 'after' | 'end';
  /** the steps at which the run reaches it (the first SNIPPET_STEPS_CAP), and how many in all */
  steps: number[];
  reaches: number;
  /** Markdown, drawn as text */
  narration: string | null;
  /** dotted names whose objects the panel selects there */
  focus: string[][];
  questions: SnippetQuestion[];
  expectations: SnippetExpectation[];
}

export interface SnippetProblem {
  line: number;
  column?: number;
  severity: 'error' | 'warning';
  message: string;
}

/** The annotations of the program the panel shows, placed on its run. */
export interface SnippetInfo {
  runId: number;
  title: string | null;
  /** the versions it is meant for, and the pair it compares */
  versions: PyVersion[];
  compare: [PyVersion, PyVersion] | null;
  points: SnippetPoint[];
  problems: SnippetProblem[];
  /** the expectations are being checked: their outcomes come in a later message */
  checking: boolean;
  /** outcomes on the panel's version, once checked */
  summary: { passed: number; failed: number; errors: number; notReached: number } | null;
}

export const SNIPPET_STEPS_CAP = 1_000;

/** The program's annotations (sent after the session message; null: it has none). */
export interface SnippetMessage {
  type: 'snippet';
  snippet: SnippetInfo | null;
}

export type ToWebviewMessage = SessionMessage | RunningMessage | StepViewMessage | FoundStepMessage | GoToStepMessage | AllocMapMessage
  | MemorySeriesMessage | ObjectDetailsMessage | CollectionsMessage | RequestAllocatorPngMessage | SnippetMessage;

// --- webview -> host ---------------------------------------------------------------------------

/** The webview has loaded; `state` is what it saved with setState before a reload, if anything. */
export interface ReadyMessage {
  type: 'ready';
  state: PanelState | null;
}

/** Ask for the view of a step of run `runId`; the reply is a StepViewMessage. */
export interface RequestStepMessage {
  type: 'requestStep';
  requestId: number;
  runId: number;
  query: ViewQuery;
}

/** Ask for the allocator map of a step of run `runId` (the Allocator tab); the reply is an
 *  AllocMapMessage. */
export interface RequestAllocMapMessage {
  type: 'requestAllocMap';
  requestId: number;
  runId: number;
  query: AllocMapQuery;
}

/** Ask for the details of one object at a step of run `runId` (the details pane: its allocations,
 *  referrers and the chain from a root); the reply is an ObjectDetailsMessage. */
export interface RequestDetailsMessage {
  type: 'requestDetails';
  requestId: number;
  runId: number;
  query: ObjectDetailsQuery;
}

/** Ask for the collections of the cyclic GC that ran at or before a step of run `runId`, with the
 *  phases of one of them (the Collector tab); the reply is a CollectionsMessage. */
export interface RequestCollectionsMessage {
  type: 'requestCollections';
  requestId: number;
  runId: number;
  query: CollectionsQuery;
}

/** Ask for a step: the next/previous one at which an object was allocated or freed, or the next
 *  one that runs `line`. The reply is a FoundStepMessage. */
export interface FindStepMessage {
  type: 'findStep';
  requestId: number;
  runId: number;
  what: 'heapChange' | 'line';
  direction: 1 | -1;
  from: number;
  line?: number;
}

/** Ask for the memory chart's figures of steps from..to of run `runId` in at most maxBuckets
 *  min/max buckets (the whole run once, a range when the chart is zoomed); the reply is a
 *  MemorySeriesMessage. */
export interface RequestMemorySeriesMessage {
  type: 'requestMemorySeries';
  requestId: number;
  runId: number;
  from: number;
  to: number;
  maxBuckets: number;
}

/** The panel painted a step: the editor highlights its line. */
export interface StepShownMessage {
  type: 'stepShown';
  runId: number;
  step: number;
  /** the next line to run, 0 at the end */
  line: number;
  /** from the request to the painted frame, in ms, as the webview measured it */
  paintMs: number;
  /** from the reply's arrival to the painted frame, in ms: the webview's own part of paintMs */
  renderMs?: number;
  /** the selected object (id), if any */
  selected?: number | null;
}

/** The user picked another CPython version in the panel: simulate again with it. */
export interface SelectVersionMessage {
  type: 'selectVersion';
  version: PyVersion;
}

/** Reveal a line of the simulated document in the editor (1-based). */
export interface RevealLineMessage {
  type: 'revealLine';
  line: number;
}

/** Compare the panel's step on two versions (an annotated snippet's `@compare`). */
export interface CompareVersionsMessage {
  type: 'compareVersions';
  versions: [PyVersion, PyVersion];
}

/** Simulate the document again, or stop the running simulation. */
export interface RerunMessage {
  type: 'rerun';
}
export interface CancelMessage {
  type: 'cancel';
}

/** Everything the webview sends to the extension host. */
export type FromWebviewMessage =
  | ReadyMessage
  | CompareVersionsMessage
  | RequestStepMessage
  | FindStepMessage
  | RequestMemorySeriesMessage
  | StepShownMessage
  | SelectVersionMessage
  | RevealLineMessage
  | RerunMessage
  | CancelMessage
  | RequestAllocMapMessage
  | RequestDetailsMessage
  | RequestCollectionsMessage
  | AllocatorPngMessage;

/** The allocator map's canvas as a PNG data URL (canvas.toDataURL), or why there is none. */
export interface AllocatorPngMessage {
  type: 'allocatorPng';
  requestId: number;
  dataUrl: string | null;
  error?: string;
}

/** What the webview keeps with setState, and the serializer gets back after a window reload. */
export interface PanelState {
  uri: string;
  version: PyVersion;
  step: number;
  /** the groups the user expanded */
  expand: { type: string; limit: number }[];
  /** the selected object, if any */
  selected: number | null;
}

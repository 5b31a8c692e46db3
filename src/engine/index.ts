// The engine's public face: run a Python snippet as a chosen CPython version would, with every
// value a simulated CPython object. Used by the CLI, the extension host and the tests.

import type { PyVersion } from './versions';

export { PY_VERSIONS, DEFAULT_VERSION, RECORDED_RELEASE, isPyVersion } from './versions';
export type { PyVersion } from './versions';
export { PySyntaxError, UnsupportedError, StepLimitError } from './errors';

export interface RunOptions {
  /** CPython version to simulate; 3.12 when omitted */
  version?: PyVersion;
  /** stop with a StepLimit error after this many executed lines (default 10,000,000) */
  maxSteps?: number;
  /** the file name shown in tracebacks (default "<string>") */
  filename?: string;
  /** each line step writes the step count into probe[1] and the line into probe[2]: over a
   *  SharedArrayBuffer, another thread can watch a run that it cannot interrupt */
  probe?: Int32Array;
  /** receives what the program prints to sys.stdout as it prints it (RunResult.stdout is then
   *  empty): a CLI streams a long output instead of holding it all */
  onStdout?: (text: string) => void;
  /** the simulated process's memory limit in MiB (as `ulimit -v`, over the simulated heap: pymalloc's
   *  arenas, the C heap and its mappings, beyond the interpreter's start-up heap): an allocation past
   *  it raises MemoryError in the program.
   *  Default DEFAULT_MEMORY_LIMIT_MB (256); 0 for no limit (then only the engine's own limits hold) */
  memoryLimitMb?: number;
  /** offer the program the `mem` module (docs/annotations.md: the allocator's view of an object),
   *  as a builtin name and an importable module, as the checks of annotated snippets do; CPython
   *  has no such module, and a run without this flag has none either */
  memHelpers?: boolean;
}

/** How a run ended, when it did not end normally. */
export interface RunError {
  /** 'exception': an uncaught Python exception; the other kinds are reported before or outside the run */
  kind: 'exception' | 'syntax' | 'unsupported' | 'step-limit';
  /** the Python exception type (e.g. "ZeroDivisionError", "SyntaxError"), or the kind */
  type: string;
  /** the message, without the type */
  message: string;
  /** 1-based line where it happened */
  line: number;
  /** for syntax errors: the caret's 1-based column and the source line, as CPython reports them */
  offset?: number;
  text?: string;
}

export interface RunResult {
  /** what the program wrote to sys.stdout */
  stdout: string;
  /** what CPython would write to sys.stderr: a traceback for an uncaught exception */
  stderr: string;
  /** 0, or 1 after an uncaught exception or an error, as `python FILE` exits */
  exitCode: number;
  error: RunError | null;
  /** number of executed line steps */
  steps: number;
  /** the simulated heap at the end of the run */
  memory: MemorySummary;
}

/** A short account of the simulated heap, for the CLI's summary and the extension's status. */
export interface MemorySummary {
  version: PyVersion;
  /** live simulated objects created by the program (not counting interpreter-owned singletons) */
  liveObjects: number;
  /** what sys.getallocatedblocks() would return */
  allocatedBlocks: number;
  /** pymalloc arenas currently mapped, pools in use, and the pool/arena sizes of this version */
  arenas: number;
  poolsInUse: number;
  poolSize: number;
  arenaSize: number;
  /** bytes in blocks handed out by pymalloc, and in raw malloc'd (>512 B) requests */
  pymallocBytes: number;
  rawBytes: number;
  /** counts of the cyclic collector's generations (gc.get_count()) */
  gcCount: [number, number, number];
}

export { runSource, DEFAULT_MAX_STEPS, DEFAULT_MEMORY_LIMIT_MB } from './interp/run';

// --- stepping and the step trace (the extension's simulation worker, `pymemsim map`) ---
export { Session } from './interp/run';
export { TraceRecorder, recordRun, shortRepr, Replay, ReplayDivergedError } from './trace';
export type { TraceOptions, ReplayOptions } from './trace';
export * from './trace/snapshot';
export { stepView } from './trace/window';
export { allocMapView, sizeClassTable, ALLOC_MAP_LIMITS } from './trace/allocmap';
export type { AllocMapQuery, AllocMapView, AllocMapArena, AllocMapRaw, AllocMapPool, AllocMapOwner, AllocMapPoolChange, AllocMapChanges, SizeClassRow } from './trace/allocmap';
export * from './trace/view';
export type { MemorySeries, MemoryMark, SeriesFigure, HeapFigure, HeapFigures } from './trace/memorySeries';
export { objectDetails, DETAILS_LIMITS } from './trace/details';
export type { ObjectDetailsQuery, ObjectDetails, DetailsAllocation, DetailsReferrer, DetailsInternal, DetailsChain, ChainHop, ReferrerKind } from './trace/details';
export { nameFacts, assignmentHints, runStats, pointSteps } from './trace/sourceFacts';
export type { NameQuery, NameObject, NameStatus, NameFacts, HintQuery, HintTarget, AssignmentHint, FunctionStats, RunStats, PointQuery, PointSteps } from './trace/sourceFacts';
export { collectionsView, COLLECTION_LIMITS } from './trace/collections';
export type { CollectionsQuery, CollectionsView, CollectionSummary, CollectionRecord, GcIdList, GcObjectEntry, GcReason } from './trace/collections';

// --- what a user sees of a run (shared by the CLI and the extension's worker) ---
export { simulate, scriptFilename, renderSyntaxError, unsupportedMessage, formatSummary } from './report';
export type { Outcome, Problem, SimulateOptions } from './report';
export { compareSide, sameLineStep, COMPARE_QUERY } from './trace/compareSide';
export type { CompareSide, CompareBlocks } from './trace/compareSide';
export { writeTraceJson, TRACE_JSON_FORMAT, TRACE_JSON_VERSION } from './trace/traceJson';
export type { TraceJsonMeta } from './trace/traceJson';

// --- annotated snippets (docs/annotations.md): their annotations, and their checks ---
export { parseAnnotations, mayHaveAnnotations, snippetVersions, appliesTo, pointKey, checkExpression, ANNOTATION_KEYWORDS } from './annotations/parse';
export type { AnnotatedSnippet, AnnotationPoint, AnnotationProblem, AnnotationKeyword, Expectation, ComparisonOp, FocusName, Question, QuestionChoice } from './annotations/parse';
export { checkSnippet, CHECK_MAX_STEPS, CHECK_MAX_REPORTS } from './annotations/check';
export type { CheckOptions, CheckResult, ExpectationResult, ExpectationOutcome, ReachCount, CheckRunProblem } from './annotations/check';
export { probeProgram, exceptionLine } from './annotations/probe';
export type { ProbedProgram } from './annotations/probe';

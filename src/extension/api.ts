// What the extension's activate() returns: a small, read-only view of what it last showed, so
// integration tests, the bench (and other extensions) can check it without scraping the UI.

import type { PyVersion } from '../engine';
import type { RunEnd, RunProblem } from '../shared/protocol';
import type { CompareStatus } from './compareVersions';
import type { EditorMemoryStatus } from './editorMemory';

export interface ShownDiagnostic {
  /** 1-based line */
  line: number;
  message: string;
}

/** One run of `pymemsim.runActiveFile`, as it was presented. */
export interface RunRecord {
  /** the document's URI, as a string */
  uri: string;
  version: PyVersion;
  exitCode: number;
  /** everything written to the output channel for this run */
  outputText: string;
  /** diagnostics set on the document (empty after a clean run) */
  diagnostics: ShownDiagnostic[];
  /** the notification shown, if any */
  notification: string | undefined;
}

/** What the memory panel shows. */
export interface PanelStatus {
  uri: string;
  fileName: string;
  version: PyVersion;
  runId: number;
  totalSteps: number;
  /** how the run ended; null while the panel's first run is being simulated (runId 0) */
  end: RunEnd | null;
  problem: RunProblem | null;
  /** the step the panel painted last */
  step: number;
  /** its document line (the line that runs next), 0 at the end of the run */
  line: number;
  /** the run of that step: until the panel paints a step of a new run, the previous run's */
  paintedRunId: number;
  /** the line the editor highlights (0: none) */
  highlightedLine: number;
  /** a simulation for the panel is running */
  running: boolean;
  visible: boolean;
  /** the object selected at the painted step (id), as the panel reported it */
  selected?: number | null;
  /** the run's program is an annotated snippet: its title, whether its expectations are being
   *  checked, their outcomes on the panel's version, and its annotation problems */
  snippet?: { title: string | null; checking: boolean; summary: { passed: number; failed: number; errors: number; notReached: number } | null; problems: number } | null;
}

/** Timings of the panel, as the host and the webview measured them (the bench reads these). */
export interface PanelMetrics {
  /** from the last "Simulate Memory" command to the panel's first painted step of its run, ms */
  commandToPaintMs: number | null;
  /** where that time went: ms after the command at which the simulation started and ended, the
   *  run was sent to the panel, the panel asked for its first step, and the step's view was ready */
  commandMarks: Record<string, number>;
  /** the last step change: from the webview's request to the painted frame, ms */
  lastStepPaintMs: number | null;
  /** the longest the extension host's main thread was blocked during the last simulation, ms */
  maxEventLoopDelayMs: number | null;
  /** the last simulation's time in the worker, ms */
  simulationMs: number | null;
}

export interface PyMemSimApi {
  /** the most recent run of the output-channel command, if any */
  readonly lastRun: RunRecord | undefined;
  /** the simulated CPython version currently configured */
  readonly version: PyVersion;
  /** the status bar item's text */
  readonly statusText: string;
  /** what the memory panel shows, when it is open with a run */
  readonly panel: PanelStatus | undefined;
  /** what the Compare Versions panel shows, when it is open */
  readonly compare?: CompareStatus;
  readonly metrics: PanelMetrics;
  /** what the editor's hovers, inlay hints and code lenses did (their background runs) */
  readonly editor?: EditorMemoryStatus;
  /** the tutorial's steps whose snippet was simulated in this window */
  readonly tutorialDone?: string[];
  /** the panel's runs of a tutorial step's snippet, in order: the step and the run */
  readonly tutorialRuns?: { id: string; runId: number }[];
  /** how many simulation workers were started (a worker that died is replaced) */
  readonly workerStarts: number;
  /** what the panel serializer does with a memory panel restored after a window reload: the
   *  extension's tests call it with a panel they made */
  restorePanel(panel: import('vscode').WebviewPanel, state: unknown): Promise<void>;
}

// What the extension's activate() returns: a small, read-only view of what it last showed, so
// integration tests (and other extensions) can check it without scraping the UI.

import type { PyVersion } from '../engine';

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

export interface PyMemSimApi {
  /** the most recent run, if any */
  readonly lastRun: RunRecord | undefined;
  /** the simulated CPython version currently configured */
  readonly version: PyVersion;
  /** the status bar item's text */
  readonly statusText: string;
}

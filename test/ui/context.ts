// What test/runners/ui.ts hands to the UI tests it runs in the same process: the browser, the
// workbench's address, the workspace folder (a copy of examples/) and where files go.

import * as path from 'path';
import type { Browser } from 'playwright-core';

export interface UiContext {
  browser: Browser;
  /** the workbench, with the workspace folder open */
  url: string;
  /** the workspace folder on disk: a fresh copy of examples/, which tests may add files to */
  workspace: string;
  /** user settings.json of the run */
  settingsFile: string;
  /** where screenshots are saved (test-results/screenshots/) */
  screenshots: string;
  /** the run's private folder, for logs */
  logs: string;
}

let current: UiContext | undefined;

export function setUiContext(c: UiContext | undefined): void {
  current = c;
}

export function ui(): UiContext {
  if (!current) throw new Error('the UI tests run through `npm run test:ui` (test/runners/ui.ts), which starts code-server and the browser');
  return current;
}

/** A path inside the workspace, from a path relative to it (`course/memory-management.py`). */
export function inWorkspace(rel: string): string {
  return path.join(ui().workspace, ...rel.split('/'));
}

// The extension's settings: pymemsim.pythonVersion, pymemsim.maxSteps, pymemsim.memoryLimitMb, the
// worker's, and those of the editor's background runs, hints and lenses.

import * as vscode from 'vscode';
import { DEFAULT_MAX_STEPS, DEFAULT_MEMORY_LIMIT_MB, DEFAULT_VERSION, PyVersion, isPyVersion } from '../engine';

const SECTION = 'pymemsim';

export function configuredVersion(): PyVersion {
  const v = vscode.workspace.getConfiguration(SECTION).get<string>('pythonVersion', DEFAULT_VERSION);
  return isPyVersion(v) ? v : DEFAULT_VERSION;
}

export function configuredMaxSteps(): number {
  const n = vscode.workspace.getConfiguration(SECTION).get<number>('maxSteps', DEFAULT_MAX_STEPS);
  return Number.isSafeInteger(n) && n > 0 ? n : DEFAULT_MAX_STEPS;
}

/** pymemsim.memoryLimitMb: the simulated program's memory limit (0: none) */
export function configuredMemoryLimitMb(): number {
  const n = vscode.workspace.getConfiguration(SECTION).get<number>('memoryLimitMb', DEFAULT_MEMORY_LIMIT_MB);
  return Number.isSafeInteger(n) && n >= 0 ? n : DEFAULT_MEMORY_LIMIT_MB;
}

/** Stores the version where it is currently set (workspace or user settings). */
export async function setConfiguredVersion(version: PyVersion): Promise<void> {
  const config = vscode.workspace.getConfiguration(SECTION);
  const inspected = config.inspect<string>('pythonVersion');
  const target =
    inspected?.workspaceFolderValue !== undefined
      ? vscode.ConfigurationTarget.WorkspaceFolder
      : inspected?.workspaceValue !== undefined
        ? vscode.ConfigurationTarget.Workspace
        : vscode.ConfigurationTarget.Global;
  await config.update('pythonVersion', version, target);
}

export function affectsSettings(e: vscode.ConfigurationChangeEvent): boolean {
  return e.affectsConfiguration(SECTION);
}

/** pymemsim.resimulateOnSave: simulate the panel's document again when it is saved */
export function resimulateOnSave(): boolean {
  return vscode.workspace.getConfiguration(SECTION).get<boolean>('resimulateOnSave', true) !== false;
}

export const DEFAULT_WORKER_MEMORY_MB = 4096;

/** pymemsim.workerMemoryMb: the simulation worker's heap limit */
export function workerMemoryMb(): number {
  const n = vscode.workspace.getConfiguration(SECTION).get<number>('workerMemoryMb', DEFAULT_WORKER_MEMORY_MB);
  return Number.isSafeInteger(n) && n >= 256 ? n : DEFAULT_WORKER_MEMORY_MB;
}

/** pymemsim.background.enabled: the editor simulates Python files in the background for its
 *  hovers, inlay hints and code lenses */
export function backgroundEnabled(): boolean {
  return vscode.workspace.getConfiguration(SECTION).get<boolean>('background.enabled', true) !== false;
}

export const DEFAULT_BACKGROUND_MAX_STEPS = 200_000;

/** pymemsim.background.maxSteps: the step limit of the background runs */
export function backgroundMaxSteps(): number {
  const n = vscode.workspace.getConfiguration(SECTION).get<number>('background.maxSteps', DEFAULT_BACKGROUND_MAX_STEPS);
  return Number.isSafeInteger(n) && n >= 100 ? n : DEFAULT_BACKGROUND_MAX_STEPS;
}

export const DEFAULT_BACKGROUND_DEBOUNCE_MS = 300;

/** pymemsim.background.debounceMs: the pause in typing after which a changed file is simulated */
export function backgroundDebounceMs(): number {
  const n = vscode.workspace.getConfiguration(SECTION).get<number>('background.debounceMs', DEFAULT_BACKGROUND_DEBOUNCE_MS);
  return Number.isFinite(n) && n >= 0 ? n : DEFAULT_BACKGROUND_DEBOUNCE_MS;
}

/** pymemsim.inlayHints.enabled: sizes and blocks after assignments */
export function inlayHintsEnabled(): boolean {
  return vscode.workspace.getConfiguration(SECTION).get<boolean>('inlayHints.enabled', true) !== false;
}

/** pymemsim.codeLens.enabled: steps, peak blocks and collections above the file and each function */
export function codeLensEnabled(): boolean {
  return vscode.workspace.getConfiguration(SECTION).get<boolean>('codeLens.enabled', true) !== false;
}

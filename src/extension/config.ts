// The extension's settings: pymemsim.pythonVersion, pymemsim.maxSteps, pymemsim.memoryLimitMb and
// the worker's.

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

// The extension's entry point: starts the simulation worker (lazily, on the first run), registers
// the commands, the memory panel and its serializer, and the status bar item, and returns a small
// API describing what it shows.

import * as vscode from 'vscode';
import { PyMemSimApi } from './api';
import { configuredVersion, workerMemoryMb } from './config';
import { MemoryController } from './memoryController';
import { CompareVersions } from './compareVersions';
import { RUN_ACTIVE_FILE_COMMAND, Simulator } from './runActiveFile';
import { SimulationWorker } from './simulationWorker';
import { SELECT_VERSION_COMMAND, VersionStatus } from './statusBar';

export function activate(context: vscode.ExtensionContext): PyMemSimApi {
  const worker = new SimulationWorker({
    script: vscode.Uri.joinPath(context.extensionUri, 'dist', 'worker.js').fsPath,
    memoryMb: workerMemoryMb,
  });
  const simulator = new Simulator(worker);
  const memory = new MemoryController(context.extensionUri, worker);
  const status = new VersionStatus();
  const compare = new CompareVersions(context.extensionUri, worker, memory);
  context.subscriptions.push(
    compare,
    { dispose: () => worker.dispose() },
    simulator,
    memory,
    status,
    vscode.commands.registerCommand(RUN_ACTIVE_FILE_COMMAND, () => simulator.runActiveFile()),
    vscode.commands.registerCommand(SELECT_VERSION_COMMAND, (version?: unknown) => status.select(version)),
  );
  return {
    get lastRun() {
      return simulator.lastRun;
    },
    get version() {
      return configuredVersion();
    },
    get statusText() {
      return status.text;
    },
    get panel() {
      return memory.status;
    },
    get metrics() {
      return { ...memory.metrics };
    },
    get compare() {
      return compare.status;
    },
    get workerStarts() {
      return worker.started;
    },
    restorePanel: (panel, state) => memory.restore(panel, state),
  };
}

export function deactivate(): void {
  // everything is disposed through context.subscriptions
}

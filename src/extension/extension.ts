// The extension's entry point: starts the simulation workers (lazily, on the first run: the memory
// panel's and the editor's background one), registers the commands, the memory panel and its
// serializer, the hovers, inlay hints and code lenses, and the status bar item, and returns a
// small API describing what it shows.

import * as vscode from 'vscode';
import { PyMemSimApi } from './api';
import { configuredVersion, workerMemoryMb } from './config';
import { EditorMemory } from './editorMemory';
import { MemoryController } from './memoryController';
import { CompareVersions } from './compareVersions';
import { RUN_ACTIVE_FILE_COMMAND, Simulator } from './runActiveFile';
import { SimulationWorker } from './simulationWorker';
import { Tutorial } from './tutorial';
import { SELECT_VERSION_COMMAND, VersionStatus } from './statusBar';

export function activate(context: vscode.ExtensionContext): PyMemSimApi {
  const worker = new SimulationWorker({
    script: vscode.Uri.joinPath(context.extensionUri, 'dist', 'worker.js').fsPath,
    memoryMb: workerMemoryMb,
  });
  // the editor's background runs (hovers, inlay hints, code lenses) have a worker of their own, so
  // that the panel's requests never wait behind them
  const backgroundWorker = new SimulationWorker({
    script: vscode.Uri.joinPath(context.extensionUri, 'dist', 'worker.js').fsPath,
    memoryMb: workerMemoryMb,
  });
  const simulator = new Simulator(worker);
  const memory = new MemoryController(context.extensionUri, worker);
  const editor = new EditorMemory(backgroundWorker, worker, memory);
  const tutorial = new Tutorial(context.extensionUri, memory);
  const status = new VersionStatus();
  const compare = new CompareVersions(context.extensionUri, worker, memory);
  context.subscriptions.push(
    compare,
    { dispose: () => worker.dispose() },
    { dispose: () => backgroundWorker.dispose() },
    editor,
    tutorial,
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
    get editor() {
      return editor.status;
    },
    get tutorialDone() {
      return [...tutorial.done];
    },
    get tutorialRuns() {
      return [...tutorial.runs];
    },
    restorePanel: (panel, state) => memory.restore(panel, state),
  };
}

export function deactivate(): void {
  // everything is disposed through context.subscriptions
}

// The extension's entry point: registers the commands and the status bar item, and returns a
// small API describing what it last showed. Each feature lives in its own module; the memory
// panel ("Simulate memory") will be registered here the same way.

import * as vscode from 'vscode';
import { PyMemSimApi } from './api';
import { configuredVersion } from './config';
import { RUN_ACTIVE_FILE_COMMAND, Simulator } from './runActiveFile';
import { SELECT_VERSION_COMMAND, VersionStatus } from './statusBar';

export function activate(context: vscode.ExtensionContext): PyMemSimApi {
  const simulator = new Simulator();
  const status = new VersionStatus();
  context.subscriptions.push(
    simulator,
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
  };
}

export function deactivate(): void {
  // everything is disposed through context.subscriptions
}

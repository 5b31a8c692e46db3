// The status bar item showing the simulated CPython version; clicking it picks another one.

import * as vscode from 'vscode';
import { PY_VERSIONS, PyVersion, isPyVersion } from '../engine';
import { RECORDED_RELEASE } from '../engine';
import { affectsSettings, configuredVersion, setConfiguredVersion } from './config';

export const SELECT_VERSION_COMMAND = 'pymemsim.selectPythonVersion';

export class VersionStatus implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor() {
    this.item = vscode.window.createStatusBarItem('pymemsim.version', vscode.StatusBarAlignment.Right, 100);
    this.item.name = 'Python Memory Simulator: CPython version';
    this.item.command = SELECT_VERSION_COMMAND;
    this.subscriptions.push(
      vscode.window.onDidChangeActiveTextEditor(() => this.update()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (affectsSettings(e)) this.update();
      }),
    );
    this.update();
  }

  get text(): string {
    return this.item.text;
  }

  /** Shown while a Python editor is active. */
  update(): void {
    const version = configuredVersion();
    this.item.text = `$(server-process) CPython ${version}`;
    this.item.tooltip = `Memory simulator: CPython ${version} (modelled on ${RECORDED_RELEASE[version]}). Click to choose another version.`;
    if (vscode.window.activeTextEditor?.document.languageId === 'python') this.item.show();
    else this.item.hide();
  }

  /** The quick pick; `version` (from a keybinding or a test) skips it. */
  async select(version?: unknown): Promise<PyVersion | undefined> {
    let chosen: PyVersion | undefined;
    if (typeof version === 'string' && isPyVersion(version)) {
      chosen = version;
    } else {
      const current = configuredVersion();
      const pick = await vscode.window.showQuickPick(
        PY_VERSIONS.map((v) => ({
          label: `CPython ${v}`,
          description: v === current ? 'current' : undefined,
          detail: `memory behaviour of CPython ${RECORDED_RELEASE[v]}`,
          version: v,
        })),
        { title: 'Simulated CPython version', placeHolder: `currently ${current}` },
      );
      chosen = pick?.version;
    }
    if (chosen) {
      await setConfiguredVersion(chosen);
      this.update();
    }
    return chosen;
  }

  dispose(): void {
    this.item.dispose();
    for (const d of this.subscriptions) d.dispose();
  }
}

// The tutorial inside the editor: the walkthrough "Python Memory Management" (package.json
// contributes.walkthroughs) follows the course material topic by topic, each step with a button
// that runs `pymemsim.tutorial.open` with the step's id: the step's annotated snippet opens in
// the editor and is simulated in the memory panel. A step completes when its snippet was
// simulated, by that button or any other way: the context key its completion event waits for is
// set when the panel shows a run of the snippet's file.

import * as path from 'path';
import * as vscode from 'vscode';
import { TUTORIAL_OPEN_COMMAND, TUTORIAL_SNIPPETS_DIR, TUTORIAL_STEPS, TUTORIAL_WALKTHROUGH_ID, TutorialStep } from '../shared/tutorial';
import type { MemoryController } from './memoryController';
import { SIMULATE_COMMAND } from './memoryController';

/** opens the walkthrough */
export const TUTORIAL_START_COMMAND = 'pymemsim.tutorial.start';
/** the walkthrough's id as `workbench.action.openWalkthrough` wants it */
export const WALKTHROUGH_ID = `pymemsim.python-memory-simulator#${TUTORIAL_WALKTHROUGH_ID}`;

/** the context key a step's completion event waits for */
export function doneContextKey(id: string): string {
  return `pymemsim.tutorial.done.${id}`;
}

export class Tutorial implements vscode.Disposable {
  private readonly subscriptions: vscode.Disposable[] = [];
  /** the steps completed in this window (the walkthrough keeps its own record across windows) */
  readonly done = new Set<string>();
  /** the panel's runs of a step's snippet, in order (the tests see which run completed a step) */
  readonly runs: { id: string; runId: number }[] = [];

  constructor(private readonly extensionUri: vscode.Uri, memory: MemoryController) {
    this.subscriptions.push(
      vscode.commands.registerCommand(TUTORIAL_OPEN_COMMAND, (id?: unknown) => this.open(id)),
      vscode.commands.registerCommand(TUTORIAL_START_COMMAND, () => vscode.commands.executeCommand('workbench.action.openWalkthrough', WALKTHROUGH_ID, false)),
      memory.onDidChangeStatus((p) => {
        if (!p || p.end === null || p.runId === 0) return;
        const step = this.stepOf(p.uri);
        if (step && !this.runs.some((r) => r.runId === p.runId)) this.runs.push({ id: step.id, runId: p.runId });
        if (step && !this.done.has(step.id)) {
          this.done.add(step.id);
          void vscode.commands.executeCommand('setContext', doneContextKey(step.id), true);
        }
      }),
    );
  }

  /** the file of a step's snippet */
  snippetUri(step: TutorialStep): vscode.Uri {
    return vscode.Uri.joinPath(this.extensionUri, ...TUTORIAL_SNIPPETS_DIR.split('/'), step.file);
  }

  /** the step whose snippet a document is (by its file name in the snippets folder) */
  private stepOf(uri: string): TutorialStep | undefined {
    let fsPath: string;
    try {
      fsPath = vscode.Uri.parse(uri).fsPath;
    } catch {
      return undefined;
    }
    const dir = path.basename(path.dirname(fsPath));
    return dir === 'snippets' ? TUTORIAL_STEPS.find((s) => s.file === path.basename(fsPath)) : undefined;
  }

  /** opens a step's snippet beside the walkthrough and simulates it */
  private async open(raw?: unknown): Promise<string | undefined> {
    let id = Array.isArray(raw) ? raw[0] : raw;
    if (id === undefined) {
      // from the palette: which step
      const pick = await vscode.window.showQuickPick(
        TUTORIAL_STEPS.map((s, i) => ({ label: `${i + 1}. ${s.title}`, description: s.file, id: s.id })),
        { placeHolder: 'Open and simulate the snippet of a tutorial step' },
      );
      if (!pick) return undefined;
      id = pick.id;
    }
    const step = TUTORIAL_STEPS.find((s) => s.id === id);
    if (!step) {
      void vscode.window.showWarningMessage(`The tutorial has no step "${String(id)}".`);
      return undefined;
    }
    const doc = await vscode.workspace.openTextDocument(this.snippetUri(step));
    await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.One, preview: false });
    await vscode.commands.executeCommand(SIMULATE_COMMAND, doc.uri);
    return step.id;
  }

  dispose(): void {
    for (const d of this.subscriptions) d.dispose();
  }
}

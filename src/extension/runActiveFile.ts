// The "Run in Memory Simulator" command: simulates the active editor's text and shows the
// output, the traceback or error, and the memory summary in the output channel; an error with a
// line becomes a diagnostic there and a notification.

import * as path from 'path';
import * as vscode from 'vscode';
import { formatSummary, scriptFilename, simulate, Outcome } from '../cli/report';
import { RunRecord } from './api';
import { configuredMaxSteps, configuredVersion } from './config';

export const RUN_ACTIVE_FILE_COMMAND = 'pymemsim.runActiveFile';
export const OUTPUT_CHANNEL_NAME = 'Python Memory Simulator';

export class Simulator implements vscode.Disposable {
  readonly output: vscode.OutputChannel;
  readonly diagnostics: vscode.DiagnosticCollection;
  lastRun: RunRecord | undefined;

  constructor() {
    this.output = vscode.window.createOutputChannel(OUTPUT_CHANNEL_NAME);
    this.diagnostics = vscode.languages.createDiagnosticCollection('pymemsim');
  }

  /** Runs the active editor's document; returns what was shown, or undefined without an editor. */
  async runActiveFile(): Promise<RunRecord | undefined> {
    const editor = vscode.window.activeTextEditor;
    if (!editor) {
      void vscode.window.showWarningMessage('Open a Python file to run it in the memory simulator.');
      return undefined;
    }
    return this.runDocument(editor.document);
  }

  runDocument(doc: vscode.TextDocument): RunRecord {
    const version = configuredVersion();
    const maxSteps = configuredMaxSteps();
    const displayName = doc.isUntitled ? doc.fileName : vscode.workspace.asRelativePath(doc.uri, false);
    // the path `python FILE` would show: as typed on 3.8, absolute from 3.9 on
    const filename = doc.isUntitled ? doc.fileName : scriptFilename(displayName, version, () => path.resolve(doc.uri.fsPath));

    let text = `[pymemsim] ${displayName} with simulated CPython ${version}\n`;
    let outcome: Outcome | undefined;
    let failure: string | undefined;
    const started = Date.now();
    try {
      outcome = simulate(doc.getText(), { version, maxSteps, filename, displayName });
    } catch (e) {
      failure = e instanceof Error ? e.message : String(e);
    }
    const ms = Date.now() - started;

    const diagnostics: vscode.Diagnostic[] = [];
    let notification: string | undefined;
    let exitCode: number;
    if (!outcome) {
      exitCode = 70;
      text += `The simulator failed: ${failure}\n`;
      notification = `Python Memory Simulator failed: ${failure}`;
    } else {
      exitCode = outcome.exitCode;
      text += outcome.stdout;
      if (outcome.stdout !== '' && !outcome.stdout.endsWith('\n')) text += '\n';
      text += outcome.stderr;
      if (outcome.memory) text += formatSummary(outcome.memory, outcome.steps);
      text += `[pymemsim] exit code ${exitCode}, ${outcome.steps} steps, ${ms} ms\n`;
      const p = outcome.problem;
      if (p) {
        const lineIndex = Math.min(Math.max(p.line - 1, 0), Math.max(doc.lineCount - 1, 0));
        const line = doc.lineAt(lineIndex);
        const start = p.column !== undefined ? Math.min(p.column - 1, line.range.end.character) : line.firstNonWhitespaceCharacterIndex;
        const range = new vscode.Range(lineIndex, start, lineIndex, Math.max(line.range.end.character, start));
        const d = new vscode.Diagnostic(range, p.message, vscode.DiagnosticSeverity.Error);
        d.source = 'pymemsim';
        d.code = p.kind;
        diagnostics.push(d);
        notification = `${displayName}:${p.line}: ${p.message}`;
      }
    }

    this.diagnostics.set(doc.uri, diagnostics);
    this.output.clear();
    this.output.append(text);
    this.output.show(true);
    if (notification) void vscode.window.showErrorMessage(notification);

    this.lastRun = {
      uri: doc.uri.toString(),
      version,
      exitCode,
      outputText: text,
      diagnostics: diagnostics.map((d) => ({ line: d.range.start.line + 1, message: d.message })),
      notification,
    };
    return this.lastRun;
  }

  dispose(): void {
    this.output.dispose();
    this.diagnostics.dispose();
  }
}

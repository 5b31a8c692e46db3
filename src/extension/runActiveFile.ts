// The "Run in Memory Simulator" command: simulates the active editor's text (in the simulation
// worker, without the step trace) and shows the output, the traceback or error, and the memory
// summary in the output channel; an error with a line becomes a diagnostic there and a
// notification.

import * as vscode from 'vscode';
import { formatSummary } from '../engine';
import { RunRecord } from './api';
import { configuredMaxSteps, configuredMemoryLimitMb, configuredVersion } from './config';
import type { SimulationWorker } from './simulationWorker';
import { displayName, documentTarget, tracebackName } from './target';

export const RUN_ACTIVE_FILE_COMMAND = 'pymemsim.runActiveFile';
export const OUTPUT_CHANNEL_NAME = 'Python Memory Simulator';

export class Simulator implements vscode.Disposable {
  readonly output: vscode.OutputChannel;
  readonly diagnostics: vscode.DiagnosticCollection;
  lastRun: RunRecord | undefined;

  constructor(private readonly worker: SimulationWorker) {
    this.output = vscode.window.createOutputChannel(OUTPUT_CHANNEL_NAME);
    this.diagnostics = vscode.languages.createDiagnosticCollection('pymemsim-run');
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

  async runDocument(doc: vscode.TextDocument): Promise<RunRecord> {
    const version = configuredVersion();
    const maxSteps = configuredMaxSteps();
    const target = documentTarget(doc);
    const shownName = displayName(doc);

    let text = `[pymemsim] ${shownName} with simulated CPython ${version}\n`;
    const run = await this.worker.simulate({
      trace: false,
      source: target.source,
      version,
      maxSteps,
      memoryLimitMb: configuredMemoryLimitMb(),
      filename: tracebackName(target, doc, version),
      displayName: shownName,
    }).done;

    const diagnostics: vscode.Diagnostic[] = [];
    let notification: string | undefined;
    const exitCode = run.exitCode;
    if (run.end === 'crashed' || run.end === 'out-of-memory' || (run.end === 'cancelled' && !run.stderr)) {
      const message = run.problem?.message ?? run.end;
      text += `The simulator failed: ${message}\n`;
      notification = `Python Memory Simulator failed: ${message}`;
    } else {
      if (run.stdoutSkipped) text += `[pymemsim] ... ${run.stdoutSkipped.toLocaleString('en-US')} earlier characters of output left out\n`;
      text += run.stdout;
      if (run.stdout !== '' && !run.stdout.endsWith('\n')) text += '\n';
      text += run.stderr;
      if (run.memory) text += formatSummary(run.memory, run.totalSteps);
      text += `[pymemsim] exit code ${exitCode}, ${run.totalSteps} steps, ${Math.round(run.elapsedMs)} ms\n`;
    }
    const p = run.problem;
    if (p && p.line && run.end !== 'cancelled') {
      const lineIndex = Math.min(Math.max(p.line - 1, 0), Math.max(doc.lineCount - 1, 0));
      const line = doc.lineAt(lineIndex);
      const start = p.column !== undefined ? Math.min(p.column - 1, line.range.end.character) : line.firstNonWhitespaceCharacterIndex;
      const range = new vscode.Range(lineIndex, start, lineIndex, Math.max(line.range.end.character, start));
      const d = new vscode.Diagnostic(range, p.message, vscode.DiagnosticSeverity.Error);
      d.source = 'pymemsim';
      d.code = p.kind;
      diagnostics.push(d);
      notification = `${shownName}:${p.line}: ${p.message}`;
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

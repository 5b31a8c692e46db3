// "Simulate Memory": the commands that simulate a document or a selection in the worker and show
// the run in the memory panel, and everything in the editor that follows the panel: the
// highlighted line of the shown step, diagnostics for the run's problem, the "Step to Line" code
// lenses and command, re-simulation on save, the progress notification with its Cancel, and the
// panel's restoration after a window reload. The panel asks for the steps it shows; the host
// forwards those questions to the worker, which holds the step trace.

import { monitorEventLoopDelay, performance } from 'perf_hooks';
import * as vscode from 'vscode';
import { PyVersion, isPyVersion, mayHaveAnnotations } from '../engine';
import type { FromWebviewMessage, PanelState, RunInfo, RunProblem, SnippetInfo, StepView, ViewQuery } from '../shared/protocol';
import type { RunSummary } from '../worker/protocol';
import type { PanelMetrics, PanelStatus } from './api';
import { configuredMaxSteps, configuredMemoryLimitMb, configuredVersion, resimulateOnSave } from './config';
import { LineHighlight, stepText } from './lineHighlight';
import { MEMORY_PANEL_VIEW_TYPE, MemoryPanel } from './memoryPanel';
import { RunningSimulation, SimulationWorker } from './simulationWorker';
import { stepTargets } from './stepTargets';
import {
  Target, displayName, documentTarget, firstChangedLine, selectionTarget, toDocLine, toProgramLine, tracebackName,
} from './target';

export const SIMULATE_COMMAND = 'pymemsim.simulate';
export const SIMULATE_SELECTION_COMMAND = 'pymemsim.simulateSelection';
export const STEP_TO_LINE_COMMAND = 'pymemsim.stepToLine';
export const CANCEL_COMMAND = 'pymemsim.cancelSimulation';
/** moves the panel to a step (the code lenses, tests and the bench use it) */
export const GO_TO_STEP_COMMAND = 'pymemsim.goToStep';
/** the context key that shows "Step to Line" while the panel is open */
const PANEL_OPEN_CONTEXT = 'pymemsim.panelOpen';
/** the context key that offers "Cancel Simulation" while one runs */
const RUNNING_CONTEXT = 'pymemsim.simulating';
/** a simulation that takes longer than this shows a progress notification with Cancel */
const PROGRESS_AFTER_MS = 500;

/** Where the panel should be once a run is ready. */
type Placement =
  | { kind: 'default' }
  | { kind: 'step'; step: number; select?: number }
  /** the step the panel showed in the previous run of the same document, if the text did not
   *  change in any line that ran up to it */
  | { kind: 'keep'; step: number; maxLineThrough: number; oldSource: string };

interface Shown {
  target: Target;
  info: RunInfo;
}

export class MemoryController implements vscode.Disposable {
  private panel: MemoryPanel | undefined;
  private shown: Shown | undefined;
  private running: { sim: RunningSimulation; target: Target; version: PyVersion } | undefined;
  /** the version the panel simulates with (the setting, or the panel's picker) */
  private version: PyVersion = configuredVersion();
  /** the step the panel painted last, its document line (0 at the end), and its run */
  private step = 0;
  private stepLine = 0;
  /** the object selected at the painted step (as the panel reported it) */
  private selected: number | null = null;
  /** the view of the step a new run opens on, asked of the worker while the session message
   *  travels to the webview, for the panel's first request when it asks for just that step */
  private opening: { runId: number; key: string; view: Promise<StepView> } | null = null;
  private paintedRunId = 0;
  private readonly highlight = new LineHighlight();
  readonly diagnostics = vscode.languages.createDiagnosticCollection('pymemsim');
  /** an annotated snippet's problems and failed expectations */
  readonly snippetDiagnostics = vscode.languages.createDiagnosticCollection('pymemsim-snippet');
  /** the annotations of the run shown (lines of the document), as last sent to the panel */
  private snippet: SnippetInfo | null = null;
  private readonly snippetChanged = new vscode.EventEmitter<void>();
  /** fires when the snippet's annotations or their outcomes arrive */
  readonly onDidChangeSnippet = this.snippetChanged.event;
  private readonly lensesChanged = new vscode.EventEmitter<void>();
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly statusChanged = new vscode.EventEmitter<PanelStatus | undefined>();
  /** fires after each painted step and each new run */
  readonly onDidChangeStatus = this.statusChanged.event;
  readonly metrics: PanelMetrics = { commandToPaintMs: null, commandMarks: {}, lastStepPaintMs: null, maxEventLoopDelayMs: null, simulationMs: null };
  /** set when a command starts a run, cleared by the first step painted of that run */
  private commandStarted: { at: number; runId: number | null; marks: Record<string, number> } | null = null;

  constructor(private readonly extensionUri: vscode.Uri, private readonly worker: SimulationWorker) {
    this.subscriptions.push(
      this.highlight,
      this.diagnostics,
      this.snippetDiagnostics,
      this.snippetChanged,
      this.lensesChanged,
      this.statusChanged,
      vscode.commands.registerCommand(SIMULATE_COMMAND, (uri?: unknown) => this.simulateCommand(uri)),
      vscode.commands.registerCommand(SIMULATE_SELECTION_COMMAND, () => this.simulateSelectionCommand()),
      vscode.commands.registerCommand(STEP_TO_LINE_COMMAND, (uri?: unknown, line?: unknown) => this.stepToLine(uri, line)),
      vscode.commands.registerCommand(GO_TO_STEP_COMMAND, (step?: unknown) => this.goToStep(step)),
      vscode.commands.registerCommand(CANCEL_COMMAND, () => this.running?.sim.cancel()),
      vscode.window.registerWebviewPanelSerializer(MEMORY_PANEL_VIEW_TYPE, {
        deserializeWebviewPanel: (panel, state: unknown) => this.restore(panel, state),
      }),
      vscode.languages.registerCodeLensProvider({ language: 'python' }, {
        onDidChangeCodeLenses: this.lensesChanged.event,
        provideCodeLenses: (doc) => this.codeLenses(doc),
      }),
      vscode.workspace.onDidSaveTextDocument((doc) => this.saved(doc)),
    );
  }

  /** what the panel shows, for the extension's API */
  get status(): PanelStatus | undefined {
    const s = this.shown;
    if (!this.panel) return undefined;
    if (!s) {
      // the panel's first run is still being simulated
      const r = this.running;
      if (!r) return undefined;
      return {
        uri: r.target.uri.toString(), fileName: r.target.fileName, version: r.version, runId: 0, totalSteps: 0, end: null, problem: null,
        step: 0, line: 0, paintedRunId: 0, highlightedLine: 0, running: true, visible: this.panel.visible,
      };
    }
    return {
      uri: s.info.uri,
      fileName: s.info.fileName,
      version: s.info.version,
      runId: s.info.runId,
      totalSteps: s.info.totalSteps,
      end: s.info.end,
      problem: s.info.problem,
      step: this.step,
      line: this.stepLine,
      paintedRunId: this.paintedRunId,
      highlightedLine: this.highlight.line,
      running: this.running !== undefined,
      visible: this.panel.visible,
      selected: this.selected,
      snippet: this.snippet ? { title: this.snippet.title, checking: this.snippet.checking, summary: this.snippet.summary, problems: this.snippet.problems.length } : null,
    };
  }

  private readonly pngRequests = new Map<number, (r: string | Error) => void>();
  private pngIds = 1;

  /** the allocator map's canvas as a PNG data URL, from the panel (rejects with the reason when
   *  it has none) */
  allocatorPng(): Promise<string> {
    const panel = this.panel;
    if (!panel) return Promise.reject(new Error('the memory panel is not open'));
    const requestId = this.pngIds++;
    return new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => { this.pngRequests.delete(requestId); reject(new Error('the panel did not answer')); }, 10_000);
      this.pngRequests.set(requestId, (r) => { clearTimeout(timer); if (r instanceof Error) reject(r); else resolve(r); });
      panel.post({ type: 'requestAllocatorPng', requestId });
    });
  }

  /** the run the panel shows, for Compare Versions and the exports (undefined: none yet) */
  shownRun(): { runId: number; version: PyVersion; step: number; totalSteps: number; end: string; fileName: string; source: string; filename: (v: PyVersion) => string } | undefined {
    const s = this.shown;
    if (!s || !this.worker.holds(s.info.runId)) return undefined;
    const target = s.target;
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === target.uri.toString());
    return {
      runId: s.info.runId, version: s.info.version, step: this.step, totalSteps: s.info.totalSteps, end: s.info.end,
      fileName: s.info.fileName, source: target.source, filename: (v) => tracebackName(target, doc, v),
    };
  }

  /** the panel's run when it simulated exactly this text of the whole document `uri` (the
   *  editor's hovers then read the panel's step), else undefined */
  panelRunOf(uri: string, text: string): { runId: number; version: PyVersion; step: number; totalSteps: number; end: string; maxSteps: number } | undefined {
    const s = this.shown;
    if (!this.panel || !s || this.running || s.target.selection || s.target.uri.toString() !== uri || s.target.source !== text) return undefined;
    if (!this.worker.holds(s.info.runId)) return undefined;
    return { runId: s.info.runId, version: s.info.version, step: this.step, totalSteps: s.info.totalSteps, end: s.info.end, maxSteps: configuredMaxSteps() };
  }

  /** "Show in Memory Panel": the panel at `step` of a run of the whole document on `version`,
   *  with object `select` selected (0: none). The panel's own run is moved when it is of the same
   *  text and version; otherwise the document is simulated for the panel (the same program on the
   *  same version makes the same steps and the same ids). */
  async showInPanel(uri: vscode.Uri, version: PyVersion, step: number, select: number): Promise<PanelStatus | undefined> {
    const doc = await vscode.workspace.openTextDocument(uri);
    const run = this.panelRunOf(uri.toString(), doc.getText());
    if (run && run.version === version && this.panel) {
      this.panel.post({ type: 'goToStep', step: Math.max(0, Math.min(run.totalSteps, Math.floor(step))), select });
      this.panel.reveal();
      return this.status;
    }
    this.version = version;
    this.commandStarted = { at: performance.now(), runId: null, marks: {} };
    await this.simulate(documentTarget(doc), { kind: 'step', step, select }, true);
    return this.status;
  }

  // --- commands --------------------------------------------------------------------------------

  private async simulateCommand(uri?: unknown): Promise<PanelStatus | undefined> {
    const doc = uri instanceof vscode.Uri ? await vscode.workspace.openTextDocument(uri) : vscode.window.activeTextEditor?.document;
    if (!doc) {
      void vscode.window.showWarningMessage('Open a Python file to simulate its memory.');
      return undefined;
    }
    this.version = configuredVersion();
    this.commandStarted = { at: performance.now(), runId: null, marks: {} };
    await this.simulate(documentTarget(doc), { kind: 'default' }, true);
    return this.status;
  }

  private async simulateSelectionCommand(): Promise<PanelStatus | undefined> {
    const editor = vscode.window.activeTextEditor;
    if (!editor) {
      void vscode.window.showWarningMessage('Select the lines of a Python file to simulate them.');
      return undefined;
    }
    const target = selectionTarget(editor.document, editor.selection);
    this.version = configuredVersion();
    this.commandStarted = { at: performance.now(), runId: null, marks: {} };
    await this.simulate(target ?? documentTarget(editor.document), { kind: 'default' }, true);
    return this.status;
  }

  /** the panel's next step at a line (the cursor's, or the lens's), simulating first if needed */
  private async stepToLine(uriArg?: unknown, lineArg?: unknown): Promise<number | null> {
    const editor = vscode.window.activeTextEditor;
    const uri = uriArg instanceof vscode.Uri ? uriArg : editor?.document.uri;
    const docLine = typeof lineArg === 'number' ? lineArg : editor ? editor.selection.active.line + 1 : 0;
    if (!uri || !docLine) return null;
    if (!this.shown || this.shown.target.uri.toString() !== uri.toString() || this.running) {
      const doc = await vscode.workspace.openTextDocument(uri);
      if (!this.running || this.running.target.uri.toString() !== uri.toString()) {
        this.version = configuredVersion();
        await this.simulate(documentTarget(doc), { kind: 'step', step: 0 }, true);
      } else {
        await this.running.sim.done;
      }
    }
    const s = this.shown;
    if (!s || !this.worker.holds(s.info.runId)) return null;
    const line = toProgramLine(s.target, docLine);
    if (!line) {
      void vscode.window.showInformationMessage(`Line ${docLine} is not part of the simulated lines.`);
      return null;
    }
    let step = await this.worker.find(s.info.runId, 'line', this.step, 1, line);
    if (step === null) step = await this.worker.find(s.info.runId, 'line', 0, 1, line);
    if (step === null) {
      void vscode.window.showInformationMessage(`Line ${docLine} does not run in this simulation.`);
      return null;
    }
    this.goToStep(step);
    return step;
  }

  private goToStep(step: unknown): void {
    if (typeof step !== 'number' || !this.panel || !this.shown) return;
    this.panel.post({ type: 'goToStep', step: Math.max(0, Math.min(this.shown.info.totalSteps, Math.floor(step))) });
    this.panel.reveal();
  }

  /** when a step of the command's first run happened, in ms after the command (first time only) */
  private mark(runId: number, what: string): void {
    const c = this.commandStarted;
    if (c && c.runId === runId && c.marks[what] === undefined) c.marks[what] = Math.round((performance.now() - c.at) * 10) / 10;
  }

  // --- runs ------------------------------------------------------------------------------------

  /** the panel, made beside the editor if there is none; `reveal` brings an open one forward
   *  (a command does; a re-simulation on save, a version change or a restored panel do not) */
  private ensurePanel(target: Target, reveal: boolean): MemoryPanel {
    if (this.panel) {
      this.panel.setTitle(target.fileName);
      if (reveal) this.panel.reveal();
      return this.panel;
    }
    const panel = MemoryPanel.create(this.extensionUri, target.fileName);
    this.adopt(panel);
    return panel;
  }

  private adopt(panel: MemoryPanel): void {
    this.panel = panel;
    void vscode.commands.executeCommand('setContext', PANEL_OPEN_CONTEXT, true);
    panel.onMessage((m) => void this.receive(m));
    panel.onReady((r) => this.webviewReady(r.state, r.delivered));
    panel.onDidDispose(() => {
      if (this.panel !== panel) return;
      this.panel = undefined;
      void vscode.commands.executeCommand('setContext', PANEL_OPEN_CONTEXT, false);
      this.running?.sim.cancel();
      if (this.shown) this.worker.drop(this.shown.info.runId);
      this.shown = undefined;
      this.highlight.set(null);
      this.snippet = null;
      this.snippetDiagnostics.clear();
      this.lensesChanged.fire();
      this.statusChanged.fire(undefined);
    });
  }

  private async simulate(target: Target, placement: Placement, reveal = false): Promise<void> {
    const panel = this.ensurePanel(target, reveal);
    const version = this.version;
    this.running?.sim.cancel();
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === target.uri.toString());
    const fileName = target.fileName;
    panel.post({ type: 'running', fileName, version, steps: 0, line: 0 });
    const sim = this.worker.simulate(
      {
        trace: true,
        source: target.source,
        version,
        maxSteps: configuredMaxSteps(),
        memoryLimitMb: configuredMemoryLimitMb(),
        filename: tracebackName(target, doc, version),
        displayName: fileName,
      },
      (p) => {
        progressLine = p.line;
        progressSteps = p.steps;
        if (this.running?.sim === sim) panel.post({ type: 'running', fileName, version, steps: p.steps, line: toDocLine(target, p.line) });
        report?.(p.steps, p.line);
      },
    );
    let progressLine = 0, progressSteps = 0;
    let report: ((steps: number, line: number) => void) | undefined;
    this.running = { sim, target, version };
    void vscode.commands.executeCommand('setContext', RUNNING_CONTEXT, true);
    if (this.commandStarted && this.commandStarted.runId === null) this.commandStarted.runId = sim.id;
    this.mark(sim.id, 'simulationStarted');
    const loop = monitorEventLoopDelay({ resolution: 10 });
    loop.enable();
    const progressTimer = setTimeout(() => {
      void vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Simulating ${fileName} (CPython ${version})`, cancellable: true },
        (progress, token) => {
          token.onCancellationRequested(() => sim.cancel());
          let lastSteps = 0;
          report = (steps, line) => {
            progress.report({ message: `${steps.toLocaleString('en-US')} steps, line ${toDocLine(target, line)}` });
            lastSteps = steps;
          };
          if (progressSteps > lastSteps) report(progressSteps, progressLine);
          return sim.done;
        },
      );
    }, PROGRESS_AFTER_MS);
    const summary = await sim.done;
    this.mark(sim.id, 'simulated');
    clearTimeout(progressTimer);
    if (this.running?.sim === sim) void vscode.commands.executeCommand('setContext', RUNNING_CONTEXT, false);
    loop.disable();
    if (this.running?.sim !== sim) {
      // replaced by a newer run, or the panel closed meanwhile
      this.worker.drop(summary.runId);
      return;
    }
    this.running = undefined;
    this.metrics.maxEventLoopDelayMs = loop.max / 1e6;
    this.metrics.simulationMs = summary.elapsedMs;
    if (this.panel !== panel) {
      this.worker.drop(summary.runId);
      return;
    }
    const info = runInfo(target, version, summary);
    const previous = this.shown;
    this.shown = { target, info };
    if (previous && previous.info.runId !== info.runId) this.worker.drop(previous.info.runId);
    this.showProblem(target, info.problem);
    const step = await this.placeStep(placement, target, info);
    this.step = step;
    this.prefetch(info.runId, { step });
    panel.post({ type: 'session', run: info, step, ...(placement.kind === 'step' && placement.select !== undefined ? { select: placement.select } : {}) });
    this.mark(info.runId, 'sessionPosted');
    void this.postSnippet(panel, target, info);
    this.lensesChanged.fire();
    this.statusChanged.fire(this.status);
  }

  /** ask the worker for a view before the panel does (a panel that has nothing expanded and
   *  nothing selected asks for exactly this query first) */
  private prefetch(runId: number, query: ViewQuery): void {
    const view = this.worker.view(runId, query);
    view.catch(() => undefined);
    this.opening = { runId, key: JSON.stringify(query), view };
  }

  /** the step a new run opens on */
  private async placeStep(p: Placement, target: Target, info: RunInfo): Promise<number> {
    const n = info.totalSteps;
    // a run opens on its last line, the last state with frames: after it, a run that ended has
    // torn its module down (an empty picture), and one stopped by the step limit or a failure of
    // the simulator has no frames either; a cancelled run was paused and opens where it stopped
    const last = info.end !== 'cancelled' && n > 0 ? n - 1 : n;
    if (p.kind === 'step') return Math.max(0, Math.min(n, p.step));
    if (p.kind === 'keep') {
      const changed = firstChangedLine(p.oldSource, target.source);
      if (changed === 0 || changed > p.maxLineThrough) return Math.min(n, p.step);
    }
    return last;
  }

  /** the run's problem (its line a document line) as a diagnostic */
  private showProblem(target: Target, problem: RunProblem | null): void {
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === target.uri.toString());
    if (!problem || !problem.line || !doc || problem.kind === 'cancelled') {
      this.diagnostics.set(target.uri, []);
      return;
    }
    const lineIndex = Math.min(Math.max(problem.line - 1, 0), Math.max(doc.lineCount - 1, 0));
    const line = doc.lineAt(lineIndex);
    const start = problem.column !== undefined
      ? Math.min(problem.column - 1 + (target.selection ? indentOf(line.text) : 0), line.range.end.character)
      : line.firstNonWhitespaceCharacterIndex;
    const range = new vscode.Range(lineIndex, start, lineIndex, Math.max(line.range.end.character, start));
    const severity = problem.kind === 'step-limit' || problem.kind === 'out-of-memory'
      ? vscode.DiagnosticSeverity.Warning
      : vscode.DiagnosticSeverity.Error;
    const d = new vscode.Diagnostic(range, problem.message, severity);
    d.source = 'pymemsim';
    d.code = problem.kind;
    this.diagnostics.set(target.uri, [d]);
  }

  // --- annotated snippets ----------------------------------------------------------------------

  /** the annotations of the run's program, placed on its steps, then with its expectations
   *  checked on the run's version (docs/annotations.md): sent to the panel, and their problems and
   *  failed expectations as diagnostics on their lines */
  private async postSnippet(panel: MemoryPanel, target: Target, info: RunInfo): Promise<void> {
    this.snippet = null;
    this.snippetDiagnostics.set(target.uri, []);
    const current = () => this.panel === panel && this.shown?.info.runId === info.runId;
    if (!mayHaveAnnotations(target.source) || !this.worker.holds(info.runId)) {
      panel.post({ type: 'snippet', snippet: null });
      return;
    }
    const ask = (check: boolean) => this.worker.snippet(info.runId, check).catch((e: unknown) => {
      void vscode.window.showWarningMessage(`The snippet's annotations could not be ${check ? 'checked' : 'read'}: ${errorText(e)}`);
      return null;
    });
    const first = await ask(false);
    if (!current()) return;
    const shown = first && snippetOnDocument(first, target);
    this.snippet = shown;
    panel.post({ type: 'snippet', snippet: shown });
    this.snippetChanged.fire();
    if (!shown) return;
    this.showSnippetDiagnostics(target, shown);
    if (!shown.checking) return;
    const checked = await ask(true);
    if (!current()) return;
    const done = checked ? snippetOnDocument(checked, target) : { ...shown, checking: false };
    this.snippet = done;
    panel.post({ type: 'snippet', snippet: done });
    this.showSnippetDiagnostics(target, done);
    this.snippetChanged.fire();
  }

  /** annotation problems, and expectations that failed or raised, as diagnostics */
  private showSnippetDiagnostics(target: Target, s: SnippetInfo): void {
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === target.uri.toString());
    if (!doc) return;
    const lineRange = (line: number, column?: number): vscode.Range => {
      const i = Math.min(Math.max(line - 1, 0), Math.max(doc.lineCount - 1, 0));
      const l = doc.lineAt(i);
      const start = column !== undefined ? Math.min(column - 1, l.range.end.character) : l.firstNonWhitespaceCharacterIndex;
      return new vscode.Range(i, start, i, Math.max(start, l.range.end.character));
    };
    const out: vscode.Diagnostic[] = [];
    for (const p of s.problems) {
      const d = new vscode.Diagnostic(lineRange(p.line, p.column), p.message, p.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning);
      d.source = 'pymemsim snippet';
      out.push(d);
    }
    for (const p of s.points) {
      for (const e of p.expectations) {
        if (e.outcome !== 'failed' && e.outcome !== 'error') continue;
        const bad = e.results?.find((r) => r.outcome !== 'passed');
        const what = bad ? (bad.error ?? (bad.op !== null ? `${bad.left} ${bad.op} ${bad.right}` : bad.value ?? '')) : '';
        const reach = bad && p.reaches > 1 ? ` (reach ${bad.reach + 1} of ${p.reaches})` : '';
        const d = new vscode.Diagnostic(lineRange(e.line), `expectation ${e.outcome} on CPython ${this.shown?.info.version ?? ''}: ${e.expression}${what ? `: ${what}` : ''}${reach}`, vscode.DiagnosticSeverity.Error);
        d.source = 'pymemsim snippet';
        d.code = 'expectation';
        out.push(d);
      }
    }
    this.snippetDiagnostics.set(target.uri, out);
  }

  // --- the webview -----------------------------------------------------------------------------

  /** the webview (re)loaded: what it shows, unless the run it should show waited for it */
  private webviewReady(state: PanelState | null, delivered: boolean): void {
    const panel = this.panel;
    if (!panel || delivered) return;
    if (this.running) {
      const r = this.running;
      panel.post({ type: 'running', fileName: r.target.fileName, version: r.version, steps: 0, line: 0 });
    } else if (this.shown) {
      const step = state && state.uri === this.shown.info.uri ? state.step : this.step;
      panel.post({ type: 'session', run: this.shown.info, step: Math.min(step, this.shown.info.totalSteps) });
      if (this.snippet && this.snippet.runId === this.shown.info.runId) panel.post({ type: 'snippet', snippet: this.snippet });
    }
  }

  private async receive(m: FromWebviewMessage): Promise<void> {
    const panel = this.panel;
    const s = this.shown;
    if (!panel) return;
    switch (m.type) {
      case 'requestStep': {
        if (!s || m.runId !== s.info.runId) {
          panel.post({ type: 'stepView', requestId: m.requestId, runId: m.runId, view: null, error: 'this run was replaced by a newer one' });
          return;
        }
        this.mark(m.runId, 'stepRequested');
        try {
          const opening = this.opening;
          this.opening = null;
          const view = await (opening && opening.runId === m.runId && opening.key === JSON.stringify(m.query)
            ? opening.view
            : this.worker.view(m.runId, m.query));
          this.mark(m.runId, 'viewReady');
          // the panel speaks in document lines
          view.line = toDocLine(s.target, view.line);
          for (const f of view.frames) f.line = toDocLine(s.target, f.line);
          panel.post({ type: 'stepView', requestId: m.requestId, runId: m.runId, view });
        } catch (e) {
          panel.post({ type: 'stepView', requestId: m.requestId, runId: m.runId, view: null, error: errorText(e) });
        }
        return;
      }
      case 'requestAllocMap': {
        if (!s || m.runId !== s.info.runId) {
          panel.post({ type: 'allocMap', requestId: m.requestId, runId: m.runId, map: null, error: 'this run was replaced by a newer one' });
          return;
        }
        try {
          panel.post({ type: 'allocMap', requestId: m.requestId, runId: m.runId, map: await this.worker.allocMap(m.runId, m.query) });
        } catch (e) {
          panel.post({ type: 'allocMap', requestId: m.requestId, runId: m.runId, map: null, error: errorText(e) });
        }
        return;
      }
      case 'requestDetails': {
        if (!s || m.runId !== s.info.runId) {
          panel.post({ type: 'objectDetails', requestId: m.requestId, runId: m.runId, details: null, error: 'this run was replaced by a newer one' });
          return;
        }
        try {
          const details = await this.worker.details(m.runId, m.query);
          panel.post({ type: 'objectDetails', requestId: m.requestId, runId: m.runId, details });
        } catch (e) {
          panel.post({ type: 'objectDetails', requestId: m.requestId, runId: m.runId, details: null, error: errorText(e) });
        }
        return;
      }
      case 'requestCollections': {
        if (!s || m.runId !== s.info.runId) {
          panel.post({ type: 'collections', requestId: m.requestId, runId: m.runId, collections: null, error: 'this run was replaced by a newer one' });
          return;
        }
        try {
          panel.post({ type: 'collections', requestId: m.requestId, runId: m.runId, collections: await this.worker.collections(m.runId, m.query) });
        } catch (e) {
          panel.post({ type: 'collections', requestId: m.requestId, runId: m.runId, collections: null, error: errorText(e) });
        }
        return;
      }
      case 'findStep': {
        let step: number | null = null;
        if (s && m.runId === s.info.runId && this.worker.holds(m.runId)) {
          try {
            const line = m.line === undefined ? undefined : toProgramLine(s.target, m.line);
            step = line === 0 ? null : await this.worker.find(m.runId, m.what, m.from, m.direction, line);
          } catch {
            step = null;
          }
        }
        panel.post({ type: 'foundStep', requestId: m.requestId, step });
        return;
      }
      case 'requestMemorySeries': {
        if (!s || m.runId !== s.info.runId) {
          panel.post({ type: 'memorySeries', requestId: m.requestId, runId: m.runId, series: null, error: 'this run was replaced by a newer one' });
          return;
        }
        try {
          const series = await this.worker.series(m.runId, m.from, m.to, m.maxBuckets);
          panel.post({ type: 'memorySeries', requestId: m.requestId, runId: m.runId, series });
        } catch (e) {
          panel.post({ type: 'memorySeries', requestId: m.requestId, runId: m.runId, series: null, error: errorText(e) });
        }
        return;
      }
      case 'stepShown': {
        if (!s || m.runId !== s.info.runId) return;
        this.step = m.step;
        this.stepLine = m.line;
        this.paintedRunId = m.runId;
        this.selected = m.selected ?? null;
        this.metrics.lastStepPaintMs = m.paintMs;
        const started = this.commandStarted;
        if (started && started.runId === m.runId) {
          this.metrics.commandToPaintMs = performance.now() - started.at;
          this.metrics.commandMarks = started.marks;
          this.commandStarted = null;
        }
        this.highlight.set({ uri: s.target.uri, line: m.line, step: m.step, totalSteps: s.info.totalSteps });
        this.statusChanged.fire(this.status);
        return;
      }
      case 'selectVersion': {
        if (!isPyVersion(m.version) || !s) return;
        this.version = m.version;
        await this.simulate(await this.fresh(s.target), { kind: 'step', step: this.step });
        return;
      }
      case 'rerun': {
        if (!s) return;
        await this.simulate(await this.fresh(s.target), await this.keep(s));
        return;
      }
      case 'cancel':
        this.running?.sim.cancel();
        return;
      case 'allocatorPng': {
        const settle = this.pngRequests.get(m.requestId);
        this.pngRequests.delete(m.requestId);
        settle?.(m.dataUrl ?? new Error(m.error ?? 'no picture'));
        return;
      }
      case 'compareVersions': {
        const [a, b]: unknown[] = Array.isArray(m.versions) ? m.versions : [];
        if (typeof a === 'string' && typeof b === 'string' && isPyVersion(a) && isPyVersion(b) && a !== b) await vscode.commands.executeCommand('pymemsim.compareVersions', a, b);
        return;
      }
      case 'revealLine': {
        if (!s) return;
        const line = m.line;
        const doc = await vscode.workspace.openTextDocument(s.target.uri);
        const column = vscode.window.visibleTextEditors.find((e) => e.document === doc)?.viewColumn ?? vscode.ViewColumn.One;
        const editor = await vscode.window.showTextDocument(doc, { viewColumn: column, preserveFocus: false });
        const l = Math.min(Math.max(line - 1, 0), doc.lineCount - 1);
        editor.selection = new vscode.Selection(l, doc.lineAt(l).firstNonWhitespaceCharacterIndex, l, doc.lineAt(l).range.end.character);
        editor.revealRange(editor.selection, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
        return;
      }
    }
  }

  /** the target read again from its document (a selection keeps its lines) */
  private async fresh(t: Target): Promise<Target> {
    const doc = await vscode.workspace.openTextDocument(t.uri);
    if (!t.selection) return documentTarget(doc);
    const last = Math.min(doc.lineCount, t.firstLine + t.lineCount - 1);
    const sel = new vscode.Selection(t.firstLine - 1, 0, last - 1, doc.lineAt(last - 1).range.end.character);
    return selectionTarget(doc, sel) ?? documentTarget(doc);
  }

  /** where to put the panel after a re-simulation: at the same step, if no line that ran to
   *  reach it changes (the line about to run may change: it has not run yet) */
  private async keep(s: Shown): Promise<Placement> {
    if (!this.worker.holds(s.info.runId)) return { kind: 'default' };
    try {
      const ran = this.step > 0 ? (await this.worker.lines(s.info.runId, this.step - 1, [])).maxLineThrough : 0;
      return { kind: 'keep', step: this.step, maxLineThrough: ran, oldSource: s.target.source };
    } catch {
      return { kind: 'default' };
    }
  }

  private async saved(doc: vscode.TextDocument): Promise<void> {
    const s = this.shown;
    if (!s || !this.panel || s.target.uri.toString() !== doc.uri.toString() || !resimulateOnSave()) return;
    const target = await this.fresh(s.target);
    if (target.source === s.target.source) return;
    await this.simulate(target, await this.keep(s));
  }

  // --- restoring the panel after a window reload -------------------------------------------------

  /** what the serializer does with a panel VS Code restores after a window reload (public for
   *  the extension's tests, through its API) */
  async restore(webviewPanel: vscode.WebviewPanel, raw: unknown): Promise<void> {
    const state = asPanelState(raw);
    const panel = new MemoryPanel(webviewPanel, this.extensionUri);
    if (this.panel) {
      // only one memory panel: a second restored one closes
      panel.dispose();
      return;
    }
    this.adopt(panel);
    if (!state) {
      panel.dispose();
      return;
    }
    let doc: vscode.TextDocument;
    try {
      doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(state.uri));
    } catch {
      panel.dispose();
      void vscode.window.showWarningMessage(`The memory panel was not restored: ${state.uri} cannot be opened.`);
      return;
    }
    this.version = state.version;
    panel.setTitle(displayName(doc));
    await this.simulate(documentTarget(doc), { kind: 'step', step: state.step });
  }

  // --- code lenses -------------------------------------------------------------------------------

  private async codeLenses(doc: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    const s = this.shown;
    if (!s || !this.panel || s.target.uri.toString() !== doc.uri.toString() || !this.worker.holds(s.info.runId)) return [];
    const targets = stepTargets(s.target.source);
    if (!targets.length) return [];
    let runs: number[];
    try {
      runs = (await this.worker.lines(s.info.runId, this.step, targets.map((t) => t.target))).runs;
    } catch {
      return [];
    }
    return targets.map((t, i) => {
      const docLine = toDocLine(s.target, t.line);
      const range = new vscode.Range(docLine - 1, 0, docLine - 1, 0);
      const n = runs[i];
      const what = t.kind === 'def' ? `Step to the next call of ${t.name}` : `Step to the next ${t.name} iteration`;
      const count = t.kind === 'def' ? `${n.toLocaleString('en-US')} call${n === 1 ? '' : 's'}` : `ran ${n.toLocaleString('en-US')} time${n === 1 ? '' : 's'}`;
      if (n === 0) return new vscode.CodeLens(range, { title: t.kind === 'def' ? `${t.name}: never called` : 'never ran', command: '' });
      return new vscode.CodeLens(range, {
        title: `$(debug-step-over) ${what} (${count})`,
        tooltip: `Moves the memory panel to the next step at line ${toDocLine(s.target, t.target)}`,
        command: STEP_TO_LINE_COMMAND,
        arguments: [s.target.uri, toDocLine(s.target, t.target)],
      });
    });
  }

  dispose(): void {
    this.running?.sim.cancel();
    this.panel?.dispose();
    for (const d of this.subscriptions) d.dispose();
  }
}

function runInfo(target: Target, version: PyVersion, r: RunSummary): RunInfo {
  const problem = r.problem ? { ...r.problem, line: toDocLine(target, r.problem.line) } : null;
  return {
    runId: r.runId,
    uri: target.uri.toString(),
    fileName: target.fileName,
    version,
    totalSteps: r.totalSteps,
    end: r.end,
    problem,
    stderr: r.stderr,
    exitCode: r.exitCode,
    elapsedMs: r.elapsedMs,
    firstLine: target.firstLine,
  };
}

/** a snippet's lines (the program's) as the document's */
function snippetOnDocument(s: SnippetInfo, target: Target): SnippetInfo {
  if (target.firstLine === 1) return s;
  const d = (l: number) => toDocLine(target, l);
  return {
    ...s,
    problems: s.problems.map((p) => ({ ...p, line: d(p.line) })),
    points: s.points.map((p) => ({ ...p, line: d(p.line), expectations: p.expectations.map((e) => ({ ...e, line: d(e.line) })) })),
  };
}

function asPanelState(raw: unknown): PanelState | null {
  if (!raw || typeof raw !== 'object') return null;
  const s = raw as Partial<PanelState>;
  if (typeof s.uri !== 'string' || typeof s.version !== 'string' || !isPyVersion(s.version)) return null;
  return {
    uri: s.uri,
    version: s.version,
    step: typeof s.step === 'number' && s.step >= 0 ? Math.floor(s.step) : 0,
    expand: Array.isArray(s.expand) ? s.expand.filter((e) => e && typeof e.type === 'string' && typeof e.limit === 'number') : [],
    selected: typeof s.selected === 'number' ? s.selected : null,
  };
}

function indentOf(text: string): number {
  return /^[ \t]*/.exec(text)![0].length;
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export { stepText };

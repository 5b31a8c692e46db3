// Memory in the editor itself: hovers over names (the object as it was after the line ran, with
// its size, references, generation and blocks), inlay hints after assignments ("56 B, 1 block"),
// code lenses above the file and each function (steps, peak blocks, collections), and the
// commands their links run ("Show in Memory Panel", "Compare Versions"). They read the editor's
// background runs (background.ts: one run per document version, debounced while the user types,
// in a worker of their own so that the memory panel's requests never wait behind them), or the
// memory panel's run and step when the panel shows this very text.

import * as vscode from 'vscode';
import { PY_VERSIONS, PyVersion } from '../engine';
import type { NameFacts } from '../engine';
import type { RunSummary } from '../worker/protocol';
import { BackgroundDoc, BackgroundRun, BackgroundRuns, RunSupersededError } from './background';
import {
  backgroundDebounceMs, backgroundEnabled, backgroundMaxSteps, codeLensEnabled, configuredMemoryLimitMb, configuredVersion,
  inlayHintsEnabled,
} from './config';
import {
  COMPARE_NAME_COMMAND, CompareNameArgs, HoverContext, HoverRun, SHOW_IN_PANEL_COMMAND, ShowInPanelArgs, VersionFacts, fileLensTitle,
  functionLensTitle, hintLabel, hintTooltip, hoverMarkdown, problemHover,
} from './hoverContent';
import { codeColumns, hoverTarget } from './hoverTarget';
import { MemoryController, SIMULATE_COMMAND } from './memoryController';
import { SimulationWorker } from './simulationWorker';
import { displayName, documentTarget, tracebackName } from './target';

/** What the editor's memory features did, for the tests and the bench. */
export interface EditorMemoryStatus {
  enabled: boolean;
  stats: BackgroundRuns['stats'];
  /** the last hover shown: its Markdown, and when its run was ready (ms after the request) */
  lastHover: { uri: string; line: number; markdown: string; source: 'panel' | 'background' | 'none' } | null;
  /** document versions whose background run finished, by URI: when (performance.now()) */
  finishedAt: Record<string, { docVersion: number; at: number; elapsedMs: number }>;
}

function isPython(doc: vscode.TextDocument): boolean {
  return doc.languageId === 'python' && (doc.uri.scheme === 'file' || doc.uri.scheme === 'untitled');
}

/** resolves with `p`, or with undefined when the token is cancelled first */
function race<T>(p: Promise<T>, token: vscode.CancellationToken): Promise<T | undefined> {
  if (token.isCancellationRequested) return Promise.resolve(undefined);
  return new Promise<T | undefined>((resolve, reject) => {
    const sub = token.onCancellationRequested(() => { sub.dispose(); resolve(undefined); });
    p.then((v) => { sub.dispose(); resolve(v); }, (e) => { sub.dispose(); reject(e); });
  });
}

function md(text: string): vscode.MarkdownString {
  const m = new vscode.MarkdownString(text);
  m.isTrusted = { enabledCommands: [SHOW_IN_PANEL_COMMAND, COMPARE_NAME_COMMAND, SIMULATE_COMMAND] };
  m.supportHtml = false;
  return m;
}

export class EditorMemory implements vscode.Disposable {
  readonly background: BackgroundRuns;
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly hintsChanged = new vscode.EventEmitter<void>();
  private readonly lensesChanged = new vscode.EventEmitter<void>();
  /** the sizes on every version of names whose "Compare Versions" ran, by document version,
   *  line and path */
  private readonly compared = new Map<string, VersionFacts[]>();
  readonly status: EditorMemoryStatus;

  /** `worker` runs the background simulations; `panelWorker` holds the memory panel's runs */
  constructor(private readonly worker: SimulationWorker, private readonly panelWorker: SimulationWorker, private readonly memory: MemoryController) {
    this.background = new BackgroundRuns({
      simulate: (req) => worker.simulate(req),
      drop: (runId) => worker.drop(runId),
      maxSteps: backgroundMaxSteps,
      memoryLimitMb: configuredMemoryLimitMb,
      debounceMs: backgroundDebounceMs,
    });
    this.status = { enabled: backgroundEnabled(), stats: this.background.stats, lastHover: null, finishedAt: {} };
    const selector: vscode.DocumentSelector = [{ language: 'python', scheme: 'file' }, { language: 'python', scheme: 'untitled' }];
    this.subscriptions.push(
      this.hintsChanged,
      this.lensesChanged,
      { dispose: () => this.background.dispose() },
      this.background.onDidFinish((r) => {
        this.status.finishedAt[r.uri] = { docVersion: r.docVersion, at: performance.now(), elapsedMs: r.summary.elapsedMs };
        this.hintsChanged.fire();
        this.lensesChanged.fire();
      }),
      vscode.languages.registerHoverProvider(selector, { provideHover: (doc, pos, token) => this.hover(doc, pos, token) }),
      vscode.languages.registerInlayHintsProvider(selector, {
        onDidChangeInlayHints: this.hintsChanged.event,
        provideInlayHints: (doc, range, token) => this.hints(doc, range, token),
      }),
      vscode.languages.registerCodeLensProvider(selector, {
        onDidChangeCodeLenses: this.lensesChanged.event,
        provideCodeLenses: (doc, token) => this.lenses(doc, token),
      }),
      vscode.commands.registerCommand(SHOW_IN_PANEL_COMMAND, (args?: unknown) => this.showInPanel(args)),
      vscode.commands.registerCommand(COMPARE_NAME_COMMAND, (args?: unknown) => this.compareName(args)),
      vscode.workspace.onDidChangeTextDocument((e) => { if (e.contentChanges.length && isPython(e.document)) this.schedule(e.document); }),
      vscode.window.onDidChangeVisibleTextEditors((editors) => { for (const ed of editors) this.schedule(ed.document); }),
      vscode.workspace.onDidCloseTextDocument((doc) => this.background.closed(doc.uri.toString())),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (!e.affectsConfiguration('pymemsim')) return;
        this.status.enabled = backgroundEnabled();
        if (e.affectsConfiguration('pymemsim.background') || e.affectsConfiguration('pymemsim.pythonVersion') || e.affectsConfiguration('pymemsim.memoryLimitMb')) {
          this.background.clear('a setting changed');
          for (const ed of vscode.window.visibleTextEditors) this.schedule(ed.document);
        }
        this.hintsChanged.fire();
        this.lensesChanged.fire();
      }),
      this.memory.onDidChangeStatus(() => this.lensesChanged.fire()),
    );
    for (const ed of vscode.window.visibleTextEditors) this.schedule(ed.document);
  }

  /** the version the editor simulates a document with: the memory panel's when it shows it */
  private pyFor(doc: vscode.TextDocument): PyVersion {
    const p = this.memory.status;
    return p && p.uri === doc.uri.toString() ? p.version : configuredVersion();
  }

  private docOf(doc: vscode.TextDocument, py: PyVersion): BackgroundDoc {
    const target = documentTarget(doc);
    return { uri: doc.uri.toString(), version: doc.version, text: target.source, filename: tracebackName(target, doc, py), displayName: displayName(doc) };
  }

  private schedule(doc: vscode.TextDocument): void {
    if (!isPython(doc) || !backgroundEnabled()) return;
    const py = this.pyFor(doc);
    this.background.changed(this.docOf(doc, py), py);
  }

  // --- hovers --------------------------------------------------------------------------------------

  private async hover(doc: vscode.TextDocument, pos: vscode.Position, token: vscode.CancellationToken): Promise<vscode.Hover | undefined> {
    const t = hoverTarget(doc.lineAt(pos.line).text, pos.character);
    if (!t) return undefined;
    const range = new vscode.Range(pos.line, t.start, pos.line, t.end);
    const uri = doc.uri.toString();
    const text = doc.getText();
    const shown = (markdown: string, source: 'panel' | 'background' | 'none'): vscode.Hover => {
      this.status.lastHover = { uri, line: pos.line + 1, markdown, source };
      return new vscode.Hover(md(markdown), range);
    };
    const panelRun = this.memory.panelRunOf(uri, text);
    let worker: SimulationWorker, runId: number, run: HoverRun, atStep: number | null = null;
    if (panelRun) {
      worker = this.panelWorker;
      runId = panelRun.runId;
      atStep = panelRun.step;
      run = {
        version: panelRun.version, source: 'panel', stepLimited: panelRun.end === 'step-limit', limitSetting: 'pymemsim.maxSteps',
        maxSteps: panelRun.maxSteps, exceptionLine: 0, exception: null,
      };
    } else {
      if (!backgroundEnabled()) {
        return shown(problemHover('the background simulation is off (setting pymemsim.background.enabled):', {
          title: 'Simulate Memory', command: SIMULATE_COMMAND, args: doc.uri,
        }), 'none');
      }
      const py = this.pyFor(doc);
      let bg: BackgroundRun | undefined;
      try {
        bg = await race(this.background.now(this.docOf(doc, py), py), token);
      } catch (e) {
        if (e instanceof RunSupersededError) return undefined;
        throw e;
      }
      if (!bg || token.isCancellationRequested) return undefined;
      const s = bg.summary;
      if (!s.held) {
        return shown(problemHover(`this file cannot be simulated on CPython ${py}: ${whyNotHeld(s)}`), 'none');
      }
      worker = this.worker;
      runId = s.runId;
      const exc = s.end === 'exception' && s.problem ? s.problem : null;
      run = {
        version: py, source: 'background', stepLimited: s.end === 'step-limit', limitSetting: 'pymemsim.background.maxSteps', maxSteps: bg.maxSteps,
        exceptionLine: exc?.line ?? 0, exception: exc?.message ?? null,
      };
    }
    let facts: NameFacts;
    try {
      facts = await worker.nameFacts(runId, { line: pos.line + 1, path: t.path, atStep });
    } catch (e) {
      if (token.isCancellationRequested) return undefined;
      return shown(problemHover(`no memory facts for ${t.path.join('.')}: ${e instanceof Error ? e.message : String(e)}`), 'none');
    }
    if (token.isCancellationRequested) return undefined;
    const ctx: HoverContext = {
      firstLine: 1, run, uri, docVersion: doc.version, character: pos.character,
      compare: this.compared.get(compareKey(uri, doc.version, facts.line, t.path)),
    };
    return shown(hoverMarkdown(facts, ctx), run.source);
  }

  /** the background run of the document's version as it is now, after the debounce (the inlay
   *  hints and the lenses wait for it); undefined when the request was cancelled or the document
   *  changed meanwhile */
  private async readyRun(doc: vscode.TextDocument, py: PyVersion, token: vscode.CancellationToken): Promise<BackgroundRun | undefined> {
    let run: BackgroundRun | undefined;
    try {
      run = await race(this.background.ready(this.docOf(doc, py), py), token);
    } catch {
      return undefined;
    }
    return run && !token.isCancellationRequested && doc.version === run.docVersion ? run : undefined;
  }

  // --- inlay hints ---------------------------------------------------------------------------------

  private async hints(doc: vscode.TextDocument, range: vscode.Range, token: vscode.CancellationToken): Promise<vscode.InlayHint[]> {
    if (!backgroundEnabled() || !inlayHintsEnabled() || !isPython(doc)) return [];
    const py = this.pyFor(doc);
    const run = await this.readyRun(doc, py, token);
    if (!run || !run.summary.held) return [];
    let hints;
    try {
      hints = await this.worker.hints(run.summary.runId, { fromLine: range.start.line + 1, toLine: range.end.line + 1 });
    } catch {
      return [];
    }
    if (token.isCancellationRequested || doc.version !== run.docVersion) return [];
    const out: vscode.InlayHint[] = [];
    for (const h of hints) {
      const label = hintLabel(h);
      if (!label || h.endLine < 1 || h.endLine > doc.lineCount) continue;
      const line = doc.lineAt(h.endLine - 1).text;
      // after the statement's code, before a comment that ends its line
      const code = codeColumns(line);
      let end = code.indexOf(false);
      if (end < 0 || line[end] !== '#') end = line.length;
      while (end > 0 && /\s/.test(line[end - 1])) end--;
      const hint = new vscode.InlayHint(new vscode.Position(h.endLine - 1, end), label);
      hint.paddingLeft = true;
      hint.tooltip = hintTooltip(h, 1, py);
      out.push(hint);
    }
    return out;
  }

  // --- code lenses ---------------------------------------------------------------------------------

  private async lenses(doc: vscode.TextDocument, token: vscode.CancellationToken): Promise<vscode.CodeLens[]> {
    if (!codeLensEnabled() || !isPython(doc)) return [];
    const top = new vscode.Range(0, 0, 0, 0);
    const simulate = (title: string): vscode.CodeLens => new vscode.CodeLens(top, { title, command: SIMULATE_COMMAND, arguments: [doc.uri], tooltip: 'Simulate this file in the memory panel' });
    if (!backgroundEnabled()) return [simulate('$(chip) Simulate Memory')];
    const py = this.pyFor(doc);
    const run = await this.readyRun(doc, py, token);
    if (!run) return [];
    const s = run.summary;
    if (!s.held) return [simulate(`$(chip) Simulate Memory · cannot simulate: ${whyNotHeld(s)}`)];
    let stats;
    try {
      stats = await this.worker.runStats(s.runId);
    } catch {
      return [];
    }
    if (token.isCancellationRequested || doc.version !== run.docVersion) return [];
    const limited = s.end === 'step-limit' ? { maxSteps: run.maxSteps } : null;
    const out = [simulate(fileLensTitle(stats, limited))];
    for (const f of stats.functions) {
      if (f.defLine < 1 || f.defLine > doc.lineCount) continue;
      const range = new vscode.Range(f.defLine - 1, 0, f.defLine - 1, 0);
      if (f.firstCallStep === null) {
        out.push(new vscode.CodeLens(range, { title: functionLensTitle(f), command: '' }));
        continue;
      }
      out.push(new vscode.CodeLens(range, {
        title: functionLensTitle(f),
        tooltip: `Opens the memory panel at the first call of ${f.name} (step ${f.firstCallStep.toLocaleString('en-US')})`,
        command: SHOW_IN_PANEL_COMMAND,
        arguments: [{ uri: doc.uri.toString(), version: py, step: f.firstCallStep, id: 0 } satisfies ShowInPanelArgs],
      }));
    }
    return out;
  }

  // --- commands ------------------------------------------------------------------------------------

  private async showInPanel(raw?: unknown): Promise<unknown> {
    const a = raw as Partial<ShowInPanelArgs> | undefined;
    if (!a || typeof a.uri !== 'string' || typeof a.step !== 'number' || !PY_VERSIONS.includes(a.version as PyVersion)) return undefined;
    return this.memory.showInPanel(vscode.Uri.parse(a.uri), a.version as PyVersion, a.step, typeof a.id === 'number' ? a.id : 0);
  }

  /** the name's object on every version: runs the document on each (in the background worker),
   *  keeps the table for the hover, and shows the hover again with it */
  private async compareName(raw?: unknown): Promise<VersionFacts[] | undefined> {
    const a = raw as Partial<CompareNameArgs> | undefined;
    if (!a || typeof a.uri !== 'string' || typeof a.programLine !== 'number' || !Array.isArray(a.path)) return undefined;
    const uri = vscode.Uri.parse(a.uri);
    const doc = await vscode.workspace.openTextDocument(uri);
    const path = a.path.map(String);
    const rows = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: `Comparing ${path.join('.')} on CPython ${PY_VERSIONS[0]} to ${PY_VERSIONS[PY_VERSIONS.length - 1]}` },
      async () => {
        const out: VersionFacts[] = [];
        for (const v of PY_VERSIONS) {
          try {
            const run = await this.background.now(this.docOf(doc, v), v);
            if (!run.summary.held) {
              out.push({ version: v, facts: null, error: whyNotHeld(run.summary) });
              continue;
            }
            out.push({ version: v, facts: await this.worker.nameFacts(run.summary.runId, { line: a.programLine!, path }), error: null });
          } catch (e) {
            out.push({ version: v, facts: null, error: e instanceof Error ? e.message : String(e) });
          }
        }
        return out;
      },
    );
    this.compared.set(compareKey(a.uri, doc.version, a.programLine, path), rows);
    const editor = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === a.uri);
    if (editor && typeof a.line === 'number' && typeof a.character === 'number') {
      const pos = new vscode.Position(a.line - 1, a.character);
      await vscode.window.showTextDocument(editor.document, { viewColumn: editor.viewColumn, selection: new vscode.Selection(pos, pos), preserveFocus: false });
      await vscode.commands.executeCommand('editor.action.showHover');
    }
    return rows;
  }

  dispose(): void {
    for (const d of this.subscriptions) d.dispose();
  }
}

/** why a run left no trace to read: its problem with its line, or how it ended */
function whyNotHeld(s: RunSummary): string {
  const p = s.problem;
  return p ? `${p.line ? `line ${p.line}: ` : ''}${p.message}` : `the run ended: ${s.end}`;
}

function compareKey(uri: string, docVersion: number, line: number, path: string[]): string {
  return `${docVersion}\u0000${line}\u0000${path.join('.')}\u0000${uri}`;
}


// Compare Versions and the exports of the memory panel's run.
//
// Compare Versions (pymemsim.compareVersions) asks for two CPython versions (the panel's and
// another by default), simulates the panel's program on both in the worker, and shows one step of
// the two side by side in a panel of its own (compareHtml.ts): the panel's step on the first, and
// on the second the same step number or the step that runs the same line. The worker builds each
// side (engine/trace/compareSide.ts); the comparison is pure (shared/compare.ts).
//
// The exports: the panel's step as a self-contained HTML report (shared/reportHtml.ts, built
// here from the worker's view, size classes and memory series) and the run's whole trace as JSON,
// which the worker writes to the chosen file itself (worker/exportTrace.ts).

import * as vscode from 'vscode';
import { PY_VERSIONS } from '../engine';
import type { PyVersion } from '../engine';
import { compare } from '../shared/compare';
import type { Comparison } from '../shared/compare';
import { reportHtml } from '../shared/reportHtml';
import { COMPARE_ACTION_COMMAND, compareHtml } from './compareHtml';
import { configuredMaxSteps, configuredMemoryLimitMb } from './config';
import type { MemoryController } from './memoryController';
import type { SimulationWorker } from './simulationWorker';

export const COMPARE_COMMAND = 'pymemsim.compareVersions';
export const EXPORT_HTML_COMMAND = 'pymemsim.exportHtmlReport';
export const EXPORT_TRACE_COMMAND = 'pymemsim.exportTraceJson';
export const EXPORT_PNG_COMMAND = 'pymemsim.exportAllocatorPng';
export const COMPARE_VIEW_TYPE = 'pymemsim.compareVersions';

/** what the Compare panel shows, for the tests (the extension's API) */
export interface CompareStatus {
  versions: [string, string];
  steps: [number, number];
  match: 'step' | 'line';
  differences: number;
}

interface Compared {
  versions: [PyVersion, PyVersion];
  runIds: [number, number];
  totalSteps: [number, number];
  fileName: string;
  step: number;
  comparison: Comparison;
  note: string | null;
}

const NO_RUN = 'Python Memory: simulate a Python file first; the memory panel\'s run is what this command uses.';

export class CompareVersions implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private current: Compared | undefined;
  private match: 'step' | 'line' = 'step';
  private onlyDifferences = false;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly extensionUri: vscode.Uri, private readonly worker: SimulationWorker, private readonly memory: MemoryController) {
    this.subscriptions.push(
      vscode.commands.registerCommand(COMPARE_COMMAND, (a?: unknown, b?: unknown) => this.compareCommand(a, b)),
      vscode.commands.registerCommand(COMPARE_ACTION_COMMAND, (what?: unknown) => this.action(what)),
      vscode.commands.registerCommand(EXPORT_HTML_COMMAND, (target?: unknown) => this.exportHtml(target)),
      vscode.commands.registerCommand(EXPORT_TRACE_COMMAND, (target?: unknown) => this.exportTrace(target)),
      vscode.commands.registerCommand(EXPORT_PNG_COMMAND, (target?: unknown) => this.exportPng(target)),
    );
  }

  get status(): CompareStatus | undefined {
    const c = this.current;
    if (!c || !this.panel) return undefined;
    return { versions: c.versions, steps: c.comparison.steps, match: this.match, differences: c.comparison.differences };
  }

  dispose(): void {
    this.dropRuns();
    this.panel?.dispose();
    for (const d of this.subscriptions) d.dispose();
  }

  // --- Compare Versions ----------------------------------------------------------------------

  /** the command: versions from the arguments (tests, keybindings) or two quick picks */
  private async compareCommand(a?: unknown, b?: unknown): Promise<CompareStatus | undefined> {
    const run = this.memory.shownRun();
    if (!run) {
      void vscode.window.showErrorMessage(NO_RUN);
      return undefined;
    }
    let versions: [PyVersion, PyVersion] | undefined;
    if (a !== undefined || b !== undefined) {
      if (!isVersion(a) || !isVersion(b) || a === b) {
        void vscode.window.showErrorMessage(`Python Memory: Compare Versions needs two different versions of ${PY_VERSIONS.join(', ')}.`);
        return undefined;
      }
      versions = [a, b];
    } else versions = await pickVersions(run.version);
    if (!versions) return undefined;
    await this.compareAt(versions, run.step);
    return this.status;
  }

  private async compareAt(versions: [PyVersion, PyVersion], step: number): Promise<void> {
    const run = this.memory.shownRun();
    if (!run) {
      void vscode.window.showErrorMessage(NO_RUN);
      return;
    }
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Python Memory: comparing CPython ${versions[0]} and ${versions[1]}` },
      async () => {
        const runs = await Promise.all(versions.map((v) => this.worker.simulate({
          trace: true, source: run.source, version: v, maxSteps: configuredMaxSteps(), memoryLimitMb: configuredMemoryLimitMb(),
          filename: run.filename(v), displayName: run.fileName,
        }).done));
        for (const [i, r] of runs.entries()) {
          if (!r.held || r.totalSteps === 0 && r.end !== 'finished') {
            for (const x of runs) this.worker.drop(x.runId);
            return `CPython ${versions[i]} did not run the program${r.problem ? `: ${r.problem.message}` : ''}.`;
          }
        }
        this.dropRuns();
        const stepA = Math.min(step, runs[0].totalSteps);
        const c = await this.sides(versions, [runs[0].runId, runs[1].runId], [runs[0].totalSteps, runs[1].totalSteps], stepA);
        this.current = { versions, runIds: [runs[0].runId, runs[1].runId], totalSteps: [runs[0].totalSteps, runs[1].totalSteps], fileName: run.fileName, step: stepA, ...c };
        return null;
      },
    ).then((x) => x, (e: unknown) => `the comparison failed: ${e instanceof Error ? e.message : String(e)}`);
    if (result) {
      void vscode.window.showErrorMessage(`Python Memory: ${result}`);
      return;
    }
    this.render(true);
  }

  /** the comparison of step `stepA` of the first run with the matched step of the second */
  private async sides(versions: [PyVersion, PyVersion], runIds: [number, number], totals: [number, number], stepA: number): Promise<{ comparison: Comparison; note: string | null }> {
    let stepB = Math.min(stepA, totals[1]);
    let note: string | null = null;
    if (this.match === 'line') {
      const s = await this.worker.matchLine(runIds[0], stepA, runIds[1]);
      if (s === null) note = `CPython ${versions[1]} never runs that line: compared at the same step number.`;
      else stepB = s;
    } else if (totals[0] !== totals[1]) {
      note = `The runs have ${totals[0].toLocaleString('en-US')} and ${totals[1].toLocaleString('en-US')} steps: "same line" compares the steps that run the same line.`;
    }
    const [a, b] = await Promise.all([this.worker.compareSide(runIds[0], stepA), this.worker.compareSide(runIds[1], stepB)]);
    return { comparison: compare(a, b), note };
  }

  private async action(what: unknown): Promise<void> {
    const c = this.current;
    if (!c) return;
    if (what === 'match-step' || what === 'match-line') this.match = what === 'match-line' ? 'line' : 'step';
    else if (what === 'only-differences' || what === 'show-all') this.onlyDifferences = what === 'only-differences';
    else if (what === 'panel-step') {
      await this.compareAt(c.versions, this.memory.shownRun()?.step ?? c.step);
      return;
    } else return;
    if (what === 'match-step' || what === 'match-line') {
      try {
        Object.assign(c, await this.sides(c.versions, c.runIds, c.totalSteps, c.step));
      } catch (e) {
        void vscode.window.showErrorMessage(`Python Memory: the comparison failed: ${e instanceof Error ? e.message : String(e)}`);
        return;
      }
    }
    this.render(false);
  }

  private render(reveal: boolean): void {
    const c = this.current!;
    if (!this.panel) {
      const dist = vscode.Uri.joinPath(this.extensionUri, 'dist');
      const media = vscode.Uri.joinPath(this.extensionUri, 'media');
      this.panel = vscode.window.createWebviewPanel(COMPARE_VIEW_TYPE, 'Compare Versions', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: false }, {
        enableScripts: false, enableCommandUris: [COMPARE_ACTION_COMMAND], localResourceRoots: [dist, media],
      });
      this.panel.iconPath = vscode.Uri.joinPath(media, 'panel-icon.svg');
      this.panel.onDidDispose(() => {
        this.panel = undefined;
        this.dropRuns();
        this.current = undefined;
      });
    } else if (reveal) this.panel.reveal(undefined, false);
    const w = this.panel.webview;
    this.panel.title = `Compare ${c.versions[0]} and ${c.versions[1]}: ${c.fileName}`;
    w.html = compareHtml(c.comparison, {
      cspSource: w.cspSource,
      styleUri: w.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'media', 'compare.css')).toString(),
      codiconsUri: w.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'dist', 'codicons', 'codicon.css')).toString(),
      fileName: c.fileName, match: this.match, onlyDifferences: this.onlyDifferences, note: c.note,
    });
  }

  private dropRuns(): void {
    if (this.current) for (const id of this.current.runIds) this.worker.drop(id);
  }

  // --- exports -------------------------------------------------------------------------------

  /** the panel's step as an HTML report; `target` (a file URI or path) skips the save dialog */
  private async exportHtml(target?: unknown): Promise<string | undefined> {
    const run = this.memory.shownRun();
    if (!run) {
      void vscode.window.showErrorMessage(NO_RUN);
      return undefined;
    }
    const uri = await saveTarget(target, `${baseName(run.fileName)}-step-${run.step}.html`, { HTML: ['html'] });
    if (!uri) return undefined;
    try {
      const [view, map, series] = await Promise.all([
        this.worker.view(run.runId, { step: run.step, budget: 400, itemCap: 64, outputTail: 0 }),
        this.worker.allocMap(run.runId, { step: run.step }),
        this.worker.series(run.runId, 0, run.totalSteps, 900),
      ]);
      const html = reportHtml({ file: run.fileName, view, sizeClasses: map.sizeClasses, series });
      await vscode.workspace.fs.writeFile(uri, Buffer.from(html, 'utf8'));
    } catch (e) {
      void vscode.window.showErrorMessage(`Python Memory: could not write ${uri.fsPath}: ${e instanceof Error ? e.message : String(e)}`);
      return undefined;
    }
    void vscode.window.showInformationMessage(`Python Memory: wrote the report of step ${run.step} to ${uri.fsPath}.`);
    return uri.fsPath;
  }

  /** the allocator map as the panel draws it, a PNG; `target` skips the save dialog */
  private async exportPng(target?: unknown): Promise<string | undefined> {
    const run = this.memory.shownRun();
    if (!run) {
      void vscode.window.showErrorMessage(NO_RUN);
      return undefined;
    }
    let dataUrl: string;
    try {
      dataUrl = await this.memory.allocatorPng();
    } catch (e) {
      void vscode.window.showErrorMessage(`Python Memory: no picture to export: ${e instanceof Error ? e.message : String(e)}.`);
      return undefined;
    }
    const m = /^data:image\/png;base64,(.*)$/.exec(dataUrl);
    if (!m) {
      void vscode.window.showErrorMessage('Python Memory: the panel sent no PNG picture.');
      return undefined;
    }
    const uri = await saveTarget(target, `${baseName(run.fileName)}-allocator-step-${run.step}.png`, { PNG: ['png'] });
    if (!uri) return undefined;
    try {
      await vscode.workspace.fs.writeFile(uri, Buffer.from(m[1], 'base64'));
    } catch (e) {
      void vscode.window.showErrorMessage(`Python Memory: could not write ${uri.fsPath}: ${e instanceof Error ? e.message : String(e)}`);
      return undefined;
    }
    void vscode.window.showInformationMessage(`Python Memory: wrote the allocator map of step ${run.step} to ${uri.fsPath}.`);
    return uri.fsPath;
  }

  /** the run's whole trace as JSON, written by the worker; `target` skips the save dialog */
  private async exportTrace(target?: unknown): Promise<string | undefined> {
    const run = this.memory.shownRun();
    if (!run) {
      void vscode.window.showErrorMessage(NO_RUN);
      return undefined;
    }
    const uri = await saveTarget(target, `${baseName(run.fileName)}-trace.json`, { JSON: ['json'] });
    if (!uri) return undefined;
    if (uri.scheme !== 'file') {
      void vscode.window.showErrorMessage('Python Memory: the trace can only be written to a file on this machine\'s disk.');
      return undefined;
    }
    try {
      await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Python Memory: writing the trace' },
        () => this.worker.exportTrace(run.runId, uri.fsPath, run.fileName, run.end));
    } catch (e) {
      void vscode.window.showErrorMessage(`Python Memory: could not write ${uri.fsPath}: ${e instanceof Error ? e.message : String(e)}`);
      return undefined;
    }
    void vscode.window.showInformationMessage(`Python Memory: wrote the trace of ${run.totalSteps.toLocaleString('en-US')} steps to ${uri.fsPath}.`);
    return uri.fsPath;
  }
}

function isVersion(v: unknown): v is PyVersion {
  return typeof v === 'string' && (PY_VERSIONS as readonly string[]).includes(v);
}

function baseName(fileName: string): string {
  return (fileName.split(/[\\/]/).pop() ?? 'program').replace(/\.py$/, '') || 'program';
}

async function saveTarget(target: unknown, name: string, filters: Record<string, string[]>): Promise<vscode.Uri | undefined> {
  if (target instanceof vscode.Uri) return target;
  if (typeof target === 'string' && target) return vscode.Uri.file(target);
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  return vscode.window.showSaveDialog({ defaultUri: folder ? vscode.Uri.joinPath(folder, name) : undefined, filters, saveLabel: 'Export' });
}

/** two quick picks: the first version (the panel's first), then the second (a neighbour first) */
async function pickVersions(panelVersion: PyVersion): Promise<[PyVersion, PyVersion] | undefined> {
  const items = (first: PyVersion, except: PyVersion | null) => {
    const list = PY_VERSIONS.filter((v) => v !== except);
    const ordered = [first, ...list.filter((v) => v !== first)];
    return ordered.map((v) => ({ label: `CPython ${v}`, description: v === panelVersion ? "the memory panel's version" : undefined, version: v }));
  };
  const a = await vscode.window.showQuickPick(items(panelVersion, null), { title: 'Compare Versions (1/2)', placeHolder: 'The first version to compare' });
  if (!a) return undefined;
  const i = PY_VERSIONS.indexOf(a.version);
  const other = a.version === panelVersion ? (i > 0 ? PY_VERSIONS[i - 1] : PY_VERSIONS[i + 1]) : panelVersion;
  const b = await vscode.window.showQuickPick(items(other, a.version), { title: 'Compare Versions (2/2)', placeHolder: `The version to compare CPython ${a.version} with` });
  if (!b) return undefined;
  return [a.version, b.version];
}

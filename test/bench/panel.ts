// The panel's part of `npm run bench`, run inside a real VS Code's extension host (loaded the way
// the integration suite is, by scripts/bench-panel.ts): the time from the "Simulate Memory"
// command to the panel's first painted step, the time from a step request to the painted picture
// (as the webview measures it), the longest the extension host's main thread was blocked
// while a run was simulated, and the time from an edit to fresh hover data. Figures go to the console as one JSON line per measurement, tagged
// for the runner; nothing here asserts a time.

import * as path from 'path';
import { monitorEventLoopDelay } from 'perf_hooks';
import * as vscode from 'vscode';
import type { PanelStatus, PyMemSimApi } from '../../src/extension/api';

const EXTENSION_ID = 'pymemsim.python-memory-simulator';
const ROOT = path.resolve(__dirname, '..', '..', '..');
const TAG = process.env.PYMEMSIM_BENCH_TAG ?? '[pymemsim-bench] ';

/** about a thousand live objects, mutated as the run goes */
const THOUSAND = [
  'names = []',
  'for i in range(600):',
  '    names.append(str(i) * 2)',
  'table = {}',
  'for i in range(200):',
  '    table[i] = [i, str(i)]',
  'for k in range(100):',
  '    table[k].append(k * 1.5)',
  '',
].join('\n');

/** the bench's workload 1: a million strs in a list */
const MILLION = 'xs = [str(i) for i in range(1_000_000)]\ndel xs\n';

let api: PyMemSimApi;

function emit(name: string, figures: Record<string, unknown>): void {
  console.log(`${TAG}${JSON.stringify({ name, ...figures })}`);
}

async function until(pred: (p: PanelStatus) => boolean, what: string, timeoutMs = 600_000): Promise<PanelStatus> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const p = api.panel;
    if (p && pred(p)) return p;
    if (Date.now() > end) throw new Error(`bench: timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** runs "Simulate Memory" on the active editor and waits for the run's first painted step */
async function simulate(): Promise<{ status: PanelStatus; commandToPaintMs: number; simulationMs: number; firstPaintMs: number }> {
  const before = api.panel?.runId ?? -1;
  await vscode.commands.executeCommand('pymemsim.simulate');
  const status = await until((p) => p.runId !== before && p.runId > 0 && p.paintedRunId === p.runId, 'the first painted step');
  const m = api.metrics;
  return { status, commandToPaintMs: m.commandToPaintMs ?? NaN, simulationMs: m.simulationMs ?? NaN, firstPaintMs: m.lastStepPaintMs ?? NaN };
}

/** moves the panel to `step`, returns the webview's request-to-paint time */
async function stepTo(step: number): Promise<number> {
  await vscode.commands.executeCommand('pymemsim.goToStep', step);
  await until((p) => p.step === step && p.paintedRunId === p.runId, `step ${step}`, 60_000);
  return api.metrics.lastStepPaintMs ?? NaN;
}

function stats(xs: number[]): { n: number; median: number; p90: number; max: number } {
  const s = [...xs].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))];
  return { n: s.length, median: at(0.5), p90: at(0.9), max: s[s.length - 1] };
}

async function openText(content: string): Promise<void> {
  const doc = await vscode.workspace.openTextDocument({ language: 'python', content });
  await vscode.window.showTextDocument(doc, vscode.ViewColumn.One);
}

async function steps(total: number, picks: number[]): Promise<number[]> {
  const out: number[] = [];
  for (const s of picks) out.push(await stepTo(Math.max(0, Math.min(total, s))));
  return out;
}

function randomSteps(total: number, n: number, seed: number): number[] {
  let x = seed;
  const rand = () => ((x = (x * 1103515245 + 12345) % 2147483648) / 2147483648);
  return Array.from({ length: n }, () => Math.floor(rand() * total));
}

export async function run(): Promise<void> {
  const ext = vscode.extensions.getExtension<PyMemSimApi>(EXTENSION_ID);
  if (!ext) throw new Error(`bench: extension ${EXTENSION_ID} is not loaded`);
  api = await ext.activate();
  await vscode.workspace.getConfiguration('pymemsim').update('pythonVersion', '3.12', vscode.ConfigurationTarget.Global);

  // 1. the command to a drawn panel, on the course example: a new panel each time (the first is
  // cold: the worker and the webview start), then refreshing the open panel
  const course = await vscode.workspace.openTextDocument(path.join(ROOT, 'examples', 'course', 'memory-management.py'));
  const fresh: number[] = [];
  for (let i = 0; i < 6; i++) {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.window.showTextDocument(course, vscode.ViewColumn.One);
    fresh.push((await simulate()).commandToPaintMs);
    emit('marks', { newPanel: true, ...api.metrics.commandMarks });
  }
  const refresh: number[] = [];
  const parts: { simulationMs: number; firstPaintMs: number }[] = [];
  for (let i = 0; i < 5; i++) {
    const r = await simulate();
    refresh.push(r.commandToPaintMs);
    parts.push({ simulationMs: r.simulationMs, firstPaintMs: r.firstPaintMs });
    emit('marks', api.metrics.commandMarks);
  }
  emit('command to drawn panel', {
    cold: fresh[0], newPanelWarm: stats(fresh.slice(1)), refreshWarm: stats(refresh), steps: api.panel?.totalSteps,
    refreshSimulation: stats(parts.map((p) => p.simulationMs)), refreshFirstPaint: stats(parts.map((p) => p.firstPaintMs)),
  });

  // 2. step changes with about a thousand live objects
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  await openText(THOUSAND);
  const t = (await simulate()).status;
  const consecutive = await steps(t.totalSteps, Array.from({ length: 40 }, (_, i) => t.totalSteps - 60 + i));
  const random = await steps(t.totalSteps, randomSteps(t.totalSteps, 40, 7));
  emit('step change, ~1,000 live objects', { totalSteps: t.totalSteps, next: stats(consecutive), random: stats(random) });

  // 3. the million-str workload: the main thread while it is simulated, then step changes. What
  // the main thread's loop is late by with nothing simulated (the other extensions, the machine)
  // is measured first, for as long as the run takes, as a baseline
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  await openText(MILLION);
  const started = Date.now();
  const m = await simulate();
  const blocked = api.metrics.maxEventLoopDelayMs;
  const runMs = Date.now() - started;
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  const idle = monitorEventLoopDelay({ resolution: 10 });
  idle.enable();
  await new Promise((r) => setTimeout(r, runMs));
  idle.disable();
  await openText(MILLION);
  const m2 = await simulate();
  const secondBlocked = api.metrics.maxEventLoopDelayMs;
  const simulationMs = api.metrics.simulationMs;
  const n = m2.status.totalSteps;
  const first = await steps(n, [n, n - 1, Math.floor(n / 2)]);
  const next = await steps(n, Array.from({ length: 20 }, (_, i) => Math.floor(n / 2) + 1 + i));
  const far = await steps(n, randomSteps(n, 10, 11));
  emit('1M-step workload', {
    totalSteps: n, simulationMs, commandToPaintMs: m.commandToPaintMs, maxEventLoopDelayMs: [blocked, secondBlocked], idleMaxDelayMs: idle.max / 1e6,
    end: first[0], endMinus1: first[1], middle: first[2], next: stats(next), random: stats(far),
  });
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');

  // 4. an edit of the course example to fresh hover data: the background run of the new version
  // (after the debounce), then a hover over a name; and a hover straight after an edit (it skips
  // the debounce and waits for that version's run)
  await editToHover();
}

async function editToHover(): Promise<void> {
  const file = path.join(ROOT, 'examples', 'course', 'memory-management.py');
  const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(file), vscode.ViewColumn.One);
  const doc = editor.document;
  const uri = doc.uri.toString();
  const debounceMs = vscode.workspace.getConfiguration('pymemsim').get<number>('background.debounceMs', 300);
  const line = doc.getText().split('\n').findIndex((l) => l.startsWith('numbers = '));
  if (line < 0) throw new Error('bench: no `numbers = ` line in the course example');
  const finished = (v: number) => api.editor?.finishedAt[uri]?.docVersion === v;
  const waitRun = async (v: number): Promise<void> => {
    const end = Date.now() + 60_000;
    while (!finished(v)) {
      if (Date.now() > end) throw new Error(`bench: version ${v} was never simulated`);
      await new Promise((r) => setTimeout(r, 1));
    }
  };
  const hover = async (): Promise<number> => {
    const t = performance.now();
    const h = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, new vscode.Position(line, 2));
    if (!h.some((x) => x.contents.some((c) => typeof c !== 'string' && 'value' in c && c.value.includes('sys.getsizeof')))) throw new Error('bench: the hover has no figures');
    return performance.now() - t;
  };
  await hover();
  const afterDebounce: number[] = [], runs: number[] = [], hovers: number[] = [], direct: number[] = [];
  for (let i = 0; i < 10; i++) {
    // an edit that changes what runs: the list's last item
    await editor.edit((e) => e.replace(new vscode.Range(line, 0, line, doc.lineAt(line).text.length), `numbers = [10, 20, ${30 + i}]`));
    const t0 = performance.now();
    await waitRun(doc.version);
    const ran = performance.now();
    runs.push(api.editor!.finishedAt[uri].elapsedMs);
    const h = await hover();
    hovers.push(h);
    afterDebounce.push(ran + h - t0 - debounceMs);
  }
  for (let i = 0; i < 10; i++) {
    await editor.edit((e) => e.replace(new vscode.Range(line, 0, line, doc.lineAt(line).text.length), `numbers = [10, 20, ${50 + i}]`));
    direct.push(await hover());
  }
  await vscode.commands.executeCommand('workbench.action.files.revert');
  emit('edit to fresh hover data', { debounceMs, afterDebounce: stats(afterDebounce), simulation: stats(runs), hover: stats(hovers), hoverRightAfterEdit: stats(direct) });
}

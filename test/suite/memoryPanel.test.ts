// Runs inside a real VS Code: "Simulate Memory" and the memory panel as the extension host sees
// them: the panel opened beside the editor, the run simulated in the worker (not on this thread),
// the step the webview painted and the line the editor highlights, Cancel, the step limit, a
// program that exhausts the worker's memory, diagnostics, "Step to Line", a selection, re-
// simulation on save, and the panel restored by its serializer.

import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { PanelStatus, PyMemSimApi } from '../../src/extension/api';

const EXTENSION_ID = 'pymemsim.python-memory-simulator';
const ROOT = path.resolve(__dirname, '..', '..', '..');
const COURSE = path.join(ROOT, 'examples', 'course', 'memory-management.py');

let api: PyMemSimApi;

before(async () => {
  const ext = vscode.extensions.getExtension<PyMemSimApi>(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not loaded`);
  api = await ext.activate();
});

/** waits until `pred` holds of the panel's status (polling: the webview answers asynchronously) */
async function panelWhen(pred: (p: PanelStatus) => boolean, what: string, timeoutMs = 30_000): Promise<PanelStatus> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const p = api.panel;
    if (p && pred(p)) return p;
    if (Date.now() > until) throw new Error(`timed out waiting for the panel: ${what}; it shows ${JSON.stringify(p)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function memoryTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('pymemsim.memoryPanel'));
}

/** the memory panel's tabs, once there are `n` of them (the tab model arrives asynchronously) */
async function memoryTabsWhen(n: number): Promise<vscode.Tab[]> {
  const until = Date.now() + 10_000;
  for (;;) {
    const tabs = memoryTabs();
    if (tabs.length === n) return tabs;
    if (Date.now() > until) throw new Error(`expected ${n} memory panel tab(s), found ${tabs.length}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function openFile(file: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(file);
  return vscode.window.showTextDocument(doc, vscode.ViewColumn.One);
}

async function openPython(content: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument({ language: 'python', content });
  return vscode.window.showTextDocument(doc, vscode.ViewColumn.One);
}

async function setting(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('pymemsim').update(key, value, vscode.ConfigurationTarget.Global);
}

describe('Simulate Memory and the memory panel', function () {
  this.timeout(120_000);

  before(async () => {
    await vscode.commands.executeCommand('pymemsim.selectPythonVersion', '3.12');
  });
  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await setting('maxSteps', undefined);
    await setting('workerMemoryMb', undefined);
  });

  it('registers its commands', async () => {
    const commands = await vscode.commands.getCommands(true);
    for (const c of ['pymemsim.simulate', 'pymemsim.simulateSelection', 'pymemsim.stepToLine', 'pymemsim.cancelSimulation', 'pymemsim.goToStep']) {
      assert.ok(commands.includes(c), c);
    }
  });

  it('opens the panel beside the editor on the course example, in the worker, and highlights the painted step\'s line', async () => {
    const editor = await openFile(COURSE);
    const starts = api.workerStarts;
    await vscode.commands.executeCommand('pymemsim.simulate');
    // one webview tab, beside the editor's column
    const tabs = await memoryTabsWhen(1);
    assert.strictEqual(tabs[0].label, 'Memory: memory-management.py');
    assert.notStrictEqual(tabs[0].group.viewColumn, editor.viewColumn);
    const p = await panelWhen((s) => s.paintedRunId === s.runId && s.highlightedLine > 0, 'a painted step');
    assert.strictEqual(p.end, 'finished');
    assert.strictEqual(p.version, '3.12');
    assert.strictEqual(p.problem, null);
    assert.ok(p.totalSteps > 10, String(p.totalSteps));
    // a run that ended normally opens on its last line
    assert.strictEqual(p.step, p.totalSteps - 1);
    assert.strictEqual(p.highlightedLine, p.line);
    const text = editor.document.lineAt(p.line - 1).text;
    assert.ok(text.trim().length > 0, `the highlighted line ${p.line} is a line of code`);
    // the simulation ran in a worker thread, and the first command started it
    assert.ok(api.workerStarts >= Math.max(starts, 1));
    assert.ok(api.metrics.commandToPaintMs !== null && api.metrics.commandToPaintMs > 0);
    assert.deepStrictEqual(vscode.languages.getDiagnostics(editor.document.uri), []);

    // the same command again refreshes the one panel
    await vscode.commands.executeCommand('pymemsim.simulate');
    await memoryTabsWhen(1);
    const again = await panelWhen((s) => s.runId !== p.runId && s.paintedRunId === s.runId && s.highlightedLine > 0, 'the new run painted');
    assert.strictEqual(again.totalSteps, p.totalSteps);
  });

  it('opens a panel that steps through the run of each example', async () => {
    const examples = fs.readdirSync(path.join(ROOT, 'examples'), { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.py')).map((f) => path.join(ROOT, 'examples', f)).sort();
    assert.ok(examples.length >= 4, examples.join(', '));
    for (const file of examples) {
      const editor = await openFile(file);
      await vscode.commands.executeCommand('pymemsim.simulate');
      const p = await panelWhen((s) => s.fileName.endsWith(path.basename(file)) && s.paintedRunId === s.runId && s.highlightedLine > 0, `${file} painted`);
      assert.ok(p.end === 'finished' || p.end === 'exception', `${file}: ${p.end} ${JSON.stringify(p.problem)}`);
      assert.ok(p.totalSteps > 1, `${file}: ${p.totalSteps} steps`);
      for (const step of [0, 1, p.totalSteps - 1, p.totalSteps]) {
        await vscode.commands.executeCommand('pymemsim.goToStep', step);
        const at = await panelWhen((s) => s.step === step && s.paintedRunId === p.runId, `${file}: step ${step}`);
        // every step before the end runs a line of the file, and the editor highlights it
        if (step < p.totalSteps) {
          assert.ok(at.line >= 1 && at.line <= editor.document.lineCount, `${file}: step ${step} at line ${at.line}`);
          assert.strictEqual(at.highlightedLine, at.line);
        } else {
          assert.strictEqual(at.line, 0);
          assert.strictEqual(at.highlightedLine, 0);
        }
      }
    }
  });

  it('moves to a step and to the next run of a line, with the editor\'s highlight following', async () => {
    const editor = await openPython('total = 0\nfor i in range(3):\n    total += i\nprint(total)\n');
    await vscode.commands.executeCommand('pymemsim.simulate');
    await panelWhen((s) => s.paintedRunId === s.runId && s.highlightedLine > 0, 'a painted step');
    await vscode.commands.executeCommand('pymemsim.goToStep', 0);
    let p = await panelWhen((s) => s.step === 0, 'step 0');
    assert.strictEqual(p.highlightedLine, 1);
    // Step to Line: the next run of line 3, then the one after it
    const first = await vscode.commands.executeCommand<number>('pymemsim.stepToLine', editor.document.uri, 3);
    p = await panelWhen((s) => s.step === first, `step ${first}`);
    assert.strictEqual(p.line, 3);
    assert.strictEqual(p.highlightedLine, 3);
    const second = await vscode.commands.executeCommand<number>('pymemsim.stepToLine', editor.document.uri, 3);
    assert.ok(second > first, `${second} > ${first}`);
    await panelWhen((s) => s.step === second && s.line === 3, `step ${second}`);
  });

  it('shows a syntax error as a diagnostic and a run with no steps', async () => {
    const editor = await openPython('x = 1\nif x:\n    y = = 2\n');
    await vscode.commands.executeCommand('pymemsim.simulate');
    const p = await panelWhen((s) => s.end === 'syntax', 'the syntax error');
    assert.strictEqual(p.totalSteps, 0);
    assert.strictEqual(p.problem?.line, 3);
    assert.strictEqual(p.problem?.message, 'SyntaxError: invalid syntax');
    const diags = vscode.languages.getDiagnostics(editor.document.uri).filter((d) => d.source === 'pymemsim');
    assert.strictEqual(diags.length, 1);
    assert.strictEqual(diags[0].range.start.line, 2);
    assert.strictEqual(diags[0].severity, vscode.DiagnosticSeverity.Error);
  });

  it('keeps the steps of an uncaught exception and marks its line', async () => {
    const editor = await openPython('xs = [1, 2]\nprint(xs[5])\n');
    await vscode.commands.executeCommand('pymemsim.simulate');
    const p = await panelWhen((s) => s.end === 'exception' && s.paintedRunId === s.runId && s.highlightedLine > 0, 'the exception run painted');
    assert.deepStrictEqual(p.problem, { kind: 'exception', line: 2, message: 'IndexError: list index out of range' });
    assert.ok(p.totalSteps >= 2);
    const diags = vscode.languages.getDiagnostics(editor.document.uri).filter((d) => d.source === 'pymemsim');
    assert.deepStrictEqual(diags.map((d) => [d.range.start.line, d.message]), [[1, 'IndexError: list index out of range']]);
  });

  it('stops at the step limit, keeps the steps, and warns at the line', async () => {
    await setting('maxSteps', 2000);
    const editor = await openPython('n = 0\nwhile True:\n    n += 1\n');
    await vscode.commands.executeCommand('pymemsim.simulate');
    const p = await panelWhen((s) => s.end === 'step-limit' && s.paintedRunId === s.runId && s.highlightedLine > 0, 'the step limit');
    assert.ok(p.totalSteps >= 2000, String(p.totalSteps));
    // it opens on the last step with frames, in the loop
    assert.strictEqual(p.step, p.totalSteps - 1);
    assert.ok(p.line === 2 || p.line === 3, String(p.line));
    const diags = vscode.languages.getDiagnostics(editor.document.uri).filter((d) => d.source === 'pymemsim');
    assert.strictEqual(diags.length, 1);
    assert.strictEqual(diags[0].severity, vscode.DiagnosticSeverity.Warning);
    assert.match(diags[0].message, /more than 2000 steps/);
  });

  it('cancels a long run: the worker stops and the panel opens on the steps made', async () => {
    await setting('maxSteps', 1_000_000_000);
    await openPython('n = 0\nwhile True:\n    n += 1\n');
    const done = vscode.commands.executeCommand('pymemsim.simulate');
    await panelWhen((s) => s.running, 'the run to start', 10_000);
    // let it make some steps, then Cancel
    await new Promise((r) => setTimeout(r, 700));
    await vscode.commands.executeCommand('pymemsim.cancelSimulation');
    await done;
    const p = await panelWhen((s) => s.end === 'cancelled' && !s.running && s.paintedRunId === s.runId && s.highlightedLine > 0, 'the cancelled run painted');
    assert.ok(p.totalSteps > 1000 && p.totalSteps < 1_000_000_000, String(p.totalSteps));
    assert.strictEqual(p.step, p.totalSteps);
    assert.match(p.problem?.message ?? '', /^stopped by the user after [\d,]+ steps, before line [23]$/);
  });

  it('survives a program that exhausts the worker\'s memory, and simulates again in a new worker', async () => {
    await setting('workerMemoryMb', 256);
    await openPython('xs = []\nfor i in range(100_000_000):\n    xs.append(str(i))\n');
    const starts = api.workerStarts;
    await vscode.commands.executeCommand('pymemsim.simulate');
    const p = await panelWhen((s) => s.end === 'out-of-memory', 'out of memory', 90_000);
    assert.match(p.problem?.message ?? '', /^the simulation ran out of memory in line [23] after [\d,]+ steps/);
    await setting('workerMemoryMb', undefined);
    await openPython('print("after")\n');
    await vscode.commands.executeCommand('pymemsim.simulate');
    await panelWhen((s) => s.end === 'finished' && s.paintedRunId === s.runId && s.highlightedLine > 0, 'the next run');
    assert.ok(api.workerStarts > starts, `${api.workerStarts} > ${starts}`);
  });

  it('simulates a selection and maps its lines to the document\'s', async () => {
    const editor = await openPython('import sys\n\ndef f():\n    a = [1, 2, 3]\n    b = a * 2\n    print(len(b))\n');
    editor.selection = new vscode.Selection(3, 0, 5, 17);
    await vscode.commands.executeCommand('pymemsim.simulateSelection');
    const p = await panelWhen((s) => s.paintedRunId === s.runId && s.highlightedLine > 0, 'the selection painted');
    assert.strictEqual(p.fileName.endsWith(':4-6'), true, p.fileName);
    assert.strictEqual(p.end, 'finished');
    // the run's lines are the document's lines 4..6
    assert.ok(p.line >= 4 && p.line <= 6, String(p.line));
    await vscode.commands.executeCommand('pymemsim.goToStep', 0);
    const first = await panelWhen((s) => s.step === 0, 'step 0');
    assert.strictEqual(first.highlightedLine, 4);
    assert.strictEqual(memoryTabs()[0].label, 'Memory: Untitled-1:4-6'.replace('Untitled-1', path.basename(editor.document.fileName)));
  });

  it('simulates again on save, keeping the step when only later lines changed', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pymemsim-save-'));
    const file = path.join(dir, 'saved.py');
    fs.writeFileSync(file, 'a = [1]\nb = [2]\nc = [3]\nd = [4]\ne = [5]\n');
    try {
      const editor = await openFile(file);
      await vscode.commands.executeCommand('pymemsim.simulate');
      const p = await panelWhen((s) => s.paintedRunId === s.runId && s.highlightedLine > 0, 'painted');
      await vscode.commands.executeCommand('pymemsim.goToStep', 2);
      await panelWhen((s) => s.step === 2, 'step 2');
      // a change at line 5, after everything that ran up to step 2 (lines 1 and 2)
      await editor.edit((e) => e.replace(new vscode.Range(4, 0, 4, 7), 'e = [5, 6]'));
      await editor.document.save();
      const kept = await panelWhen((s) => s.runId !== p.runId && s.paintedRunId === s.runId && s.highlightedLine > 0, 'the new run');
      assert.strictEqual(kept.step, 2);
      // a change at line 1: the panel goes to the new run's end
      await editor.edit((e) => e.replace(new vscode.Range(0, 0, 0, 7), 'a = [0]'));
      await editor.document.save();
      const moved = await panelWhen((s) => s.runId !== kept.runId && s.paintedRunId === s.runId && s.highlightedLine > 0, 'the third run');
      assert.strictEqual(moved.step, moved.totalSteps - 1);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('restores a panel from its saved state, as after a window reload', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await memoryTabsWhen(0);
    const panel = vscode.window.createWebviewPanel('pymemsim.memoryPanel', 'Memory', vscode.ViewColumn.Two, { enableScripts: true });
    const state = { uri: vscode.Uri.file(COURSE).toString(), version: '3.10', step: 5, expand: [], selected: null };
    await api.restorePanel(panel, state);
    const p = await panelWhen((s) => s.step === 5 && s.paintedRunId === s.runId && s.highlightedLine > 0, 'the restored step');
    assert.strictEqual(p.version, '3.10');
    assert.strictEqual(p.fileName, 'examples/course/memory-management.py');
    await memoryTabsWhen(1);
  });
});

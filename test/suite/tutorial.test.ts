// Runs inside a real VS Code: the walkthrough "Python Memory Management" as the extension
// contributes it (one step per topic of the course material, each completed by simulating its
// snippet), and the command of a step's button: it opens the step's annotated snippet and
// simulates it in the memory panel, which completes the step.

import * as assert from 'assert';
import * as path from 'path';
import * as vscode from 'vscode';
import type { PyMemSimApi } from '../../src/extension/api';
import { TUTORIAL_STEPS } from '../../src/shared/tutorial';

const EXTENSION_ID = 'pymemsim.python-memory-simulator';

let api: PyMemSimApi;
let ext: vscode.Extension<PyMemSimApi>;

before(async () => {
  const e = vscode.extensions.getExtension<PyMemSimApi>(EXTENSION_ID);
  assert.ok(e, `extension ${EXTENSION_ID} is not loaded`);
  ext = e;
  api = await e.activate();
});

async function until<T>(f: () => T | undefined | false, what: string, timeoutMs = 30_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = f();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

interface WalkthroughStep { id: string; title: string; description: string; completionEvents: string[]; media: { markdown?: string } }

describe('the tutorial: walkthrough and snippets', function () {
  this.timeout(120_000);

  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('contributes the walkthrough with one step per topic, each completed by simulating its snippet', () => {
    const walkthroughs = ext.packageJSON.contributes.walkthroughs as { id: string; title: string; steps: WalkthroughStep[] }[];
    const w = walkthroughs.find((x) => x.id === 'pymemsim.memoryManagement');
    assert.ok(w);
    assert.strictEqual(w.title, 'Python Memory Management');
    assert.deepStrictEqual(w.steps.map((s) => s.id), TUTORIAL_STEPS.map((s) => s.id));
    for (const s of w.steps) {
      assert.deepStrictEqual(s.completionEvents, [`onContext:pymemsim.tutorial.done.${s.id}`]);
      assert.ok(s.description.includes(`command:pymemsim.tutorial.open?${encodeURIComponent(JSON.stringify([s.id]))}`), s.id);
    }
  });

  it('opens a step\'s snippet, simulates it in the panel, and completes the step', async () => {
    const step = TUTORIAL_STEPS[0];
    const id = await vscode.commands.executeCommand<string>('pymemsim.tutorial.open', step.id);
    assert.strictEqual(id, step.id);
    const editor = vscode.window.activeTextEditor;
    assert.ok(editor && path.basename(editor.document.uri.fsPath) === step.file, editor?.document.uri.fsPath);
    const p = await until(() => { const s = api.panel; return s && s.paintedRunId === s.runId && s.end !== null ? s : undefined; }, 'the snippet\'s run painted');
    assert.strictEqual(p.end, 'finished', JSON.stringify(p.problem));
    // this very run completes the step (an earlier test may have simulated the snippet too)
    await until(() => api.tutorialRuns?.some((r) => r.id === step.id && r.runId === p.runId), 'this run to complete the step');
    assert.ok(api.tutorialDone?.includes(step.id));
    // its expectations, checked on the panel's version, all pass, with no annotation problem
    const snippet = await until(() => { const s = api.panel?.snippet; return s && !s.checking && s.summary ? s : undefined; }, 'the snippet checked');
    assert.strictEqual(snippet.title, "Stack and heap: a call's frame comes and goes, its objects live on the heap");
    assert.strictEqual(snippet.problems, 0);
    assert.ok(snippet.summary!.passed > 0 && snippet.summary!.failed === 0 && snippet.summary!.errors === 0, JSON.stringify(snippet.summary));
  });

  it('shows a failed expectation as a diagnostic on its line, and an unknown annotation as a warning', async () => {
    const doc = await vscode.workspace.openTextDocument({ language: 'python', content: [
      '# @snippet A wrong claim',
      'import sys',
      'x = 3.14',
      '# @expect sys.getsizeof(x) == 16',
      '# @sya a typo',
      'print(x)',
      '',
    ].join('\n') });
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('pymemsim.simulate');
    const s = await until(() => { const x = api.panel?.snippet; return x && !x.checking && x.summary ? x : undefined; }, 'the snippet checked');
    assert.deepStrictEqual(s.summary, { passed: 0, failed: 1, errors: 0, notReached: 0 });
    const diags = await until(() => { const d = vscode.languages.getDiagnostics(doc.uri).filter((x) => x.source === 'pymemsim snippet'); return d.length >= 2 ? d : undefined; }, 'the diagnostics');
    const failed = diags.find((d) => d.code === 'expectation')!;
    assert.strictEqual(failed.range.start.line, 3);
    // the value real CPython 3.12 gives too: a float is 24 bytes
    assert.match(failed.message, /expectation failed on CPython 3\.12: sys\.getsizeof\(x\) == 16: 24 == 16/);
    const typo = diags.find((d) => d.severity === vscode.DiagnosticSeverity.Warning)!;
    assert.strictEqual(typo.range.start.line, 4);
    assert.match(typo.message, /sya/);
  });

  it('refuses a step it does not know, in one line', async () => {
    const id = await vscode.commands.executeCommand<string | undefined>('pymemsim.tutorial.open', 'no-such-step');
    assert.strictEqual(id, undefined);
  });
});

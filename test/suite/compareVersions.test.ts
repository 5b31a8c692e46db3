// Runs inside a real VS Code: Compare Versions on the memory panel's run, and the exports of the
// panel's step (HTML report) and run (trace JSON) to files.

import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { PyMemSimApi } from '../../src/extension/api';

const EXTENSION_ID = 'pymemsim.python-memory-simulator';
const ROOT = path.resolve(__dirname, '..', '..', '..');
const FIXTURE = path.join(ROOT, 'test', 'fixtures', 'lists', 'append_growth.py');

async function until<T>(get: () => T | undefined, what: string, timeoutMs = 60_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = get();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('Compare Versions and exports', function () {
  this.timeout(120_000);
  let api: PyMemSimApi;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pymemsim-suite-export-'));

  before(async () => {
    api = await vscode.extensions.getExtension<PyMemSimApi>(EXTENSION_ID)!.activate();
    const doc = await vscode.workspace.openTextDocument(FIXTURE);
    await vscode.window.showTextDocument(doc, vscode.ViewColumn.One);
    await vscode.commands.executeCommand('pymemsim.simulate');
    await until(() => (api.panel && api.panel.end !== null && api.panel.paintedRunId === api.panel.runId ? api.panel : undefined), 'the panel\'s run');
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('compares the panel\'s step on two versions in a panel of its own', async () => {
    const status = await vscode.commands.executeCommand<{ versions: string[]; steps: number[]; differences: number } | undefined>('pymemsim.compareVersions', '3.12', '3.8');
    assert.ok(status, 'a comparison');
    assert.deepStrictEqual(status.versions, ['3.12', '3.8']);
    // the panel's version (the default, 3.12) first: its step is the panel's
    // the list grows differently (the fixture's recordings): at least its size differs
    assert.ok(status.differences > 0);
    assert.strictEqual(status.steps[0], api.panel!.step);
    // (the tab model arrives asynchronously)
    await until(() => {
      const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('pymemsim.compareVersions'));
      return tabs.length === 1 ? tabs : undefined;
    }, 'the Compare Versions tab', 10_000);
    assert.strictEqual(api.compare?.match, 'step');
    await vscode.commands.executeCommand('pymemsim.compareVersionsAction', 'match-line');
    assert.strictEqual(api.compare?.match, 'line');
  });

  it('refuses two equal versions in one line', async () => {
    const r = await vscode.commands.executeCommand('pymemsim.compareVersions', '3.12', '3.12');
    assert.strictEqual(r, undefined);
  });

  it('exports the panel\'s step as an HTML report and the run as trace JSON', async () => {
    const html = path.join(dir, 'report.html');
    const written = await vscode.commands.executeCommand<string | undefined>('pymemsim.exportHtmlReport', html);
    assert.strictEqual(written, html);
    const text = fs.readFileSync(html, 'utf8');
    assert.match(text, /^<!DOCTYPE html>/);
    assert.match(text, new RegExp(`step ${api.panel!.step} of ${api.panel!.totalSteps}`));
    assert.ok(!text.includes('<script'));

    const json = path.join(dir, 'trace.json');
    assert.strictEqual(await vscode.commands.executeCommand<string | undefined>('pymemsim.exportTraceJson', json), json);
    const t = JSON.parse(fs.readFileSync(json, 'utf8'));
    assert.strictEqual(t.format, 'pymemsim-trace');
    assert.strictEqual(t.steps.length, api.panel!.totalSteps + 1);
  });
});

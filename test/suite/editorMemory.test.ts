// Runs inside a real VS Code: memory in the editor itself. Hovers over names read the background
// run of the document's version (or the memory panel's step when the panel shows this text),
// inlay hints after assignments follow an edit, code lenses open the panel at a function's first
// call, and the background runs keep up with typing: one run per version, debounced, a newer
// version cancelling an older one, two hovers never running the program twice. The figures
// asserted are those real CPython printed for the fixture (test/fixtures/editor).

import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { PanelStatus, PyMemSimApi } from '../../src/extension/api';
import type { EditorMemoryStatus } from '../../src/extension/editorMemory';

const EXTENSION_ID = 'pymemsim.python-memory-simulator';
const ROOT = path.resolve(__dirname, '..', '..', '..');
const FIXTURE = path.join(ROOT, 'test', 'fixtures', 'editor', 'hover_names.py');

let api: PyMemSimApi;

/** what CPython 3.12 printed for the fixture: `label n1 n2` lines */
function recorded(version = '3.12'): Record<string, number[]> {
  const rec = JSON.parse(fs.readFileSync(FIXTURE.replace(/\.py$/, '.expected.json'), 'utf8')) as Record<string, { stdout: string }>;
  const out: Record<string, number[]> = {};
  for (const line of rec[version].stdout.trim().split('\n')) {
    const [label, ...nums] = line.split(' ');
    out[label] = nums.map(Number);
  }
  return out;
}

before(async () => {
  const ext = vscode.extensions.getExtension<PyMemSimApi>(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not loaded`);
  api = await ext.activate();
});

function editorStatus(): EditorMemoryStatus {
  assert.ok(api.editor, 'the extension reports its editor features');
  return api.editor;
}

async function until<T>(f: () => T | undefined | false | Promise<T | undefined | false>, what: string, timeoutMs = 30_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await f();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function setting(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('pymemsim').update(key, value, vscode.ConfigurationTarget.Global);
}

/** the Markdown of the hovers at a position, joined */
async function hoverText(uri: vscode.Uri, line: number, character: number): Promise<string> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(line - 1, character));
  return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))).filter((t) => t.includes('CPython') || t.includes('Memory')).join('\n');
}

/** the column of `name` in line `line` (1-based) of the document */
function col(doc: vscode.TextDocument, line: number, name: string): number {
  const c = doc.lineAt(line - 1).text.indexOf(name);
  assert.ok(c >= 0, `${name} is on line ${line}`);
  return c + 1;
}

async function inlayLabels(doc: vscode.TextDocument): Promise<Map<number, string>> {
  const hints = await vscode.commands.executeCommand<vscode.InlayHint[]>('vscode.executeInlayHintProvider', doc.uri, new vscode.Range(0, 0, doc.lineCount, 0));
  const out = new Map<number, string>();
  for (const h of hints) out.set(h.position.line + 1, typeof h.label === 'string' ? h.label : h.label.map((p) => p.value).join(''));
  return out;
}

async function panelWhen(pred: (p: PanelStatus) => boolean, what: string): Promise<PanelStatus> {
  return until(() => { const p = api.panel; return p && pred(p) ? p : undefined; }, `the panel: ${what}`);
}

describe('Memory in the editor: hovers, inlay hints, code lenses', function () {
  this.timeout(120_000);

  before(async () => {
    await vscode.commands.executeCommand('pymemsim.selectPythonVersion', '3.12');
  });
  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const k of ['background.enabled', 'background.maxSteps', 'inlayHints.enabled']) await setting(k, undefined);
  });

  it('hovers a name with the size, references and blocks CPython has after its line ran', async () => {
    const doc = await vscode.workspace.openTextDocument(FIXTURE);
    await vscode.window.showTextDocument(doc);
    const want = recorded();
    const text = await hoverText(doc.uri, 12, col(doc, 12, 'numbers'));
    assert.match(text, /\*\*numbers\*\* · CPython 3\.12/);
    assert.match(text, /after line 12 ran/);
    assert.ok(text.includes('`list`'), text);
    // the figures row: sys.getsizeof, then the references (getrefcount less its argument)
    assert.ok(text.includes(`| ${want.numbers[0]} B | ${want.numbers[1] - 1} |`), text);
    // its allocations: the list's own block with its PyGC_Head, and the item array
    assert.match(text, /\| list object \(\+16 B PyGC_Head\) \| \d+ B \| \d+ B \| szidx \d+ \|/);
    assert.match(text, /\| `ob_item` \| \d+ B \| \d+ B \| szidx \d+ \|/);
    assert.ok(text.includes('command:pymemsim.showInMemoryPanel'), 'a Show in Memory Panel link');
    assert.ok(text.includes('command:pymemsim.compareNameVersions'), 'a Compare Versions link');

    // a name inside a function called once, in a loop: the last of its runs
    const items = await hoverText(doc.uri, 8, col(doc, 8, 'items'));
    assert.match(items, /after line 8 ran \(step \d+, run 100 of 100\)/);
    // the returned list, bound at module level
    const big = await hoverText(doc.uri, 14, col(doc, 14, 'big'));
    assert.ok(big.includes(`| ${want.big[0]} B | ${want.big[1] - 1} |`), big);
    // 3.12 interns and immortalizes the folded constant
    const t = await hoverText(doc.uri, 16, col(doc, 16, 'text'));
    assert.ok(t.includes(`| ${want.text[0]} B | immortal |`), t);
  });

  it('says in one line why a name has no object: unbound, never ran, cannot simulate', async () => {
    const doc = await vscode.workspace.openTextDocument({ language: 'python', content: 'x = [1]\ndel x\ny = 2\n\n\ndef never():\n    z = 3\n' });
    await vscode.window.showTextDocument(doc);
    assert.match(await hoverText(doc.uri, 2, 5), /`?x`? is unbound after line 2 ran|unbound/);
    assert.match(await hoverText(doc.uri, 7, 5), /line 7 never ran/);
    const bad = await vscode.workspace.openTextDocument({ language: 'python', content: 'a = 1\nb = (\n' });
    await vscode.window.showTextDocument(bad);
    assert.match(await hoverText(bad.uri, 1, 1), /cannot be simulated on CPython 3\.12: line \d: SyntaxError/);
  });

  it('says when the background run stopped at its step limit instead of showing stale data', async () => {
    await setting('background.maxSteps', 500);
    const doc = await vscode.workspace.openTextDocument({ language: 'python', content: 'n = 0\nfor i in range(10_000):\n    n += 1\nlast = [n]\n' });
    await vscode.window.showTextDocument(doc);
    const text = await hoverText(doc.uri, 4, 2);
    assert.match(text, /line 4 never ran/);
    assert.match(text, /stopped at its step limit of 500 steps \(setting `pymemsim\.background\.maxSteps`\)/);
  });

  it('keeps up with typing: one run for the last of quick edits, older runs cancelled, hovers never run twice', async () => {
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ language: 'python', content: 'x = 0\n' }));
    const doc = editor.document;
    const uri = doc.uri.toString();
    const s = editorStatus().stats;
    // the first version's run, by a hover
    await hoverText(doc.uri, 1, 1);
    const before = { started: s.started, superseded: s.superseded, cancelled: s.cancelled };
    const versions: number[] = [];
    // five edits, far quicker than the debounce: each schedules a run that the next gives up
    for (let k = 1; k <= 5; k++) {
      await editor.edit((e) => e.insert(new vscode.Position(doc.lineCount, 0), `x${k} = [${k}] * ${k * 100}\n`));
      versions.push(doc.version);
      await new Promise((r) => setTimeout(r, 40));
    }
    const last = versions[versions.length - 1];
    await until(() => editorStatus().finishedAt[uri]?.docVersion === last, 'the last version\'s run');
    const simulated = s.simulated[uri];
    assert.strictEqual(simulated[simulated.length - 1], last);
    for (const v of versions.slice(0, -1)) assert.ok(!simulated.includes(v), `version ${v} was not simulated (${simulated.join(', ')})`);
    assert.strictEqual(s.started - before.started, 1, 'one run for five edits');
    assert.ok(s.superseded - before.superseded >= 4, `${s.superseded - before.superseded} runs given up before they started`);

    // hovers over the same version read that run: no new one
    const started = s.started;
    const a = await hoverText(doc.uri, 6, 1);
    const b = await hoverText(doc.uri, 2, 1);
    assert.match(a, /\*\*x5\*\*/);
    assert.match(b, /\*\*x1\*\*/);
    assert.strictEqual(s.started, started);

    // an edit while a long run is under way cancels it in the worker
    await setting('background.maxSteps', 10_000_000);
    await editor.edit((e) => e.insert(new vscode.Position(doc.lineCount, 0), 'for i in range(3_000_000):\n    pass\n'));
    const long = doc.version;
    // a hover starts its run at once (not waited for here)
    void vscode.commands.executeCommand('vscode.executeHoverProvider', doc.uri, new vscode.Position(0, 0));
    await until(() => s.simulated[uri]?.includes(long), 'the long version started');
    const cancelled = s.cancelled;
    await editor.edit((e) => e.insert(new vscode.Position(doc.lineCount, 0), 'tail = 1\n'));
    await until(() => s.cancelled > cancelled, 'the long run cancelled');
    // back to the default limit: the newest version runs again, stopped at it
    await setting('background.maxSteps', undefined);
    await until(() => editorStatus().finishedAt[uri]?.docVersion === doc.version, 'the newest version\'s run', 60_000);
  });

  it('shows inlay hints after assignments that change after an edit', async () => {
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(FIXTURE));
    const doc = editor.document;
    const want = recorded();
    const labels = await until(async () => { const l = await inlayLabels(doc); return l.size ? l : undefined; }, 'inlay hints');
    assert.strictEqual(labels.get(12), `${want.numbers[0]} B in 2 blocks`);
    assert.strictEqual(labels.get(14), `${want.big[0]} B in 2 blocks`);
    // an edit of line 12: the hint follows once the new version is simulated
    const line = doc.lineAt(11);
    await editor.edit((e) => e.replace(line.range, 'numbers = [0] * 1000'));
    const kib = (want.many[0] / 1024).toFixed(1);
    const after = await until(async () => { const l = await inlayLabels(doc); return l.get(12)?.startsWith(kib) ? l : undefined; }, `the hint of line 12 to become ${kib} KiB`);
    assert.strictEqual(after.get(12), `${kib} KiB in 2 blocks`);
    await vscode.commands.executeCommand('workbench.action.files.revert');
    // the setting turns them off
    await setting('inlayHints.enabled', false);
    assert.strictEqual((await inlayLabels(doc)).size, 0);
  });

  it('puts lenses above the file and each function that open the panel at its first call', async () => {
    const doc = await vscode.workspace.openTextDocument(FIXTURE);
    await vscode.window.showTextDocument(doc);
    const lenses = await until(async () => {
      const l = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri);
      return l.some((x) => x.command?.title.includes('Simulate Memory ·')) ? l : undefined;
    }, 'the lenses of the background run');
    const top = lenses.find((l) => l.range.start.line === 0 && l.command?.title.includes('Simulate Memory ·'))!;
    assert.match(top.command!.title, /\d+ steps · peak [\d,]+ blocks · \d+ collections?/);
    const grow = lenses.find((l) => l.range.start.line === 4 && l.command?.title.includes('grow'));
    assert.ok(grow, lenses.map((l) => `${l.range.start.line}: ${l.command?.title}`).join('\n'));
    assert.match(grow.command!.title, /grow · 1 call · [\d,]+ steps · peak [\d,]+ blocks/);
    await vscode.commands.executeCommand(grow.command!.command, ...(grow.command!.arguments ?? []));
    // the panel opens at the call's first line: line 6, in grow's frame
    const p = await panelWhen((s) => s.paintedRunId === s.runId && s.highlightedLine === 6, 'the first call of grow');
    assert.strictEqual(p.line, 6);
  });

  it('follows "Show in Memory Panel" to the step with the object selected, and reads the panel\'s step after', async () => {
    const doc = await vscode.workspace.openTextDocument(FIXTURE);
    await vscode.window.showTextDocument(doc);
    const text = await hoverText(doc.uri, 12, col(doc, 12, 'numbers'));
    const link = /\(command:pymemsim\.showInMemoryPanel\?([^)]+)\)/.exec(text);
    assert.ok(link, text);
    const [args] = JSON.parse(decodeURIComponent(link[1])) as [{ step: number; id: number; version: string }];
    assert.strictEqual(args.version, '3.12');
    await vscode.commands.executeCommand('pymemsim.showInMemoryPanel', args);
    const p = await panelWhen((s) => s.paintedRunId === s.runId && s.step === args.step, `step ${args.step}`);
    assert.strictEqual(p.selected, args.id);
    // the panel shows this text: the hover reads the panel's step (the last one) from now on
    await vscode.commands.executeCommand('pymemsim.goToStep', p.totalSteps - 1);
    await panelWhen((s) => s.step === p.totalSteps - 1, 'the last line');
    const again = await hoverText(doc.uri, 12, col(doc, 12, 'numbers'));
    assert.match(again, new RegExp(`at the panel's step ${(p.totalSteps - 1).toLocaleString('en-US')}`));
    assert.strictEqual(editorStatus().lastHover?.source, 'panel');
  });

  it('compares the sizes of a name on every version, in the hover', async () => {
    const doc = await vscode.workspace.openTextDocument(FIXTURE);
    await vscode.window.showTextDocument(doc);
    const text = await hoverText(doc.uri, 12, col(doc, 12, 'numbers'));
    const link = /\(command:pymemsim\.compareNameVersions\?([^)]+)\)/.exec(text);
    assert.ok(link, text);
    const [args] = JSON.parse(decodeURIComponent(link[1])) as [unknown];
    const rows = await vscode.commands.executeCommand<{ version: string; facts: { object: { sizeof: number } | null } | null }[]>('pymemsim.compareNameVersions', args);
    assert.deepStrictEqual(rows.map((r) => r.version), ['3.8', '3.9', '3.10', '3.11', '3.12', '3.13']);
    for (const r of rows) assert.strictEqual(r.facts?.object?.sizeof, recorded(r.version).numbers[0], r.version);
    const withTable = await hoverText(doc.uri, 12, col(doc, 12, 'numbers'));
    assert.ok(withTable.includes(`| 3.9 | \`list\` | ${recorded('3.9').numbers[0]} B |`), withTable);
  });

  it('offers "Simulate Memory" in the hover when the background simulation is off', async () => {
    await setting('background.enabled', false);
    const doc = await vscode.workspace.openTextDocument({ language: 'python', content: 'x = [1, 2]\n' });
    await vscode.window.showTextDocument(doc);
    const text = await hoverText(doc.uri, 1, 1);
    assert.match(text, /background simulation is off/);
    assert.ok(text.includes('command:pymemsim.simulate'), text);
    assert.strictEqual((await inlayLabels(doc)).size, 0);
  });
});

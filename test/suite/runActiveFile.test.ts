// Runs inside a real VS Code: opens Python documents, executes the extension's commands, and
// checks what the extension showed (output channel text, diagnostics, notification, status bar).

import * as assert from 'assert';
import * as path from 'path';
import * as vscode from 'vscode';
import type { PyMemSimApi, RunRecord } from '../../src/extension/api';

const EXTENSION_ID = 'pymemsim.python-memory-simulator';
// dist/test/suite -> the repository
const ROOT = path.resolve(__dirname, '..', '..', '..');

let api: PyMemSimApi;

async function openPython(content: string): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument({ language: 'python', content });
  await vscode.window.showTextDocument(doc);
  return doc;
}

async function runActive(): Promise<RunRecord> {
  const record = await vscode.commands.executeCommand<RunRecord | undefined>('pymemsim.runActiveFile');
  assert.ok(record, 'the command returned no run record');
  assert.deepStrictEqual(api.lastRun, record);
  return record;
}

// a root hook: runs before every suite, whichever are selected
before(async () => {
  const ext = vscode.extensions.getExtension<PyMemSimApi>(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not loaded`);
  api = await ext.activate();
  await vscode.commands.executeCommand('pymemsim.selectPythonVersion', '3.12');
});

describe('pymemsim.runActiveFile', () => {
  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('runs the bundled course example and shows its output and memory summary', async () => {
    const file = path.join(ROOT, 'examples', 'course', 'memory-management.py');
    const doc = await vscode.workspace.openTextDocument(file);
    await vscode.window.showTextDocument(doc);
    const record = await runActive();
    assert.strictEqual(record.exitCode, 0, record.outputText);
    assert.strictEqual(record.version, '3.12');
    assert.match(record.outputText, /^\[pymemsim\] examples\/course\/memory-management\.py with simulated CPython 3\.12\n/);
    assert.ok(record.outputText.includes('Memory Management\nDont do this\n'), record.outputText);
    assert.ok(record.outputText.includes('sys.getsizeof(3.14) = 24\n'), record.outputText);
    assert.match(record.outputText, /---- memory summary \(simulated CPython 3\.12\) -+\nlive objects +\d+\n/);
    assert.strictEqual(record.notification, undefined);
    assert.deepStrictEqual(record.diagnostics, []);
    assert.deepStrictEqual(vscode.languages.getDiagnostics(doc.uri), []);
  });

  it('shows a syntax error as CPython prints it, with a diagnostic at its line', async () => {
    const doc = await openPython('x = 1\nif x:\n    y = = 2\n');
    const record = await runActive();
    assert.strictEqual(record.exitCode, 1);
    assert.ok(
      record.outputText.includes(`  File "${doc.fileName}", line 3\n    y = = 2\n        ^\nSyntaxError: invalid syntax\n`),
      record.outputText,
    );
    const diags = vscode.languages.getDiagnostics(doc.uri);
    assert.strictEqual(diags.length, 1);
    assert.strictEqual(diags[0].range.start.line, 2);
    assert.strictEqual(diags[0].message, 'SyntaxError: invalid syntax');
    assert.strictEqual(diags[0].severity, vscode.DiagnosticSeverity.Error);
    assert.strictEqual(record.notification, `${doc.fileName}:3: SyntaxError: invalid syntax`);
  });

  it('reports an unsupported construct on one line naming the file and line', async () => {
    const doc = await openPython('x = [1, 2]\nasync def f():\n    return x\n');
    const record = await runActive();
    assert.strictEqual(record.exitCode, 1);
    assert.match(record.outputText, new RegExp(`\\npymemsim: ${doc.fileName}:2: .*not supported.*\\n`));
    const diags = vscode.languages.getDiagnostics(doc.uri);
    assert.strictEqual(diags.length, 1);
    assert.strictEqual(diags[0].range.start.line, 1);
    assert.match(diags[0].message, /not supported/);
    assert.match(record.notification ?? '', new RegExp(`^${doc.fileName}:2: `));
  });

  it('shows the output before an uncaught exception, then its traceback', async () => {
    const doc = await openPython('print("before")\nitems = [1, 2, 3]\nprint(items[5])\n');
    const record = await runActive();
    assert.strictEqual(record.exitCode, 1);
    assert.match(
      record.outputText,
      /\nbefore\nTraceback \(most recent call last\):\n {2}File "[^"]+", line 3, in <module>\n(.*\n)*IndexError: list index out of range\n/,
    );
    assert.deepStrictEqual(record.diagnostics, [{ line: 3, message: 'IndexError: list index out of range' }]);
    assert.strictEqual(vscode.languages.getDiagnostics(doc.uri).length, 1);
  });

  it('clears the diagnostics once the document runs cleanly', async () => {
    const doc = await openPython('print(1 / 0)\n');
    assert.strictEqual((await runActive()).diagnostics.length, 1);
    const editor = vscode.window.activeTextEditor;
    assert.ok(editor);
    await editor.edit((e) => e.replace(new vscode.Range(0, 0, 0, 12), 'print(1 / 2)'));
    const record = await runActive();
    assert.strictEqual(record.exitCode, 0, record.outputText);
    assert.ok(record.outputText.includes('\n0.5\n'), record.outputText);
    assert.deepStrictEqual(vscode.languages.getDiagnostics(doc.uri), []);
  });
});

describe('pymemsim.selectPythonVersion', () => {
  after(async () => {
    await vscode.commands.executeCommand('pymemsim.selectPythonVersion', '3.12');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('registers both commands', async () => {
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('pymemsim.runActiveFile'));
    assert.ok(commands.includes('pymemsim.selectPythonVersion'));
  });

  it('changes the setting and the status bar, and ignores versions it does not know', async () => {
    await openPython('x = 1\n');
    assert.match(api.statusText, /CPython 3\.12$/);
    assert.strictEqual(await vscode.commands.executeCommand('pymemsim.selectPythonVersion', '3.10'), '3.10');
    assert.strictEqual(api.version, '3.10');
    assert.strictEqual(vscode.workspace.getConfiguration('pymemsim').get('pythonVersion'), '3.10');
    assert.match(api.statusText, /CPython 3\.10$/);
    // a value outside the list falls back to the quick pick; dismiss it
    const pending = vscode.commands.executeCommand('pymemsim.selectPythonVersion', '2.7');
    await new Promise((r) => setTimeout(r, 500));
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    assert.strictEqual(await pending, undefined);
    assert.strictEqual(api.version, '3.10');
  });

  it('runs the next file with the chosen version', async () => {
    // str objects lost their wstr fields in 3.12: 52 bytes for "abc" on 3.8, 44 on 3.12
    await openPython('import sys\nprint(sys.getsizeof("abc"))\n');
    await vscode.commands.executeCommand('pymemsim.selectPythonVersion', '3.8');
    const record = await runActive();
    assert.strictEqual(record.version, '3.8');
    assert.ok(record.outputText.includes('with simulated CPython 3.8\n52\n'), record.outputText);
  });
});

// The helper library (workbench.ts) against what the workbench and the installed extension
// already offer: quick open, the palette by exact title (with "similar commands" offered too), the
// output channel of "Run in Memory Simulator", squiggles, hovers, the context menu, the colour
// theme, a webview's frame and the CSP violations it reports, and a window reload.

import * as assert from 'assert';
import * as fs from 'fs';
import { inWorkspace } from './context';
import { Workbench, waitFor } from './workbench';

describe('the workbench helpers', () => {
  let wb: Workbench;

  before(async () => {
    fs.writeFileSync(inWorkspace('helpers-broken.py'), 'x = 1\nif x:\n    y = = 2\n');
    fs.writeFileSync(inWorkspace('helpers-notes.md'), '# Notes\n\nA webview for the helpers to find.\n');
    wb = await Workbench.open({ name: 'helpers' });
  });

  after(async () => {
    await wb?.close();
  });

  it('opens a file with quick open and runs a command by its exact title', async () => {
    const editor = await wb.openFile('course/memory-management.py');
    const lines = await editor.lines();
    assert.deepStrictEqual(lines[0]?.line, 1, 'the first drawn line is not line 1');
    assert.match(lines[0].text, /^# Memory management and garbage collection/);
    await wb.runCommand('Python Memory: Run in Memory Simulator');
    const out = await waitFor('the output channel to show the run', async () => {
      const t = await wb.outputText();
      return /\[pymemsim\] exit code 0, \d+ steps/.test(t) ? t : undefined;
    });
    assert.match(out, /a second collection finds nothing: 0/);
  });

  it('reads error squiggles from the editor and the diagnostic from a hover', async () => {
    const editor = await wb.openFile('helpers-broken.py');
    await wb.runCommand('Python Memory: Run in Memory Simulator');
    await waitFor('a squiggle on line 3', async () => (await editor.errorLines()).includes(3));
    assert.deepStrictEqual(await editor.errorLines(), [3]);
    await wb.clearNotifications();
    const hover = await editor.hover(3, '2'); // the squiggle is under "= 2"
    assert.match(hover, /SyntaxError: invalid syntax/);
    await wb.page.keyboard.press('Escape');
  });

  it('picks an item of the editor context menu', async () => {
    const editor = wb.editor('helpers-broken.py');
    await editor.contextMenu(1, 'Command Palette...');
    await wb.page.locator('.quick-input-widget').waitFor({ state: 'visible' });
    await wb.page.keyboard.press('Escape');
  });

  it('selects lines and moves the cursor', async () => {
    const editor = wb.editor('helpers-broken.py');
    await editor.selectLines(1, 2);
    assert.match(await wb.statusItem('status.editor.selection'), /Ln 3, Col 1 \(\d+ selected\)/);
    await editor.goToLine(2);
    assert.strictEqual(await wb.cursorLine(), 2);
  });

  it('finds a webview by an element inside it and sees the CSP violations it reports', async () => {
    await wb.openFile('helpers-notes.md');
    await wb.runCommand('Markdown: Open Preview to the Side');
    const frame = await wb.webviewFrame('h1');
    assert.match(frame.url(), /\/webview\//);
    assert.strictEqual((await frame.locator('h1').innerText()).trim(), 'Notes');
    const before = wb.cspViolations.length;
    // an inline script: every webview's policy refuses it
    await frame.evaluate(() => {
      const s = document.createElement('script');
      s.textContent = 'document.title = "inline ran"';
      document.body.appendChild(s);
    });
    const v = await waitFor('the CSP violation to be reported', async () => wb.cspViolations.slice(before).find((c) => /inline/i.test(c.text)));
    assert.match(v.text, /Content Security Policy|Refused to/);
  });

  it('switches the colour theme from the palette', async () => {
    await wb.setColorTheme('Dark Modern', 'dark');
    assert.strictEqual(await wb.themeKind(), 'dark');
    await wb.setColorTheme('Light Modern', 'light');
    assert.strictEqual(await wb.themeKind(), 'light');
  });

  it('reloads the window and finds the editors restored', async () => {
    await wb.reload();
    await wb.tab('helpers-notes.md').first().waitFor({ state: 'visible' });
    await wb.closeAllEditors();
  });
});

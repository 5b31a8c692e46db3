// The panel's Memory tab as a user meets it, on a program written into the workspace: the tab
// draws the run's memory over every step; a click on the chart moves the panel to the step under
// it; the keyboard reaches the chart, and Home then Enter goes to the first step; screenshots in
// the light and dark themes; no Content-Security-Policy violation along the way.

import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { inWorkspace, ui } from './context';
import { notYet, Panel, Workbench, waitFor } from './workbench';

const FILE = 'ui-memory.py';
const PROGRAM = [
  'import gc',
  'class Node:',
  '    def __init__(self):',
  '        self.peer = None',
  'words = [str(i) * 10 for i in range(800)]',
  'for i in range(300):',
  '    a = Node()',
  '    b = Node()',
  '    a.peer = b',
  '    b.peer = a',
  'del a, b',
  'gc.collect()',
  'del words',
  'print("done")',
  '',
].join('\n');

describe('the memory panel: the Memory tab', () => {
  let wb: Workbench;
  let panel: Panel;

  const chart = () => panel.byTestId('memory-chart');

  before(async () => {
    fs.writeFileSync(inWorkspace(FILE), PROGRAM);
    wb = await Workbench.open({ name: 'memory-tab' });
    await wb.closeAllEditors();
    await wb.openFile(FILE, { firstGroup: true });
    await wb.runCommand('Python Memory: Simulate Memory');
    panel = await waitFor('the panel to draw the run', async () => {
      const p = await wb.panel();
      if (await p.has('running')) return notYet('still running');
      const s = await p.step();
      return s.total > 1000 ? p : notYet(`"${s.text}"`);
    }, { timeout: 60_000 });
    await panel.settled();
  });

  after(async () => {
    await wb?.close();
  });

  it('opens the Memory tab and draws the whole run', async () => {
    await panel.frame.locator('vscode-tab-header', { hasText: 'Memory' }).click();
    await chart().waitFor({ state: 'visible', timeout: 30_000 });
    const total = (await panel.step()).total;
    await waitFor('the chart to show every step', async () => {
      const to = Number(await chart().getAttribute('data-to'));
      return to === total || notYet(`data-to ${to} of ${total}`);
    });
    assert.strictEqual(Number(await chart().getAttribute('data-from')), 0);
  });

  it('moves the panel to the step under a click on the chart', async () => {
    const before = await panel.step();
    const over = chart().locator('.u-over');
    const box = await over.boundingBox();
    assert.ok(box, 'the chart has a plot area');
    await over.click({ position: { x: box.width * 0.3, y: box.height / 2 } });
    const expected = Math.round(before.total * 0.3);
    const after = await panel.waitForStep((s) => s.step !== before.step, 'the step to change after a click on the chart');
    assert.ok(Math.abs(after.step - expected) <= Math.max(2, before.total * 0.01), `a click at 30% went to ${after.text}, not near step ${expected}`);
  });

  it('goes to the first point with Home and Enter on the focused chart', async () => {
    await chart().focus();
    await wb.page.keyboard.press('Home');
    await waitFor('the readout of the focused point', async () => /^steps? 0\b/.test(await panel.text('memory-readout')) || notYet(await panel.text('memory-readout')));
    await wb.page.keyboard.press('Enter');
    await panel.waitForStep(0, 'Enter to go to step 0');
  });

  it('follows the colour theme (screenshots in test-results/screenshots/)', async () => {
    await wb.setColorTheme('Dark Modern', 'dark');
    await waitFor('the panel to be told the theme is dark', async () => (await panel.themeClass()) === 'vscode-dark');
    await wb.page.waitForTimeout(300);
    const dark = await wb.screenshot('memory-tab-dark', panel);
    await wb.setColorTheme('Light Modern', 'light');
    await waitFor('the panel to be told the theme is light', async () => (await panel.themeClass()) === 'vscode-light');
    await wb.page.waitForTimeout(300);
    const light = await wb.screenshot('memory-tab-light', panel);
    for (const f of [dark, light]) assert.ok(fs.statSync(f).size > 10_000, `${path.relative(ui().screenshots, f)} is nearly empty`);
  });

  it('logged no Content-Security-Policy violation', () => {
    assert.deepStrictEqual(wb.cspViolations, [], `CSP violations: ${wb.cspViolations.map((v) => `${v.text} (${v.url})`).join('; ')}`);
  });
});

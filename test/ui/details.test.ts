// The details pane as a user meets it, on the course example: at the line that drops the alias of
// `numbers`, a click on the name in the stack selects the list, and the pane beside the drawing
// tells its allocations (the list object with its PyGC_Head, its ob_item array, the size classes,
// sys.getsizeof against the bytes held), its referrers with ob_refcnt broken down (the two names
// and the dict's value) and the chain from a root; a click on the dict among the referrers selects
// the dict. Screenshots of the pane, light and dark.

import * as assert from 'assert';
import { EditorView, notYet, Panel, Workbench, waitFor } from './workbench';

const COURSE = 'course/memory-management.py';
const SIMULATE = 'Python Memory: Simulate Memory';
/** `del alias`: numbers is held by `numbers`, `alias` and box['numbers'] */
const DEL_ALIAS = 53;

describe('the details pane on the course example', () => {
  let wb: Workbench;
  let panel: Panel;
  let editor: EditorView;

  before(async () => {
    wb = await Workbench.open({ name: 'details' });
    await wb.closeAllEditors();
    editor = await wb.openFile(COURSE);
    await wb.runCommand(SIMULATE);
    panel = await wb.panel();
    await waitFor('the run to be shown', async () => (await panel.step()).total > 0);
  });

  after(async () => {
    await wb?.close();
  });

  it('selects a list from the stack and reads its allocations, referrers and chain', async () => {
    await editor.goToLine(DEL_ALIAS);
    await editor.contextMenu(DEL_ALIAS, 'Step to Line');
    await waitFor(`the panel to reach line ${DEL_ALIAS}`, async () => {
      const now = await panel.line();
      return now === DEL_ALIAS || notYet(`line ${now}`);
    });
    const local = panel.frame.locator('.local[data-target-id]').filter({ has: panel.frame.locator('.local-name', { hasText: /^numbers$/ }) }).first();
    await local.click();
    await waitFor('the breakdown to show', async () => ((await panel.has('details-breakdown')) ? true : notYet('no breakdown')));
    assert.match(await panel.text('details-title'), /^list at 0x[0-9a-f]+$/);
    const rows = await panel.byTestId('details-breakdown').locator('tbody tr').allInnerTexts();
    assert.strictEqual(rows.length, 2, rows.join(' | '));
    assert.match(rows[0], /^list object\s+PyGC_Head 16 B \+ object 40 B\s+56 B\s+64 B \(class 3\)\s+pool 0x[0-9a-f]+, arena \d+$/);
    assert.match(rows[1], /^ob_item\s+\d+ B\s+\d+ B \(class \d+\)\s+pool 0x[0-9a-f]+, arena \d+$/);
    const totals = await panel.text('details-totals');
    assert.match(totals, /sys\.getsizeof\s+\d+ B\s+requested\s+\d+ B\s+held in blocks\s+\d+ B/);
    assert.strictEqual(await panel.text('details-sum'), 'ob_refcnt 3 = 3 listed + 0 interpreter + 0 unexplained');
    const refs = await panel.byTestId('details-referrers').locator('li').allInnerTexts();
    assert.ok(refs.includes('numbers (global of the module)'), refs.join(' | '));
    assert.ok(refs.includes('alias (global of the module)'), refs.join(' | '));
    assert.ok(refs.some((r) => /^\['numbers'\] of dict at 0x[0-9a-f]+$/.test(r)), refs.join(' | '));
    const chain = await panel.text('details-chain');
    assert.match(chain, /^(numbers|alias) global of the module list at 0x[0-9a-f]+$/);
    const cache = await panel.text('details-cache');
    assert.match(cache, /tracked by the cyclic collector/);
    await wb.screenshot('details-list', panel);
  });

  it('selects the dict that holds it from the referrers', async () => {
    const link = panel.byTestId('details-referrers').locator('button.dp-link', { hasText: /of dict at/ }).first();
    await link.click();
    await waitFor('the dict to be selected', async () => {
      const t = await panel.text('details-title');
      return /^dict at 0x/.test(t) || notYet(t);
    });
    await waitFor('its breakdown', async () => {
      const rows = await panel.byTestId('details-breakdown').locator('tbody tr').allInnerTexts();
      return rows.some((r) => r.startsWith('dict object')) || notYet(rows.join(' | '));
    });
    const chain = await panel.text('details-chain');
    assert.match(chain, /^box global of the module dict at 0x[0-9a-f]+$/);
  });

  it('looks right in both themes (screenshots in test-results/screenshots/)', async () => {
    await wb.clearNotifications();
    await wb.setColorTheme('Light Modern', 'light');
    await waitFor('the panel to be told the theme is light', async () => (await panel.themeClass()) === 'vscode-light');
    await wb.screenshot('details-light', panel);
    await wb.setColorTheme('Dark Modern', 'dark');
    await waitFor('the panel to be told the theme is dark', async () => (await panel.themeClass()) === 'vscode-dark');
    await wb.screenshot('details-dark', panel);
    await wb.setColorTheme('Light Modern', 'light');
  });

  it('logged no Content-Security-Policy violation', () => {
    assert.deepStrictEqual(wb.cspViolations, [], `CSP violations: ${wb.cspViolations.map((v) => `${v.text} (${v.url})`).join('; ')}`);
  });
});

// Compare Versions as a user meets it, on the course example: the command from the palette, its
// two quick picks (the panel's version offered first), then the Compare panel with what differs
// marked; the pool size of 3.8 and 3.12 (4 KiB and 16 KiB) read from it; "same line" from the
// keyboard. Screenshots in the light and the dark theme.

import * as assert from 'assert';
import * as fs from 'fs';
import { inWorkspace } from './context';
import { Panel, Workbench, notYet, waitFor } from './workbench';

const COURSE = 'course/memory-management.py';

describe('Compare Versions on the course example', () => {
  let wb: Workbench;
  let compare: Panel;
  let panel: Panel;

  before(async () => {
    wb = await Workbench.open({ name: 'compare' });
    await wb.closeAllEditors();
    await wb.openFile(COURSE);
    await wb.runCommand('Python Memory: Simulate Memory');
    panel = await wb.panel();
    await waitFor('the run to be shown', async () => (await panel.step()).total > 0);
  });

  after(async () => {
    await wb?.close();
  });

  it('exports the allocator map, as drawn, as a PNG from the palette', async () => {
    await panel.byTestId('allocator-tab').click();
    await waitFor('the map to be drawn', async () => (await panel.byTestId('alloc-map').getAttribute('data-draw-ms')) ?? notYet('not drawn'));
    const before = new Set(fs.readdirSync(inWorkspace('.')));
    await wb.runCommand('Python Memory: Export Allocator Map as PNG');
    // the save dialog (code-server's own): its proposed name in the workspace folder
    const input = wb.page.locator('.quick-input-widget input');
    await waitFor('the save dialog', async () => ((await input.inputValue().catch(() => '')).endsWith('.png') ? true : notYet(await input.inputValue().catch(() => ''))));
    assert.match(await input.inputValue(), /memory-management-allocator-step-\d+\.png$/);
    await wb.page.keyboard.press('Enter');
    const file = await waitFor('the PNG to be written', async () => fs.readdirSync(inWorkspace('.')).find((f) => !before.has(f) && f.endsWith('.png')) ?? notYet('no new file'));
    const bytes = fs.readFileSync(inWorkspace(file));
    assert.deepStrictEqual([...bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    assert.ok(bytes.length > 1000);
    fs.copyFileSync(inWorkspace(file), require('path').join(require('path').dirname(await wb.screenshot('compare-export-workbench')), 'allocator-export.png'));
  });

  it('asks for two versions, the panel\'s first, and marks what differs', async () => {
    await wb.runCommand('Python Memory: Compare Versions');
    await wb.page.locator('.quick-input-widget').waitFor({ state: 'visible' });
    // the first pick offers the panel's version first: take it
    await waitFor('the panel\'s version offered first', async () => ((await wb.quickPickLabels())[0] === 'CPython 3.12' ? true : notYet((await wb.quickPickLabels()).join(', '))));
    await wb.page.keyboard.press('Enter');
    await waitFor('the second pick', async () => ((await wb.quickPickLabels()).includes('CPython 3.12') ? notYet('still the first pick') : true));
    await wb.page.keyboard.type('3.8');
    await wb.quickPickRow('CPython 3.8').first().waitFor({ state: 'visible' });
    await wb.page.keyboard.press('Enter');
    compare = new Panel(wb, await wb.webviewFrame('[data-testid="compare"]', { timeout: 60_000 }));
    assert.match(await compare.text('compare-where'), /CPython 3\.12 step \d+ of \d+, next line \d+ and CPython 3\.8 step \d+ of \d+/);
    assert.match(await compare.text('compare-summary'), /^\d+ differences?\.$/);
    // the version's pool size (obmalloc.c: 4 KiB up to 3.9, 16 KiB from 3.10), marked as a difference
    const poolRow = compare.byTestId('compare-heap').locator('tr', { hasText: 'pool size' });
    const cells = await poolRow.locator('td[data-testid="compare-diff"]').allInnerTexts();
    assert.deepStrictEqual(cells.map((c) => c.replace(/\s*\(differs\)$/, '').trim()), ['16,384', '4,096']);
    assert.ok((await compare.byTestId('compare-diff').count()) >= 2);
    await wb.screenshot('compare-light', compare);
  });

  it('matches the steps by line from the keyboard, and follows the dark theme', async () => {
    const link = compare.byTestId('compare-match-line');
    await link.focus();
    await wb.page.keyboard.press('Enter');
    compare = new Panel(wb, await waitFor('the page to show the line matching', async () => {
      const f = await wb.webviewFrame('[data-testid="compare-match-line"][aria-current="true"]');
      return f;
    }));
    const where = await compare.text('compare-where');
    const lines = [...where.matchAll(/next line (\d+)/g)].map((m) => m[1]);
    assert.strictEqual(lines.length, 2, where);
    assert.strictEqual(lines[0], lines[1], 'the same line on both');
    await wb.setColorTheme('Dark Modern', 'dark');
    await wb.page.waitForTimeout(500);
    await wb.screenshot('compare-dark', compare);
    await wb.setColorTheme('Light Modern', 'light');
  });

});

// The memory panel's Allocator tab as a user meets it, on the course example: the tab shows the
// version's pool and arena sizes, the arenas on a canvas and the size-class table; the keyboard
// zooms into a pool, whose block tells its owner; Enter on the block selects that object, which the
// Objects tab then shows selected. A screenshot of the map and of a pool.

import * as assert from 'assert';
import { EditorView, notYet, Panel, Workbench, waitFor } from './workbench';

const COURSE = 'course/memory-management.py';
const SIMULATE = 'Python Memory: Simulate Memory';

describe('the Allocator tab on the course example', () => {
  let wb: Workbench;
  let panel: Panel;
  let editor: EditorView;

  before(async () => {
    wb = await Workbench.open({ name: 'allocator' });
    await wb.closeAllEditors();
    editor = await wb.openFile(COURSE);
    await wb.runCommand(SIMULATE);
    panel = await wb.panel();
    await waitFor('the run to be shown', async () => (await panel.step()).total > 0);
    void editor;
  });

  after(async () => {
    await wb?.close();
  });

  it('shows the arenas, the version\'s sizes and the size-class table', async () => {
    // a step inside the run, where the program's objects are alive
    if (await panel.isEnabled('Last step')) await panel.click('Last step');
    const last = await panel.waitForStep((x) => x.step === x.total, 'the last step');
    await panel.clickAndWaitForStep('Previous step', last.step - 1);
    await panel.byTestId('allocator-tab').click();
    const map = panel.byTestId('alloc-map');
    await waitFor('the map to be drawn', async () => (await map.getAttribute('data-draw-ms')) ?? notYet('not drawn'));
    const legend = await panel.text('alloc-legend');
    assert.match(legend, /^CPython 3\.\d+: pool (4|16) KiB, arena (256 KiB|1 MiB)/);
    assert.ok(Number(await map.getAttribute('data-arenas')) >= 1);
    const table = await panel.text('size-classes');
    assert.match(table, /class\s+size\s+num pools\s+blocks in use\s+avail blocks/);
    assert.ok((await panel.byTestId('size-classes').locator('tbody tr').count()) >= 1);
    await wb.screenshot('allocator-map', panel);
  });

  it('zooms into a pool from the keyboard and reads a block\'s owner; Enter selects it', async () => {
    await panel.byTestId('alloc-map').focus();
    await wb.page.keyboard.press('Enter');
    await waitFor('the pool to open', async () => ((await panel.byTestId('alloc-pool').isVisible()) ? true : notYet('map shown')));
    assert.match(await panel.text('alloc-pool-title'), /^Pool 0x[0-9a-f]+ in arena \d+: \d+ B blocks/);
    await panel.byTestId('alloc-pool-blocks').focus();
    const info = panel.byTestId('alloc-block-info');
    // move along the blocks until one is owned by an object of the program
    let owner: string | null = null;
    for (let i = 0; i < 400 && !owner; i++) {
      owner = await info.getAttribute('data-owner-id');
      if (!owner) await wb.page.keyboard.press('ArrowRight');
    }
    assert.ok(owner, 'a block with an owner');
    const text = await info.innerText();
    assert.match(text, /^block \d+ at 0x[0-9a-f]+\nsize class \d+ \(\d+ B blocks\)\nrequest \d+ B\nowner .+ at 0x[0-9a-f]+/);
    await wb.screenshot('allocator-pool', panel);
    await wb.page.keyboard.press('Enter');
    // the Objects tab shows the owner selected
    await panel.frame.locator('vscode-tab-header').first().click();
    const selected = await waitFor('the owner to be selected in the Objects tab', async () => {
      const sel = panel.frame.locator('[data-testid="heap-object"].is-selected');
      return (await sel.count()) > 0 ? sel.first().getAttribute('data-id') : notYet('nothing selected');
    });
    assert.strictEqual(selected, owner, 'the box selected is the block\'s owner');
  });
});

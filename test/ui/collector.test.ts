// The memory panel's Collector tab as a user meets it, on the course example: at the last step the
// tab shows the generations (count / threshold) and lists the collections, among them the two
// gc.collect() calls; the first one, which found the two Nodes of the cycle (the number the program
// printed), opens and is stepped phase by phase with the buttons and the keyboard, reading each
// phase's text; "Step before it" goes to the step before the collection, where the Objects tab
// draws the cycle highlighted. Screenshots of the tab in the dark and the light theme.

import * as assert from 'assert';
import { notYet, Panel, Workbench, waitFor } from './workbench';

const COURSE = 'course/memory-management.py';
const SIMULATE = 'Python Memory: Simulate Memory';

describe('the Collector tab on the course example', () => {
  let wb: Workbench;
  let panel: Panel;

  before(async () => {
    wb = await Workbench.open({ name: 'collector' });
    await wb.closeAllEditors();
    await wb.openFile(COURSE);
    await wb.runCommand(SIMULATE);
    panel = await wb.panel();
    await waitFor('the run to be shown', async () => (await panel.step()).total > 0);
  });

  after(async () => {
    await wb?.close();
  });

  const phase = () => panel.text('collector-phase-position');
  const waitPhase = (re: RegExp) => waitFor(`the phase ${re}`, async () => {
    const t = await phase();
    return re.test(t) ? t : notYet(t);
  });

  it('lists the collections with the generations at the last step', async () => {
    if (await panel.isEnabled('Last step')) await panel.click('Last step');
    await panel.waitForStep((x) => x.step === x.total, 'the last step');
    await panel.byTestId('collector-tab').click();
    const items = panel.byTestId('collector-item');
    await waitFor('the collections to be listed', async () => ((await items.count()) >= 2 ? true : notYet('none')));
    const gens = await panel.text('collector-generations');
    assert.match(gens, /Generation 0\s+\d+ \/ 700/);
    assert.match(gens, /Generation 2\s+\d+ \/ 10/);
    assert.match(await panel.text('collector-list-title'), /^\d+ collections? at or before step \d+/);
    const texts = await items.allInnerTexts();
    const manual = texts.filter((t) => t.includes('gc.collect(), generation 2'));
    assert.strictEqual(manual.length, 2, texts.join(' | '));
    // the first gc.collect() (listed last: newest first) found what the program printed
    const output = await panel.text('output');
    const printed = /unreachable objects found by gc\.collect\(\): (\d+)/.exec(output);
    assert.ok(printed, output);
    assert.match(manual[1], new RegExp(`\\b${printed[1]} collected of the program's \\d+ examined`));
    assert.match(manual[0], /\b0 collected/);
    await wb.screenshot('collector-list', panel);
  });

  it('opens the first gc.collect() and steps its phases with the buttons and the keyboard', async () => {
    const items = panel.byTestId('collector-item').filter({ hasText: 'gc.collect()' });
    await items.last().click();
    await waitPhase(/^Phase 1 of 8: gc_collect_main$/);
    assert.match(await panel.text('collector-detail-title'), /^Collection \d+: gc\.collect\(\), generation 2, step \d+$/);
    await panel.byTestId('collector-phase-next').click();
    await waitPhase(/^Phase 2 of 8: update_refs$/);
    assert.match(await panel.text('collector-phase-table'), /^id\s+type\s+ob_refcnt\s+gc_refs/);
    await panel.byTestId('collector-detail').focus();
    await wb.page.keyboard.press('ArrowRight');
    await waitPhase(/^Phase 3 of 8: subtract_refs$/);
    await wb.page.keyboard.press('ArrowRight');
    await waitPhase(/^Phase 4 of 8: move_unreachable$/);
    const table = await panel.text('collector-phase-table');
    const unreachableNodes = table.split('\n').filter((l) => /\bNode\b.*\bunreachable\b/.test(l));
    assert.strictEqual(unreachableNodes.length, 2, table);
    await wb.screenshot('collector-phase', panel);
    await wb.page.keyboard.press('End');
    await waitPhase(/^Phase 8 of 8: delete_garbage$/);
    const output = await panel.text('output');
    const printed = /unreachable objects found by gc\.collect\(\): (\d+)/.exec(output)!;
    assert.match(await panel.text('collector-phase-facts'), new RegExp(`gc\\.collect\\(\\) returns ${printed[1]} \\(collected ${printed[1]}, uncollectable 0\\)`));
    await panel.byTestId('collector-phase-prev').click();
    await waitPhase(/^Phase 7 of 8: handle_resurrected_objects$/);
    await wb.page.keyboard.press('Home');
    await waitPhase(/^Phase 1 of 8/);
  });

  it('goes to the step before the collection, where the heap draws its unreachable objects highlighted', async () => {
    await panel.byTestId('collector-detail').focus();
    for (let i = 0; i < 3; i++) await wb.page.keyboard.press('ArrowRight');
    await waitPhase(/^Phase 4 of 8: move_unreachable$/);
    const title = await panel.text('collector-detail-title');
    const at = Number(/step (\d+)$/.exec(title)![1]);
    await panel.byTestId('collector-step-before').click();
    await panel.waitForStep(at - 1);
    await panel.frame.locator('vscode-tab-header').first().click();
    const highlighted = await waitFor('the cycle to be highlighted in the heap', async () => {
      const boxes = panel.frame.locator('[data-testid="heap-object"].is-gc-highlight');
      const n = await boxes.count();
      return n >= 2 ? boxes.allInnerTexts() : notYet(`${n} highlighted`);
    });
    assert.strictEqual(highlighted.filter((t) => /^Node\b/.test(t)).length, 2, highlighted.join(' | '));
    await wb.screenshot('collector-heap', panel);
  });

  it('follows the colour theme (screenshots)', async () => {
    await panel.byTestId('collector-tab').click();
    await wb.setColorTheme('Light Modern', 'light');
    await waitFor('the panel to be told the theme is light', async () => (await panel.themeClass()) === 'vscode-light');
    await wb.screenshot('collector-phase-light', panel);
    await wb.setColorTheme('Dark Modern', 'dark');
    await waitFor('the panel to be told the theme is dark', async () => (await panel.themeClass()) === 'vscode-dark');
    await wb.screenshot('collector-phase-dark', panel);
  });
});

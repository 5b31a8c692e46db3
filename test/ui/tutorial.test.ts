// The tutorial as a user meets it: "Python Memory: Open the Tutorial" opens the walkthrough
// "Python Memory Management"; its first step's button opens the step's annotated snippet and
// simulates it; the memory panel shows the snippet's title, the narration of the point the run
// has reached, the expectations checked there with both sides' values, and every expectation
// passed on the panel's version. A question's answer is revealed on demand. Screenshots.

import * as assert from 'assert';
import { notYet, Panel, Workbench, waitFor } from './workbench';

describe('the tutorial: walkthrough, snippet, narration and expectations', () => {
  let wb: Workbench;
  let panel: Panel;

  before(async () => {
    wb = await Workbench.open({ name: 'tutorial' });
    await wb.closeAllEditors();
  });

  after(async () => {
    await wb?.close();
  });

  /** opens the list of every expectation (a details element), unless it is open */
  async function openAll(): Promise<void> {
    const box = panel.frame.locator('.snippet-all-box');
    if ((await box.getAttribute('open')) === null) await box.locator('> summary').click();
  }

  it('opens the walkthrough and runs its first step\'s snippet in the panel', async () => {
    await wb.runCommand('Python Memory: Open the Tutorial');
    const page = wb.page;
    await waitFor('the walkthrough', async () => ((await page.getByText('Python Memory Management').first().isVisible()) ? true : notYet('not shown')));
    // the first step is open: its button runs the step's command
    const step = page.locator('.getting-started-step', { hasText: 'Stack and heap' }).first();
    await step.click();
    // the step's media: its Markdown page, drawn beside the steps in a webview of its own
    // (found by its text: another webview of the window may have a heading too)
    await wb.webviewFrame('text=The slides say:', { timeout: 30_000 });
    await wb.screenshot('walkthrough');
    // (a click while the step's page is still settling can be lost: clicked again until the panel opens)
    panel = await waitFor('the panel of the step\'s snippet', async () => {
      await step.getByRole('button', { name: 'Simulate the snippet' }).click();
      return wb.panel({ timeout: 10_000 }).catch(() => notYet('no panel'));
    }, { timeout: 60_000 });
    await waitFor('the snippet checked', async () => {
      const s = await panel.text('snippet-summary').catch(() => '');
      return /passed/.test(s) ? true : notYet(s);
    });
    assert.match(await panel.text('snippet-title'), /^Stack and heap: a call's frame comes and goes/);
    assert.match(await panel.text('snippet-summary'), /^\d+ passed on CPython 3\.12$/);
  });

  it('shows the narration and the expectations of the point the run reaches', async () => {
    // the point after `order = place_order()` (line 33): its narration and two expectations
    await waitFor('the step after line 33 ran', async () => {
      const rows = panel.byTestId('snippet-row');
      await openAll();
      await rows.filter({ hasText: 'watch() is None' }).first().click();
      const n = await panel.text('snippet-narration');
      return /The call returned and its frame is gone/.test(n) ? true : notYet(n);
    });
    const checks = await panel.byTestId('snippet-check').allInnerTexts();
    assert.ok(checks.some((c) => /^passed\s+watch\(\) is None\s+\(None is None\)$/.test(c.trim())), checks.join(' | '));
    assert.ok(checks.some((c) => /^passed\s+sys\.getrefcount\(order\) == 2\s+\(2 == 2\)$/.test(c.trim())), checks.join(' | '));
    const narration = await panel.text('snippet-narration');
    // Markdown drawn as text: the backticked name is code, not a literal backtick
    assert.ok(narration.includes('the caller\'s name order now refers to it'), narration);
    // the point's focus (`order`) is selected: the details pane describes it
    await waitFor('the focused object in the details pane', async () => {
      const t = await panel.text('details-title').catch(() => '');
      return /^Order at 0x[0-9a-f]+$/.test(t) ? true : notYet(t);
    });
    await wb.screenshot('snippet-narration', panel);
    // and in the dark theme
    await wb.setColorTheme('Dark Modern', 'dark');
    await wb.screenshot('snippet-narration-dark', panel);
    await wb.setColorTheme('Light Modern', 'light');
  });

  it('compares the two versions the snippet names', async () => {
    const button = panel.byTestId('snippet-compare');
    assert.match(await button.innerText(), /Compare 3\.10 and 3\.12/);
    await button.click();
    const compare = new Panel(wb, await wb.webviewFrame('[data-testid="compare"]', { timeout: 60_000 }));
    await waitFor('the comparison of 3.10 and 3.12', async () => {
      const t = await compare.text().catch(() => '');
      return /3\.10/.test(t) && /3\.12/.test(t) ? true : notYet(t.slice(0, 200));
    });
    await wb.closeAllEditors();
  });

  it('reveals a question\'s answer in the quiz', async () => {
    await wb.runCommand('Python Memory: Open a Tutorial Step\'s Snippet');
    await wb.pickQuick('10. Quiz');
    panel = await wb.panel();
    await waitFor('the quiz checked', async () => {
      const s = await panel.text('snippet-title').catch(() => '');
      return /Quiz/i.test(s) ? true : notYet(s);
    });
    // the first question is asked before line 20; its expectation's row leads just after it
    await openAll();
    await panel.byTestId('snippet-row').filter({ hasText: 'mem.block_size(ratio) == 32' }).first().click();
    const q = panel.byTestId('snippet-question').first();
    await waitFor('a question', async () => ((await q.isVisible()) ? true : notYet('none')));
    await q.getByTestId('snippet-choice').first().click();
    await q.getByTestId('snippet-reveal').click();
    const answer = await q.getByTestId('snippet-answer').innerText();
    assert.ok(answer.trim().length > 10, answer);
    assert.match(await q.innerText(), /Your choice is (not )?right\./);
    await wb.screenshot('snippet-question', panel);
  });
});

// Screenshots of the Collector tab in the development harness (headless Chromium): the list of
// collections at a program's last step, then the gc.collect() opened and stepped phase by phase
// from the keyboard, then the Objects tab with the phase's objects highlighted.
//
//   [SIZE=1000x800] npx tsx test/webview/harness/shoot-collector.ts [theme] [program] [more query]

import { openShotPage, runShot } from './shotPage';

async function main() {
  const { page, tag, out, finish } = await openShotPage(process.argv[2] ?? 'dark', process.argv[3] ?? 'cycles', process.argv[4], '1000x800');
  await page.click('[data-testid="collector-tab"]');
  await page.waitForSelector('[data-testid="collector-item"]', { timeout: 30000 });
  await page.screenshot({ path: out(`collector-list-${tag}.png`) });
  console.log('list:', await page.innerText('[data-testid="collector-list"]'));
  await page.click('[data-testid="collector-item"]');
  await page.waitForSelector('[data-testid="collector-detail"]:not([hidden])', { timeout: 10000 });
  await page.focus('[data-testid="collector-detail"]');
  for (let i = 0; i < 3; i++) {
    await page.screenshot({ path: out(`collector-phase${i + 1}-${tag}.png`) });
    console.log('phase:', await page.innerText('[data-testid="collector-phase-position"]'));
    await page.keyboard.press('ArrowRight');
  }
  for (let i = 3; i < 8; i++) await page.keyboard.press('ArrowRight');
  await page.screenshot({ path: out(`collector-last-${tag}.png`) });
  console.log('phase:', await page.innerText('[data-testid="collector-phase-position"]'));
  // move_unreachable: the cyclic garbage highlighted, at the step before the collection
  await page.keyboard.press('Home');
  for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
  await page.click('[data-testid="collector-step-before"]');
  await page.waitForTimeout(800);
  await page.click('vscode-tab-header >> nth=0');
  await page.waitForTimeout(800);
  console.log('highlighted:', await page.evaluate(() => document.querySelectorAll('.heap-object.is-gc-highlight').length));
  await page.screenshot({ path: out(`collector-heap-${tag}.png`) });
  // the Allocator tab: the pools of those objects outlined
  await page.click('[data-testid="allocator-tab"]');
  await page.waitForFunction(() => document.querySelector('[data-testid="alloc-map"]')?.getAttribute('data-draw-ms'), null, { timeout: 30000 });
  await page.waitForTimeout(300);
  await page.screenshot({ path: out(`collector-alloc-${tag}.png`) });
  await finish();
}
runShot(main);

// Screenshots of the Allocator tab in the development harness (headless Chromium): the map of a
// program's last step, then a pool zoomed into from the keyboard with a block's owner read out.
//
//   [SIZE=520x800] npx tsx test/webview/harness/shoot-allocator.ts [theme] [program] [more query, e.g. version=3.9&step=40]

import { openShotPage, runShot } from './shotPage';

async function main() {
  const { page, tag, out, finish } = await openShotPage(process.argv[2] ?? 'dark', process.argv[3] ?? 'big', process.argv[4], '1200x800');
  await page.click('[data-testid="allocator-tab"]');
  await page.waitForFunction(() => document.querySelector('[data-testid="alloc-map"]')?.getAttribute('data-draw-ms'), null, { timeout: 30000 });
  await page.waitForTimeout(300);
  await page.screenshot({ path: out(`map-${tag}.png`) });
  console.log('draw ms', await page.getAttribute('[data-testid="alloc-map"]', 'data-draw-ms'));
  // zoomed out (cells of a few pixels, drawn one pixel a pool), then back
  await page.focus('[data-testid="alloc-map"]');
  for (let i = 0; i < 6; i++) await page.keyboard.press('-');
  await page.waitForTimeout(200);
  await page.screenshot({ path: out(`map-out-${tag}.png`) });
  await page.keyboard.press('0');
  await page.keyboard.press('Enter');
  await page.waitForSelector('[data-testid="alloc-pool"]:not([hidden])', { timeout: 10000 });
  await page.focus('[data-testid="alloc-pool-blocks"]');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await page.waitForTimeout(300);
  console.log('info:', await page.textContent('[data-testid="alloc-block-info"]'));
  await page.screenshot({ path: out(`pool-${tag}.png`) });
  await finish();
}
runShot(main);

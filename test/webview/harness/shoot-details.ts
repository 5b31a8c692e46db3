// Screenshots of the details pane in the development harness (headless Chromium): a program's
// step with an object selected from the stack (its allocations, referrers and the chain from a
// root), then one reached only through a box.
//
//   [SIZE=1200x800] npx tsx test/webview/harness/shoot-details.ts [theme] [program] [local name] [more query, e.g. step=20]

import { openShotPage, runShot } from './shotPage';

async function main() {
  const name = process.argv[4] ?? 'names';
  const { page, tag: base, out, finish } = await openShotPage(process.argv[2] ?? 'dark', process.argv[3] ?? 'basics', process.argv[5], '1200x800');
  const local = page.locator('.local[data-target-id]', { hasText: name }).first();
  await local.click();
  await page.waitForSelector('[data-testid="details-breakdown"], [data-testid="details-pane"] .dp-empty:not(:has-text("Loading"))', { timeout: 20000 });
  await page.waitForTimeout(300);
  await page.screenshot({ path: out(`details-${base}-${name}.png`) });
  console.log('pane:', (await page.textContent('[data-testid="details-pane"]'))?.replace(/\s+/g, ' '));
  await finish();
}
runShot(main);

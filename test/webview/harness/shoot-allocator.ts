// Screenshots of the Allocator tab in the development harness (headless Chromium): the map of a
// program's last step, then a pool zoomed into from the keyboard with a block's owner read out.
//
//   [SIZE=520x800] npx tsx test/webview/harness/shoot-allocator.ts [theme] [program] [more query, e.g. version=3.9&step=40]

import * as fs from 'fs';
import * as path from 'path';
import { chromium } from 'playwright-core';
import { startHarness } from './serve';
const OUT = path.join(__dirname, 'out');

async function main() {
  fs.mkdirSync(OUT, { recursive: true });
  const harness = await startHarness({ build: true });
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu'] });
  const theme = process.argv[2] ?? 'dark';
  const program = process.argv[3] ?? 'big';
  const extra = process.argv[4] ? `&${process.argv[4]}` : '';
  const [vw, vh] = (process.env.SIZE ?? '1200x800').split('x').map(Number);
  const page = await browser.newPage({ viewport: { width: vw, height: vh } });
  page.on('console', (m) => { if (m.type() === 'error') console.log('console:', m.text()); });
  page.on('pageerror', (e) => console.log('pageerror:', e.message));
  await page.goto(`${harness.url}?theme=${theme}&program=${program}${extra}`);
  await page.waitForFunction(() => (window as any).pmHarness.shown.length >= 1, null, { timeout: 60000 });
  await page.click('[data-testid="allocator-tab"]');
  await page.waitForFunction(() => document.querySelector('[data-testid="alloc-map"]')?.getAttribute('data-draw-ms'), null, { timeout: 30000 });
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(OUT, `map-${theme}-${program}-${vw}${extra.replace(/[^a-z0-9.]+/gi, "-")}.png`) });
  console.log('draw ms', await page.getAttribute('[data-testid="alloc-map"]', 'data-draw-ms'));
  // zoomed out (cells of a few pixels, drawn one pixel a pool), then back
  await page.focus('[data-testid="alloc-map"]');
  for (let i = 0; i < 6; i++) await page.keyboard.press('-');
  await page.waitForTimeout(200);
  await page.screenshot({ path: path.join(OUT, `map-out-${theme}-${program}-${vw}${extra.replace(/[^a-z0-9.]+/gi, "-")}.png`) });
  await page.keyboard.press('0');
  await page.keyboard.press('Enter');
  await page.waitForSelector('[data-testid="alloc-pool"]:not([hidden])', { timeout: 10000 });
  await page.focus('[data-testid="alloc-pool-blocks"]');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await page.waitForTimeout(300);
  console.log('info:', await page.textContent('[data-testid="alloc-block-info"]'));
  await page.screenshot({ path: path.join(OUT, `pool-${theme}-${program}-${vw}${extra.replace(/[^a-z0-9.]+/gi, "-")}.png`) });
  const violations = await page.evaluate(() => (window as unknown as { pmHarness: { violations: string[] } }).pmHarness.violations);
  console.log(violations.length ? `CSP violations: ${violations.join('; ')}` : 'no CSP violation');
  await browser.close();
  await harness.close?.();
  process.exit(0);
}
main().catch((e) => { console.error(e); process.exit(1); });

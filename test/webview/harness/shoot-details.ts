// Screenshots of the details pane in the development harness (headless Chromium): a program's
// step with an object selected from the stack (its allocations, referrers and the chain from a
// root), then one reached only through a box.
//
//   [SIZE=1200x800] npx tsx test/webview/harness/shoot-details.ts [theme] [program] [local name] [more query, e.g. step=20]

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
  const program = process.argv[3] ?? 'basics';
  const name = process.argv[4] ?? 'names';
  const extra = process.argv[5] ? `&${process.argv[5]}` : '';
  const [vw, vh] = (process.env.SIZE ?? '1200x800').split('x').map(Number);
  const page = await browser.newPage({ viewport: { width: vw, height: vh } });
  page.on('console', (m) => { if (m.type() === 'error') console.log('console:', m.text()); });
  page.on('pageerror', (e) => console.log('pageerror:', e.message));
  await page.goto(`${harness.url}?theme=${theme}&program=${program}${extra}`);
  await page.waitForFunction(() => (window as any).pmHarness.shown.length >= 1, null, { timeout: 60000 });
  const local = page.locator('.local[data-target-id]', { hasText: name }).first();
  await local.click();
  await page.waitForSelector('[data-testid="details-breakdown"], [data-testid="details-pane"] .dp-empty:not(:has-text("Loading"))', { timeout: 20000 });
  await page.waitForTimeout(300);
  const tag = `${theme}-${program}-${name}-${vw}${extra.replace(/[^a-z0-9.]+/gi, '-')}`;
  await page.screenshot({ path: path.join(OUT, `details-${tag}.png`) });
  console.log('pane:', (await page.textContent('[data-testid="details-pane"]'))?.replace(/\s+/g, ' '));
  const violations = await page.evaluate(() => (window as unknown as { pmHarness: { violations: string[] } }).pmHarness.violations);
  console.log(violations.length ? `CSP violations: ${violations.join('; ')}` : 'no CSP violation');
  await browser.close();
  await harness.close?.();
  process.exit(0);
}
main().catch((e) => { console.error(e); process.exit(1); });

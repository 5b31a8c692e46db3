// Screenshots of the Collector tab in the development harness (headless Chromium): the list of
// collections at a program's last step, then the gc.collect() opened and stepped phase by phase
// from the keyboard, then the Objects tab with the phase's objects highlighted.
//
//   [SIZE=1000x800] npx tsx test/webview/harness/shoot-collector.ts [theme] [program] [more query]

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
  const program = process.argv[3] ?? 'cycles';
  const extra = process.argv[4] ? `&${process.argv[4]}` : '';
  const [vw, vh] = (process.env.SIZE ?? '1000x800').split('x').map(Number);
  const page = await browser.newPage({ viewport: { width: vw, height: vh } });
  page.on('console', (m) => { if (m.type() === 'error') console.log('console:', m.text()); });
  page.on('pageerror', (e) => console.log('pageerror:', e.message));
  await page.goto(`${harness.url}?theme=${theme}&program=${program}${extra}`);
  await page.waitForFunction(() => (window as any).pmHarness.shown.length >= 1, null, { timeout: 60000 });
  await page.click('[data-testid="collector-tab"]');
  await page.waitForSelector('[data-testid="collector-item"]', { timeout: 30000 });
  const tag = `${theme}-${program}-${vw}${extra.replace(/[^a-z0-9.]+/gi, '-')}`;
  await page.screenshot({ path: path.join(OUT, `collector-list-${tag}.png`) });
  console.log('list:', await page.innerText('[data-testid="collector-list"]'));
  await page.click('[data-testid="collector-item"]');
  await page.waitForSelector('[data-testid="collector-detail"]:not([hidden])', { timeout: 10000 });
  await page.focus('[data-testid="collector-detail"]');
  for (let i = 0; i < 3; i++) {
    await page.screenshot({ path: path.join(OUT, `collector-phase${i + 1}-${tag}.png`) });
    console.log('phase:', await page.innerText('[data-testid="collector-phase-position"]'));
    await page.keyboard.press('ArrowRight');
  }
  for (let i = 3; i < 8; i++) await page.keyboard.press('ArrowRight');
  await page.screenshot({ path: path.join(OUT, `collector-last-${tag}.png`) });
  console.log('phase:', await page.innerText('[data-testid="collector-phase-position"]'));
  // move_unreachable: the cyclic garbage highlighted, at the step before the collection
  await page.keyboard.press('Home');
  for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
  await page.click('[data-testid="collector-step-before"]');
  await page.waitForTimeout(800);
  await page.click('vscode-tab-header >> nth=0');
  await page.waitForTimeout(800);
  console.log('highlighted:', await page.evaluate(() => document.querySelectorAll('.heap-object.is-gc-highlight').length));
  await page.screenshot({ path: path.join(OUT, `collector-heap-${tag}.png`) });
  // the Allocator tab: the pools of those objects outlined
  await page.click('[data-testid="allocator-tab"]');
  await page.waitForFunction(() => document.querySelector('[data-testid="alloc-map"]')?.getAttribute('data-draw-ms'), null, { timeout: 30000 });
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(OUT, `collector-alloc-${tag}.png`) });
  const violations = await page.evaluate(() => (window as unknown as { pmHarness: { violations: string[] } }).pmHarness.violations);
  console.log(violations.length ? `CSP violations: ${violations.join('; ')}` : 'no CSP violation');
  await browser.close();
  await harness.close?.();
  process.exit(0);
}
main().catch((e) => { console.error(e); process.exit(1); });

// What the harness's screenshot scripts (shoot-allocator.ts, shoot-collector.ts,
// shoot-details.ts) share: the harness started and a page of headless Chromium opened on a program
// at its first painted step, the screenshots' folder and file names, and the end (the CSP
// violations the page reported, then everything closed).

import * as fs from 'fs';
import * as path from 'path';
import { chromium, Page } from 'playwright-core';
import { startHarness } from './serve';

export const OUT = path.join(__dirname, 'out');

export interface ShotPage {
  page: Page;
  /** the page's width (from SIZE), for the file names */
  width: number;
  /** `${theme}-${program}-${width}` and the extra query, for the file names */
  tag: string;
  /** a file of the screenshots' folder */
  out(file: string): string;
  /** prints the CSP violations reported, closes the browser and the harness, and exits 0 */
  finish(): Promise<never>;
}

/**
 * Starts the harness (built) and opens a page of `theme` and `program` with the `extra` query
 * (`version=3.9&step=40`), the viewport SIZE (WIDTHxHEIGHT) or `defaultSize`, once its first step
 * is painted; the page's errors are printed as they come.
 */
export async function openShotPage(theme: string, program: string, extraQuery: string | undefined, defaultSize: string): Promise<ShotPage> {
  fs.mkdirSync(OUT, { recursive: true });
  const harness = await startHarness({ build: true });
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu'] });
  const extra = extraQuery ? `&${extraQuery}` : '';
  const [width, height] = (process.env.SIZE ?? defaultSize).split('x').map(Number);
  const page = await browser.newPage({ viewport: { width, height } });
  page.on('console', (m) => { if (m.type() === 'error') console.log('console:', m.text()); });
  page.on('pageerror', (e) => console.log('pageerror:', e.message));
  await page.goto(`${harness.url}?theme=${theme}&program=${program}${extra}`);
  await page.waitForFunction(() => (window as unknown as { pmHarness: { shown: unknown[] } }).pmHarness.shown.length >= 1, null, { timeout: 60000 });
  return {
    page,
    width,
    tag: `${theme}-${program}-${width}${extra.replace(/[^a-z0-9.]+/gi, '-')}`,
    out: (file) => path.join(OUT, file),
    finish: async () => {
      const violations = await page.evaluate(() => (window as unknown as { pmHarness: { violations: string[] } }).pmHarness.violations);
      console.log(violations.length ? `CSP violations: ${violations.join('; ')}` : 'no CSP violation');
      await browser.close();
      await harness.close?.();
      process.exit(0);
    },
  };
}

/** runs a screenshot script's main, exiting 1 with the error when it fails */
export function runShot(main: () => Promise<unknown>): void {
  main().catch((e) => { console.error(e); process.exit(1); });
}

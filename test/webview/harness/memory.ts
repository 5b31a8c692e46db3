// Drives the harness's Memory tab in headless Chromium: screenshots of the chart in the dark and
// light themes (into test/webview/harness/out/), no Content-Security-Policy violation, a click on
// the chart moves the panel to a step, the keyboard reaches a point and Enter goes to it, a drag
// zooms into a range and a double click shows the whole run again; and how long the chart takes
// to draw (the time the chart measured for its last drawing, data-draw-ms, and the time from the
// tab's click to the drawn chart).
//
//   npx tsx test/webview/harness/memory.ts [--no-build] [--program memory] [--width 1000] [--themes dark,light,high-contrast]
//
// With --bench it prints only the timings (for `npm run bench`: scripts/bench-chart.ts).
// Chromium is /usr/bin/chromium unless CHROMIUM_PATH says otherwise.

import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { chromium, Page } from 'playwright-core';
import { startHarness } from './serve';

const OUT = path.join(__dirname, 'out');

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}

export interface ChartTimings {
  program: string;
  totalSteps: number;
  buckets: number;
  stride: number;
  /** the stub's series computation in the page (the worker's in the extension) */
  seriesMs: number;
  /** the Memory tab clicked to the chart drawn */
  tabToChartMs: number;
  /** the chart's own drawing: points built, setData, uPlot's draw (median of redraws) */
  drawMs: number;
  /** a step change: the chart redrawn with the step's line (median) */
  stepRedrawMs: number;
  /** a zoom: the drag let go to the finer series drawn (median) */
  zoomMs: number;
}

export async function runMemoryHarness(options: { build: boolean; program: string; width: number; bench: boolean; themes?: string[] }): Promise<{ problems: string[]; timings: ChartTimings | null }> {
  const problems: string[] = [];
  const log = (ok: boolean, what: string) => {
    if (!ok) problems.push(what);
    if (!options.bench) console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  };
  fs.mkdirSync(OUT, { recursive: true });
  const harness = await startHarness({ build: options.build });
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'pm-harness-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: options.width, height: 720 },
  });
  const errors: string[] = [];
  let timings: ChartTimings | null = null;

  const openTab = async (page: Page): Promise<number> => {
    await page.waitForSelector('[data-testid="step-label"]:has-text("step")', { timeout: 600_000 });
    const t0 = Date.now();
    await page.click('vscode-tab-header:has-text("Memory")');
    await page.waitForSelector('[data-testid="memory-chart"][data-to]', { timeout: 600_000 });
    await page.waitForTimeout(50);
    return Date.now() - t0;
  };
  const stepLabel = async (page: Page) => (await page.textContent('[data-testid="step-label"]')) ?? '';
  const chartAttr = async (page: Page, name: string) => Number(await page.getAttribute('[data-testid="memory-chart"]', name));
  const plotBox = async (page: Page) => {
    const b = await page.locator('[data-testid="memory-chart"] .u-over').boundingBox();
    if (!b) throw new Error('no plot area');
    return b;
  };

  try {
    for (const theme of options.bench ? ['dark'] : options.themes ?? ['dark', 'light']) {
      const page = await context.newPage();
      page.on('console', (m) => { if (m.type() === 'error' || /Content Security Policy|Refused to/.test(m.text())) errors.push(`${theme}: ${m.text()}`); });
      page.on('pageerror', (e) => errors.push(`${theme}: ${e.message}`));
      await page.goto(`${harness.url}?theme=${theme}&program=${options.program}&step=0`);
      const tabMs = await openTab(page);
      const to = await chartAttr(page, 'data-to');
      log(to > 0, `${theme}: the chart shows steps 0-${to}`);
      if (!options.bench) {
        const file = path.join(OUT, `memory-${options.program}-${theme}.png`);
        await page.screenshot({ path: file });
        console.log(`     screenshot ${path.relative(process.cwd(), file)}`);
      }

      // a click at 40% of the plot's width goes to the step under it
      const box = await plotBox(page);
      const before = await stepLabel(page);
      await page.mouse.click(box.x + box.width * 0.4, box.y + box.height / 2);
      await page.waitForFunction((b) => document.querySelector('[data-testid="step-label"]')?.textContent !== b, before, { timeout: 10_000 });
      const after = await stepLabel(page);
      const total = Number(after.replace(/,/g, '').match(/of (\d+)/)?.[1] ?? '0');
      const at = Number(after.replace(/,/g, '').match(/step (\d+)/)?.[1] ?? '-1');
      log(Math.abs(at - total * 0.4) <= Math.max(2, total * 0.01), `${theme}: a click at 40% of the chart goes to step ${at} of ${total}`);

      // the keyboard: focus, End, Enter goes to the last point's step
      await page.focus('[data-testid="memory-chart"]');
      await page.keyboard.press('End');
      const readout = (await page.textContent('[data-testid="memory-readout"]')) ?? '';
      log(/step/.test(readout), `${theme}: the focused point reads "${readout.slice(0, 80)}…"`);
      // (a point of several steps goes to the first of them)
      const first = readout.replace(/,/g, '').match(/^steps? (\d+)/)?.[1] ?? '?';
      await page.keyboard.press('Enter');
      await page.waitForFunction((n) => (document.querySelector('[data-testid="step-label"]')?.textContent ?? '').replace(/,/g, '').startsWith(`step ${n} of`), first, { timeout: 10_000 })
        .then(() => log(true, `${theme}: End then Enter goes to step ${first}`), () => log(false, `${theme}: End then Enter goes to step ${first}`));

      // a drag over 20%..30% zooms into that range; a double click shows the whole run again
      await page.mouse.move(box.x + box.width * 0.2, box.y + box.height / 2);
      await page.mouse.down();
      await page.mouse.move(box.x + box.width * 0.25, box.y + box.height / 2, { steps: 4 });
      await page.mouse.move(box.x + box.width * 0.3, box.y + box.height / 2, { steps: 4 });
      await page.mouse.up();
      await page.waitForFunction((t) => Number(document.querySelector('[data-testid="memory-chart"]')?.getAttribute('data-to')) < t, to, { timeout: 60_000 });
      const [zf, zt] = [await chartAttr(page, 'data-from'), await chartAttr(page, 'data-to')];
      log(Math.abs(zf - total * 0.2) <= total * 0.02 && Math.abs(zt - total * 0.3) <= total * 0.02, `${theme}: a drag zooms into steps ${zf}-${zt}`);
      if (!options.bench) {
        const file = path.join(OUT, `memory-${options.program}-${theme}-zoomed.png`);
        await page.screenshot({ path: file });
        console.log(`     screenshot ${path.relative(process.cwd(), file)}`);
      }
      log(await page.isVisible('button[aria-label="Reset zoom"]'), `${theme}: Reset zoom is offered`);
      await page.mouse.dblclick(box.x + box.width * 0.5, box.y + box.height / 2);
      await page.waitForFunction((t) => Number(document.querySelector('[data-testid="memory-chart"]')?.getAttribute('data-to')) === t, to, { timeout: 10_000 })
        .then(() => log(true, `${theme}: a double click shows the whole run again`), () => log(false, `${theme}: a double click shows the whole run again`));

      const violations = await page.evaluate(() => (window as unknown as { pmHarness: { violations: string[] } }).pmHarness.violations);
      log(violations.length === 0, `${theme}: no CSP violation${violations.length ? `: ${violations.join('; ')}` : ''}`);

      if (theme === 'dark') {
        // the drawing's cost: redraws of the whole series (the chart measures its own drawing)
        const draws: number[] = [], zooms: number[] = [];
        for (let i = 0; i < 9; i++) {
          await page.evaluate(() => window.dispatchEvent(new Event('resize')));
          await page.mouse.dblclick(box.x + box.width * 0.5, box.y + box.height / 2);
          await page.waitForFunction((t) => Number(document.querySelector('[data-testid="memory-chart"]')?.getAttribute('data-to')) === t, to, { timeout: 60_000 });
          await page.mouse.move(box.x + box.width * (0.1 + i * 0.05), box.y + box.height / 2);
          await page.mouse.down();
          await page.mouse.move(box.x + box.width * (0.2 + i * 0.05), box.y + box.height / 2, { steps: 3 });
          const z = Date.now();
          await page.mouse.up();
          await page.waitForFunction((t) => Number(document.querySelector('[data-testid="memory-chart"]')?.getAttribute('data-to')) < t, to, { timeout: 60_000 });
          zooms.push(Date.now() - z);
          draws.push(await chartAttr(page, 'data-draw-ms'));
        }
        // step changes: the panel's step line redrawn
        const redraws = await page.evaluate(async () => {
          const out: number[] = [];
          const el = document.querySelector('[data-testid="memory-chart"]')!;
          for (let i = 0; i < 9; i++) {
            const t0 = performance.now();
            (document.querySelector('button[aria-label="Previous step"]') as HTMLElement).click();
            await new Promise((r) => requestAnimationFrame(() => r(null)));
            out.push(performance.now() - t0);
            void el;
          }
          return out;
        });
        const seriesMs = await page.evaluate(() => (window as unknown as { pmHarness: { seriesMs?: number[] } }).pmHarness.seriesMs ?? []);
        const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)] ?? NaN; };
        timings = {
          program: options.program, totalSteps: total, buckets: 0, stride: 0,
          seriesMs: seriesMs[0] ?? NaN, tabToChartMs: tabMs, drawMs: median(draws), stepRedrawMs: median(redraws), zoomMs: median(zooms),
        };
        await page.mouse.dblclick(box.x + box.width * 0.5, box.y + box.height / 2);
        await page.waitForFunction((t) => Number(document.querySelector('[data-testid="memory-chart"]')?.getAttribute('data-to')) === t, to, { timeout: 10_000 });
        timings.stride = await chartAttr(page, 'data-stride');
        timings.buckets = Math.ceil((total + 1) / timings.stride);
      }
      await page.close();
    }
    log(errors.length === 0, `no console error${errors.length ? `: ${errors.join('; ')}` : ''}`);
  } finally {
    await context.close();
    await harness.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
  return { problems, timings };
}

if (require.main === module) {
  const bench = process.argv.includes('--bench');
  const themes = arg('themes', 'dark,light').split(',');
  runMemoryHarness({ build: !process.argv.includes('--no-build'), program: arg('program', 'memory'), width: Number(arg('width', '1000')), bench, themes })
    .then(({ problems, timings }) => {
      if (timings) console.log(JSON.stringify(timings));
      if (problems.length) { console.log(`${problems.length} problem(s):\n  ${problems.join('\n  ')}`); process.exit(1); }
    }, (e) => { console.error(e); process.exit(1); });
}

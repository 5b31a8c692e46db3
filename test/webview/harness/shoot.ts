// Drives the harness in headless Chromium: screenshots of the panel in the dark, light and high
// contrast themes (into test/webview/harness/out/), checks that no Content-Security-Policy
// violation is reported, that markup printed or stored by a program shows as text, that the
// controls work from the keyboard, and measures how long a step change takes to paint with about
// 150 objects drawn.
//
//   npx tsx test/webview/harness/shoot.ts [--no-build]
//
// Chromium is /usr/bin/chromium unless CHROMIUM_PATH says otherwise.

import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { chromium, Page } from 'playwright-core';
import { PROGRAMS } from './programs';
import { startHarness } from './serve';

const OUT = path.join(__dirname, 'out');
const problems: string[] = [];

function check(ok: boolean, what: string): void {
  if (!ok) problems.push(what);
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
}

interface Shown { step: number; paintMs: number; renderMs?: number }

async function harnessRecord(page: Page): Promise<{ shown: Shown[]; violations: string[]; alerts: number; revealed: number[]; runs: number }> {
  return page.evaluate(() => (window as unknown as { pmHarness: { shown: Shown[]; violations: string[]; alerts: number; revealed: number[]; runs: number } }).pmHarness);
}

async function waitShown(page: Page, count: number): Promise<void> {
  await page.waitForFunction((n) => (window as unknown as { pmHarness: { shown: unknown[] } }).pmHarness.shown.length >= n, count, { timeout: 30_000 });
}

function stats(xs: number[]): string {
  if (!xs.length) return 'n/a';
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return `median ${q(0.5).toFixed(1)} ms, p90 ${q(0.9).toFixed(1)} ms, max ${s[s.length - 1].toFixed(1)} ms (n=${s.length})`;
}

async function main(): Promise<void> {
  fs.mkdirSync(OUT, { recursive: true });
  const harness = await startHarness({ build: !process.argv.includes('--no-build') });
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'pm-harness-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1000, height: 720 },
  });
  const consoleErrors: string[] = [];

  const open = async (query: string, size?: { width: number; height: number }): Promise<Page> => {
    const page = await context.newPage();
    if (size) await page.setViewportSize(size);
    page.on('console', (m) => {
      if (m.type() === 'error' || /Content Security Policy|Refused to/.test(m.text())) consoleErrors.push(`${query}: ${m.text()}`);
    });
    page.on('pageerror', (e) => consoleErrors.push(`${query}: ${e.message}`));
    page.on('dialog', (d) => { problems.push(`a dialog opened: ${d.message()}`); void d.dismiss(); });
    await page.goto(`${harness.url}?${query}`);
    return page;
  };

  const shot = async (page: Page, name: string) => {
    const file = path.join(OUT, `${name}.png`);
    await page.screenshot({ path: file });
    console.log(`     screenshot ${path.relative(process.cwd(), file)}`);
  };

  const afterChecks = async (page: Page, name: string) => {
    const rec = await harnessRecord(page);
    check(rec.violations.length === 0, `${name}: no CSP violation${rec.violations.length ? ` (${rec.violations.join('; ')})` : ''}`);
    check(rec.alerts === 0, `${name}: no alert() ran`);
  };

  try {
    // --- the three themes, a small program inside a call ---------------------------------------
    for (const theme of ['dark', 'light', 'high-contrast']) {
      const page = await open(`theme=${theme}&program=basics&step=11`);
      await waitShown(page, 1);
      await page.waitForTimeout(150);
      await shot(page, `basics-${theme}`);
      await afterChecks(page, `basics ${theme}`);
      if (theme === 'dark') {
        // the ghost of the list that `names = names[1:]` frees, stepping onto the line after it
        const lines = PROGRAMS.basics.source.split('\n');
        const after = lines.findIndex((l) => l.startsWith('names = names[1:]')) + 2;
        const ghostPage = await open('theme=dark&program=basics&step=0');
        await waitShown(ghostPage, 1);
        for (let i = 0; i < 80; i++) {
          const n = (await harnessRecord(ghostPage)).shown.length;
          await ghostPage.click('button[aria-label="Next step"]');
          await waitShown(ghostPage, n + 1);
          if ((await ghostPage.textContent('[data-testid="line-label"]')) === `line ${after}`) break;
        }
        await ghostPage.waitForTimeout(100);
        const ghosts = await ghostPage.$$eval('[data-testid="heap-object"].is-freed', (els) => els.map((e) => e.getAttribute('data-type')));
        check(ghosts.includes('list'), `the freed list is drawn as a ghost (${ghosts.join(', ')})`);
        check(/freed at this step: 1 list/.test((await ghostPage.textContent('[data-testid="freed"]')) ?? ''), 'the freed line names the list');
        await ghostPage.$eval('[data-testid="heap-object"].is-freed', (e) => e.scrollIntoView({ block: 'center', inline: 'center' }));
        await shot(ghostPage, 'basics-freed-dark');
        await ghostPage.click('[data-testid="heap-object"][data-type="Node"]');
        await shot(ghostPage, 'basics-freed-selected-dark');
        await ghostPage.close();

        const step = await page.textContent('[data-testid="step-label"]');
        check(/^step 11 of \d+$/.test(step ?? ''), `step label reads "${step}"`);
        const frames = await page.$$eval('[data-testid="stack"] .frame .frame-name', (els) => els.map((e) => e.textContent));
        check(frames.length >= 2 && frames[frames.length - 1] === '<module>', `frames newest first: ${frames.join(', ')}`);
        const objects = await page.$$eval('[data-testid="heap-object"]', (els) => els.length);
        check(objects > 5, `${objects} heap objects drawn`);
        const vsButtonsStyled = await page.evaluate(() => {
          const b = document.querySelector('vscode-button');
          return !!b && !!b.shadowRoot && (b.shadowRoot.adoptedStyleSheets.length > 0 || !!b.shadowRoot.querySelector('style'));
        });
        check(vsButtonsStyled, 'vscode-elements components have their styles under the CSP');

        // keyboard: Right steps, Space plays, Escape clears a selection
        await page.focus('[data-testid="heap"] .heap-scroll');
        const before = (await harnessRecord(page)).shown.length;
        await page.keyboard.press('ArrowRight');
        await waitShown(page, before + 1);
        check((await page.textContent('[data-testid="step-label"]'))?.startsWith('step 12 of') ?? false, 'ArrowRight moves to step 12');
        await page.keyboard.press('Space');
        await page.waitForSelector('button[aria-label="Pause"]', { timeout: 5000 });
        check(true, 'Space starts playback (the button reads Pause)');
        await page.keyboard.press('Space');
        await page.waitForSelector('button[aria-label="Play"]', { timeout: 5000 });
        await page.click('[data-testid="heap-object"][data-type="list"]');
        check(await page.$('[data-testid="heap-object"].is-selected') !== null, 'clicking a box selects it');
        await page.keyboard.press('Escape');
        check(await page.$('[data-testid="heap-object"].is-selected') === null, 'Escape clears the selection');
        // Tab reaches every control, each with a name
        const names: string[] = [];
        await page.focus('button[aria-label="First step"]');
        for (let i = 0; i < 16; i++) {
          names.push(await page.evaluate(() => {
            const a = document.activeElement as HTMLElement | null;
            return a ? a.getAttribute('aria-label') ?? a.textContent ?? a.tagName : '';
          }));
          await page.keyboard.press('Tab');
        }
        console.log(`     tab order: ${names.join(' | ')}`);
        for (const n of ['Playback speed', 'Step', 'Next heap change', 'CPython version', 'Simulate again']) check(names.includes(n), `Tab reaches "${n}"`);
        // heap change
        const n0 = (await harnessRecord(page)).shown.length;
        await page.click('button[aria-label="Next heap change"]');
        await waitShown(page, n0 + 1);
        check(true, 'Next heap change moves to a step');
      }
      await page.close();
    }

    // --- playback with slow replies: one request in flight, steps skipped to keep the speed -----
    const slow = await open('theme=dark&program=big&step=0&latency=80');
    await waitShown(slow, 1);
    await slow.selectOption('select[aria-label="Playback speed"]', '30');
    await slow.click('button[aria-label="Play"]');
    await slow.waitForTimeout(2000);
    await slow.click('button[aria-label="Pause"]');
    await slow.waitForTimeout(300);
    const played = await harnessRecord(slow) as unknown as { shown: Shown[]; maxInFlight: number };
    const steps = played.shown.map((x) => x.step);
    const reached = steps[steps.length - 1];
    console.log(`     played 2 s at 30 steps/s with 80 ms replies: ${steps.length} steps painted, reached step ${reached}, at most ${played.maxInFlight} request in flight`);
    check(played.maxInFlight === 1, 'playback keeps one request in flight');
    check(reached >= 40 && steps.length < reached, 'playback skips steps to keep its speed');
    await slow.close();

    // --- 150 objects and groups, with paint times ----------------------------------------------
    const big = await open('theme=dark&program=big', { width: 1280, height: 860 });
    await waitShown(big, 1);
    await big.waitForTimeout(200);
    await shot(big, 'big-dark');
    await afterChecks(big, 'big');
    const drawn = await big.$$eval('[data-testid="heap-object"]', (els) => els.length);
    check(drawn >= 100, `big: ${drawn} objects drawn`);
    const groups = await big.$$eval('[data-testid="heap-group"]', (els) => els.map((e) => e.textContent));
    check(groups.length > 0, `big: groups ${groups.slice(0, 3).join(' / ')}`);
    // step back and forth through the run: every step a new layout or a cached one
    const total = Number((await big.textContent('[data-testid="step-label"]'))!.replace(/,/g, '').match(/of (\d+)/)![1]);
    const paint: number[] = [];
    const render: number[] = [];
    const layoutMs: number[] = [];
    const domMs: number[] = [];
    let uncached = 0;
    const positions: number[] = [];
    let at = total - 1;
    for (let i = 0; i < 60; i++) {
      let p = Math.max(1, total - 2 - ((i * 37) % Math.min(total - 2, 80)));
      if (p === at) p = Math.max(1, p - 1);
      positions.push(p);
      at = p;
    }
    const cdp = await context.newCDPSession(big);
    await cdp.send('Performance.enable');
    const metric = async () => new Map((await cdp.send('Performance.getMetrics')).metrics.map((x) => [x.name, x.value]));
    const m0 = await metric();
    for (const p of positions) {
      const n = (await harnessRecord(big)).shown.length;
      await big.evaluate((v) => {
        const s = document.querySelector('input[aria-label="Step"]') as HTMLInputElement;
        s.value = String(v);
        s.dispatchEvent(new Event('input', { bubbles: true }));
      }, p);
      await waitShown(big, n + 1);
      const rec = await harnessRecord(big);
      const last = rec.shown[rec.shown.length - 1];
      const d = await big.$eval('[data-testid="heap"]', (e) => ({ ...(e as HTMLElement).dataset }));
      paint.push(last.paintMs);
      if (last.renderMs !== undefined) render.push(last.renderMs);
      if (d.layoutCached === 'false') uncached++;
      layoutMs.push(Number(d.layoutMs));
      domMs.push(Number(d.paintMs));
    }
    const m1 = await metric();
    // and one step at a time, as "Next step" and playback go
    const seqPaint: number[] = [];
    const seqRender: number[] = [];
    const seqLayout: number[] = [];
    let seqCached = 0;
    {
      const n = (await harnessRecord(big)).shown.length;
      await big.evaluate((v) => {
        const sl = document.querySelector('input[aria-label="Step"]') as HTMLInputElement;
        sl.value = String(v);
        sl.dispatchEvent(new Event('input', { bubbles: true }));
      }, total - 120);
      await waitShown(big, n + 1);
    }
    for (let i = 0; i < 30; i++) {
      const n = (await harnessRecord(big)).shown.length;
      await big.click('button[aria-label="Next step"]');
      await waitShown(big, n + 1);
      const rec = await harnessRecord(big);
      const last = rec.shown[rec.shown.length - 1];
      seqPaint.push(last.paintMs);
      if (last.renderMs !== undefined) seqRender.push(last.renderMs);
      const d = await big.$eval('[data-testid="heap"]', (e) => ({ ...(e as HTMLElement).dataset }));
      seqLayout.push(Number(d.layoutMs) + Number(d.paintMs));
      if (d.layoutCached === 'true') seqCached++;
    }
    const per = (k: string) => (((m1.get(k) ?? 0) - (m0.get(k) ?? 0)) * 1000 / positions.length).toFixed(1);
    console.log(`     per step change, on the page's main thread: style ${per('RecalcStyleDuration')} ms, layout ${per('LayoutDuration')} ms, script ${per('ScriptDuration')} ms (the stand-in host's stepView included)`);
    const objs = await big.$eval('[data-testid="heap"]', (e) => (e as HTMLElement).dataset.objects);
    console.log(`     big: ${objs} objects at the last step; ${positions.length} step changes, ${uncached} new layouts`);
    console.log(`     request to painted frame (stepView computed in the page): ${stats(paint)}`);
    console.log(`     reply to painted frame (the panel's own work):             ${stats(render)}`);
    console.log(`     graph + layout:                                            ${stats(layoutMs)}`);
    console.log(`     DOM update:                                                ${stats(domMs)}`);
    console.log(`     one step at a time ("Next step" x30), request to painted:  ${stats(seqPaint)}`);
    console.log(`     one step at a time, reply to painted:                      ${stats(seqRender)}`);
    console.log(`     one step at a time, graph + layout + DOM:                  ${stats(seqLayout)} (${seqCached} layouts from the cache)`);
    // expand a group
    const before = drawn;
    await big.click('[data-testid="heap-group"] button[aria-label="Expand"]');
    await big.waitForFunction((n) => document.querySelectorAll('[data-testid="heap-object"]').length > n, before, { timeout: 10_000 }).catch(() => undefined);
    const after = await big.$$eval('[data-testid="heap-object"]', (els) => els.length);
    check(after > before, `Expand draws more objects (${before} -> ${after})`);
    await big.waitForTimeout(150);
    await shot(big, 'big-expanded-dark');
    await big.close();

    for (const theme of ['light', 'high-contrast']) {
      const page = await open(`theme=${theme}&program=big`, { width: 1280, height: 860 });
      await waitShown(page, 1);
      await page.waitForTimeout(150);
      await shot(page, `big-${theme}`);
      await afterChecks(page, `big ${theme}`);
      await page.close();
    }

    // --- an uncaught exception: output and traceback at the last step --------------------------
    for (const theme of ['dark', 'light']) {
      const page = await open(`theme=${theme}&program=error`);
      await waitShown(page, 1);
      await page.waitForTimeout(100);
      await shot(page, `error-${theme}`);
      const tb = await page.textContent('[data-testid="traceback"]');
      check(/ZeroDivisionError/.test(tb ?? ''), `${theme}: the traceback shows at the last step`);
      const problemText = await page.textContent('[data-testid="problem"]');
      check(/line \d+/.test(problemText ?? ''), `${theme}: the problem names its line: ${problemText?.trim()}`);
      await page.click('[data-testid="problem"] button');
      await page.waitForTimeout(50);
      check((await harnessRecord(page)).revealed.length === 1, 'the line link asks the host to reveal the line');
      await page.close();
    }

    // --- no steps: a syntax error, an unsupported construct -------------------------------------
    for (const [program, theme] of [['syntax', 'dark'], ['syntax', 'high-contrast'], ['unsupported', 'light']]) {
      const page = await open(`theme=${theme}&program=${program}`);
      await page.waitForSelector('[data-testid="problem"]:not([hidden])', { timeout: 10_000 });
      await page.waitForTimeout(100);
      await shot(page, `${program}-${theme}`);
      const text = await page.textContent('[data-testid="problem"]');
      check(/line \d/.test(text ?? ''), `${program}: the problem shows with its line: ${text?.trim()}`);
      await afterChecks(page, program);
      await page.close();
    }

    // --- markup from the program shows as text ---------------------------------------------------
    const xss = await open('theme=dark&program=xss');
    await waitShown(xss, 1);
    await xss.waitForTimeout(100);
    await shot(xss, 'xss-dark');
    const out = await xss.textContent('[data-testid="output"]');
    check(out?.includes('<img src=x onerror=alert(1)>') ?? false, 'printed markup shows as text in the output');
    const reprs = await xss.$$eval('.obj-repr', (els) => els.map((e) => e.textContent ?? ''));
    check(reprs.some((r) => r.includes('<img src=x onerror=alert(1)>')), 'stored markup shows as text in its box');
    check(await xss.$('#app img, #app script, #app b') === null, 'no element was made from the program\'s strings');
    await afterChecks(xss, 'xss');
    await xss.close();

    // --- a simulation in progress; a narrow panel ------------------------------------------------
    const running = await open('theme=dark&program=basics&running=1');
    await running.waitForSelector('[data-testid="running"]:not([hidden])');
    await running.waitForTimeout(500);
    await shot(running, 'running-dark');
    check(await running.$('[aria-label="Cancel simulation"]') !== null, 'the running banner has Cancel simulation');
    await running.close();

    const narrow = await open('theme=light&program=basics&step=11', { width: 520, height: 720 });
    await waitShown(narrow, 1);
    await narrow.waitForTimeout(100);
    await shot(narrow, 'basics-narrow-light');
    await narrow.close();

    check(consoleErrors.length === 0, `no console error${consoleErrors.length ? `: ${consoleErrors.join(' | ')}` : ''}`);
  } finally {
    await context.close();
    await harness.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
  if (problems.length) {
    console.log(`\n${problems.length} problem(s):\n  ${problems.join('\n  ')}`);
    process.exitCode = 1;
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

// The memory panel's part of `npm run bench` (also `npm run bench:panel`): builds the extension as
// it ships (production esbuild), opens it in a real VS Code workbench (code-server in headless
// Chromium, provisioned as the VS Code tests are) and runs test/bench/panel.ts in its extension
// host, which drives the panel through its commands and reads the times the host and the webview
// measured. Prints them beside the targets; it reports, it does not enforce.
//
// Targets: the command to a drawn panel under 500 ms (warm); a step change to the painted picture
// under 50 ms with about 1,000 live objects and under 150 ms on the million-str workload; the
// extension host's main thread never blocked for more than 50 ms while that workload is simulated;
// an edit to fresh hover data under 300 ms after the debounce (the editor's background run).

import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Browser } from 'playwright-core';
import { provision, ProvisionError, ROOT } from '../test/runners/provision';
import { CodeServer, launchChromium, makeRunHome, runInExtensionHost, startCodeServer } from '../test/runners/server';

const BENCH = path.join(ROOT, 'dist', 'test', 'bench', 'panel.js');
const TAG = '[pymemsim-bench] ';

type Stats = { n: number; median: number; p90: number; max: number };
type Row = Record<string, unknown> & { name: string };

function log(msg: string): void {
  process.stderr.write(`[panel bench] ${msg}\n`);
}

const ms = (v: unknown): string => (typeof v === 'number' && Number.isFinite(v) ? `${v.toFixed(v < 10 ? 1 : 0)} ms` : '-');
const st = (v: unknown): string => {
  const s = v as Stats | undefined;
  return s ? `median ${ms(s.median)}, p90 ${ms(s.p90)}, max ${ms(s.max)} (${s.n})` : '-';
};

function report(rows: Row[]): void {
  const by = (n: string) => rows.find((r) => r.name === n) ?? ({} as Row);
  const c = by('command to drawn panel');
  const t = by('step change, ~1,000 live objects');
  const m = by('1M-step workload');
  const e = by('edit to fresh hover data');
  const lines = [
    `command to a drawn panel (course example, ${c.steps ?? '?'} steps; target < 500 ms warm)`,
    `  first (cold worker and webview): ${ms(c.cold)}`,
    `  new panel, warm:                 ${st(c.newPanelWarm)}`,
    `  refreshing the open panel:       ${st(c.refreshWarm)}`,
    `    of which the simulation:        ${st(c.refreshSimulation)}`,
    `    and the first step, request to paint: ${st(c.refreshFirstPaint)}`,
    `step change to the painted picture, ~1,000 live objects (${t.totalSteps ?? '?'} steps; target < 50 ms)`,
    `  next step:   ${st(t.next)}`,
    `  random step: ${st(t.random)}`,
    `million strs in a list (${m.totalSteps ?? '?'} steps; target < 150 ms; main thread blocked < 50 ms)`,
    `  simulated in the worker in ${ms(m.simulationMs)}; the host's main thread late by at most ${(m.maxEventLoopDelayMs as number[] | undefined)?.map(ms).join(' and ') ?? '-'} (two runs), ${ms(m.idleMaxDelayMs)} when idle as long`,
    `  command to drawn panel: ${ms(m.commandToPaintMs)}`,
    `  last step ${ms(m.end)}, the one before ${ms(m.endMinus1)}, the middle ${ms(m.middle)}`,
    `  next step:   ${st(m.next)}`,
    `  random step: ${st(m.random)}`,
    `an edit of the course example to fresh hover data (debounce ${ms(e.debounceMs)}; target < 300 ms after the debounce)`,
    `  edit to hover data, less the debounce: ${st(e.afterDebounce)}`,
    `    of which the background simulation:  ${st(e.simulation)}`,
    `    and the hover itself:                ${st(e.hover)}`,
    `  a hover straight after an edit (no debounce): ${st(e.hoverRightAfterEdit)}`,
  ];
  console.log(lines.join('\n'));
}

async function main(): Promise<number> {
  log('building the extension as it ships (esbuild --production) ...');
  const b = spawnSync(process.execPath, [path.join(ROOT, 'esbuild.js'), '--production'], { cwd: ROOT, stdio: 'inherit' });
  if (b.status !== 0) return 1;
  const tools = provision();
  const home = makeRunHome('bench');
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  const rows: Row[] = [];
  let code = 1;
  try {
    server = await startCodeServer(tools, home, { folder: ROOT, env: { PYMEMSIM_BENCH_TAG: TAG }, log });
    browser = await launchChromium(tools, home);
    code = await runInExtensionHost(server, browser, home, {
      extensionPath: ROOT,
      testsPath: BENCH,
      folder: ROOT,
      tag: TAG,
      onLine: (line) => {
        rows.push(JSON.parse(line) as Row);
        if (process.env.PYMEMSIM_BENCH_VERBOSE) log(line);
      },
      timeoutSec: 1200,
      log,
    });
  } catch (e) {
    log(e instanceof ProvisionError ? e.message : String(e instanceof Error ? e.stack ?? e.message : e));
  } finally {
    await browser?.close().catch(() => undefined);
    await server?.stop();
  }
  console.log(`\npymemsim panel bench: VS Code ${'1.139'} (code-server) in headless Chromium, node ${process.version}, ${os.cpus()[0]?.model ?? 'cpu'}\n`);
  if (code !== 0 || rows.length < 3) {
    log(`the bench did not finish (exit ${code}); logs in ${path.relative(ROOT, home.root)}`);
    return 1;
  }
  report(rows);
  fs.rmSync(home.root, { recursive: true, force: true });
  return 0;
}

main().then((c) => process.exit(c), (e) => {
  log(String(e instanceof Error ? e.stack ?? e.message : e));
  process.exit(1);
});

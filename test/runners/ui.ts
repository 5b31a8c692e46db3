// Runs the UI tests (test/ui/*.test.ts): the extension as a user gets it, installed from the
// .vsix that `npm run package` built into a private code-server, with a fresh copy of examples/
// as the workspace; the tests drive the workbench in a headless Chromium through playwright-core
// (test/ui/workbench.ts) and run in this process with mocha.
//
// Usage: tsx test/runners/ui.ts [--grep TEXT] [--keep-logs] [--vsix FILE]
// (`npm run test:ui` packages first.) Screenshots go to test-results/screenshots/, a failed
// test's screenshot to test-results/screenshots/failed/; the run's logs (code-server, each page's
// console) stay in .vscode-test/ui-*/ when a test fails or with --keep-logs.

import * as fs from 'fs';
import * as path from 'path';
import Mocha from 'mocha';
import type { Browser } from 'playwright-core';
import { setUiContext } from '../ui/context';
import { currentWorkbench } from '../ui/workbench';
import { elapsed, provision, ProvisionError, ROOT } from './provision';
import { CodeServer, installExtension, launchChromium, makeRunHome, startCodeServer, stopOnSignals } from './server';

const DEFAULT_VSIX = path.join(ROOT, 'dist', 'python-memory-simulator.vsix');
const TESTS = path.join(ROOT, 'test', 'ui');
const SCREENSHOTS = path.join(ROOT, 'test-results', 'screenshots');

function log(msg: string): void {
  process.stderr.write(`[ui runner] ${msg}\n`);
}

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const grep = option(args, '--grep');
  const vsix = path.resolve(option(args, '--vsix') ?? DEFAULT_VSIX);
  const t0 = Date.now();
  if (!fs.existsSync(vsix)) {
    log(`${path.relative(ROOT, vsix)} is missing; run \`npm run package\` first (\`npm run test:ui\` does)`);
    return 2;
  }
  const tools = provision();

  const home = makeRunHome('ui');
  installExtension(tools, home, vsix);
  log(`installed ${path.relative(ROOT, vsix)} (${elapsed(t0)})`);
  const workspace = path.join(home.root, 'workspace');
  fs.cpSync(path.join(ROOT, 'examples'), workspace, { recursive: true });
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  const logs = path.join(home.root, 'logs');
  fs.mkdirSync(logs, { recursive: true });

  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  let failures = 1;
  stopOnSignals(async () => {
    await server?.stop();
  });
  try {
    server = await startCodeServer(tools, home, { folder: workspace, log });
    browser = await launchChromium(tools, home);
    setUiContext({ browser, url: server.url(workspace), workspace, settingsFile: home.settings, screenshots: SCREENSHOTS, logs });

    const mocha = new Mocha({ ui: 'bdd', color: process.stdout.isTTY, timeout: 90_000, reporter: 'spec' });
    if (grep) mocha.grep(grep);
    mocha.rootHooks({
      // a failed test leaves a screenshot of the page it drove
      async afterEach(this: Mocha.Context) {
        const test = this.currentTest;
        const wb = currentWorkbench();
        if (!test || test.state !== 'failed' || !wb) return;
        const name = test.fullTitle().replace(/[^\w.-]+/g, '-').slice(0, 120);
        const file = await wb.screenshot(path.join('failed', name)).catch(() => undefined);
        if (file) log(`screenshot of the failure: ${path.relative(ROOT, file)}`);
      },
    });
    for (const f of fs.readdirSync(TESTS).filter((f) => f.endsWith('.test.ts')).sort()) mocha.addFile(path.join(TESTS, f));
    log(`running the UI tests (${elapsed(t0)}) ...`);
    failures = await new Promise<number>((resolve) => mocha.run(resolve));
    log(`${failures === 0 ? 'all passed' : `${failures} failed`} (${elapsed(t0)} in all)`);
  } catch (e) {
    log(e instanceof ProvisionError ? e.message : String(e instanceof Error ? e.stack ?? e.message : e));
    failures = failures || 1;
  } finally {
    setUiContext(undefined);
    await browser?.close().catch(() => undefined);
    await server?.stop();
    if (failures !== 0 || args.includes('--keep-logs')) log(`logs kept in ${path.relative(ROOT, home.root)}`);
    else fs.rmSync(home.root, { recursive: true, force: true });
  }
  return failures === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    log(e instanceof ProvisionError ? e.message : String(e instanceof Error ? e.stack ?? e.message : e));
    process.exit(1);
  },
);

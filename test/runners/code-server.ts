// Runs the VS Code integration suite (test/suite) inside a real VS Code workbench served by
// code-server and driven by a headless Chromium through playwright-core.
//
// What it needs beyond the project's own devDependencies (Debian's chromium, Node 24 and
// code-server in `.vscode-test/`) is provisioned on first use by provision.ts; server.ts starts
// the server and the browser.
//
// It follows the test-electron contract: the workbench is opened with a payload naming the
// extension under development and the module exporting run(); the extension host's output comes
// back through window.codeAutomationLog and its exit code through window.codeAutomationExit.
//
// Usage: tsx test/runners/code-server.ts [--timeout SECONDS] [--grep TEXT] [--keep-logs]
// The suite must have been built first (`npm run build` writes dist/test/suite/).

import * as fs from 'fs';
import * as path from 'path';
import type { Browser } from 'playwright-core';
import { elapsed, provision, ProvisionError, ROOT } from './provision';
import { CodeServer, launchChromium, makeRunHome, runInExtensionHost, startCodeServer, stopOnSignals } from './server';

const SUITE_INDEX = path.join(ROOT, 'dist', 'test', 'suite', 'index.js');
/** marks the suite's report lines among the workbench's log (see test/suite/index.ts) */
const TEST_LOG_TAG = '[pymemsim-suite] ';

function log(msg: string): void {
  process.stderr.write(`[code-server runner] ${msg}\n`);
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const timeoutArg = args.indexOf('--timeout');
  const timeoutSec = timeoutArg >= 0 ? Number(args[timeoutArg + 1]) : 300;
  const keepLogs = args.includes('--keep-logs');
  const grepArg = args.indexOf('--grep');
  const grep = grepArg >= 0 ? args[grepArg + 1] : undefined;
  const t0 = Date.now();

  if (!fs.existsSync(SUITE_INDEX)) {
    log(`${path.relative(ROOT, SUITE_INDEX)} is missing; run \`npm run build\` first`);
    return 2;
  }
  const tools = provision();

  const home = makeRunHome('run');
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  let code = 1;
  let keep = keepLogs;
  stopOnSignals(async () => {
    await server?.stop();
  });
  try {
    server = await startCodeServer(tools, home, {
      folder: ROOT,
      env: { PYMEMSIM_TEST_LOG_TAG: TEST_LOG_TAG, ...(grep ? { PYMEMSIM_TEST_GREP: grep } : {}) },
      log,
    });
    browser = await launchChromium(tools, home);
    code = await runInExtensionHost(server, browser, home, {
      extensionPath: ROOT,
      testsPath: SUITE_INDEX,
      folder: ROOT,
      tag: TEST_LOG_TAG,
      onLine: (line) => process.stdout.write(`${line}\n`),
      timeoutSec,
      log,
    });
    log(`suite exited with ${code} (${elapsed(t0)} in all)`);
  } catch (e) {
    log(e instanceof ProvisionError ? e.message : String(e instanceof Error ? e.stack ?? e.message : e));
    code = 1;
  } finally {
    await browser?.close().catch(() => undefined);
    await server?.stop();
    if (code !== 0) keep = true;
    if (keep) log(`logs kept in ${path.relative(ROOT, home.root)}`);
    else fs.rmSync(home.root, { recursive: true, force: true });
  }
  return code;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    log(e instanceof ProvisionError ? e.message : String(e instanceof Error ? e.stack ?? e.message : e));
    process.exit(1);
  },
);

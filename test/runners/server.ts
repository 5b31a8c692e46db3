// A private code-server and a headless Chromium, shared by the runners: each run gets its own
// home under `.vscode-test/` (user data, extensions, XDG folders, temp files, logs), code-server runs in its own process group and is stopped as a whole, and the
// browser is the one provision.ts found, launched through playwright-core.

import { spawn, spawnSync, ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import * as net from 'net';
import * as path from 'path';
import * as util from 'util';
import type { Browser } from 'playwright-core';
import { CACHE, CODE_SERVER_VERSION, ProvisionError, ROOT, Tools } from './provision';

/** The workbench settings of every run: no telemetry, updates, tips, start page or AI panel. */
export const BASE_SETTINGS: Record<string, unknown> = {
  'telemetry.telemetryLevel': 'off',
  'workbench.startupEditor': 'none',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'chat.disableAIFeatures': true,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'workbench.tips.enabled': false,
  'security.workspace.trust.enabled': false,
};

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** A run's private folders, under `.vscode-test/<prefix>-XXXXXX/`. */
export interface RunHome {
  root: string;
  userData: string;
  extensions: string;
  config: string;
  data: string;
  cache: string;
  tmp: string;
  /** user settings (settings.json) */
  settings: string;
}

export function makeRunHome(prefix: string, settings: Record<string, unknown> = {}): RunHome {
  fs.mkdirSync(CACHE, { recursive: true });
  const root = fs.mkdtempSync(path.join(CACHE, `${prefix}-`));
  const home: RunHome = {
    root,
    userData: path.join(root, 'user-data'),
    extensions: path.join(root, 'extensions'),
    config: path.join(root, 'xdg-config'),
    data: path.join(root, 'xdg-data'),
    cache: path.join(root, 'xdg-cache'),
    tmp: path.join(root, 'tmp'),
    settings: path.join(root, 'user-data', 'User', 'settings.json'),
  };
  for (const [k, d] of Object.entries(home)) if (k !== 'root' && k !== 'settings') fs.mkdirSync(d, { recursive: true });
  fs.mkdirSync(path.dirname(home.settings), { recursive: true });
  fs.writeFileSync(home.settings, `${JSON.stringify({ ...BASE_SETTINGS, ...settings }, null, 2)}\n`);
  return home;
}

/** The environment code-server and its tools see: the run's own XDG folders and temp dir. */
function serverEnv(home: RunHome, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    XDG_CONFIG_HOME: home.config,
    XDG_DATA_HOME: home.data,
    XDG_CACHE_HOME: home.cache,
    TMPDIR: home.tmp,
    ...extra,
  };
}

/** `code-server --install-extension FILE.vsix` into the run's extensions folder. */
export function installExtension(tools: Tools, home: RunHome, vsix: string): void {
  const r = spawnSync(
    tools.node,
    [tools.codeServer, '--user-data-dir', home.userData, '--extensions-dir', home.extensions, '--install-extension', vsix],
    { cwd: ROOT, env: serverEnv(home), encoding: 'utf8', timeout: 120_000 },
  );
  const out = `${r.stdout ?? ''}${r.stderr ?? ''}`;
  if (r.status !== 0 || !/successfully installed/i.test(out)) {
    process.stderr.write(out);
    throw new Error(`code-server --install-extension ${path.relative(ROOT, vsix)} failed (${r.error?.message ?? `exit ${r.status}`})`);
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
  if (pid === undefined) return;
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    try {
      process.kill(-pid, 'SIGTERM');
    } catch {
      return;
    }
    const timer = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 2000).unref());
    await Promise.race([exited, timer]);
  }
  // the group may still hold an extension host after the leader exits
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // nothing left
  }
}

export interface CodeServer {
  port: number;
  /** host:port */
  authority: string;
  /** its log file (stdout and stderr) */
  log: string;
  /** the workbench's address for a folder, with an optional test-electron payload */
  url(folder: string, payload?: [string, string][]): string;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** the folder the server opens by default */
  folder: string;
  /** extra environment for the server and its extension hosts */
  env?: NodeJS.ProcessEnv;
  log?: (msg: string) => void;
}

/** Starts code-server in its own process group and waits for /healthz (60 s at most). */
export async function startCodeServer(tools: Tools, home: RunHome, opts: StartOptions): Promise<CodeServer> {
  const t0 = Date.now();
  const configFile = path.join(home.root, 'config.yaml');
  fs.writeFileSync(configFile, 'auth: none\n');
  const port = await freePort();
  const logFile = path.join(home.root, 'code-server.log');
  const logFd = fs.openSync(logFile, 'w');
  const child = spawn(
    tools.node,
    [
      tools.codeServer,
      '--bind-addr', `127.0.0.1:${port}`,
      '--auth', 'none',
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--reconnection-grace-time', '5',
      '--user-data-dir', home.userData,
      '--extensions-dir', home.extensions,
      '--config', configFile,
      '--vscode-option', 'enable-smoke-test-driver',
      opts.folder,
    ],
    { cwd: ROOT, detached: true, stdio: ['ignore', logFd, logFd], env: serverEnv(home, opts.env) },
  );
  fs.closeSync(logFd);
  // last resort, whatever way this process ends (an exception, a closed stdout pipe): stop the group
  const onExit = () => {
    if (child.pid === undefined) return;
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already stopped
    }
  };
  process.on('exit', onExit);
  const server: CodeServer = {
    port,
    authority: `127.0.0.1:${port}`,
    log: logFile,
    url(folder, payload) {
      let u = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(folder)}`;
      if (payload) u += `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
      return u;
    },
    async stop() {
      await killGroup(child);
      process.off('exit', onExit);
    },
  };
  const deadline = Date.now() + 60_000;
  while (!(await healthy(port))) {
    if (child.exitCode !== null) throw new Error(`code-server exited with ${child.exitCode}; see ${path.relative(ROOT, logFile)}`);
    if (Date.now() > deadline) {
      await server.stop();
      throw new Error(`code-server did not answer /healthz within 60 s; see ${path.relative(ROOT, logFile)}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  opts.log?.(`code-server ${CODE_SERVER_VERSION} up on port ${port} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  return server;
}

/** A headless Chromium; playwright gives it a fresh temporary profile and never downloads one. */
export async function launchChromium(tools: Tools, home: RunHome): Promise<Browser> {
  if (!fs.existsSync(tools.chromium)) throw new ProvisionError(`no Chromium at ${tools.chromium}`);
  return tools.playwright.chromium.launch({
    executablePath: tools.chromium,
    headless: true,
    args: CHROMIUM_ARGS,
    env: { ...process.env, TMPDIR: home.tmp, XDG_CONFIG_HOME: home.config, XDG_CACHE_HOME: home.cache },
  });
}

/** Stops the server when the runner is interrupted (Ctrl+C, a CI timeout). */
export function stopOnSignals(stop: () => Promise<void>): void {
  const onSignal = () => {
    void stop().then(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
}

export interface ExtensionHostRun {
  /** the extension under development (a folder with package.json) */
  extensionPath: string;
  /** the bundled module exporting run(), as @vscode/test-electron loads it */
  testsPath: string;
  /** the folder the workbench opens */
  folder: string;
  /** lines the extension host logs that contain this tag go to onLine (without the tag) */
  tag: string;
  onLine: (line: string) => void;
  timeoutSec: number;
  log?: (msg: string) => void;
}

/**
 * The test-electron contract in code-server: opens the workbench with a payload naming the
 * extension under development and the module exporting run(); the extension host's console comes
 * back through window.codeAutomationLog (tagged lines to onLine, the rest to workbench.log in the
 * run's home) and run()'s outcome through window.codeAutomationExit. Resolves with the exit code
 * (1 on a timeout).
 */
export async function runInExtensionHost(server: CodeServer, browser: Browser, home: RunHome, o: ExtensionHostRun): Promise<number> {
  const page = await browser.newPage();
  let resolveExit: (code: number) => void = () => undefined;
  const exitCode = new Promise<number>((resolve) => (resolveExit = resolve));
  const workbenchLog = fs.createWriteStream(path.join(home.root, 'workbench.log'));
  await page.exposeFunction('codeAutomationLog', (type: unknown, logArgs: unknown) => {
    // console.log's arguments, format string first
    const parts: unknown[] = Array.isArray(logArgs) ? logArgs : [logArgs];
    const text = util.format(...parts);
    const at = text.indexOf(o.tag);
    if (at >= 0) o.onLine(text.slice(at + o.tag.length));
    else workbenchLog.write(`[${String(type)}] ${text}\n`);
  });
  await page.exposeFunction('codeAutomationExit', (c: unknown) => {
    resolveExit(typeof c === 'number' ? c : 1);
  });
  const remote = (p: string) => `vscode-remote://${server.authority}${p}`;
  await page.goto(server.url(o.folder, [
    ['extensionDevelopmentPath', remote(o.extensionPath)],
    ['extensionTestsPath', remote(o.testsPath)],
  ]));
  o.log?.('workbench opened; running in the extension host ...');
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), o.timeoutSec * 1000)));
  const result = await Promise.race([exitCode, timeout]);
  clearTimeout(timer);
  if (result === 'timeout') {
    o.log?.(`no result within ${o.timeoutSec} s; code-server log: ${path.relative(ROOT, server.log)}`);
    await page.screenshot({ path: path.join(home.root, 'timeout.png') }).catch(() => undefined);
    return 1;
  }
  return result;
}

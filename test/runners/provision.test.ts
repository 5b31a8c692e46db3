// Unit tests of the runners' provisioning (provision.ts): the decision over a fake machine, and
// the apt-get calls it makes, through a stand-in apt-get that records its arguments. Nothing here
// touches the real system's packages. Run by `npm run test:runners`.

import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { applyPlan, DEBIAN_CHROMIUM, planSystemPackages, PlanInput, ProvisionError, SystemProbe } from './provision';

/** A machine with the given files and commands. */
function machine(o: { files?: string[]; commands?: string[]; root?: boolean }): SystemProbe {
  const files = new Set(o.files ?? []);
  const commands = new Set(o.commands ?? ['apt-get', 'make', 'g++', 'python3']);
  return { exists: (f) => files.has(f), hasCommand: (c) => commands.has(c), isRoot: o.root ?? true };
}

const quiet = () => undefined;
const complete = [DEBIAN_CHROMIUM, '/usr/include/krb5.h'];

function plan(probe: SystemProbe, o: Partial<PlanInput> = {}) {
  return planSystemPackages({ chromium: DEBIAN_CHROMIUM, chromiumFromEnv: false, buildCodeServer: true, probe, ...o });
}

describe('provision: planSystemPackages', () => {
  it('does nothing when Chromium and the build dependencies are there', () => {
    assert.deepStrictEqual(plan(machine({ files: complete })), { kind: 'ready' });
  });

  it('installs chromium and libkrb5-dev on a fresh Debian machine as root', () => {
    assert.deepStrictEqual(plan(machine({})), { kind: 'install', packages: ['chromium', 'libkrb5-dev'] });
  });

  it('needs the Kerberos headers and compilers only while code-server is still to be built', () => {
    const probe = machine({ files: [DEBIAN_CHROMIUM], commands: ['apt-get'] });
    assert.deepStrictEqual(plan(probe, { buildCodeServer: false }), { kind: 'ready' });
    assert.deepStrictEqual(plan(probe), { kind: 'install', packages: ['libkrb5-dev', 'make', 'g++', 'python3'] });
  });

  it('accepts the headers under /usr/include/krb5/', () => {
    assert.deepStrictEqual(plan(machine({ files: [DEBIAN_CHROMIUM, '/usr/include/krb5/krb5.h'] })), { kind: 'ready' });
  });

  it('tells a user who is not root the one command to run', () => {
    const p = plan(machine({ root: false }));
    assert.deepStrictEqual(p, {
      kind: 'fail',
      message:
        'the VS Code tests need chromium libkrb5-dev: run `sudo apt-get update && sudo apt-get install -y chromium libkrb5-dev`, then npm test again',
    });
  });

  it('names the packages on a machine without apt-get', () => {
    const p = plan(machine({ files: ['/usr/include/krb5.h'], commands: ['make', 'g++', 'python3'] }));
    assert.strictEqual(p.kind, 'fail');
    assert.match(p.kind === 'fail' ? p.message : '', /^the VS Code tests need chromium and this machine has no apt-get: /);
  });

  it('does not install Debian\'s chromium for a CHROMIUM_PATH that does not exist', () => {
    const p = plan(machine({ files: complete }), { chromium: '/opt/none/chrome', chromiumFromEnv: true });
    assert.deepStrictEqual(p, {
      kind: 'fail',
      message:
        "CHROMIUM_PATH=/opt/none/chrome does not exist: point it at a Chromium binary, or unset it to use Debian's (/usr/bin/chromium, apt-get install -y chromium)",
    });
  });

  it('uses a CHROMIUM_PATH that exists', () => {
    const p = plan(machine({ files: ['/opt/chrome', '/usr/include/krb5.h'] }), { chromium: '/opt/chrome', chromiumFromEnv: true });
    assert.deepStrictEqual(p, { kind: 'ready' });
  });
});

describe('provision: applyPlan', () => {
  let dir: string;
  let aptGet: string;
  let calls: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'provision-test-'));
    calls = path.join(dir, 'calls');
    aptGet = path.join(dir, 'apt-get');
    // records "DEBIAN_FRONTEND args..." per call; fails on request
    fs.writeFileSync(aptGet, `#!/bin/sh\necho "$DEBIAN_FRONTEND $*" >> "${calls}"\n[ "$1" = install ] && [ -n "$FAIL_INSTALL" ] && exit 100\nexit 0\n`, {
      mode: 0o755,
    });
  });
  afterEach(() => {
    delete process.env.FAIL_INSTALL;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('runs apt-get update, then installs without recommends, non-interactively', () => {
    applyPlan({ kind: 'install', packages: ['chromium', 'libkrb5-dev'] }, { aptGet, log: quiet });
    assert.strictEqual(
      fs.readFileSync(calls, 'utf8'),
      'noninteractive update -qq\nnoninteractive install -y -qq --no-install-recommends chromium libkrb5-dev\n',
    );
  });

  it('only says what it would run in a dry run', () => {
    applyPlan({ kind: 'install', packages: ['chromium'] }, { aptGet, dryRun: true, log: quiet });
    assert.ok(!fs.existsSync(calls));
  });

  it('fails with one line when apt-get fails', () => {
    process.env.FAIL_INSTALL = '1';
    const stderr = process.stderr.write;
    process.stderr.write = () => true; // apt-get's output, shown on failure
    try {
      assert.throws(
        () => applyPlan({ kind: 'install', packages: ['chromium'] }, { aptGet, log: quiet }),
        (e: unknown) => e instanceof ProvisionError && /install -y -qq --no-install-recommends chromium` failed \(exit 100\)/.test(e.message),
      );
    } finally {
      process.stderr.write = stderr;
    }
  });

  it('turns a failing plan into a ProvisionError with its message', () => {
    assert.throws(() => applyPlan({ kind: 'fail', message: 'run this' }), (e: unknown) => e instanceof ProvisionError && e.message === 'run this');
  });

  it('does nothing for a ready plan', () => {
    applyPlan({ kind: 'ready' }, { aptGet, log: quiet });
    assert.ok(!fs.existsSync(calls));
  });
});

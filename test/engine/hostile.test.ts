// The hostile-input suite: every program under test/hostile/<category>/<name>.py tries to break the
// simulator (recursion through special methods, integers past the digit limit, bad arguments to
// sys and gc, nesting past the parser's limits, exceptions that fail while being printed, memory
// blowups under the snippet's `# pymemsim: memory-limit=<N>MB` header, which the recorder applies as
// RLIMIT_AS and the simulator as its memory limit). Each is
// run as each CPython version and compared with what that real interpreter did (recorded by
// scripts/record_fixtures.py into <name>.expected.json): stdout, the exit status, and the last line
// of stderr with the line of its innermost `File "NAME.py", line N` entry, read from the simulator's
// stderr exactly as the recorder reads CPython's. Where CPython itself crashed (killed by a signal),
// the simulator must end with its one-line refusal. A selection also runs through the built CLI in
// a child process: its exit status must be CPython's, never 70 or a signal, with no JavaScript stack.
//
// Filters (environment variables): HOSTILE=substring of "category/name", PYVER=3.12 (or a comma list).

import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { spawn, spawnSync } from 'child_process';
import * as os from 'os';
import { Worker } from 'worker_threads';
import { PY_VERSIONS, isPyVersion, DEFAULT_MAX_STEPS } from '../../src/engine/index';
import type { PyVersion, Outcome } from '../../src/engine/index';

const ROOT = path.resolve(__dirname, '..', '..');
const HOSTILE_DIR = path.join(ROOT, 'test', 'hostile');
const CLI = path.join(ROOT, 'dist', 'cli.js');

interface Recording {
  stdout: string;
  exitCode: number;
  exception: string | null;
  line: number | null;
}

interface Program {
  id: string;
  dir: string;
  filename: string;
  source: string;
  expected: Partial<Record<PyVersion, Recording>> | null;
}

function loadPrograms(): Program[] {
  const out: Program[] = [];
  for (const cat of fs.readdirSync(HOSTILE_DIR).sort()) {
    const dir = path.join(HOSTILE_DIR, cat);
    if (!fs.statSync(dir).isDirectory()) continue;
    for (const file of fs.readdirSync(dir).sort()) {
      if (!file.endsWith('.py')) continue;
      const base = file.slice(0, -3);
      const exp = path.join(dir, base + '.expected.json');
      out.push({
        id: `${cat}/${base}`,
        dir,
        filename: file,
        source: fs.readFileSync(path.join(dir, file), 'utf8'),
        expected: fs.existsSync(exp) ? JSON.parse(fs.readFileSync(exp, 'utf8')) : null,
      });
    }
  }
  return out;
}

function selectedVersions(): PyVersion[] {
  const env = process.env.PYVER?.trim();
  if (!env) return [...PY_VERSIONS];
  const wanted = env.split(',').map((v) => v.trim()).filter(Boolean);
  for (const v of wanted) if (!isPyVersion(v)) throw new Error(`PYVER: unknown version ${v}`);
  return wanted as PyVersion[];
}

const FILE_LINE = /^ {2}File "([^"]*)", line (\d+)/;

/** what scripts/record_fixtures.py reads from a stderr: its last line and the line of the
 *  innermost entry for `filename` (parse_traceback, and parse_failure for a failed run) */
export function readStderr(stderr: string, filename: string, exitCode: number): { exception: string | null; line: number | null } {
  const lines = stderr.split(/\r?\n/).filter((l) => l.trim());
  const traceback = lines.some((l) => l.startsWith('Traceback (most recent call last):'));
  if (!lines.length || (!traceback && exitCode === 0)) return { exception: null, line: null };
  let line: number | null = null;
  for (const l of lines) {
    const m = FILE_LINE.exec(l);
    if (m && path.basename(m[1]) === filename) line = Number(m[2]);
  }
  return { exception: lines[lines.length - 1], line };
}

const JS_STACK = /^\s+at .*(\.js|\.ts|<anonymous>|node:)/m;

/** the simulator's one-line refusal: `pymemsim: NAME:LINE: ...` */
const REFUSAL = /^pymemsim: [^\n]*:\d+: [^\n]+\n$/;

function check(out: Outcome, rec: Recording, filename: string): void {
  assert.ok(!/internal error/.test(out.stderr) && !JS_STACK.test(out.stderr), `engine failure:\n${out.stderr}`);
  if (rec.exitCode < 0) {
    // CPython itself crashed (a C stack overflow): the simulator refuses in one line
    assert.match(out.stderr, REFUSAL, `CPython crashed (signal ${-rec.exitCode}); expected the simulator's refusal`);
    assert.strictEqual(out.exitCode, 1);
    return;
  }
  const got = readStderr(out.stderr, filename, out.exitCode);
  const errText = out.problem ? `${out.problem.message} (line ${out.problem.line})` : 'none';
  assert.strictEqual(out.stdout, rec.stdout, `stdout differs (simulator problem: ${errText})`);
  assert.strictEqual(out.exitCode, rec.exitCode, `exit status differs (simulator problem: ${errText}; stderr ${out.stderr.slice(-300)})`);
  assert.strictEqual(got.exception, rec.exception, `stderr's last line differs (stderr ${out.stderr.slice(-500)})`);
  assert.strictEqual(got.line, rec.line, 'the line of the innermost entry differs');
}

const ALL = loadPrograms();

/** the engine runs on a thread with the JavaScript stack the CLI and the extension give it */
let engine: Worker | null = null;
let nextId = 0;
const pending = new Map<number, (r: { out?: Outcome; error?: string }) => void>();
function engineThread(): Worker {
  if (engine) return engine;
  engine = new Worker(path.join(__dirname, 'hostile-worker.js'), { resourceLimits: { stackSizeMb: 64 } });
  engine.on('message', (r: { id: number; out?: Outcome; error?: string }) => { pending.get(r.id)?.(r); pending.delete(r.id); });
  engine.unref();
  return engine;
}
/** the header the recorder applies as RLIMIT_AS (beyond the interpreter's start-up) */
export function memoryLimitHeader(source: string): number | undefined {
  const m = /^# pymemsim: memory-limit=(\d+)MB\s*$/m.exec(source);
  return m ? Number(m[1]) : undefined;
}

function simulateOnThread(source: string, version: PyVersion, filename: string): Promise<Outcome> {
  const id = nextId++;
  const memoryLimitMb = memoryLimitHeader(source);
  return new Promise((resolve, reject) => {
    pending.set(id, (r) => (r.out ? resolve(r.out) : reject(new Error(r.error))));
    engineThread().postMessage({ id, source, options: { version, maxSteps: DEFAULT_MAX_STEPS, filename, displayName: filename, memoryLimitMb } });
  });
}
after(async () => { if (engine) await engine.terminate(); engine = null; });

/** runs that still differ from CPython (test/hostile/known-gaps.json), each with its reason; with
 *  `refused`, the simulator must end them with its one-line refusal */
const GAPS = (JSON.parse(fs.readFileSync(path.join(HOSTILE_DIR, 'known-gaps.json'), 'utf8')) as {
  gaps: { fixture: string; versions: string[]; why: string; refused?: boolean }[];
}).gaps;

function knownGap(id: string, v: string): { why: string; refused: boolean } | null {
  const g = GAPS.find((x) => x.fixture === id && x.versions.includes(v));
  return g ? { why: g.why, refused: !!g.refused } : null;
}

describe('hostile-input suite', () => {
  it('has dozens of programs across categories, each recorded for every version', () => {
    assert.ok(ALL.length >= 40, `only ${ALL.length} hostile programs`);
    assert.ok(new Set(ALL.map((p) => p.id.split('/')[0])).size >= 4);
    const problems: string[] = [];
    for (const p of ALL) {
      if (!/^# \S/.test(p.source)) problems.push(`${p.id}: line 1 must be a comment saying what it shows`);
      if (!p.expected) { problems.push(`${p.id}: no .expected.json`); continue; }
      for (const v of PY_VERSIONS) if (!p.expected[v]) problems.push(`${p.id}: no recording for ${v}`);
    }
    for (const g of GAPS) if (!ALL.some((p) => p.id === g.fixture)) problems.push(`known gap of a missing program: ${g.fixture}`);
    assert.deepStrictEqual(problems, []);
  });

  it('reads stderr as the recorder does (self-check)', () => {
    const tb = 'Traceback (most recent call last):\n  File "x.py", line 3, in <module>\n    f()\n  File "x.py", line 2, in f\n    1/0\nZeroDivisionError: division by zero\n';
    assert.deepStrictEqual(readStderr(tb, 'x.py', 1), { exception: 'ZeroDivisionError: division by zero', line: 2 });
    assert.deepStrictEqual(readStderr('  File "/a/x.py", line 4\n    x = (\n        ^\nSyntaxError: bad\n', 'x.py', 1), { exception: 'SyntaxError: bad', line: 4 });
    assert.deepStrictEqual(readStderr('s_push: parser stack overflow\nMemoryError\n', 'x.py', 1), { exception: 'MemoryError', line: null });
    assert.deepStrictEqual(readStderr('noise\n', 'x.py', 0), { exception: null, line: null });
    assert.ok(REFUSAL.test('pymemsim: x.py:3: the simulated C stack would overflow\n'));
    assert.ok(!REFUSAL.test('pymemsim: internal error: boom\n    at f (a.js:1:1)\n'));
  });

  const filter = process.env.HOSTILE;
  const versions = selectedVersions();
  for (const p of ALL.filter((x) => !filter || x.id.includes(filter))) {
    describe(p.id, () => {
      for (const v of versions) {
        const gap = knownGap(p.id, v);
        it(gap ? `${v} (known gap: ${gap.refused ? 'refused' : 'still differs'})` : v, async function () {
          this.timeout(120_000);
          const rec = p.expected?.[v];
          assert.ok(rec, `no recording for ${v}; run scripts/record_fixtures.py test/hostile`);
          const out = await simulateOnThread(p.source, v, p.filename);
          if (gap) {
            assert.ok(!/internal error/.test(out.stderr) && !JS_STACK.test(out.stderr), `engine failure:\n${out.stderr}`);
            if (gap.refused) {
              assert.match(out.stderr, REFUSAL, `expected the simulator's one-line refusal (${gap.why})`);
              assert.strictEqual(out.exitCode, 1);
              return;
            }
            assert.throws(() => check(out, rec, p.filename), assert.AssertionError,
              `${p.id} on ${v} now matches CPython: remove it from test/hostile/known-gaps.json`);
            return;
          }
          check(out, rec, p.filename);
        });
      }
    });
  }
});

/** the programs run through the CLI too: every recursion program and a few of each other kind */
const CLI_SELECTION = (id: string): boolean => id.startsWith('recursion/') || /(_past_limit|_bad|parens_200|indent_100|str_recursion)/.test(id);

describe('hostile-input suite through the CLI (dist/cli.js)', function () {
  before(function () {
    this.timeout(60_000);
    if (!fs.existsSync(CLI)) {
      const b = spawnSync(process.execPath, ['esbuild.js'], { cwd: ROOT, encoding: 'utf8' });
      assert.strictEqual(b.status, 0, b.stderr);
    }
  });
  const filter = process.env.HOSTILE;
  for (const p of ALL.filter((x) => CLI_SELECTION(x.id) && (!filter || x.id.includes(filter)))) {
    for (const v of ['3.8', '3.12'] as PyVersion[]) {
      it(`${p.id} ${v}: CPython's exit status, no JavaScript stack`, function () {
        this.timeout(120_000);
        const rec = p.expected![v]!;
        const limit = memoryLimitHeader(p.source);
        const r = spawnSync(process.execPath, [CLI, 'run', p.filename, '--python', v, ...(limit === undefined ? [] : ['--memory-limit', `${limit}M`])], { cwd: p.dir, encoding: 'utf8', timeout: 110_000 });
        assert.strictEqual(r.signal, null, `killed by ${r.signal}`);
        assert.notStrictEqual(r.status, 70, r.stderr);
        assert.ok(!JS_STACK.test(r.stderr) && !/internal error|FATAL|Aborted/.test(r.stderr), r.stderr);
        const gap = knownGap(p.id, v);
        if (gap?.refused) { assert.strictEqual(r.status, 1); assert.match(r.stderr, REFUSAL); return; }
        if (gap) return;
        assert.strictEqual(r.status, rec.exitCode < 0 ? 1 : rec.exitCode, r.stderr.slice(-500));
        if (rec.exitCode >= 0) assert.strictEqual(r.stdout, rec.stdout);
      });
    }
  }

  it('a closed pipe ends the run quietly with status 120 (`pymemsim run x.py | head -1`)', async function () {
    this.timeout(120_000);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pymemsim-pipe-'));
    try {
      fs.writeFileSync(path.join(dir, 'many.py'), 'for i in range(1000000):\n    print(i)\n');
      const child = spawn(process.execPath, [CLI, 'run', 'many.py', '--max-steps', '100000000'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (d) => { stderr += d; });
      // read the first chunk, then close the reading end as `head -1` does
      await new Promise<void>((resolve) => child.stdout.once('data', () => { child.stdout.destroy(); resolve(); }));
      const [status, signal] = await new Promise<[number | null, string | null]>((resolve) => child.on('close', (c, s) => resolve([c, s])));
      assert.strictEqual(signal, null);
      assert.strictEqual(status, 120, stderr);
      assert.strictEqual(stderr, '');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a full disk ends the run with one line and status 120', function () {
    if (!fs.existsSync('/dev/full')) this.skip();
    this.timeout(120_000);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pymemsim-full-'));
    try {
      fs.writeFileSync(path.join(dir, 'p.py'), 'print("x")\n');
      const out = fs.openSync('/dev/full', 'w');
      const r = spawnSync(process.execPath, [CLI, 'run', 'p.py'], { cwd: dir, stdio: ['ignore', out, 'pipe'], encoding: 'utf8' });
      fs.closeSync(out);
      assert.strictEqual(r.status, 120);
      assert.match(r.stderr, /^pymemsim: cannot write the program's output: ENOSPC\n$/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

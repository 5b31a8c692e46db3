// `pymemsim check`: its arguments, its output lines and exit statuses on passing, failing and
// broken snippets, the problems of annotations, unreadable files, and --emit-probed.

import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseCommand } from '../../src/cli/args';
import { execute } from '../../src/cli/pymemsim';

const SNIPPETS = path.resolve(__dirname, '..', 'snippets');
const snippet = (name: string): string => path.join(SNIPPETS, name);

function cli(argv: string[]): { status: number; stdout: string; stderr: string } {
  let stdout = '', stderr = '';
  const cmd = parseCommand(argv);
  const status = execute(cmd, { stdout: (t) => { stdout += t; }, stderr: (t) => { stderr += t; }, readFile: (f) => fs.readFileSync(f, 'utf8') });
  return { status, stdout, stderr };
}

/** a snippet written to a temporary file */
function temp(name: string, text: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pymemsim-check-'));
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

describe('pymemsim check', function () {
  this.timeout(120_000);

  it('parses files, versions (repeatable, deduplicated), limits and --emit-probed', () => {
    assert.deepStrictEqual(parseCommand(['check', 'a.py', 'b.py']), {
      kind: 'check', files: ['a.py', 'b.py'], versions: null, maxSteps: 1_000_000, memoryLimitMb: 256, emitProbed: false,
    });
    assert.deepStrictEqual(parseCommand(['check', '-p', '3.8', 'a.py', '--python', '3.12', '-p', '3.8', '-n', '500', '-m', '64M']), {
      kind: 'check', files: ['a.py'], versions: ['3.8', '3.12'], maxSteps: 500, memoryLimitMb: 64, emitProbed: false,
    });
    assert.deepStrictEqual(parseCommand(['check', '--emit-probed', 'a.py', '-p', '3.9']), {
      kind: 'check', files: ['a.py'], versions: ['3.9'], maxSteps: 1_000_000, memoryLimitMb: 256, emitProbed: true,
    });
    const errors: [string[], RegExp][] = [
      [['check'], /^missing FILE to check$/],
      [['check', 'a.py', '-p', '2.7'], /^unsupported Python version '2.7'/],
      [['check', 'a.py', '--max-steps', '0'], /^--max-steps needs a positive whole number, not '0'$/],
      [['check', '--emit-probed', 'a.py', 'b.py'], /^--emit-probed takes one FILE, got 2$/],
      [['check', '--emit-probed', 'a.py', '-p', '3.8', '-p', '3.9'], /^--emit-probed takes one version, got 2$/],
      [['check', 'a.py', '--bogus'], /^unknown option '--bogus'$/],
    ];
    for (const [argv, re] of errors) {
      const c = parseCommand(argv);
      assert.strictEqual(c.kind, 'usage-error', argv.join(' '));
      assert.match((c as { message: string }).message, re);
    }
    assert.deepStrictEqual(parseCommand(['check', '--help']), { kind: 'help', topic: 'check' });
    assert.deepStrictEqual(parseCommand(['help', 'check']), { kind: 'help', topic: 'check' });
  });

  it('a passing snippet: one line per expectation and reach, the summary, status 0', () => {
    const file = snippet('passing.py');
    const r = cli(['check', file, '-p', '3.12']);
    assert.strictEqual(r.status, 0, r.stdout + r.stderr);
    assert.strictEqual(r.stderr, '');
    const out = r.stdout.split('\n');
    assert.ok(out.includes(`${file}:13: [3.12] passed  sys.getsizeof(numbers) == 88  (88 == 88)`), r.stdout);
    assert.ok(out.includes(`${file}:34: [3.12] passed  len(numbers) == 4 + i  (5 == 5)  [reach 2 of 3]`), r.stdout);
    assert.ok(out.includes(`${file}:67: [3.12] passed  isinstance(sys.getsizeof(d), int)  (True)`), r.stdout);
    assert.match(r.stdout, /\n\d+ passed, 0 failed, 0 errors on 1 version\n$/);
  });

  it("by default, the versions of the snippet's @versions", () => {
    const r = cli(['check', snippet('keywords.py')]);
    assert.strictEqual(r.status, 0, r.stdout);
    for (const v of ['3.8', '3.11', '3.12', '3.13']) assert.ok(r.stdout.includes(`: [${v}] passed  items == []`), v);
    assert.ok(!r.stdout.includes('[3.10]'));
    assert.match(r.stdout, / on 4 versions\n$/);
  });

  it('a failing snippet: failed and raised with their values, never reached, the run that ended with an exception; status 1', () => {
    const file = snippet('failing.py');
    const r = cli(['check', file, '--python', '3.12']);
    assert.strictEqual(r.status, 1);
    const want = [
      `${file}:9: [3.12] failed  len(x) == 4  (3 != 4)`,
      `${file}:10: [3.12] failed  sys.getsizeof(x) < 50  (88 not < 50)`,
      `${file}:11: [3.12] failed  x is [1, 2, 3]  ([1, 2, 3] is not [1, 2, 3])`,
      `${file}:12: [3.12] passed  x[1:]  ([2, 3])`,
      `${file}:13: [3.12] error  y == 1  NameError: name 'y' is not defined`,
      `${file}:15: [3.12] error  {}['k']  KeyError: 'k'`,
      `${file}:20: [3.12] not reached  True`,
      `${file}:25: [3.12] failed  i < 2  (2 not < 2)  [reach 3 of 3]`,
      `${file}:35: [3.12] error: the run ended with Boom: the end`,
      '1 passed, 6 failed, 5 errors, 2 not reached on 1 version',
    ];
    for (const line of want) assert.ok(r.stdout.split('\n').includes(line), `${line}\n---\n${r.stdout}`);
  });

  it('annotation problems: FILE:LINE:COL: warning / error lines first, then the checks; status 2', () => {
    const file = snippet('problems.py');
    const r = cli(['check', file]);
    assert.strictEqual(r.status, 2);
    const out = r.stdout.split('\n');
    assert.strictEqual(out[0], `${file}:3:3: error: a second @snippet (the first is on line 2)`);
    assert.ok(out.includes(`${file}:4:3: warning: unknown annotation '@sya' (did you mean '@say'?)`));
    assert.ok(out.includes(`${file}:27: [3.12] passed  value == 1  (1 == 1)`));
    assert.match(r.stdout, /\n2 passed, 0 failed, 0 errors, 1 not reached on 1 version\n$/);
    // warnings alone do not fail a check
    const warned = temp('warned.py', 'x = 1\n# @sya hello\n# @expect x == 1\n');
    const w = cli(['check', warned]);
    assert.strictEqual(w.status, 0, w.stdout);
    assert.strictEqual(w.stdout.split('\n')[0], `${warned}:2:3: warning: unknown annotation '@sya' (did you mean '@say'?)`);
  });

  it("a snippet that does not compile, is refused or runs too long: status 2; one that raises: 1", () => {
    const syntax = temp('syntax.py', 'x = 1  # @expect x == 1\ny = = 2\n');
    let r = cli(['check', syntax]);
    assert.strictEqual(r.status, 2);
    assert.ok(r.stdout.includes(`${syntax}:2:5: [3.12] error: SyntaxError: invalid syntax`), r.stdout);
    assert.ok(r.stdout.includes(`${syntax}:1: [3.12] not reached  x == 1`), r.stdout);
    const loop = temp('loop.py', 'while True:\n    pass  # @expect True\n');
    r = cli(['check', loop, '--max-steps', '200']);
    assert.strictEqual(r.status, 2);
    assert.match(r.stdout, /loop\.py:\d: \[3\.12\] error: the run went past 200 steps and was stopped\n/);
    const raises = temp('raises.py', 'x = 1  # @expect x == 1\n1 / 0\n');
    r = cli(['check', raises]);
    assert.strictEqual(r.status, 1);
    assert.ok(r.stdout.includes(`${raises}:2: [3.12] error: the run ended with ZeroDivisionError: division by zero`), r.stdout);
  });

  it('a point reached many times: 20 lines, then one counting the rest, failures past the values kept included', () => {
    const file = temp('many.py', 'for i in range(1500):\n    pass  # @expect i != 1400\n');
    const r = cli(['check', file]);
    assert.strictEqual(r.status, 1);
    const out = r.stdout.split('\n');
    assert.strictEqual(out[0], `${file}:2: [3.12] passed  i != 1400  (0 != 1400)  [reach 1 of 1500]`);
    assert.strictEqual(out[19], `${file}:2: [3.12] passed  i != 1400  (19 != 1400)  [reach 20 of 1500]`);
    assert.strictEqual(out[20], `${file}:2: [3.12] ... 1480 more reaches of i != 1400: 1479 passed, 1 failed, 0 errors (values kept for the first 1000)`);
    assert.strictEqual(out[21], '0 passed, 1 failed, 0 errors on 1 version');
  });

  it('an unreadable file: a one-line message, status 2, the other files still checked', () => {
    const r = cli(['check', '/no/such/file.py', snippet('passing.py'), '-p', '3.13']);
    assert.strictEqual(r.status, 2);
    assert.strictEqual(r.stderr, "pymemsim: can't open file '/no/such/file.py': [Errno 2] No such file or directory\n");
    assert.match(r.stdout, / 0 failed, 0 errors on 1 version\n$/);
  });

  it('bad arguments: the usage and one line, status 2', () => {
    const r = cli(['check']);
    assert.strictEqual(r.status, 2);
    assert.strictEqual(r.stderr.split('\n')[1], 'pymemsim: error: missing FILE to check');
    const help = cli(['check', '--help']);
    assert.strictEqual(help.status, 0);
    assert.match(help.stdout, /^Usage: pymemsim check FILE\.\.\. \[--python X\.Y \.\.\.\]/);
    assert.match(cli(['--help']).stdout, /\n {2}check FILE\.\.\. +check the expectations of annotated snippets/);
  });

  it('--emit-probed: the probed program and what its probes check, as JSON', () => {
    const r = cli(['check', '--emit-probed', snippet('keywords.py'), '-p', '3.8']);
    assert.strictEqual(r.status, 0, r.stderr);
    const j = JSON.parse(r.stdout);
    assert.strictEqual(j.version, '3.8');
    assert.deepStrictEqual(j.versions, ['3.8', '3.11', '3.12', '3.13']);
    assert.strictEqual(j.lineMap.length, j.source.split('\n').length - 1);
    assert.ok(j.source.includes("__builtins__.print('\\x02pymemsim 0', 1 if __builtins__.globals()['__cached__'] == __builtins__.globals()['__spec__'] else 0, end='\\x1f')"));
    const probe = j.probes.find((p: { expression: string }) => p.expression === 'mem.blocks(items) == 1');
    assert.deepStrictEqual(probe, { id: 5, line: 19, expression: 'mem.blocks(items) == 1', op: '==', simulatorOnly: true });
    // [3.11+] expectations are not probed on 3.8
    assert.ok(!j.probes.some((p: { expression: string }) => p.expression === 'not items'));
  });
});

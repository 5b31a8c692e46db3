// `pymemsim compare`: its arguments, and that it reports the version differences the CPython
// recordings of the fixtures show.

import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { parseCommand } from '../../src/cli/args';
import { execute } from '../../src/cli/pymemsim';
import { formatComparison } from '../../src/cli/compare';
import { compare } from '../../src/shared/compare';
import { Session, TraceRecorder, compareSide } from '../../src/engine';

const FIXTURES = path.resolve(__dirname, '..', 'fixtures');

function cli(argv: string[]): { status: number; stdout: string; stderr: string } {
  let stdout = '', stderr = '';
  const cmd = parseCommand(argv);
  const status = execute(cmd, { stdout: (t) => { stdout += t; }, stderr: (t) => { stderr += t; }, readFile: (f) => fs.readFileSync(f, 'utf8') });
  return { status, stdout, stderr };
}

/** the recorded stdout of a fixture on a version */
function recorded(fixture: string, version: string): string {
  const rec = JSON.parse(fs.readFileSync(path.join(FIXTURES, fixture.replace(/\.py$/, '.expected.json')), 'utf8'));
  return rec[version].stdout as string;
}

/** the row `name  what  a  b` of the objects table */
function objectRow(out: string, name: string, what: string): string[] | undefined {
  for (const line of out.split('\n')) {
    const cells = line.trim().split(/\s{2,}/);
    if (cells[0] === name && cells[1] === what) return cells.slice(2);
  }
  return undefined;
}

describe('pymemsim compare', function () {
  this.timeout(120_000);

  it('parses two versions, the step and the matching', () => {
    assert.deepStrictEqual(parseCommand(['compare', 'a.py', '--python', '3.8', '-p', '3.12']), {
      kind: 'compare', file: 'a.py', versions: ['3.8', '3.12'], maxSteps: 10_000_000, memoryLimitMb: 256, step: null, match: 'step',
    });
    assert.deepStrictEqual(parseCommand(['compare', '-p', '3.10', '-p', '3.11', '--step', '4', '--match', 'line', 'a.py']), {
      kind: 'compare', file: 'a.py', versions: ['3.10', '3.11'], maxSteps: 10_000_000, memoryLimitMb: 256, step: 4, match: 'line',
    });
    const errors: [string[], RegExp][] = [
      [['compare', 'a.py', '-p', '3.8'], /^compare needs two versions \(--python A --python B\), got 1$/],
      [['compare', 'a.py'], /got 0$/],
      [['compare', 'a.py', '-p', '3.8', '-p', '3.8'], /^compare needs two different versions, got 3.8 twice$/],
      [['compare', 'a.py', '-p', '3.8', '-p', '2.7'], /^unsupported Python version '2.7'/],
      [['compare', 'a.py', '-p', '3.8', '-p', '3.9', '--match', 'name'], /^--match needs 'step' or 'line', not 'name'$/],
      [['compare', '-p', '3.8', '-p', '3.9'], /^missing FILE to compare$/],
    ];
    for (const [argv, re] of errors) {
      const c = parseCommand(argv);
      assert.strictEqual(c.kind, 'usage-error', argv.join(' '));
      assert.match((c as { message: string }).message, re);
    }
    assert.deepStrictEqual(parseCommand(['compare', '--help']), { kind: 'help', topic: 'compare' });
  });

  it("reports the list's size each version's recording shows (list growth differs between 3.8 and 3.12)", () => {
    const fixture = 'lists/append_growth.py';
    // the recordings' last line: "<len> <sys.getsizeof(lst)>" at the last growth, which the list
    // keeps to the end (70 items)
    const last = (v: string) => recorded(fixture, v).trim().split('\n').pop()!.split(' ')[1];
    assert.notStrictEqual(last('3.8'), last('3.12'));
    const r = cli(['compare', path.join(FIXTURES, fixture), '--python', '3.8', '--python', '3.12']);
    assert.strictEqual(r.status, 0, r.stderr);
    assert.match(r.stdout, /^== CPython 3\.8 step \d+ of \d+, next line \d+ {2}vs {2}CPython 3\.12 step/);
    assert.deepStrictEqual(objectRow(r.stdout, 'lst', 'size'), [last('3.8'), last('3.12')]);
    // and the pool and arena sizes of the versions (4 KiB / 256 KiB up to 3.9, 16 KiB / 1 MiB from 3.10)
    assert.match(r.stdout, /^pool size +4096 +16384$/m);
    assert.match(r.stdout, /^arena size +262144 +1048576$/m);
  });

  it("reports a dict's size as each version's recording shows it (dicts' sizes differ 3.10/3.11)", () => {
    const fixture = 'dicts/sizes_growth.py';
    const last = (v: string) => recorded(fixture, v).trim().split('\n').pop()!.split(' ')[1];
    const r = cli(['compare', path.join(FIXTURES, fixture), '-p', '3.10', '-p', '3.11']);
    assert.strictEqual(r.status, 0, r.stderr);
    assert.notStrictEqual(last('3.10'), last('3.11'));
    assert.deepStrictEqual(objectRow(r.stdout, 'd', 'size'), [last('3.10'), last('3.11')]);
  });

  it('matches the second version\'s step by line with --match line', () => {
    const r = cli(['compare', path.join(FIXTURES, 'lists/append_growth.py'), '-p', '3.8', '-p', '3.12', '--step', '10', '--match', 'line']);
    assert.strictEqual(r.status, 0, r.stderr);
    const m = /step \d+ of \d+, next line (\d+) {2}vs {2}CPython 3\.12 step \d+ of \d+, next line (\d+)/.exec(r.stdout);
    assert.ok(m, r.stdout);
    assert.strictEqual(m[1], m[2]);
  });

  it('prints one line when nothing differs', () => {
    const s = new Session('x = [1, 2]\ny = x\n', { version: '3.12', filename: 'a.py' });
    const rec = new TraceRecorder(s);
    s.finish();
    rec.finish();
    const side = compareSide(rec, 1);
    assert.strictEqual(formatComparison(compare(side, side)), 'no difference between CPython 3.12 (step 1) and CPython 3.12 (step 1)\n');
  });

  it('reports a file it cannot read, and a program that does not compile, as run does', () => {
    const missing = cli(['compare', '/nonexistent/x.py', '-p', '3.8', '-p', '3.12']);
    assert.strictEqual(missing.status, 2);
    assert.match(missing.stderr, /can't open file '\/nonexistent\/x.py'/);
    const dir = fs.mkdtempSync(path.join(require('os').tmpdir(), 'cmp-'));
    const bad = path.join(dir, 'bad.py');
    fs.writeFileSync(bad, 'x = (\n');
    const r = cli(['compare', bad, '-p', '3.8', '-p', '3.12']);
    assert.strictEqual(r.status, 1);
    assert.match(r.stderr, /SyntaxError/);
    assert.strictEqual(r.stdout, '');
  });
});

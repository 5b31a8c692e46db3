// The fixture corpus: every snippet under test/fixtures/<topic>/<name>.py, and every tutorial
// snippet examples/snippets/<name>.py (as topic "snippets"), is run by the simulator as each CPython
// version, and compared with what that real interpreter printed (recorded by
// scripts/record_fixtures.py into <name>.expected.json): stdout exactly, the exit code, and for an
// uncaught exception the traceback's last line and the line of its innermost entry.
//
// Filters (environment variables): FIXTURE=substring of "topic/name", PYVER=3.12 (or a comma list).

import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { runSource, PY_VERSIONS, isPyVersion } from '../../src/engine/index';
import type { PyVersion, RunResult } from '../../src/engine/index';
import { sameOutput, toleranceOf, tracebackLastLine } from './fixture-compare';

const FIXTURES_DIR = path.resolve(__dirname, '..', 'fixtures');
/** the tutorial's annotated snippets, one folder without topics */
const SNIPPETS_DIR = path.resolve(__dirname, '..', '..', 'examples', 'snippets');

/** One version's recording, as scripts/record_fixtures.py writes it. */
interface Recording {
  stdout: string;
  exitCode: number;
  /** the traceback's last line, e.g. "ZeroDivisionError: division by zero", or the SyntaxError's
   *  when the file does not compile; null without traceback */
  exception: string | null;
  /** line of the innermost traceback entry in the fixture (of the SyntaxError's `File` line);
   *  null without traceback or location */
  line: number | null;
}

type Expected = Partial<Record<PyVersion, Recording>>;

interface Fixture {
  /** "topic/name" */
  id: string;
  /** "name.py", the file name CPython was given */
  filename: string;
  /** the file's text (as UTF-8; for the corpus checks) and its bytes (what the runs are given) */
  source: string;
  bytes: Uint8Array;
  expected: Expected | null;
}

/** The snippets of one folder, as fixtures "topic/name". */
function loadTopic(topicDir: string, topic: string): Fixture[] {
  const out: Fixture[] = [];
  for (const file of fs.readdirSync(topicDir).sort()) {
    if (!file.endsWith('.py')) continue;
    const base = file.slice(0, -3);
    const expPath = path.join(topicDir, base + '.expected.json');
    out.push({
      id: `${topic}/${base}`,
      filename: file,
      source: fs.readFileSync(path.join(topicDir, file), 'utf8'),
      bytes: new Uint8Array(fs.readFileSync(path.join(topicDir, file))),
      expected: fs.existsSync(expPath) ? (JSON.parse(fs.readFileSync(expPath, 'utf8')) as Expected) : null,
    });
  }
  return out;
}

function loadFixtures(dir: string): Fixture[] {
  if (!fs.existsSync(dir)) return [];
  const out: Fixture[] = [];
  for (const topic of fs.readdirSync(dir).sort()) {
    const topicDir = path.join(dir, topic);
    if (!fs.statSync(topicDir).isDirectory()) continue;
    out.push(...loadTopic(topicDir, topic));
  }
  return out;
}

/** PYVER=3.12 or PYVER=3.8,3.13; all versions when unset. */
function selectedVersions(): PyVersion[] {
  const env = process.env.PYVER?.trim();
  if (!env) return [...PY_VERSIONS];
  const wanted = env.split(',').map((v) => v.trim()).filter(Boolean);
  for (const v of wanted) {
    if (!isPyVersion(v)) throw new Error(`PYVER: unknown version ${JSON.stringify(v)}; expected one of ${PY_VERSIONS.join(', ')}`);
  }
  return wanted as PyVersion[];
}

/** Compare a simulator run with a recording; throws an AssertionError describing the first mismatch. */
export function checkRun(result: RunResult, rec: Recording, tolerance = 0): void {
  const err = result.error;
  const errText = err ? `${err.type}: ${err.message} (line ${err.line}, ${err.kind})` : 'none';
  if (!sameOutput(result.stdout, rec.stdout, tolerance)) {
    assert.strictEqual(result.stdout, rec.stdout, `stdout differs (simulator error: ${errText}; tolerance ${tolerance})`);
  }
  assert.strictEqual(result.exitCode, rec.exitCode, `exit code differs (simulator error: ${errText})`);
  if (rec.exception !== null) {
    assert.ok(err, `expected an uncaught "${rec.exception}", but the run ended normally`);
    // as CPython prints it: "Type: message", or just "Type" when str(exc) is empty
    assert.strictEqual(tracebackLastLine(err.type, err.message), rec.exception, 'traceback last line differs');
    // line 0: a syntax error without a location
    assert.strictEqual(err.line === 0 ? null : err.line, rec.line, 'traceback line differs');
  } else {
    assert.strictEqual(err, null, `unexpected error: ${errText}`);
  }
}

const ALL = [...loadFixtures(FIXTURES_DIR), ...(fs.existsSync(SNIPPETS_DIR) ? loadTopic(SNIPPETS_DIR, 'snippets') : [])];

describe('fixture corpus', () => {
  it('has at least 150 fixtures', () => {
    assert.ok(ALL.length >= 150, `only ${ALL.length} fixtures under ${FIXTURES_DIR}`);
  });

  it('includes the tutorial snippets', () => {
    assert.ok(ALL.filter((f) => f.id.startsWith('snippets/')).length >= 10, `no tutorial snippets under ${SNIPPETS_DIR}`);
  });

  it('has a recording for every fixture and all six versions', () => {
    const problems: string[] = [];
    for (const f of ALL) {
      if (!f.expected) {
        problems.push(`${f.id}: no .expected.json`);
        continue;
      }
      for (const v of PY_VERSIONS) {
        const rec = f.expected[v];
        if (!rec) problems.push(`${f.id}: no recording for ${v}`);
        else if (typeof rec.stdout !== 'string' || typeof rec.exitCode !== 'number') problems.push(`${f.id} ${v}: malformed`);
        else if (rec.exception === null ? rec.line !== null : rec.line === null && !/^SyntaxError: /.test(rec.exception)) {
          // only a SyntaxError reported without a location (a file that cannot be decoded) has no line
          problems.push(`${f.id} ${v}: exception and line disagree`);
        }
      }
    }
    assert.deepStrictEqual(problems, []);
  });

  it('has every snippet start with a comment saying what it shows', () => {
    const bad = ALL.filter((f) => !/^# \S/.test(f.source)).map((f) => f.id);
    assert.deepStrictEqual(bad, []);
  });

  it('includes snippets that end with an uncaught exception', () => {
    const n = ALL.filter((f) => f.expected?.['3.12']?.exception).length;
    assert.ok(n >= 10, `only ${n} fixtures end with an uncaught exception`);
  });

  it('compares runs strictly (self-check of the comparison)', () => {
    const rec: Recording = { stdout: '1\n', exitCode: 1, exception: 'ZeroDivisionError: division by zero', line: 2 };
    const run = (over: Partial<RunResult>): RunResult => ({
      stdout: '1\n',
      stderr: '',
      exitCode: 1,
      error: { kind: 'exception', type: 'ZeroDivisionError', message: 'division by zero', line: 2 },
      steps: 2,
      memory: undefined as unknown as RunResult['memory'],
      ...over,
    });
    checkRun(run({}), rec);
    assert.throws(() => checkRun(run({ stdout: '1' }), rec));
    assert.throws(() => checkRun(run({ exitCode: 0 }), rec));
    assert.throws(() => checkRun(run({ error: { kind: 'exception', type: 'ZeroDivisionError', message: 'division by zero', line: 3 } }), rec));
    assert.throws(() => checkRun(run({ error: { kind: 'exception', type: 'ValueError', message: 'division by zero', line: 2 } }), rec));
    assert.throws(() => checkRun(run({ error: null }), rec));
    checkRun(run({ exitCode: 0, error: null }), { stdout: '1\n', exitCode: 0, exception: null, line: null });
    assert.throws(() => checkRun(run({ exitCode: 0 }), { stdout: '1\n', exitCode: 0, exception: null, line: null }));
    // approximate lines: numbers within the tolerance on lines starting with "~", words exact
    assert.ok(sameOutput('~ blocks 1003\nexact 5\n', '~ blocks 1000\nexact 5\n', 3));
    assert.ok(!sameOutput('~ blocks 1004\nexact 5\n', '~ blocks 1000\nexact 5\n', 3));
    assert.ok(!sameOutput('~ block 1000\nexact 5\n', '~ blocks 1000\nexact 5\n', 3));
    assert.ok(!sameOutput('~ blocks 1000\nexact 6\n', '~ blocks 1000\nexact 5\n', 3));
    assert.ok(!sameOutput('~ blocks 1001\n', '~ blocks 1000\n', 0));
    assert.strictEqual(toleranceOf('# tolerance: 4\nx = 1\n'), 4);
    assert.strictEqual(toleranceOf('x = 1  # tolerance: 4\n'), 0);
  });
});

/** runs the simulator does not match yet (test/fixtures/known-gaps.json), each with its reason */
const GAPS = (JSON.parse(fs.readFileSync(path.join(FIXTURES_DIR, 'known-gaps.json'), 'utf8')) as {
  gaps: { fixture: string; versions: string[]; why: string }[];
}).gaps;

function knownGap(id: string, v: string): string | null {
  const g = GAPS.find((x) => x.fixture === id && x.versions.includes(v));
  return g ? g.why : null;
}

describe('fixtures (simulator vs recorded CPython)', () => {
  const filter = process.env.FIXTURE;
  const versions = selectedVersions();
  const chosen = ALL.filter((f) => !filter || f.id.includes(filter));
  it('lists only real fixtures as known gaps', () => {
    for (const g of GAPS) assert.ok(ALL.some((f) => f.id === g.fixture), `known gap of a missing fixture: ${g.fixture}`);
  });
  for (const f of chosen) {
    describe(f.id, () => {
      for (const v of versions) {
        const gap = knownGap(f.id, v);
        it(gap ? `${v} (known gap: still differs)` : v, () => {
          const rec = f.expected?.[v];
          assert.ok(rec, `no recording for ${v}; run scripts/record_fixtures.py`);
          const result = runSource(f.bytes, { version: v, filename: f.filename });
          if (gap) {
            assert.throws(() => checkRun(result, rec, toleranceOf(f.source)), assert.AssertionError,
              `${f.id} on ${v} now matches CPython: remove it from test/fixtures/known-gaps.json`);
            return;
          }
          checkRun(result, rec, toleranceOf(f.source));
        });
      }
    });
  }
});

// The hostile-input suite: programs under test/hostile/<category>/<name>.py that push the
// simulator where a JavaScript engine gives up first (memory blowups, ...). Each must end as real
// CPython ended it (recorded by scripts/record_fixtures.py into <name>.expected.json, with the
// snippet's `# pymemsim: memory-limit=<N>MB` header applied as RLIMIT_AS), never with an internal
// error: stdout exactly, the exit code, and for an uncaught exception the traceback's last line and
// the line of its innermost entry.
//
// Filters (environment variables): HOSTILE=substring of "category/name", PYVER=3.12 (or a comma list).

import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { runSource, PY_VERSIONS, isPyVersion } from '../../src/engine/index';
import type { PyVersion, RunResult } from '../../src/engine/index';

const HOSTILE_DIR = path.resolve(__dirname, '..', 'hostile');

interface Recording {
  stdout: string;
  exitCode: number;
  exception: string | null;
  line: number | null;
}

interface Snippet {
  id: string;
  filename: string;
  source: string;
  /** the memory-limit header, in MiB (undefined: the simulator's default) */
  memoryLimitMb: number | undefined;
  expected: Partial<Record<PyVersion, Recording>> | null;
}

/** the header the recorder applies as RLIMIT_AS */
export function memoryLimitHeader(source: string): number | undefined {
  const m = /^# pymemsim: memory-limit=(\d+)MB\s*$/m.exec(source);
  return m ? Number(m[1]) : undefined;
}

function load(dir: string): Snippet[] {
  if (!fs.existsSync(dir)) return [];
  const out: Snippet[] = [];
  for (const cat of fs.readdirSync(dir).sort()) {
    const catDir = path.join(dir, cat);
    if (!fs.statSync(catDir).isDirectory()) continue;
    for (const file of fs.readdirSync(catDir).sort()) {
      if (!file.endsWith('.py')) continue;
      const base = file.slice(0, -3);
      const exp = path.join(catDir, base + '.expected.json');
      const source = fs.readFileSync(path.join(catDir, file), 'utf8');
      out.push({
        id: `${cat}/${base}`,
        filename: file,
        source,
        memoryLimitMb: memoryLimitHeader(source),
        expected: fs.existsSync(exp) ? JSON.parse(fs.readFileSync(exp, 'utf8')) : null,
      });
    }
  }
  return out;
}

function versions(): PyVersion[] {
  const env = process.env.PYVER?.trim();
  if (!env) return [...PY_VERSIONS];
  const wanted = env.split(',').map((v) => v.trim()).filter(Boolean);
  for (const v of wanted) if (!isPyVersion(v)) throw new Error(`PYVER: unknown version ${JSON.stringify(v)}`);
  return wanted as PyVersion[];
}

function check(result: RunResult, rec: Recording): void {
  const err = result.error;
  const errText = err ? `${err.type}: ${err.message} (line ${err.line}, ${err.kind})` : 'none';
  assert.strictEqual(result.stdout, rec.stdout, `stdout differs (simulator error: ${errText})`);
  assert.strictEqual(result.exitCode, rec.exitCode, `exit code differs (simulator error: ${errText})`);
  if (rec.exception !== null) {
    assert.ok(err, `expected an uncaught "${rec.exception}", but the run ended normally`);
    assert.strictEqual(err.message ? `${err.type}: ${err.message}` : err.type, rec.exception, 'traceback last line differs');
    assert.strictEqual(err.line, rec.line, 'traceback line differs');
  } else {
    assert.strictEqual(err, null, `unexpected error: ${errText}`);
  }
}

const ALL = load(HOSTILE_DIR);

describe('hostile-input suite', () => {
  it('has recordings for every snippet and version, and a comment on line 1', () => {
    const problems: string[] = [];
    for (const s of ALL) {
      if (!/^# \S/.test(s.source)) problems.push(`${s.id}: line 1 is not a comment`);
      if (!s.expected) { problems.push(`${s.id}: no .expected.json`); continue; }
      for (const v of PY_VERSIONS) if (!s.expected[v]) problems.push(`${s.id}: no recording for ${v}`);
    }
    assert.deepStrictEqual(problems, []);
    assert.ok(ALL.filter((s) => s.id.startsWith('memory/')).length >= 8, 'the memory blowups are missing');
  });

  const filter = process.env.HOSTILE;
  for (const s of ALL) {
    if (filter && !s.id.includes(filter)) continue;
    describe(s.id, () => {
      for (const v of versions()) {
        const rec = s.expected?.[v];
        if (!rec) continue;
        it(v, function () {
          this.timeout(120_000);
          const r = runSource(s.source, { version: v, filename: s.filename, memoryLimitMb: s.memoryLimitMb });
          check(r, rec);
        });
      }
    });
  }
});

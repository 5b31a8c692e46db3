// `npm run fuzz -- --count N --seed S [--python 3.12 ...] [--out DIR] [--corpus] [--no-minimize]`:
// the differential fuzzer. Generates N programs (scripts/fuzz/generate.ts; program i is generated
// from seed S + i), records what real CPython prints for them (scripts/fuzz/record.py, under two
// hash seeds: programs whose output depends on the seed are set aside), runs each in the simulator
// and compares. Each mismatch is minimised (delta debugging over lines, keeping a candidate while
// the simulator still differs from CPython on it in the same way) and written to DIR (default
// fuzz-out/) as a reproducer with the command that turns it into a fixture; mismatches whose
// reproducer matches a known cause (scripts/fuzz/known.ts) are counted under it.
//
// --corpus records on all six versions and writes the programs that match on every version as a
// batch of the committed corpus, test/fuzz/corpus/batch-S.json (replayed by
// test/engine/fuzz-corpus.test.ts).

import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { PY_VERSIONS, isPyVersion } from '../../src/engine/index';
import type { PyVersion } from '../../src/engine/index';
import { generateProgram } from './generate';
import { compactRecordings, simulateAndCompare } from './compare';
import type { CorpusBatch, Recording } from './compare';
import { knownCause } from './known';

const ROOT = path.resolve(__dirname, '..', '..');

interface Args { count: number; seed: number; versions: PyVersion[]; out: string; corpus: boolean; minimize: boolean; jobs: number }

function parseArgs(argv: string[]): Args {
  const a: Args = { count: 100, seed: 1, versions: [], out: path.join(ROOT, 'fuzz-out'), corpus: false, minimize: true, jobs: os.cpus().length };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i];
    const v = () => {
      if (i + 1 >= argv.length) throw new Error(`${k} needs a value`);
      return argv[++i];
    };
    if (k === '--count') a.count = Number(v());
    else if (k === '--seed') a.seed = Number(v());
    else if (k === '--python') {
      const p = v();
      if (!isPyVersion(p)) throw new Error(`--python: unknown version ${p}; expected one of ${PY_VERSIONS.join(', ')}`);
      a.versions.push(p);
    } else if (k === '--out') a.out = path.resolve(v());
    else if (k === '--corpus') a.corpus = true;
    else if (k === '--no-minimize') a.minimize = false;
    else if (k === '--jobs') a.jobs = Number(v());
    else throw new Error(`unknown option ${k}`);
  }
  if (!Number.isInteger(a.count) || a.count < 1) throw new Error('--count must be a positive integer');
  if (!Number.isInteger(a.seed) || a.seed < 0) throw new Error('--seed must be a non-negative integer');
  if (!a.versions.length) a.versions = a.corpus ? [...PY_VERSIONS] : ['3.12'];
  return a;
}

type RecordOut = Record<string, Partial<Record<PyVersion, Recording>> & { hashDependent?: boolean; timeout?: boolean }>;

/** Records the programs with CPython (scripts/fuzz/record.py), in batches so that progress shows. */
function record(programs: { name: string; source: string }[], versions: PyVersion[], jobs: number, workDir: string): RecordOut {
  const out: RecordOut = {};
  const step = 200;
  for (let i = 0; i < programs.length; i += step) {
    const file = path.join(workDir, `batch-${i}.json`);
    fs.writeFileSync(file, JSON.stringify(programs.slice(i, i + step)));
    const r = spawnSync('python3', [path.join(ROOT, 'scripts', 'fuzz', 'record.py'), file, '--jobs', String(jobs), ...versions.flatMap((v) => ['--python', v])], {
      encoding: 'utf8', maxBuffer: 1 << 30,
    });
    if (r.status !== 0) throw new Error(`record.py failed: ${r.stderr}`);
    Object.assign(out, JSON.parse(r.stdout));
    fs.unlinkSync(file);
    process.stderr.write(`  recorded ${Math.min(i + step, programs.length)}/${programs.length}\r`);
  }
  process.stderr.write('\n');
  return out;
}

/** The interpreter binary of pyenv's newest CPython `version` (found once, like record_fixtures.py). */
const exeCache = new Map<PyVersion, string>();
function interpreter(version: PyVersion): string {
  let exe = exeCache.get(version);
  if (!exe) {
    const names = spawnSync('pyenv', ['versions', '--bare'], { encoding: 'utf8' }).stdout.split(/\s+/)
      .filter((n) => n.startsWith(version + '.') && /^\d+\.\d+\.\d+$/.test(n))
      .sort((a, b) => Number(b.split('.')[2]) - Number(a.split('.')[2]));
    const prefix = spawnSync('pyenv', ['prefix', names[0]], { encoding: 'utf8' }).stdout.trim();
    exe = path.join(prefix, 'bin', 'python3');
    exeCache.set(version, exe);
  }
  return exe;
}

/** What CPython `version` does with `source` (one run, PYTHONHASHSEED=0, as record.py runs it). */
function recordOne(source: string, name: string, version: PyVersion, workDir: string): Recording | null {
  const filename = name + '.py';
  fs.writeFileSync(path.join(workDir, filename), source);
  const env: NodeJS.ProcessEnv = { ...process.env, PYTHONHASHSEED: '0', PYTHONDONTWRITEBYTECODE: '1', PYTHONIOENCODING: 'utf-8' };
  for (const k of ['PYTHONPATH', 'PYTHONSTARTUP', 'PYTHONMALLOC', 'PYTHONDEVMODE', 'PYTHONWARNINGS']) delete env[k];
  const r = spawnSync(interpreter(version), ['-X', 'utf8', filename], { cwd: workDir, env, encoding: 'utf8', timeout: 30_000 });
  if (r.status === null) return null;
  const lines = r.stderr.split('\n').filter((l) => l.trim());
  let exception: string | null = null;
  let line: number | null = null;
  if (lines.some((l) => l.startsWith('Traceback (most recent call last):'))) {
    exception = lines[lines.length - 1];
    for (const l of lines) {
      const m = /^  File "([^"]*)", line (\d+)/.exec(l);
      if (m && path.basename(m[1]) === filename) line = Number(m[2]);
    }
  }
  return { stdout: r.stdout, exitCode: r.status, exception, line };
}

const exceptionType = (rec: Recording) => rec.exception?.split(':')[0] ?? null;

/** Delta debugging over lines: the smallest program (1-minimal in lines) on which the simulator
 *  still differs from CPython `version`, CPython still parses it and ends the same way. */
function minimise(source: string, name: string, version: PyVersion, original: Recording, workDir: string): { source: string; diff: string } {
  const header = 'import sys, gc';
  let lines = source.split('\n').filter((l) => l !== '' && l !== header);
  let best = { source, diff: simulateAndCompare(source, name + '.py', version, original) ?? '' };
  const cache = new Map<string, string | null>();
  const test = (cand: string[]): string | null => {
    const src = [header, ...cand].join('\n') + '\n';
    if (cache.has(src)) return cache.get(src)!;
    let res: string | null = null;
    const rec = recordOne(src, name, version, workDir);
    if (rec && rec.exitCode === original.exitCode && exceptionType(rec) === exceptionType(original)) {
      res = simulateAndCompare(src, name + '.py', version, rec);
    }
    cache.set(src, res);
    return res;
  };
  // first whole top-level statements (a line at column 0 with its indented lines and its
  // except/else/finally/elif clauses), then ddmin over single lines
  const groups = (ls: string[]): string[][] => {
    const out: string[][] = [];
    for (const l of ls) {
      if (!out.length || (!/^\s/.test(l) && !/^(except|else|finally|elif)\b/.test(l))) out.push([l]);
      else out[out.length - 1].push(l);
    }
    return out;
  };
  for (let changed = true; changed;) {
    changed = false;
    const gs = groups(lines);
    for (let i = gs.length - 1; i >= 0 && gs.length > 1; i--) {
      const cand = gs.filter((_, j) => j !== i).flat();
      const d = test(cand);
      if (d) {
        gs.splice(i, 1);
        lines = cand;
        best = { source: [header, ...cand].join('\n') + '\n', diff: d };
        changed = true;
      }
    }
  }
  let n = 2;
  while (lines.length >= 2) {
    const size = Math.ceil(lines.length / n);
    let reduced = false;
    for (let start = 0; start < lines.length; start += size) {
      const cand = [...lines.slice(0, start), ...lines.slice(start + size)];
      const d = test(cand);
      if (d) {
        lines = cand;
        best = { source: [header, ...cand].join('\n') + '\n', diff: d };
        n = Math.max(n - 1, 2);
        reduced = true;
        break;
      }
    }
    if (!reduced) {
      if (size <= 1) break;
      n = Math.min(n * 2, lines.length);
    }
  }
  return best;
}

function main(): number {
  const args = parseArgs(process.argv.slice(2));
  fs.mkdirSync(args.out, { recursive: true });
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pymemsim-fuzz-'));
  const t0 = Date.now();
  const programs = Array.from({ length: args.count }, (_, i) => ({ name: `p${args.seed + i}`, source: generateProgram(args.seed + i) }));
  console.log(`generated ${programs.length} programs (seeds ${args.seed}..${args.seed + args.count - 1}); recording on ${args.versions.join(', ')}`);
  const recs = record(programs, args.versions, args.jobs, workDir);
  const t1 = Date.now();
  console.log(`recorded in ${((t1 - t0) / 1000).toFixed(1)} s`);

  let skipped = 0, timeouts = 0, invalid = 0, matched = 0;
  const mismatches: { name: string; source: string; version: PyVersion; diff: string }[] = [];
  const good: CorpusBatch['programs'] = [];
  for (const p of programs) {
    const rec = recs[p.name];
    if (!rec || rec.hashDependent) { skipped++; continue; }
    if (rec.timeout) { timeouts++; continue; }
    if (args.versions.some((v) => rec[v]!.exitCode !== 0 && rec[v]!.exception === null)) { invalid++; continue; }
    let bad: { version: PyVersion; diff: string } | null = null;
    for (const v of args.versions) {
      const d = simulateAndCompare(p.source, p.name + '.py', v, rec[v]!);
      if (d) { bad = { version: v, diff: d }; break; }
    }
    if (bad) mismatches.push({ name: p.name, source: p.source, ...bad });
    else {
      matched++;
      good.push({ name: p.name, source: p.source, expected: compactRecordings(rec, args.versions) });
    }
  }
  console.log(`compared in ${((Date.now() - t1) / 1000).toFixed(1)} s`);

  const byCause = new Map<string, string[]>();
  for (const m of mismatches) {
    let repro = { source: m.source, diff: m.diff };
    if (args.minimize) repro = minimise(m.source, m.name, m.version, recs[m.name][m.version]!, workDir);
    const cause = knownCause(repro.source, repro.diff);
    const key = cause ? `known: ${cause}` : `new: ${repro.diff.replace(/"[^"]*"/g, '…').slice(0, 80)}`;
    const file = path.join(args.out, `${m.name}-${m.version}.py`);
    fs.writeFileSync(file, `# fuzz reproducer ${m.name} (${m.version}): ${repro.diff.replace(/\n/g, ' ')}\n${repro.source}`);
    byCause.set(key, [...(byCause.get(key) ?? []), path.relative(process.cwd(), file)]);
  }

  if (args.corpus && good.length) {
    const dir = path.join(ROOT, 'test', 'fuzz', 'corpus');
    fs.mkdirSync(dir, { recursive: true });
    const batch: CorpusBatch = {
      about: `npm run fuzz -- --count ${args.count} --seed ${args.seed} --corpus: the programs that matched on ${args.versions.join(', ')}`,
      programs: good,
    };
    const file = path.join(dir, `batch-${args.seed}.json`);
    fs.writeFileSync(file, JSON.stringify(batch, null, 0).replace(/\},\{"name"/g, '},\n{"name"') + '\n');
    console.log(`corpus: ${good.length} programs written to ${path.relative(process.cwd(), file)}`);
  }

  console.log(`\ngenerated ${programs.length}, skipped ${skipped} (hash-seed dependent)${timeouts ? `, ${timeouts} timed out` : ''}${invalid ? `, ${invalid} refused by CPython's compiler (generator bugs)` : ''}, matched ${matched}, mismatched ${mismatches.length}`);
  for (const [cause, files] of [...byCause].sort((a, b) => b[1].length - a[1].length)) {
    console.log(`  ${files.length} x ${cause}`);
    for (const f of files.slice(0, 5)) console.log(`      ${f}`);
  }
  if (mismatches.length) {
    console.log(`\nA reproducer becomes a fixture: copy it to test/fixtures/<topic>/<name>.py, make its first line a`);
    console.log(`comment saying what it shows, then run: python3 scripts/record_fixtures.py test/fixtures/<topic>/<name>.py`);
  }
  fs.rmSync(workDir, { recursive: true, force: true });
  return mismatches.length ? 1 : 0;
}

process.exitCode = main();

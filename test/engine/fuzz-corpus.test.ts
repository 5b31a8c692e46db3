// The differential fuzzer's recorded corpus: every program in test/fuzz/corpus/*.json (generated
// by scripts/fuzz/generate.ts, recorded on real CPython 3.8 to 3.13 by scripts/fuzz/record.py,
// written by `npm run fuzz -- --corpus`) is run by the simulator as each version and compared with
// that interpreter's recording exactly, as the fixtures are: stdout, the exit code, and an uncaught
// exception's last line and line. The runs are shared among worker threads (one per CPU, at most
// 4; the worker is scripts/fuzz/replay-worker.ts bundled by esbuild), then each batch and version
// is checked.
//
// Filters (environment variables): FUZZ=substring of a program's name, PYVER=3.12 (or a comma list).

import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Worker } from 'worker_threads';
import { PY_VERSIONS, isPyVersion } from '../../src/engine/index';
import type { PyVersion } from '../../src/engine/index';
import { recordingOf } from '../../scripts/fuzz/compare';
import type { CorpusBatch } from '../../scripts/fuzz/compare';
import type { ReplayJob, ReplayResult } from '../../scripts/fuzz/replay-worker';

const ROOT = path.resolve(__dirname, '..', '..');
const CORPUS_DIR = path.join(ROOT, 'test', 'fuzz', 'corpus');

const BATCHES: { file: string; batch: CorpusBatch }[] = fs.existsSync(CORPUS_DIR)
  ? fs.readdirSync(CORPUS_DIR).filter((f) => f.endsWith('.json')).sort()
    .map((f) => ({ file: f, batch: JSON.parse(fs.readFileSync(path.join(CORPUS_DIR, f), 'utf8')) as CorpusBatch }))
  : [];

function selectedVersions(): PyVersion[] {
  const env = process.env.PYVER?.trim();
  if (!env) return [...PY_VERSIONS];
  const wanted = env.split(',').map((v) => v.trim()).filter(Boolean);
  for (const v of wanted) if (!isPyVersion(v)) throw new Error(`PYVER: unknown version ${JSON.stringify(v)}`);
  return wanted as PyVersion[];
}

function runWorker(script: string, jobs: ReplayJob[]): Promise<ReplayResult[]> {
  return new Promise((resolve, reject) => {
    const w = new Worker(script, { workerData: { jobs } });
    w.once('message', (m: ReplayResult[]) => resolve(m));
    w.once('error', reject);
    w.once('exit', (code) => { if (code !== 0) reject(new Error(`replay worker exited with ${code}`)); });
  });
}

describe('fuzz corpus', () => {
  const all = BATCHES.flatMap((b) => b.batch.programs);

  it('has at least 500 programs, each recorded on all six versions', () => {
    assert.ok(all.length >= 500, `only ${all.length} programs under ${CORPUS_DIR}`);
    const problems: string[] = [];
    for (const p of all) {
      for (const v of PY_VERSIONS) {
        const rec = recordingOf(p.expected, v);
        if (!rec || typeof rec.stdout !== 'string' || typeof rec.exitCode !== 'number') problems.push(`${p.name}: no recording for ${v}`);
      }
    }
    assert.deepStrictEqual(problems, []);
    assert.strictEqual(new Set(all.map((p) => p.name)).size, all.length, 'program names are unique');
  });

  const filter = process.env.FUZZ;
  const versions = selectedVersions();
  const groups: { key: string; count: number }[] = [];
  const jobs: ReplayJob[] = [];
  for (const v of versions) {
    for (const { file, batch } of BATCHES) {
      const key = `${file}: as ${v}`;
      const programs = batch.programs.filter((p) => !filter || p.name.includes(filter));
      if (!programs.length) continue;
      groups.push({ key, count: programs.length });
      for (const p of programs) jobs.push({ key, name: p.name, source: p.source, version: v, rec: recordingOf(p.expected, v)! });
    }
  }

  const results = new Map<string, string[]>();
  let dir = '';
  before(async function () {
    this.timeout(0);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pymemsim-fuzz-replay-'));
    const script = path.join(dir, 'replay-worker.js');
    const esbuild = await import('esbuild');
    await esbuild.build({
      entryPoints: [path.join(ROOT, 'scripts', 'fuzz', 'replay-worker.ts')],
      bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile: script, logLevel: 'warning',
    });
    // round-robin shares, so that each worker gets a mix of versions and program sizes
    const n = Math.max(1, Math.min(4, os.availableParallelism?.() ?? os.cpus().length, jobs.length));
    const shares: ReplayJob[][] = Array.from({ length: n }, () => []);
    jobs.forEach((j, i) => shares[i % n].push(j));
    const done = await Promise.all(shares.map((s) => runWorker(script, s)));
    for (const r of done.flat()) {
      if (!results.has(r.key)) results.set(r.key, []);
      if (r.diff) results.get(r.key)!.push(`${r.name}: ${r.diff}`);
    }
  });
  after(() => { if (dir) fs.rmSync(dir, { recursive: true, force: true }); });

  for (const g of groups) {
    it(`${g.key} (${g.count} programs)`, () => {
      const bad = results.get(g.key);
      assert.ok(bad, `no results for ${g.key}`);
      assert.deepStrictEqual(bad, [], `programs that differ from CPython (rerun one with FUZZ=<name> PYVER=<version>)`);
    });
  }
});

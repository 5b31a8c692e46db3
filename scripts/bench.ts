// `npm run bench`: the simulator with the full step trace against real CPython 3.12 on a few
// workloads. For each: wall time of both and their ratio, peak memory (RSS and JS heap of the
// engine's process, ru_maxrss of CPython's), the trace's size per step, and the time to rebuild a
// snapshot at random steps (the first time, and again), and the time to make the memory panel's
// view of those steps (stepView: the first time, then the next step, as a panel stepping through
// the run asks for it) with the size of its JSON; for workloads 1 and 3, the time to an exact
// view of a step between two sparse checkpoints by a replay of the run (a fresh replay to a random
// step, then the step after it, in slices of 2,000 line steps as the worker runs them); and the
// time to compute the Memory tab's series (4,000 min/max buckets of the whole run, then of a
// tenth of it) with the heap log's share of the trace. Targets
// (reported, never enforced): within 3x of CPython's wall time, a snapshot rebuilt in under
// 50 ms, a view made in under 150 ms, a trace under 64 bytes per step.
//
// Each engine run happens in a child process of its own, so that peak memory is per workload, and
// runs the engine bundled by esbuild, as the extension and the CLI ship it.

import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

interface Workload { name: string; source: string }

const WORKLOADS: Workload[] = [
  {
    name: '1. 1M str in a list, then del',
    source: 'xs = [str(i) for i in range(1_000_000)]\ndel xs\n',
  },
  {
    name: '2a. 100k s += "x" in a function',
    source: 'def f():\n    s = ""\n    for i in range(100_000):\n        s += "x"\n    return s\nprint(len(f()))\n',
  },
  {
    name: '2b. 100k appends and "".join',
    source: 'def g():\n    parts = []\n    for i in range(100_000):\n        parts.append("x")\n    return "".join(parts)\nprint(len(g()))\n',
  },
  {
    name: '3. 200k instances in cycles, gc.collect()',
    source: [
      'import gc',
      'class Node:',
      '    def __init__(self):',
      '        self.peer = None',
      'nodes = []',
      'for i in range(100_000):',
      '    a = Node()',
      '    b = Node()',
      '    a.peer = b',
      '    b.peer = a',
      '    nodes.append(a)',
      'del nodes, a, b',
      'print(gc.collect())',
      '',
    ].join('\n'),
  },
  {
    name: '4. fib(25), recursive',
    source: 'def fib(n):\n    if n < 2:\n        return n\n    return fib(n - 1) + fib(n - 2)\nprint(fib(25))\n',
  },
];

interface EngineFigures {
  ms: number;
  steps: number;
  traceBytes: number;
  rssMiB: number;
  heapMiB: number;
  rebuildAvg: number;
  rebuildMax: number;
  warmAvg: number;
  warmMax: number;
  viewAvg: number;
  viewMax: number;
  nextAvg: number;
  nextMax: number;
  viewKiB: number;
  exactSteps: number;
  /** the Memory tab's series (TraceRecorder.memorySeries, 4,000 buckets): of the whole run, the
   *  first time and the median of five; of a tenth of the run at a random place (median of five);
   *  the heap log's bytes per step */
  seriesFirst: number;
  seriesMedian: number;
  seriesZoom: number;
  heapLogBytes: number;
  /** exact views by replay (workloads 1 and 3): to a random step from the start, then the next */
  replay: { randomAvg: number; randomMax: number; nextAvg: number; nextMax: number } | null;
  stdout: string;
}

/** the workloads whose exact views by replay are timed (indexes into WORKLOADS) */
const REPLAYED = [0, 3];

interface PythonFigures { ms: number; maxrssMiB: number; stdout: string }

/** child mode: run one workload in the engine with the trace, print the figures as JSON */
function child(index: number): void {
  // loaded here so the parent process stays small
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const { Session } = require('../src/engine/interp/run') as typeof import('../src/engine/interp/run');
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const { Replay, TraceRecorder, stepView } = require('../src/engine/trace') as typeof import('../src/engine/trace');
  const w = WORKLOADS[index];
  let peakHeap = 0;
  const timer = setInterval(() => { peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed); }, 20);
  const t0 = performance.now();
  const s = new Session(w.source, { version: '3.12', filename: 'bench.py' });
  const rec = new TraceRecorder(s);
  const result = s.finish();
  rec.finish();
  const ms = performance.now() - t0;
  clearInterval(timer);
  peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  if (result.stderr) throw new Error(result.stderr);
  // rebuilds at random steps (seeded, so runs compare), and the last step
  let seed = 12345;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const picks = [...Array.from({ length: 6 }, () => Math.floor(rand() * rec.steps)), rec.steps];
  const rebuild = (): number[] => picks.map((n) => {
    const t = performance.now();
    const snap = rec.snapshot(n);
    const ms = performance.now() - t;
    if (snap.step !== n) throw new Error('bad snapshot');
    return ms;
  });
  // the first rebuilds pay for compiling the rebuild code and for fresh memory; a panel that
  // scrubs through a run keeps both, so the same steps rebuilt again are reported too
  const times = rebuild();
  const warm = rebuild();
  // the panel's view of the same steps, then of the step after each (its census moves by what
  // changed in between)
  let viewBytes = 0;
  const view = (n: number): number => {
    const t = performance.now();
    const v = stepView(rec, { step: n });
    const ms = performance.now() - t;
    viewBytes = Math.max(viewBytes, JSON.stringify(v).length);
    return ms;
  };
  const views: number[] = [], nexts: number[] = [];
  for (const n of picks) {
    views.push(view(n));
    nexts.push(view(Math.min(rec.steps, n + 1)));
  }
  const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  // the memory chart's series, as the worker computes them for the panel's Memory tab
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const timed = (f: () => unknown): number => { const t = performance.now(); f(); return performance.now() - t; };
  const seriesFirst = timed(() => rec.memorySeries(0, rec.steps, 4000));
  const seriesTimes = Array.from({ length: 5 }, () => timed(() => rec.memorySeries(0, rec.steps, 4000)));
  const zoomTimes = Array.from({ length: 5 }, () => {
    const a = Math.floor(rand() * rec.steps * 0.9);
    return timed(() => rec.memorySeries(a, a + Math.ceil(rec.steps / 10), 4000));
  });
  // exact views by replay: a new replay (a session of its own) to each of three random steps that
  // fall between checkpoints, then the step after each
  let replay: EngineFigures['replay'] = null;
  if (REPLAYED.includes(index)) {
    const randoms: number[] = [], nexts1: number[] = [];
    const targets = Array.from({ length: 40 }, () => Math.floor(rand() * (rec.steps - 1))).filter((n) => !rec.exactAt(n)).slice(0, 3);
    const exactly = (r: InstanceType<typeof Replay>, step: number): number => {
      const t = performance.now();
      let v = null;
      while (!v) v = r.advance({ step, exact: true }, 2_000);
      if (!v.exact || v.step !== step) throw new Error('bad exact view');
      return performance.now() - t;
    };
    for (const n of targets) {
      const r = new Replay(rec, w.source, { version: '3.12', filename: 'bench.py' });
      randoms.push(exactly(r, n));
      nexts1.push(exactly(r, n + 1));
    }
    replay = { randomAvg: avg(randoms), randomMax: Math.max(...randoms), nextAvg: avg(nexts1), nextMax: Math.max(...nexts1) };
  }
  const figures: EngineFigures = {
    ms,
    steps: rec.steps,
    traceBytes: rec.byteSize(),
    rssMiB: process.resourceUsage().maxRSS / 1024,
    heapMiB: peakHeap / 2 ** 20,
    rebuildAvg: times.reduce((a, b) => a + b, 0) / times.length,
    rebuildMax: Math.max(...times),
    warmAvg: warm.reduce((a, b) => a + b, 0) / warm.length,
    warmMax: Math.max(...warm),
    viewAvg: avg(views),
    viewMax: Math.max(...views),
    nextAvg: avg(nexts),
    nextMax: Math.max(...nexts),
    viewKiB: viewBytes / 1024,
    exactSteps: rec.stats().denseUntil + 1,
    seriesFirst,
    seriesMedian: med(seriesTimes),
    seriesZoom: med(zoomTimes),
    heapLogBytes: rec.heapLog.bytes,
    replay,
    stdout: result.stdout,
  };
  process.stdout.write(JSON.stringify(figures));
}

const PY_WRAPPER = `
import resource, sys, time
src = open(sys.argv[1]).read()
t = time.perf_counter()
exec(compile(src, "bench.py", "exec"), {"__name__": "__main__"})
ms = (time.perf_counter() - t) * 1000
sys.stdout.flush()
print("\\n@@", ms, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
`;

function python(w: Workload, dir: string): PythonFigures | string {
  const file = path.join(dir, 'w.py');
  const wrapper = path.join(dir, 'wrap.py');
  fs.writeFileSync(file, w.source);
  fs.writeFileSync(wrapper, PY_WRAPPER);
  const r = spawnSync('python3', [wrapper, file], { encoding: 'utf8', env: { ...process.env, PYENV_VERSION: '3.12.1' } });
  if (r.error || r.status !== 0) return `CPython 3.12 not run (${r.error ? r.error.message : r.stderr.trim().split('\n').pop()})`;
  const m = /\n@@ ([0-9.]+) (\d+)\n$/.exec(r.stdout);
  if (!m) return 'CPython 3.12 not run (no timing line)';
  return { ms: Number(m[1]), maxrssMiB: Number(m[2]) / 1024, stdout: r.stdout.slice(0, m.index) };
}

function pythonVersion(): string | null {
  const r = spawnSync('python3', ['-c', 'import sys; print(sys.version.split()[0])'], { encoding: 'utf8', env: { ...process.env, PYENV_VERSION: '3.12.1' } });
  return r.status === 0 ? r.stdout.trim() : null;
}

/** the bench bundled as the extension and the CLI ship the engine (one esbuild bundle) */
function bundle(dir: string): string {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const esbuild = require('esbuild') as typeof import('esbuild');
  const out = path.join(dir, 'bench.js');
  esbuild.buildSync({ entryPoints: [__filename], bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile: out, logLevel: 'warning', external: ['esbuild'] });
  return out;
}

function engine(index: number, bundled: string): EngineFigures {
  const r = spawnSync(process.execPath, ['--max-old-space-size=8192', bundled, '--child', String(index)], {
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  });
  if (r.status !== 0) throw new Error(`engine run of ${WORKLOADS[index].name} failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as EngineFigures;
}

/** child mode: the engine's parts on their own (the parser, pymalloc), as JSON */
function micro(): void {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const { parse } = require('../src/engine/parser') as typeof import('../src/engine/parser');
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const { Obmalloc, OBMALLOC_PROFILES } = require('../src/engine/memory/obmalloc') as typeof import('../src/engine/memory/obmalloc');
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  // a 2,000-line file (the editor's background simulation parses on every change)
  const chunk = 'def f(a, b=2):\n    x = [i * b for i in range(a) if i % 2]\n    return {k: v for k, v in zip(x, x)}\n\ny = f(10)\n';
  const src = chunk.repeat(400);
  const parses: number[] = [];
  for (let i = 0; i < 7; i++) {
    const t = performance.now();
    if (parse(src, '3.12').body.length !== 800) throw new Error('the 2,000-line file did not parse into its 800 statements');
    parses.push(performance.now() - t);
  }
  // 1M pymalloc malloc+free pairs beside 5,000 live blocks
  const pairs: number[] = [];
  for (let run = 0; run < 5; run++) {
    const o = new Obmalloc(OBMALLOC_PROFILES['3.12']);
    for (let i = 0; i < 5000; i++) o.malloc(16 + (i % 200));
    const t = performance.now();
    for (let i = 0; i < 1_000_000; i++) o.free(o.malloc(24 + (i & 255)));
    pairs.push(performance.now() - t);
    if (o.allocatedBlocks() !== 5000) throw new Error('pymalloc lost count of its blocks');
  }
  process.stdout.write(JSON.stringify({ parseFirst: parses[0], parseMedian: median(parses.slice(1)), pairsMedian: median(pairs) }));
}

function main(): void {
  const childAt = process.argv.indexOf('--child');
  if (childAt >= 0) {
    child(Number(process.argv[childAt + 1]));
    return;
  }
  if (process.argv.includes('--micro')) {
    micro();
    return;
  }
  const only = process.argv.slice(2).filter((a) => /^\d+$/.test(a)).map(Number);
  const pyv = pythonVersion();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pymemsim-bench-'));
  console.log(`pymemsim bench: engine (simulating 3.12, full step trace) vs ${pyv && pyv.startsWith('3.12') ? `CPython ${pyv}` : 'CPython 3.12 (not available: its columns are skipped)'}`);
  console.log(`node ${process.version}, ${os.cpus()[0]?.model ?? 'cpu'}; targets: ratio <= 3, rebuild < 50 ms, view < 150 ms, trace < 64 B/step\n`);
  let micros: { parseFirst: number; parseMedian: number; pairsMedian: number } | null = null;
  const rows: string[][] = [[
    'workload', 'steps', 'engine ms', 'CPython ms', 'ratio', 'engine RSS/heap MiB', 'CPython maxrss MiB', 'trace B/step',
    'rebuild avg/max ms', 'again avg/max ms', 'view avg/max ms', 'next view avg/max ms', 'view KiB', 'exact steps',
    'exact view by replay avg/max ms', 'exact next avg/max ms', 'memory series first/median/zoom ms', 'of which heap log B/step',
  ]];
  try {
    const bundled = bundle(dir);
    const m = spawnSync(process.execPath, [bundled, '--micro'], { encoding: 'utf8' });
    if (m.status !== 0) throw new Error(`the engine's parts failed: ${m.stderr}`);
    micros = JSON.parse(m.stdout);
    WORKLOADS.forEach((w, i) => {
      if (only.length && !only.includes(i + 1)) return;
      const e = engine(i, bundled);
      const p = pyv && pyv.startsWith('3.12') ? python(w, dir) : 'CPython 3.12 not available';
      const pf = typeof p === 'string' ? null : p;
      if (pf && pf.stdout !== e.stdout) console.log(`note: ${w.name}: outputs differ: engine ${JSON.stringify(e.stdout)}, CPython ${JSON.stringify(pf.stdout)}`);
      if (typeof p === 'string') console.log(`note: ${w.name}: ${p}`);
      rows.push([
        w.name,
        String(e.steps),
        e.ms.toFixed(0),
        pf ? pf.ms.toFixed(0) : '-',
        pf ? (e.ms / pf.ms).toFixed(1) + 'x' : '-',
        `${e.rssMiB.toFixed(0)} / ${e.heapMiB.toFixed(0)}`,
        pf ? pf.maxrssMiB.toFixed(1) : '-',
        (e.traceBytes / Math.max(1, e.steps)).toFixed(1),
        `${e.rebuildAvg.toFixed(1)} / ${e.rebuildMax.toFixed(1)}`,
        `${e.warmAvg.toFixed(1)} / ${e.warmMax.toFixed(1)}`,
        `${e.viewAvg.toFixed(1)} / ${e.viewMax.toFixed(1)}`,
        `${e.nextAvg.toFixed(1)} / ${e.nextMax.toFixed(1)}`,
        e.viewKiB.toFixed(1),
        e.exactSteps >= e.steps ? 'all' : `0..${e.exactSteps - 1} + checkpoints`,
        e.replay ? `${e.replay.randomAvg.toFixed(0)} / ${e.replay.randomMax.toFixed(0)}` : '-',
        e.replay ? `${e.replay.nextAvg.toFixed(1)} / ${e.replay.nextMax.toFixed(1)}` : '-',
        `${e.seriesFirst.toFixed(1)} / ${e.seriesMedian.toFixed(1)} / ${e.seriesZoom.toFixed(1)}`,
        (e.heapLogBytes / Math.max(1, e.steps)).toFixed(1),
      ]);
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  for (const r of rows) console.log(r.map((v, c) => (c === 0 ? v.padEnd(widths[c]) : v.padStart(widths[c]))).join('  '));
  if (micros) {
    console.log(`\nparse a 2,000-line file: first ${micros.parseFirst.toFixed(1)} ms, then median ${micros.parseMedian.toFixed(1)} ms`);
    console.log(`pymalloc: 1M malloc+free pairs beside 5,000 live blocks: median ${micros.pairsMedian.toFixed(1)} ms`);
  }
}

main();

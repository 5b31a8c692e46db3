// `pymemsim map`: the simulated memory at one step of a run, as text. The size-class table is
// what sys._debugmallocstats() prints for pymalloc; then a picture of the arenas (one line per
// arena, one character per pool), the frames with their locals, the largest live objects and the
// collector's counts. Pure: the caller runs the program and passes the snapshot.

import { Session, MemorySnapshot, TraceRecorder, objectColumns, objectIndex, reprAt, runAt } from '../engine';
import type { PyVersion } from '../engine';

/** one character per size class index: 0-9, a-z, A-Z, then @ and # (up to 64 classes) */
const CLASS_CHARS = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ@#';

const hex = (n: number) => '0x' + n.toString(16);

export interface MapRun {
  snapshot: MemorySnapshot;
  /** sys._debugmallocstats()'s pymalloc part at that step */
  mallocStats: string;
  stdout: string;
  stderr: string;
  exitCode: number;
  /** the run's trace (the HTML report reads its view and series) */
  rec: TraceRecorder;
}

/**
 * Runs `source` with the step trace, pausing after `step` line steps (null: to the end) to read
 * the allocator's statistics there, then to the end so the total is known.
 */
export function mapRun(source: string, opts: { version: PyVersion; filename: string; maxSteps: number; memoryLimitMb?: number; step: number | null }): MapRun | null {
  const s = new Session(source, { version: opts.version, filename: opts.filename, maxSteps: opts.maxSteps, memoryLimitMb: opts.memoryLimitMb });
  if (!s.runtime) return null;
  const rec = new TraceRecorder(s);
  let stats: string | null = null;
  let at = -1;
  if (opts.step !== null && opts.step >= 0) {
    const done = opts.step === 0 ? false : s.step(opts.step);
    if (!done) {
      rec.capture(s.line);
      at = s.runtime.steps;
      stats = s.runtime.heap.debugMallocStats();
    }
  }
  const result = s.finish();
  rec.finish();
  if (stats === null) {
    stats = s.runtime.heap.debugMallocStats();
    at = rec.steps;
  }
  return { snapshot: rec.snapshot(at), mallocStats: stats, stdout: result.stdout, stderr: result.stderr, exitCode: result.exitCode, rec };
}

/** the text of `pymemsim map` */
export function formatMap(snap: MemorySnapshot, mallocStats: string, maxObjects = 20): string {
  const out: string[] = [];
  const where = snap.finished ? 'the end of the run' : `next line ${snap.line}`;
  out.push(`== simulated CPython ${snap.pythonVersion}: step ${snap.step} of ${snap.totalSteps}, ${where}${snap.exact ? '' : ` (approximate: checkpoint at step ${snap.checkpointStep})`}\n`);
  out.push('\n== sys._debugmallocstats() (pymalloc)\n');
  out.push(mallocStats);
  out.push(arenaPicture(snap));
  out.push(framesText(snap));
  out.push(objectsText(snap, maxObjects));
  const g = snap.gc;
  out.push(`\n== gc: counts (${g.count.join(', ')}), thresholds (${g.threshold.join(', ')})\n`);
  return out.join('');
}

function arenaPicture(snap: MemorySnapshot): string {
  const h = snap.heap;
  const out: string[] = [];
  out.push(`\n== arenas (${h.arenas.length} x ${h.arenaSize / 1024} KiB) and pools (${h.poolSize / 1024} KiB)\n`);
  const classes = new Map<number, number>();
  const width = Math.max(0, ...h.arenas.map((a) => a.ntotalpools));
  for (const a of h.arenas) {
    let row = '';
    let state = '';
    for (const p of a.pools) {
      if (p.state === 'empty' || p.szidx === 0xffff) {
        row += '.';
        state += '.';
        continue;
      }
      classes.set(p.szidx, p.blockSize);
      row += CLASS_CHARS[p.szidx] ?? '?';
      state += p.state === 'full' ? '#' : '+';
    }
    const used = a.pools.filter((p) => p.state !== 'empty').length;
    const label = `arena ${hex(a.address)} ${String(used).padStart(3)}/${a.ntotalpools} pools`;
    out.push(`${label}  |${row.padEnd(width)}|\n`);
    out.push(`${' '.repeat(label.length)}  |${state.padEnd(width)}|\n`);
  }
  const legend = [...classes].sort((x, y) => x[0] - y[0]).map(([i, bs]) => `${CLASS_CHARS[i]}=${bs}`).join(' ');
  out.push(`legend: first row, the size class of each pool (${legend || 'none in use'}); '.' an empty pool;\n`);
  out.push(`        second row, '#' a full pool, '+' a pool with free blocks; blank, pools not carved yet\n`);
  const rawBytes = h.raw.reduce((n, c) => n + c.size, 0);
  out.push(`raw malloc chunks (requests over 512 bytes): ${h.raw.length}, ${rawBytes} bytes\n`);
  out.push(`allocated blocks: ${h.allocatedBlocks}\n`);
  return out.join('');
}

function framesText(snap: MemorySnapshot): string {
  const out: string[] = ['\n== frames (outermost first)\n'];
  if (!snap.frames.length) out.push('(none: the run has ended)\n');
  const idx = objectIndex(snap);
  for (const f of snap.frames) {
    out.push(`${f.name}  line ${f.line}\n`);
    for (const l of f.locals) {
      if (!l.id) { out.push(`    ${l.name} (unbound)\n`); continue; }
      const i = idx.get(l.id);
      const what = i === undefined ? '' : ` ${snap.objects.typeNames[runAt(snap.objects.type, i)!]} ${reprAt(snap, i) ?? ''}`;
      out.push(`    ${l.name} = ${hex(l.id)}${what}\n`);
    }
  }
  return out.join('');
}

function objectsText(snap: MemorySnapshot, max: number): string {
  const o = snap.objects;
  const c = objectColumns(snap);
  const order: number[] = [];
  const pre = new Set(o.preexisting);
  for (let i = 0; i < o.count; i++) if (!pre.has(i)) order.push(i);
  order.sort((a, b) => c.size[b] - c.size[a] || c.id[a] - c.id[b]);
  const out: string[] = [`\n== objects: ${order.length} live on the heap${order.length > max ? `, the ${max} largest` : ''}\n`];
  out.push(`${'id'.padEnd(16)} ${'type'.padEnd(14)} ${'size'.padStart(7)} ${'refcnt'.padStart(7)} gen  repr\n`);
  for (const i of order.slice(0, max)) {
    const g = c.gen[i], r = c.refcnt[i];
    const gen = g === -1 ? '-' : g === -2 ? '?' : g === 3 ? 'P' : String(g);
    const rc = r < 0 ? '?' : r >= 2 ** 49 ? 'immortal' : String(r);
    const type = o.typeNames[c.type[i]];
    out.push(`${hex(c.id[i]).padEnd(16)} ${type.slice(0, 14).padEnd(14)} ${String(c.size[i]).padStart(7)} ${rc.padStart(7)} ${gen.padStart(3)}  ${reprAt(snap, i) ?? ''}\n`);
  }
  return out.join('');
}

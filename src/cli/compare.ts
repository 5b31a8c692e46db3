// `pymemsim compare`: one step of a program on two CPython versions, side by side, as a table of
// what differs: per object (matched by the program's names and the paths from them), per size
// class of pymalloc, the arenas and pools, the collector's counts and thresholds. Nothing but one
// line when nothing differs. The comparison is src/shared/compare.ts; this runs the two versions
// and writes the text.

import { Session, TraceRecorder, compareSide, sameLineStep } from '../engine';
import type { PyVersion } from '../engine';
import { Comparison, blocksText, compare, defaultCompareStep } from '../shared/compare';
import type { CompareObjectCell, CompareObjectField } from '../shared/compare';

export interface CompareRun {
  comparison: Comparison;
  /** a note for the reader (the runs' step counts differ), or null */
  note: string | null;
}

function record(source: string, version: PyVersion, filename: string, maxSteps: number, memoryLimitMb?: number): TraceRecorder | null {
  const s = new Session(source, { version, filename, maxSteps, memoryLimitMb });
  if (!s.runtime) return null;
  const rec = new TraceRecorder(s);
  s.finish();
  rec.finish();
  return rec;
}

/**
 * Runs `source` on both versions with the step trace and compares step `step` of the first (null:
 * its last state with frames) with the step of the second matched by number or by line. Null when
 * the program does not compile on one of them: `failed` says which.
 */
export function compareRun(source: string, opts: {
  versions: [PyVersion, PyVersion]; filename: (v: PyVersion) => string; maxSteps: number; memoryLimitMb?: number; step: number | null; match: 'step' | 'line';
}): CompareRun | { failed: PyVersion } {
  const recs: TraceRecorder[] = [];
  for (const v of opts.versions) {
    const r = record(source, v, opts.filename(v), opts.maxSteps, opts.memoryLimitMb);
    if (!r) return { failed: v };
    recs.push(r);
  }
  const [ra, rb] = recs;
  const stepA = Math.min(opts.step ?? defaultCompareStep(ra.steps), ra.steps);
  let note: string | null = null;
  let stepB: number;
  if (opts.match === 'line') {
    const s = sameLineStep(ra, stepA, rb);
    if (s === null) {
      stepB = Math.min(stepA, rb.steps);
      note = `CPython ${opts.versions[1]} never runs line ${ra.lineAt(stepA)}: compared at the same step number`;
    } else stepB = s;
  } else {
    stepB = opts.step === null ? defaultCompareStep(rb.steps) : Math.min(stepA, rb.steps);
    if (ra.steps !== rb.steps && opts.step !== null) note = `the runs have ${ra.steps} and ${rb.steps} steps: --match line compares the steps that run the same line`;
  }
  return { comparison: compare(compareSide(ra, stepA), compareSide(rb, stepB)), note };
}

const FIELD_NAMES: Record<CompareObjectField, string> = { type: 'type', size: 'size', refcnt: 'refcount', blocks: 'blocks', presence: 'exists' };

function fieldText(c: CompareObjectCell | null, f: CompareObjectField): string {
  if (!c) return '(none)';
  switch (f) {
    case 'type': return c.type;
    case 'size': return String(c.size);
    case 'refcnt': return c.immortal ? 'immortal' : c.refcnt < 0 ? '?' : String(c.refcnt);
    case 'blocks': return blocksText(c.blocks);
    case 'presence': return c.type;
  }
}

/** a table's text: columns padded to their widest cell, numbers to the right */
export function table(rows: string[][], right: boolean[]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((c, i) => (right[i] ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd() + '\n').join('');
}

/** one line when the control characters of a program's string would break a table */
const oneLine = (s: string) => s.replace(/[\x00-\x1f\x7f]/g, (c) => (c === '\n' ? '\\n' : c === '\t' ? '\\t' : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`));

/** the text of `pymemsim compare` */
export function formatComparison(c: Comparison, note: string | null = null): string {
  const [va, vb] = c.versions;
  const where = (i: 0 | 1) => `${c.versions[i]} step ${c.steps[i]} of ${c.totalSteps[i]}${c.lines[i] ? `, next line ${c.lines[i]}` : ''}${c.exact[i] ? '' : ' (approximate)'}`;
  if (c.differences === 0) return `no difference between CPython ${va} (step ${c.steps[0]}) and CPython ${vb} (step ${c.steps[1]})\n`;
  const out: string[] = [`== CPython ${where(0)}  vs  CPython ${where(1)}: ${c.differences} difference${c.differences === 1 ? '' : 's'}\n`];
  if (note) out.push(`(${note})\n`);
  const objs = c.objects.filter((o) => o.differs.length);
  if (objs.length) {
    out.push(`\n== objects (${objs.length} differ${objs.length === 1 ? 's' : ''})\n`);
    const rows = [['name', 'what', va, vb]];
    for (const o of objs) for (const f of o.differs) rows.push([oneLine(o.path), FIELD_NAMES[f], oneLine(fieldText(o.a, f)), oneLine(fieldText(o.b, f))]);
    out.push(table(rows, [false, false, true, true]));
  }
  const classes = c.sizeClasses.filter((r) => r.differs);
  if (classes.length) {
    out.push(`\n== size classes (blocks in use / pools)\n`);
    const rows = [['block size', va, vb]];
    for (const r of classes) rows.push([String(r.size), `${r.blocks[0]} / ${r.pools[0]}`, `${r.blocks[1]} / ${r.pools[1]}`]);
    out.push(table(rows, [true, true, true]));
  }
  for (const [title, figures] of [['arenas, pools and blocks', c.heap], ['collector', c.gc]] as const) {
    const diff = figures.filter((r) => r.differs);
    if (!diff.length) continue;
    out.push(`\n== ${title}\n`);
    const rows = [['', va, vb]];
    for (const r of diff) rows.push([r.label, String(r.a), String(r.b)]);
    out.push(table(rows, [false, true, true]));
  }
  return out.join('');
}

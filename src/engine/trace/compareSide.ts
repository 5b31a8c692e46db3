// One side of a comparison of two runs (the same program on two CPython versions): what the
// panel's Compare tab and `pymemsim compare` put side by side at a step. The step's view (the
// objects the frames reach, breadth first, with their labelled referents), sys._debugmallocstats()'s
// size-class table and, for each object shown, the blocks it occupies: its own block and its
// buffers (a list's items, a dict's keys), as pymalloc block sizes or raw malloc'd chunk sizes.
// Plain JSON data; the comparison itself is pure (src/shared/compare.ts).

import type { PyVersion } from '../versions';
import { OBMALLOC_PROFILES } from '../memory/obmalloc';
import type { TraceRecorder } from './recorder';
import { sizeClassTable } from './allocmap';
import type { SizeClassRow } from './allocmap';
import { stepView } from './window';
import type { StepView } from './view';

/** the blocks of one object: pymalloc block sizes (its own block first when it has one), raw
 *  malloc'd chunk sizes (requests over SMALL_REQUEST_THRESHOLD bytes) */
export interface CompareBlocks {
  id: number;
  pymalloc: number[];
  raw: number[];
}

export interface CompareSide {
  view: StepView;
  sizeClasses: SizeClassRow[];
  /** the blocks of the objects of view.objects (those the trace knows the blocks of) */
  blocks: CompareBlocks[];
}

/** how many objects and referents per object a comparison shows (more than the panel's heap: a
 *  table holds more than a picture) */
export const COMPARE_QUERY = { budget: 400, itemCap: 64 } as const;

/** the comparable state of step `step` of a recorded run */
export function compareSide(rec: TraceRecorder, step: number): CompareSide {
  const view = stepView(rec, { step, budget: COMPARE_QUERY.budget, itemCap: COMPARE_QUERY.itemCap, outputTail: 0 });
  const ob = OBMALLOC_PROFILES[rec.rt.version as PyVersion];
  const heap = rec.heapAt(view.step).heap;
  const shown = new Set(view.objects.map((o) => o.id));
  const byId = new Map<number, CompareBlocks>();
  for (const b of rec.blockOwners(view.step, 0, Number.MAX_SAFE_INTEGER)) {
    if (!shown.has(b.id)) continue;
    let e = byId.get(b.id);
    if (!e) { e = { id: b.id, pymalloc: [], raw: [] }; byId.set(b.id, e); }
    if (b.request > ob.SMALL_REQUEST_THRESHOLD) e.raw.push(b.request);
    else {
      const size = Math.max(ob.ALIGNMENT, Math.ceil(b.request / ob.ALIGNMENT) * ob.ALIGNMENT);
      if (b.buffer) e.pymalloc.push(size); else e.pymalloc.unshift(size);
    }
  }
  return { view, sizeClasses: sizeClassTable(heap, ob.ALIGNMENT), blocks: [...byId.values()] };
}

/** the step of run B that matches step `stepA` of run A by line: the k-th time A is about to run
 *  its line there, the k-th time B is about to run the same line (or B's last time it runs it, or
 *  null when B never runs it) */
export function sameLineStep(a: Pick<TraceRecorder, 'lineAt' | 'findLine'>, stepA: number, b: Pick<TraceRecorder, 'findLine'>): number | null {
  const line = a.lineAt(stepA);
  if (!line) return null;
  let k = 0;
  for (let s: number | null = a.findLine(stepA, line, -1); s !== null; s = a.findLine(s, line, -1)) k++;
  let at: number | null = b.findLine(-1, line, 1);
  if (at === null) return null;
  for (let i = 0; i < k; i++) {
    const next = b.findLine(at, line, 1);
    if (next === null) break;
    at = next;
  }
  return at;
}

// The comparison of one step of the same program on two CPython versions: a pure view-model, used
// by the panel's Compare tab and by `pymemsim compare`. Objects are matched by the program's names:
// a frame's local or global (frames matched by their function's name and their place among the
// frames of that name), then the objects reachable from it by the same path of referents (list
// and tuple indices, dict keys, attribute names), breadth first, each object under the shortest
// path that reaches it. Size classes are matched by block size; the arenas, pools and the
// collector's figures by name. Every row says whether its two sides differ.

import type { CompareBlocks, CompareSide } from '../engine/trace/compareSide';
import type { StepView, ViewObject } from '../engine/trace/view';

export type { CompareSide, CompareBlocks } from '../engine/trace/compareSide';

/** one object's figures on one side */
export interface CompareObjectCell {
  id: number;
  type: string;
  /** sys.getsizeof */
  size: number;
  /** ob_refcnt; -1 when not known; 'immortal' objects have the immortal count */
  refcnt: number;
  immortal: boolean;
  /** why it is not an ordinary allocation of the program (a small int, an interned str...), or null */
  cache: ViewObject['cache'];
  /** a short repr, or null */
  repr: string | null;
  /** its blocks, or null when the trace does not know them (an object from before the run) */
  blocks: CompareBlocks | null;
}

export type CompareObjectField = 'type' | 'size' | 'refcnt' | 'blocks' | 'presence';

export interface CompareObjectRow {
  /** how the program reaches it: `x`, `lst[3]`, `d['k']`, `obj.attr`, `f: y` for a local of a
   *  function frame that is not the module */
  path: string;
  a: CompareObjectCell | null;
  b: CompareObjectCell | null;
  /** the fields that differ (empty: the same on both) */
  differs: CompareObjectField[];
}

export interface CompareSizeClassRow {
  /** the block size */
  size: number;
  /** blocks in use and pools of the class, on each side (0 when the class has no pool in use) */
  blocks: [number, number];
  pools: [number, number];
  differs: boolean;
}

export interface CompareFigureRow {
  label: string;
  a: number;
  b: number;
  /** how to show the figure */
  unit: 'count' | 'bytes';
  differs: boolean;
}

export interface Comparison {
  versions: [string, string];
  steps: [number, number];
  totalSteps: [number, number];
  lines: [number, number];
  exact: [boolean, boolean];
  objects: CompareObjectRow[];
  sizeClasses: CompareSizeClassRow[];
  heap: CompareFigureRow[];
  gc: CompareFigureRow[];
  /** how many rows differ in all */
  differences: number;
}

/** a referent's step in a path: `[0]` for an item, `['k']` for a dict's value, `.name` for an
 *  attribute, `[#i]` for the i-th referent of no name */
function pathStep(owner: ViewObject, label: string | null, i: number): string {
  if (label === null) return `[#${i}]`;
  if (owner.type === 'list' || owner.type === 'tuple' || owner.type === 'dict' || /^'|^"|^-?\d/.test(label)) return `[${label}]`;
  return `.${label}`;
}

/** the objects of a view by their path */
export function objectPaths(view: StepView): Map<string, ViewObject> {
  const byId = new Map<number, ViewObject>();
  for (const o of view.objects) byId.set(o.id, o);
  const out = new Map<string, ViewObject>();
  const seen = new Set<number>();
  let queue: [string, ViewObject][] = [];
  const frameCount = new Map<string, number>();
  const innermost = view.frames.length - 1;
  // the innermost frame first, as the heap's breadth-first order
  const frames = view.frames.map((f, k) => {
    const n = frameCount.get(f.name) ?? 0;
    frameCount.set(f.name, n + 1);
    return { f, prefix: f.name === '<module>' && k === 0 ? '' : `${f.name}${n ? `#${n + 1}` : ''}: ` };
  });
  for (let k = innermost; k >= 0; k--) {
    const { f, prefix } = frames[k];
    for (const l of f.locals) {
      const o = byId.get(l.id);
      if (!o) continue;
      const p = prefix + l.name;
      if (!out.has(p)) out.set(p, o);
      if (!seen.has(o.id)) { seen.add(o.id); queue.push([p, o]); }
    }
  }
  while (queue.length) {
    const next: [string, ViewObject][] = [];
    for (const [p, o] of queue) {
      o.refs.forEach((r, i) => {
        const t = byId.get(r.id);
        if (!t || seen.has(t.id)) return;
        seen.add(t.id);
        const q = p + pathStep(o, r.label, i);
        if (!out.has(q)) out.set(q, t);
        next.push([q, t]);
      });
    }
    queue = next;
  }
  return out;
}

function cell(o: ViewObject | undefined, blocks: Map<number, CompareBlocks>): CompareObjectCell | null {
  if (!o) return null;
  return { id: o.id, type: o.type, size: o.size, refcnt: o.refcnt, immortal: o.immortal, cache: o.cache, repr: o.repr, blocks: blocks.get(o.id) ?? null };
}

/** the blocks as one comparable text: "32 + 64" (pymalloc block sizes), "raw 1040" */
export function blocksText(b: CompareBlocks | null): string {
  if (!b) return '';
  const parts = [...b.pymalloc.map(String), ...b.raw.map((n) => `raw ${n}`)];
  return parts.length ? parts.join(' + ') : 'none';
}

function objectDiffers(a: CompareObjectCell | null, b: CompareObjectCell | null): CompareObjectField[] {
  if (!a || !b) return ['presence'];
  const out: CompareObjectField[] = [];
  if (a.type !== b.type) out.push('type');
  if (a.size !== b.size) out.push('size');
  // an immortal count is the version's own constant, not a difference of the program; the count
  // of an object from before the run (a small int, an interned str) holds the interpreter's own
  // references, which the simulator does not model
  if (!(a.immortal && b.immortal) && !a.cache && !b.cache && a.refcnt >= 0 && b.refcnt >= 0 && (a.refcnt !== b.refcnt || a.immortal !== b.immortal)) out.push('refcnt');
  if (a.blocks && b.blocks && blocksText(a.blocks) !== blocksText(b.blocks)) out.push('blocks');
  return out;
}

function figure(label: string, a: number, b: number, unit: 'count' | 'bytes' = 'count'): CompareFigureRow {
  return { label, a, b, unit, differs: a !== b };
}

/** the comparison of side A and side B */
export function compare(sideA: CompareSide, sideB: CompareSide): Comparison {
  const va = sideA.view, vb = sideB.view;
  const pa = objectPaths(va), pb = objectPaths(vb);
  const ba = new Map(sideA.blocks.map((b) => [b.id, b]));
  const bb = new Map(sideB.blocks.map((b) => [b.id, b]));
  const objects: CompareObjectRow[] = [];
  const paths = [...pa.keys()];
  for (const p of pb.keys()) if (!pa.has(p)) paths.push(p);
  for (const path of paths) {
    const a = cell(pa.get(path), ba), b = cell(pb.get(path), bb);
    objects.push({ path, a, b, differs: objectDiffers(a, b) });
  }

  const classes = new Map<number, CompareSizeClassRow>();
  const row = (size: number) => {
    let r = classes.get(size);
    if (!r) { r = { size, blocks: [0, 0], pools: [0, 0], differs: false }; classes.set(size, r); }
    return r;
  };
  for (const c of sideA.sizeClasses) { const r = row(c.size); r.blocks[0] = c.blocksInUse; r.pools[0] = c.numPools; }
  for (const c of sideB.sizeClasses) { const r = row(c.size); r.blocks[1] = c.blocksInUse; r.pools[1] = c.numPools; }
  const sizeClasses = [...classes.values()].sort((x, y) => x.size - y.size);
  for (const r of sizeClasses) r.differs = r.blocks[0] !== r.blocks[1] || r.pools[0] !== r.pools[1];

  const ha = va.heap, hb = vb.heap;
  const heap = [
    figure('live objects', ha.liveObjects, hb.liveObjects),
    figure('allocated blocks', ha.allocatedBlocks, hb.allocatedBlocks),
    figure('arenas', ha.arenas, hb.arenas),
    figure('pools in use', ha.poolsInUse, hb.poolsInUse),
    figure('arena size', ha.arenaSize, hb.arenaSize, 'bytes'),
    figure('pool size', ha.poolSize, hb.poolSize, 'bytes'),
    figure('bytes in pymalloc blocks', ha.pymallocBytes, hb.pymallocBytes, 'bytes'),
    figure('raw malloc chunks', ha.rawChunks, hb.rawChunks),
    figure('bytes in raw chunks', ha.rawBytes, hb.rawBytes, 'bytes'),
  ];
  const gc = [0, 1, 2].flatMap((g) => [
    figure(`generation ${g} count`, va.gc.count[g], vb.gc.count[g]),
    figure(`generation ${g} threshold`, va.gc.threshold[g], vb.gc.threshold[g]),
  ]);
  const differences = objects.filter((o) => o.differs.length).length + sizeClasses.filter((r) => r.differs).length
    + heap.filter((r) => r.differs).length + gc.filter((r) => r.differs).length;
  return {
    versions: [va.pythonVersion, vb.pythonVersion],
    steps: [va.step, vb.step],
    totalSteps: [va.totalSteps, vb.totalSteps],
    lines: [va.line, vb.line],
    exact: [va.exact, vb.exact],
    objects, sizeClasses, heap, gc, differences,
  };
}

/** the step of a run that a comparison shows by default: its last state with frames (after it,
 *  the module is torn down), as the panel opens a run */
export function defaultCompareStep(totalSteps: number): number {
  return Math.max(0, totalSteps - 1);
}

// A step view as a graph to draw: the stack's frames (newest first) with their names, the heap's
// objects as boxes with their labels (type, repr, size, reference count, generation, cache
// badges) and their referents as rows, and one edge per arrow: from a name, or from a row of a
// container, to the referent's box. Objects freed by the step that the previous step's view had
// drawn come back as ghosts ("freed"), placed beside what referred to them. Pure.

import type { StepView, ViewFreed, ViewObject } from '../../shared/protocol';
import { formatBytes, formatCount } from './format';
import { cacheLabel, cacheTitle, genLabel, genTitle, rcLabel, rcTitle, typeKind, TypeKind } from './labels';
import { StackFrame, stackFrames } from './stack';

export interface HeapRow {
  /** index, dict key repr, attribute name; '' when the view gives none */
  label: string;
  /** id() of the referent */
  targetId: number;
  /** key of the referent's box, null when the referent is not drawn */
  target: string | null;
  /** an instance's reference to its class: its arrow shows only while one of them is selected,
   *  and the row names the class instead */
  weak: boolean;
  /** what the row shows of its referent when its arrow is hidden or it is not drawn */
  hint: string | null;
}

export interface Badge {
  text: string;
  kind: 'new' | 'cache' | 'freed';
  title: string;
}

export interface HeapNode {
  /** "o<id>" for a live object, "x<id>" for a ghost (a freed object's id can be reused at once) */
  key: string;
  id: number;
  type: string;
  kind: TypeKind;
  repr: string | null;
  sizeLabel: string;
  rcLabel: string;
  rcTitle: string;
  genLabel: string | null;
  genTitle: string;
  badges: Badge[];
  rows: HeapRow[];
  /** "… 999,976 more" when the object has more referents than rows */
  moreLabel: string | null;
  isNew: boolean;
  freed: boolean;
  /** the view's breadth-first distance from the names (0: shown for an expanded group) */
  depth: number;
}

/** where an arrow starts: a name of a frame (row: its index in the whole stack column), or a row
 *  of a box */
export type EdgeSource =
  | { kind: 'stack'; frame: number; local: number; row: number }
  | { kind: 'node'; node: string; row: number };

export interface HeapEdge {
  key: string;
  from: EdgeSource;
  /** key of the target box */
  to: string;
  targetId: number;
  /** places a ghost beside its former referrer; not drawn */
  layoutOnly?: boolean;
  /** an instance's arrow to its class: drawn, but it does not push the class into a column
   *  right of its instances (the class stays beside its name) */
  weak?: boolean;
}

export interface HeapGraph {
  step: number;
  frames: StackFrame[];
  nodes: HeapNode[];
  edges: HeapEdge[];
}

export function objectKey(id: number): string {
  return `o${id}`;
}

export function ghostKey(id: number): string {
  return `x${id}`;
}

/** the drawing of `view`; `previous` is the view drawn before it, whose objects freed at this
 *  step come back as ghosts when it is the step just before */
export function heapGraph(view: StepView, previous?: StepView | null): HeapGraph {
  const frames = stackFrames(view.frames);
  const drawn = new Set<number>();
  for (const o of view.objects) drawn.add(o.id);
  const nodes: HeapNode[] = [];
  const edges: HeapEdge[] = [];

  let row = 0;
  frames.forEach((f, fi) => {
    f.locals.forEach((l, li) => {
      if (l.bound && drawn.has(l.id)) {
        edges.push({ key: `s:${f.key}:${li}`, from: { kind: 'stack', frame: fi, local: li, row }, to: objectKey(l.id), targetId: l.id });
      }
      row++;
    });
  });

  const reprs = new Map<number, string | null>();
  for (const o of view.objects) reprs.set(o.id, o.repr);
  for (const o of view.objects) {
    const node = objectNode(o, drawn, reprs);
    nodes.push(node);
    node.rows.forEach((r, ri) => {
      if (!r.target) return;
      const e: HeapEdge = { key: `${node.key}:${ri}`, from: { kind: 'node', node: node.key, row: ri }, to: r.target, targetId: r.targetId };
      if (r.weak) e.weak = true;
      edges.push(e);
    });
  }

  if (previous && previous.step === view.step - 1) addGhosts(view, previous, frames, drawn, nodes, edges);
  return { step: view.step, frames, nodes, edges };
}

function objectNode(o: ViewObject, drawn: Set<number>, reprs: Map<number, string | null>): HeapNode {
  const badges: Badge[] = [];
  if (o.isNew) badges.push({ text: 'new', kind: 'new', title: 'allocated by the line that just ran' });
  const cache = cacheLabel(o.cache);
  if (cache && o.cache) badges.push({ text: cache, kind: 'cache', title: cacheTitle(o.cache) });
  const rows: HeapRow[] = o.refs.map((r) => {
    const target = drawn.has(r.id) ? objectKey(r.id) : null;
    const weak = target !== null && r.label === '__class__';
    return { label: r.label ?? '', targetId: r.id, target, weak, hint: target === null ? 'not drawn' : weak ? reprs.get(r.id) ?? null : null };
  });
  const more = o.refsTotal - o.refs.length;
  return {
    key: objectKey(o.id),
    id: o.id,
    type: o.type,
    kind: typeKind(o.type),
    repr: o.repr,
    sizeLabel: formatBytes(o.size),
    rcLabel: rcLabel(o),
    rcTitle: rcTitle(o),
    genLabel: genLabel(o.gen),
    genTitle: genTitle(o.gen),
    badges,
    rows,
    moreLabel: more > 0 ? `… ${formatCount(more)} more` : null,
    isNew: o.isNew,
    freed: false,
    depth: o.depth,
  };
}

function addGhosts(view: StepView, previous: StepView, frames: StackFrame[], drawn: Set<number>, nodes: HeapNode[], edges: HeapEdge[]): void {
  const before = new Map<number, ViewObject>();
  for (const o of previous.objects) before.set(o.id, o);
  for (const f of view.freed.items) {
    const o = before.get(f.id);
    if (!o) continue;
    const node = ghostNode(o, f);
    nodes.push(node);
    const anchor = formerReferrer(f.id, previous, frames, drawn);
    if (anchor) edges.push({ key: `g:${node.key}`, from: anchor, to: node.key, targetId: f.id, layoutOnly: true });
  }
}

function ghostNode(o: ViewObject, f: ViewFreed): HeapNode {
  return {
    key: ghostKey(o.id),
    id: o.id,
    type: o.type,
    kind: typeKind(o.type),
    repr: o.repr,
    sizeLabel: formatBytes(f.size),
    rcLabel: 'rc 0',
    rcTitle: 'its reference count dropped to 0: freed by the line that just ran',
    genLabel: null,
    genTitle: '',
    badges: [{ text: 'freed', kind: 'freed', title: 'freed by the line that just ran' }],
    rows: [],
    moreLabel: null,
    isNew: false,
    freed: true,
    depth: o.depth,
  };
}

/** a name or a drawn object that referred to `id` in the previous view and is still drawn */
function formerReferrer(id: number, previous: StepView, frames: StackFrame[], drawn: Set<number>): EdgeSource | null {
  // the previous view's frames, outermost first, keyed as stackFrames keys them
  for (let i = previous.frames.length - 1; i >= 0; i--) {
    const pf = previous.frames[i];
    const li = pf.locals.findIndex((l) => l.id === id);
    if (li < 0) continue;
    const name = pf.locals[li].name;
    let row = 0;
    for (let fi = 0; fi < frames.length; fi++) {
      const f = frames[fi];
      const at = f.key === `f${i}` ? f.locals.findIndex((l) => l.name === name) : -1;
      if (at >= 0) return { kind: 'stack', frame: fi, local: at, row: row + at };
      row += f.locals.length;
    }
  }
  for (const o of previous.objects) {
    if (!drawn.has(o.id)) continue;
    const ri = o.refs.findIndex((r) => r.id === id);
    if (ri >= 0) return { kind: 'node', node: objectKey(o.id), row: ri };
  }
  return null;
}

/** "freed at this step: 3 str (147 B), 1 list (88 B)", null when nothing was freed */
export function freedSummary(freed: StepView['freed']): string | null {
  if (freed.count === 0) return null;
  const byType = new Map<string, { count: number; bytes: number }>();
  for (const f of freed.items) {
    const t = byType.get(f.type) ?? { count: 0, bytes: 0 };
    t.count++;
    t.bytes += f.size;
    byType.set(f.type, t);
  }
  const parts = [...byType.entries()]
    .sort((a, b) => b[1].count - a[1].count || b[1].bytes - a[1].bytes)
    .map(([type, t]) => `${formatCount(t.count)} ${type} (${formatBytes(t.bytes)})`);
  const rest = freed.count - freed.items.length;
  if (rest > 0) parts.push(`${formatCount(rest)} more`);
  return `freed at this step: ${parts.join(', ')}`;
}

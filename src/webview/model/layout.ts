// Where everything of a heap graph goes: the stack column on the left (frames newest first,
// top-aligned), the objects in columns right of it as Python Tutor draws them, and every arrow as
// an SVG path from the dot of its row to the box of its referent.
//
// dagre (rankdir LR) makes the columns: it breaks the cycles, ranks the boxes (with our ranker:
// one column right of the furthest box or name that refers to them), orders each column (with
// our customOrder: a few barycentre sweeps that know at which row of its box each arrow starts,
// so the referents of a list come out in the order of its items, at a fraction of the cost of
// dagre's own crossing minimisation) and spaces the columns. The heights are ours ("settle"):
// column by column, each box level with the first arrow that reaches it, below the box above it;
// an arrow that crosses columns passes through their gaps. Referents that are leaves (no arrows
// of their own) with a single referrer and hang from consecutive rows are one dagre node, a
// stacked column: a list of 16 strs is two nodes for dagre, not 17. An instance's arrow to its
// class does not rank the class (it stays beside its name). A layout is cached by the shape of
// its graph (boxes' sizes and arrows), so stepping through lines that change only values reuses
// it. Pure: no DOM.

import { Graph, layout as dagreLayout } from '@dagrejs/dagre';
import type { Edge, EdgeLabel, GraphLabel, NodeLabel } from '@dagrejs/dagre';
import type { HeapEdge, HeapGraph, HeapNode } from './graph';
import type { Metrics } from './metrics';
import type { StackFrame } from './stack';

export interface Point {
  x: number;
  y: number;
}

export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface BoxLayout extends Rect {
  key: string;
}

export interface FrameLayout extends Rect {
  key: string;
}

export interface StackLayout extends Rect {
  frames: FrameLayout[];
  /** y of the centre of each name row, through all frames (HeapEdge stack rows index this) */
  rowY: number[];
}

export interface ArrowLayout {
  key: string;
  /** 'stack' or the key of the box the arrow starts from */
  from: string;
  to: string;
  targetId: number;
  /** the dot the arrow starts at, and the tip of its head */
  start: Point;
  end: Point;
  /** SVG path data of the line and of the head */
  d: string;
  head: string;
  /** the referent is left of (or level with) the row: the arrow enters its box from the right */
  back: boolean;
  /** an instance's arrow to its class (shown only with a selection) */
  weak: boolean;
}

export interface HeapLayout {
  width: number;
  height: number;
  stack: StackLayout;
  boxes: Map<string, BoxLayout>;
  arrows: ArrowLayout[];
  /** where the "Objects" title goes */
  objectsTitle: Point;
  /** how the layout was made: nodes given to dagre, or taken from the cache */
  dagreNodes: number;
  cached: boolean;
}

// --- sizes -------------------------------------------------------------------------------------

function clamp(v: number, lo: number, hi: number): number {
  return Math.max(lo, Math.min(hi, v));
}

function monoW(text: string, chars: number, m: Metrics): number {
  return Math.min(text.length, chars + 1) * m.monoChar;
}

/** the width and height of an object's box */
export function boxSize(n: HeapNode, m: Metrics): { w: number; h: number } {
  // (a ghost's header starts with a trash icon)
  let head = n.type.length * m.uiChar * 1.25 + (n.freed ? 18 : 0);
  for (const b of n.badges) head += b.text.length * m.uiChar * 0.95 + 16;
  let content = head;
  if (n.repr !== null) content = Math.max(content, monoW(n.repr, m.reprChars, m));
  const meta = [n.sizeLabel, n.rcLabel, n.genLabel].filter((s): s is string => s !== null);
  content = Math.max(content, meta.join('').length * m.uiChar + (meta.length - 1) * 14);
  for (const r of n.rows) {
    const hint = r.hint === null ? 0 : Math.min(r.hint.length, m.labelChars) * m.uiChar + 8;
    content = Math.max(content, monoW(r.label, m.labelChars, m) + hint + m.portW + 8);
  }
  if (n.moreLabel) content = Math.max(content, n.moreLabel.length * m.uiChar);
  const w = Math.ceil(clamp(content + 2 * m.padX + 2 * m.border, m.minBoxW, m.maxBoxW));
  return { w, h: boxHeight(n, m) };
}

function boxHeight(n: HeapNode, m: Metrics): number {
  let h = 2 * m.border + m.headH + m.lineH + m.padBottom;
  if (n.repr !== null) h += m.lineH;
  const rows = n.rows.length + (n.moreLabel ? 1 : 0);
  if (rows) h += m.sepH + rows * m.rowH;
  return h;
}

/** y of the centre of row `i` of a box, from the box's top */
export function rowCenter(n: HeapNode, i: number, m: Metrics): number {
  return m.border + m.headH + (n.repr !== null ? m.lineH : 0) + m.lineH + m.sepH + i * m.rowH + m.rowH / 2;
}

/** where arrows end on a box: the middle of its header line, from the box's top */
export function anchorOffset(m: Metrics): number {
  return m.border + m.headH / 2;
}

function frameHeight(f: StackFrame, m: Metrics): number {
  return 2 * m.border + m.frameHeadH + Math.max(1, f.locals.length) * m.rowH + m.padBottom;
}

/** the stack column: its width, its frames' offsets from its top, its rows' centres */
export function stackSize(frames: readonly StackFrame[], m: Metrics): { w: number; h: number; frameY: number[]; frameH: number[]; rowY: number[] } {
  let content = 'no frames'.length * m.uiChar;
  for (const f of frames) {
    // the name is bold: wider than the UI font's average
    content = Math.max(content, f.name.length * m.uiChar * 1.25 + f.lineLabel.length * m.uiChar + 20);
    for (const l of f.locals) {
      content = Math.max(content, monoW(l.name, m.labelChars, m) + (l.bound ? m.portW + 8 : 'unbound'.length * m.uiChar + 16));
    }
  }
  const w = Math.ceil(clamp(content + 2 * m.padX + 2 * m.border, m.minStackW, m.maxStackW));
  const frameY: number[] = [];
  const frameH: number[] = [];
  const rowY: number[] = [];
  let y = 0;
  for (const f of frames) {
    frameY.push(y);
    const h = frameHeight(f, m);
    frameH.push(h);
    f.locals.forEach((_, i) => rowY.push(y + m.border + m.frameHeadH + i * m.rowH + m.rowH / 2));
    y += h + m.frameGap;
  }
  const h = frames.length ? y - m.frameGap : 2 * m.border + m.frameHeadH + m.padBottom;
  return { w, h, frameY, frameH, rowY };
}

// --- the layout cache --------------------------------------------------------------------------

interface Placed {
  stack: { x: number; y: number };
  boxes: Map<string, Point>;
  /** the points an arrow passes on its way right, by edge key: out of its own column, and
   *  through the gaps of the columns it crosses */
  routes: Map<string, Point[]>;
  dagreNodes: number;
}

/** layouts by the shape of their graph, the most recent first */
export class LayoutCache {
  private readonly entries = new Map<string, Placed>();
  constructor(readonly capacity = 32) {}

  get(key: string): Placed | undefined {
    const p = this.entries.get(key);
    if (p) {
      this.entries.delete(key);
      this.entries.set(key, p);
    }
    return p;
  }

  set(key: string, p: Placed): void {
    this.entries.delete(key);
    this.entries.set(key, p);
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
  }

  get size(): number {
    return this.entries.size;
  }
}

// --- the layout --------------------------------------------------------------------------------

const STACK = '@stack';

type LayoutGraph = Graph<GraphLabel, NodeLabel, EdgeLabel>;

interface Sized {
  node: HeapNode;
  w: number;
  h: number;
}

/** a dagre node: one box, or a column of leaf boxes stacked */
interface Group {
  key: string;
  members: Sized[];
  w: number;
  h: number;
}

function sourceKey(e: HeapEdge): string {
  return e.from.kind === 'stack' ? STACK : e.from.node;
}

/** lays out `graph`; `cache` (optional) keeps the placements of the graphs it has seen */
export function layoutHeap(graph: HeapGraph, m: Metrics, cache?: LayoutCache): HeapLayout {
  const stackDims = stackSize(graph.frames, m);
  const sized = new Map<string, Sized>();
  for (const n of graph.nodes) sized.set(n.key, { node: n, ...boxSize(n, m) });
  // an edge to a box that is not in the graph (should not happen) is dropped
  const edges = graph.edges.filter((e) => sized.has(e.to) && (e.from.kind === 'stack' || sized.has(e.from.node)));

  const signature = shapeKey(stackDims, sized, edges);
  let placed = cache?.get(signature);
  const cached = placed !== undefined;
  if (!placed) {
    placed = place(graph, stackDims, sized, edges, m);
    cache?.set(signature, placed);
  }
  return finish(graph, stackDims, sized, edges, placed, m, cached);
}

function shapeKey(stack: { w: number; h: number; rowY: number[] }, sized: Map<string, Sized>, edges: HeapEdge[]): string {
  const parts: string[] = [`${stack.w}x${stack.h}:${stack.rowY.join(',')}`];
  for (const [k, s] of sized) parts.push(`${k}:${s.w}x${s.h}`);
  parts.push('|');
  for (const e of edges) parts.push(`${sourceKey(e)}.${e.from.row}>${e.to}${e.layoutOnly ? '~' : e.weak ? '-' : ''}`);
  return parts.join(';');
}

function place(graph: HeapGraph, stack: { w: number; h: number; rowY: number[] }, sized: Map<string, Sized>, edges: HeapEdge[], m: Metrics): Placed {
  // in and out degrees of the boxes (the stack is not a box)
  const inDeg = new Map<string, number>();
  const outDeg = new Map<string, number>();
  for (const e of edges) {
    // (a weak edge counts: its target is not a leaf of one referrer)
    inDeg.set(e.to, (inDeg.get(e.to) ?? 0) + 1);
    if (!e.layoutOnly) {
      const s = sourceKey(e);
      outDeg.set(s, (outDeg.get(s) ?? 0) + 1);
    }
  }
  // the boxes the names do not reach (expanded groups, ghosts without a former referrer, cycles
  // kept alive only by each other): hung from the bottom of the stack, so that they come after it
  const reached = new Set<string>();
  const bySource = new Map<string, HeapEdge[]>();
  for (const e of edges) {
    if (e.weak) continue;
    const s = sourceKey(e);
    let list = bySource.get(s);
    if (!list) bySource.set(s, (list = []));
    list.push(e);
  }
  const queue = [STACK];
  while (queue.length) {
    const k = queue.pop()!;
    for (const e of bySource.get(k) ?? []) {
      if (!reached.has(e.to)) {
        reached.add(e.to);
        queue.push(e.to);
      }
    }
  }
  const all = edges.filter((e) => !e.weak);
  let orphanRow = stack.rowY.length;
  for (const n of graph.nodes) {
    if (reached.has(n.key)) continue;
    const e: HeapEdge = { key: `@orphan:${n.key}`, from: { kind: 'stack', frame: -1, local: -1, row: orphanRow++ }, to: n.key, targetId: n.id, layoutOnly: true };
    all.push(e);
    inDeg.set(n.key, (inDeg.get(n.key) ?? 0) + 1);
    reached.add(n.key);
    // what it reaches is reached now
    const q = [n.key];
    while (q.length) {
      const k = q.pop()!;
      for (const x of bySource.get(k) ?? []) if (!reached.has(x.to)) { reached.add(x.to); q.push(x.to); }
    }
  }

  // stack consecutive leaf referents of one source into one dagre node
  const groupOf = new Map<string, Group>();
  const mergeable = (k: string) => {
    const s = sized.get(k)!;
    return !s.node.freed && (outDeg.get(k) ?? 0) === 0 && inDeg.get(k) === 1;
  };
  const allBySource = new Map<string, HeapEdge[]>();
  for (const e of all) {
    const s = sourceKey(e);
    let list = allBySource.get(s);
    if (!list) allBySource.set(s, (list = []));
    list.push(e);
  }
  for (const [, list] of allBySource) {
    const sorted = [...list].sort((a, b) => a.from.row - b.from.row);
    let run: Sized[] = [];
    const flush = () => {
      if (run.length >= 2) {
        const g: Group = { key: `@col:${run[0].node.key}`, members: run, w: 0, h: 0 };
        for (const s of run) {
          g.w = Math.max(g.w, s.w);
          g.h += s.h;
        }
        g.h += (run.length - 1) * m.columnGap;
        for (const s of run) groupOf.set(s.node.key, g);
      }
      run = [];
    };
    for (const e of sorted) {
      if (mergeable(e.to) && !groupOf.has(e.to)) run.push(sized.get(e.to)!);
      else flush();
    }
    flush();
  }
  const dagreKey = (k: string) => groupOf.get(k)?.key ?? k;

  const g: LayoutGraph = new Graph({ multigraph: true });
  g.setGraph({ rankdir: 'LR', nodesep: m.nodeSep, ranksep: m.rankSep, edgesep: 8, marginx: 0, marginy: 0 });
  g.setNode(STACK, { width: stack.w, height: stack.h });
  let dagreNodes = 1;
  for (const n of graph.nodes) {
    const grp = groupOf.get(n.key);
    if (grp) {
      if (grp.members[0].node.key === n.key) {
        g.setNode(grp.key, { width: grp.w, height: grp.h });
        dagreNodes++;
      }
    } else {
      const s = sized.get(n.key)!;
      g.setNode(n.key, { width: s.w, height: s.h });
      dagreNodes++;
    }
  }
  // one dagre edge per pair of nodes (a list and the column of its items are one edge, not 16),
  // named by its first arrow; where it leaves its source (the mean of its rows' centres, from the
  // source's top) is what the ordering sweeps use
  const ports = new Map<string, { src: string; offset: number }>();
  const pairs = new Map<string, { name: string; sum: number; n: number; src: string; dst: string; drawn: boolean }>();
  for (const e of all) {
    const src = e.from.kind === 'stack' ? STACK : dagreKey(e.from.node);
    const dst = dagreKey(e.to);
    let offset: number;
    if (e.from.kind === 'stack') offset = e.from.row < stack.rowY.length ? stack.rowY[e.from.row] : stack.h;
    else {
      const s = sized.get(e.from.node)!;
      offset = s.node.rows.length ? rowCenter(s.node, Math.min(e.from.row, s.node.rows.length - 1), m) : s.h / 2;
    }
    const pk = `${src}\u0000${dst}`;
    const p = pairs.get(pk);
    if (p) {
      p.sum += offset;
      p.n++;
      p.drawn ||= !e.layoutOnly;
    } else pairs.set(pk, { name: e.key, sum: offset, n: 1, src, dst, drawn: !e.layoutOnly });
  }
  for (const p of pairs.values()) {
    ports.set(p.name, { src: p.src, offset: p.sum / p.n });
    g.setEdge(p.src, p.dst, { minlen: 1, weight: (p.drawn ? 2 : 1) * p.n, labelpos: 'c' }, p.name);
  }

  // columns by the longest path from the names: cheaper than dagre's network simplex, and the
  // columns a reader expects (a referent right of everything that refers to it)
  (g.graph() as { ranker?: unknown }).ranker = rankFromSources;
  dagreLayout(g, { customOrder: (lg) => orderLayers(lg, ports, m.nodeSep) });

  return settle(g, graph, all, stack, sized, groupOf, dagreKey, m, dagreNodes);
}

/**
 * The boxes' heights, from dagre's columns and order: column by column, left to right, each box
 * (or stacked column of leaves) goes as high as the first arrow that reaches it from the left
 * (its header level with that arrow's row) and no higher than the box above it allows. Python
 * Tutor's look: objects beside the names and rows that refer to them.
 */
function settle(
  g: LayoutGraph, graph: HeapGraph, all: HeapEdge[], stack: { w: number; h: number; rowY: number[] }, sized: Map<string, Sized>,
  groupOf: Map<string, Group>, dagreKey: (k: string) => string, m: Metrics, dagreNodes: number,
): Placed {
  const top0 = m.margin + m.titleH;
  const sNode = g.node(STACK);
  const tx = m.margin - (sNode.x! - stack.w / 2);
  const anchor = anchorOffset(m);
  // the arrows into each dagre node, with the offset of their box within it
  const into = new Map<string, { e: HeapEdge; offset: number }[]>();
  const memberOffset = new Map<string, number>();
  for (const grp of new Set(groupOf.values())) {
    let y = 0;
    for (const mem of grp.members) {
      memberOffset.set(mem.node.key, y);
      y += mem.h + m.columnGap;
    }
  }
  for (const e of all) {
    const k = dagreKey(e.to);
    let list = into.get(k);
    if (!list) into.set(k, (list = []));
    list.push({ e, offset: memberOffset.get(e.to) ?? 0 });
  }
  const tops = new Map<string, number>();
  tops.set(STACK, top0);
  const portY = (e: HeapEdge): number | null => {
    if (e.from.kind === 'stack') return top0 + (e.from.row < stack.rowY.length ? stack.rowY[e.from.row] : stack.h);
    const t = tops.get(e.from.node);
    if (t === undefined) return null;
    const s = sized.get(e.from.node)!;
    return t + (s.node.rows.length ? rowCenter(s.node, Math.min(e.from.row, s.node.rows.length - 1), m) : s.h / 2);
  };
  const byRank = new Map<number, string[]>();
  for (const v of g.nodes()) {
    if (v === STACK) continue;
    const r = g.node(v).rank ?? 0;
    let list = byRank.get(r);
    if (!list) byRank.set(r, (list = []));
    list.push(v);
  }
  for (const r of [...byRank.keys()].sort((a, b) => a - b)) {
    const layer = byRank.get(r)!.sort((a, b) => g.node(a).y! - g.node(b).y!);
    let floor = top0;
    for (const v of layer) {
      // level with the highest arrow into its first box (of a stacked column: the others follow)
      let wanted = Infinity;
      let first = Infinity;
      for (const { e, offset } of into.get(v) ?? []) {
        const y = portY(e);
        if (y === null || offset > first) continue;
        if (offset < first) {
          first = offset;
          wanted = Infinity;
        }
        wanted = Math.min(wanted, y - anchor - offset);
      }
      const top = Math.max(floor, Number.isFinite(wanted) ? wanted : floor);
      tops.set(v, top);
      floor = top + g.node(v).height + m.nodeSep;
    }
  }
  // the columns: dagre's, each box at its column's left edge
  const columns = new Map<number, { left: number; right: number; spans: [number, number][] }>();
  const rankOf = (k: string) => g.node(k).rank ?? 0;
  for (const [r, layer] of byRank) {
    const col = { left: Infinity, right: -Infinity, spans: [] as [number, number][] };
    let width = 0;
    for (const v of layer) {
      const d = g.node(v);
      col.left = Math.min(col.left, d.x! - d.width / 2 + tx);
      width = Math.max(width, d.width);
      col.spans.push([tops.get(v)!, tops.get(v)! + d.height]);
    }
    col.right = col.left + width;
    columns.set(r, col);
  }
  columns.set(rankOf(STACK), { left: m.margin, right: m.margin + stack.w, spans: [[top0, top0 + stack.h]] });
  const boxes = new Map<string, Point>();
  for (const n of graph.nodes) {
    const grp = groupOf.get(n.key);
    const k = grp ? grp.key : n.key;
    boxes.set(n.key, { x: columns.get(rankOf(k))!.left, y: tops.get(k)! + (memberOffset.get(n.key) ?? 0) });
  }

  // an arrow leaves its column straight, then crosses each column between it and its box through
  // a gap between their boxes, at the height nearest to the straight line from its row to its box
  const ranks = [...columns.keys()].sort((a, b) => a - b);
  const routes = new Map<string, Point[]>();
  for (const e of all) {
    if (e.layoutOnly) continue;
    const src = e.from.kind === 'stack' ? STACK : e.from.node;
    const dst = dagreKey(e.to);
    const r0 = rankOf(src), r1 = rankOf(dst);
    if (r1 <= r0) continue;
    const y0 = portY(e)!;
    const right = e.from.kind === 'stack' ? m.margin + stack.w : boxes.get(e.from.node)!.x + sized.get(e.from.node)!.w;
    const out = columns.get(r0)!.right;
    const pts: Point[] = [];
    if (out > right + 1) pts.push({ x: out + 6, y: y0 });
    const to = boxes.get(e.to)!;
    const y1 = to.y + anchor;
    const x0 = Math.max(out, right);
    for (const r of ranks) {
      if (r <= r0 || r >= r1) continue;
      const col = columns.get(r)!;
      const mid = (col.left + col.right) / 2;
      let y = y0 + ((y1 - y0) * (mid - x0)) / Math.max(1, to.x - x0);
      for (const [a, b] of col.spans) {
        if (y > a - 6 && y < b + 6) y = y - (a - 6) < b + 6 - y ? a - 6 : b + 6;
      }
      pts.push({ x: col.left - 6, y }, { x: col.right + 6, y });
    }
    if (pts.length) routes.set(e.key, pts);
  }
  return { stack: { x: m.margin, y: top0 }, boxes, routes, dagreNodes };
}

/** dagre's ranker: each node one column right of its furthest predecessor (the graph is acyclic
 *  by then: dagre reversed an edge of each cycle) */
function rankFromSources(lg: LayoutGraph): void {
  const nodes = lg.nodes();
  const indeg = new Map<string, number>();
  for (const v of nodes) indeg.set(v, (lg.inEdges(v) ?? []).length);
  const rank = new Map<string, number>();
  const queue = nodes.filter((v) => indeg.get(v) === 0);
  for (let i = 0; i < queue.length; i++) {
    const v = queue[i];
    const r = rank.get(v) ?? 0;
    for (const e of lg.outEdges(v) ?? []) {
      const minlen = lg.edge(e).minlen ?? 1;
      rank.set(e.w, Math.max(rank.get(e.w) ?? 0, r + minlen));
      const d = indeg.get(e.w)! - 1;
      indeg.set(e.w, d);
      if (d === 0) queue.push(e.w);
    }
  }
  for (const v of nodes) lg.node(v).rank = rank.get(v) ?? 0;
}

/** dagre's customOrder: the order of the nodes in each rank, from the rows the arrows leave */
function orderLayers(lg: LayoutGraph, ports: Map<string, { src: string; offset: number }>, nodeSep: number): void {
  const rankOf = (v: string) => lg.node(v).rank ?? 0;
  const layers: string[][] = [];
  const nodes = lg.nodes();
  for (const v of nodes) {
    const r = rankOf(v);
    while (layers.length <= r) layers.push([]);
  }
  // the initial order: depth first from the sources, each node's out-edges in the order of
  // their rows
  const portOf = (e: Edge, height: number): number => {
    const p = e.name !== undefined ? ports.get(e.name) : undefined;
    return p && p.src === e.v ? p.offset : height / 2;
  };
  const seen = new Set<string>();
  const visit = (v0: string) => {
    const stack = [v0];
    while (stack.length) {
      const v = stack.pop()!;
      if (seen.has(v)) continue;
      seen.add(v);
      layers[rankOf(v)].push(v);
      const h = lg.node(v).height ?? 0;
      const outs = (lg.outEdges(v) ?? []).slice().sort((a, b) => portOf(a, h) - portOf(b, h));
      for (let i = outs.length - 1; i >= 0; i--) if (!seen.has(outs[i].w)) stack.push(outs[i].w);
    }
  };
  const sources = nodes.filter((v) => (lg.inEdges(v) ?? []).length === 0).sort((a, b) => rankOf(a) - rankOf(b));
  for (const v of sources) visit(v);
  for (const v of nodes) visit(v);

  // a position in each layer: packed at first, then each node as near its wanted centre as the
  // nodes above it allow (so that dummy nodes keep the height of the rows they come from)
  const top = new Map<string, number>();
  const place = (layer: string[], wanted?: Map<string, number>) => {
    let y = -Infinity;
    for (const v of layer) {
      const h = lg.node(v).height ?? 0;
      const t = wanted ? Math.max(wanted.get(v)! - h / 2, y) : Math.max(0, y);
      top.set(v, t);
      y = t + h + nodeSep;
    }
  };
  layers.forEach((l) => place(l));
  const centre = (v: string) => top.get(v)! + (lg.node(v).height ?? 0) / 2;

  const sweepDown = () => {
    for (let r = 1; r < layers.length; r++) {
      const key = new Map<string, number>();
      for (const v of layers[r]) {
        const ins = lg.inEdges(v) ?? [];
        if (!ins.length) { key.set(v, centre(v)); continue; }
        let sum = 0;
        for (const e of ins) sum += top.get(e.v)! + portOf(e, lg.node(e.v).height ?? 0);
        key.set(v, sum / ins.length);
      }
      sortLayer(layers[r], key);
      // arrows arrive near a box's top: the rows' mean is where its top should be
      const wanted = new Map<string, number>();
      for (const v of layers[r]) wanted.set(v, (lg.inEdges(v) ?? []).length ? key.get(v)! + (lg.node(v).height ?? 0) / 2 : key.get(v)!);
      place(layers[r], wanted);
    }
  };
  const sweepUp = () => {
    for (let r = layers.length - 2; r >= 1; r--) {
      const key = new Map<string, number>();
      for (const v of layers[r]) {
        const outs = lg.outEdges(v) ?? [];
        if (!outs.length) { key.set(v, centre(v)); continue; }
        const h = lg.node(v).height ?? 0;
        let sum = 0;
        for (const e of outs) sum += centre(e.w) - portOf(e, h) + h / 2;
        key.set(v, sum / outs.length);
      }
      sortLayer(layers[r], key);
      place(layers[r], key);
    }
  };
  sweepDown();
  sweepUp();
  sweepDown();
  for (const layer of layers) layer.forEach((v, i) => { lg.node(v).order = i; });
}

function sortLayer(layer: string[], key: Map<string, number>): void {
  const index = new Map<string, number>();
  layer.forEach((v, i) => index.set(v, i));
  layer.sort((a, b) => key.get(a)! - key.get(b)! || index.get(a)! - index.get(b)!);
}

// --- the result: boxes and arrows --------------------------------------------------------------

function finish(
  graph: HeapGraph, stackDims: ReturnType<typeof stackSize>, sized: Map<string, Sized>, edges: HeapEdge[], placed: Placed, m: Metrics, cached: boolean,
): HeapLayout {
  const stack: StackLayout = {
    x: placed.stack.x,
    y: placed.stack.y,
    w: stackDims.w,
    h: stackDims.h,
    frames: graph.frames.map((f, i) => ({ key: f.key, x: placed.stack.x, y: placed.stack.y + stackDims.frameY[i], w: stackDims.w, h: stackDims.frameH[i] })),
    rowY: stackDims.rowY.map((y) => placed.stack.y + y),
  };
  const boxes = new Map<string, BoxLayout>();
  let width = stack.x + stack.w;
  let height = stack.y + stack.h;
  let heapLeft = Infinity;
  for (const n of graph.nodes) {
    const p = placed.boxes.get(n.key)!;
    const s = sized.get(n.key)!;
    boxes.set(n.key, { key: n.key, x: p.x, y: p.y, w: s.w, h: s.h });
    width = Math.max(width, p.x + s.w);
    height = Math.max(height, p.y + s.h);
    heapLeft = Math.min(heapLeft, p.x);
  }
  const arrows: ArrowLayout[] = [];
  const portX = (r: Rect) => r.x + r.w - m.border - m.portW / 2;
  for (const e of edges) {
    if (e.layoutOnly) continue;
    const t = boxes.get(e.to)!;
    let start: Point;
    if (e.from.kind === 'stack') start = { x: portX(stack), y: stack.rowY[e.from.row] };
    else {
      const b = boxes.get(e.from.node)!;
      start = { x: portX(b), y: b.y + rowCenter(sized.get(e.from.node)!.node, e.from.row, m) };
    }
    const anchorY = t.y + anchorOffset(m);
    const back = t.x < start.x + 24;
    const a = back ? backArrow(start, { x: t.x + t.w, y: anchorY }) : forwardArrow(start, { x: t.x, y: anchorY }, placed.routes.get(e.key));
    width = Math.max(width, a.right);
    arrows.push({ key: e.key, from: e.from.kind === 'stack' ? 'stack' : e.from.node, to: e.to, targetId: e.targetId, start, end: a.end, d: a.d, head: a.head, back, weak: e.weak === true });
  }
  return {
    width: Math.ceil(width + m.margin),
    height: Math.ceil(height + m.margin),
    stack,
    boxes,
    arrows,
    objectsTitle: { x: Number.isFinite(heapLeft) ? heapLeft : stack.x + stack.w + m.rankSep, y: m.margin },
    dagreNodes: placed.dagreNodes,
    cached,
  };
}

const HEAD_L = 8;
const HEAD_W = 4.5;

function f1(v: number): string {
  return String(Math.round(v * 10) / 10);
}

/** an arrow to a box further right: level at every point of its route (straight through a
 *  column's gap, an S-curve from one column's gap to the next), so it never cuts a corner */
function forwardArrow(start: Point, end: Point, route: Point[] | undefined): { d: string; head: string; end: Point; right: number } {
  const tip = end;
  const last = { x: end.x - HEAD_L + 1, y: end.y };
  const pts = [start, ...(route ?? []).filter((p) => p.x > start.x + 2 && p.x < last.x - 2), last];
  let d = `M${f1(start.x)},${f1(start.y)}`;
  for (let i = 0; i + 1 < pts.length; i++) {
    const p = pts[i], q = pts[i + 1];
    if (Math.abs(p.y - q.y) < 0.05) {
      d += `L${f1(q.x)},${f1(q.y)}`;
      continue;
    }
    const dx = (q.x - p.x) / 2;
    d += `C${f1(p.x + dx)},${f1(p.y)} ${f1(q.x - dx)},${f1(q.y)} ${f1(q.x)},${f1(q.y)}`;
  }
  const head = `M${f1(tip.x)},${f1(tip.y)}L${f1(tip.x - HEAD_L)},${f1(tip.y - HEAD_W)}L${f1(tip.x - HEAD_L)},${f1(tip.y + HEAD_W)}Z`;
  return { d, head, end: tip, right: start.x };
}

function backArrow(start: Point, end: Point): { d: string; head: string; end: Point; right: number } {
  const last = { x: end.x + HEAD_L - 1, y: end.y };
  const k = clamp(Math.abs(start.y - end.y) * 0.35 + 24, 28, 90);
  const cx1 = start.x + k;
  const cx2 = Math.max(last.x + k, start.x + k * 0.6);
  const d = `M${f1(start.x)},${f1(start.y)}C${f1(cx1)},${f1(start.y)} ${f1(cx2)},${f1(last.y)} ${f1(last.x)},${f1(last.y)}`;
  const head = `M${f1(end.x)},${f1(end.y)}L${f1(end.x + HEAD_L)},${f1(end.y - HEAD_W)}L${f1(end.x + HEAD_L)},${f1(end.y + HEAD_W)}Z`;
  // a cubic stays within its control points' hull: its rightmost x is at most 3/4 of the way
  return { d, head, end, right: Math.max(start.x, end.x) + Math.max(k, cx2 - last.x) * 0.75 };
}

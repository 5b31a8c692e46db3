// What the memory panel's details pane shows of one object at one step: where its bytes went (the
// object's own block with its PyGC_Head and pre-header, and the buffers it owns: a list's ob_item,
// a dict's keys table, a set's table), each with the request, the block it got (size class and
// pool and arena, or a raw malloc'd chunk), beside sys.getsizeof; who holds it (frames' locals,
// containers with the index or key, instances' attributes, the interpreter's own references) with
// ob_refcnt broken down and what the trace cannot explain; the chain of references from a root
// that keeps it alive, or that none does; and its cache and free-list status.
//
// Pure data and a pure function over a trace; computed in the simulation worker on request (one
// object, one step). The referrers and the chain are read from the step's referents, which only a
// checkpoint holds: at a step between two checkpoints they are the checkpoint's (exact: false).

import { IMMORTAL_REFCNT } from '../interp/objects';
import { reportedRefcount } from '../interp/modules';
import { OBMALLOC_PROFILES } from '../memory/obmalloc';
import { request2size } from '../memory/rawmalloc';
import type { PyVersion } from '../versions';
import type { StepReader, TraceRecorder } from './recorder';
import { strShortRepr } from './recorder';
import type { SnapshotHeap } from './snapshot';
import type { ViewCache } from './view';

export interface ObjectDetailsQuery {
  step: number;
  /** id() of the object */
  id: number;
}

/** One request the object made of the allocator. */
export interface DetailsAllocation {
  /** the object's own block, or a buffer it owns */
  kind: 'object' | 'buffer';
  /** CPython's name for what the block holds: the type for the object itself, 'ob_item',
   *  'ma_keys' (PyDictKeysObject), 'table' (the setentry table) */
  what: string;
  /** the block's address (for the object: id() minus gcHead and preHeader) */
  address: number;
  /** bytes asked of the allocator */
  request: number;
  /** of the request, the PyGC_Head and the pre-header before id() (object rows only) */
  gcHead: number;
  preHeader: number;
  /** pymalloc (requests up to SMALL_REQUEST_THRESHOLD) or the C library's malloc */
  allocator: 'pymalloc' | 'raw';
  /** the block's size (INDEX2SIZE(szidx)); for a raw chunk, malloc_usable_size */
  blockSize: number;
  /** the size class index, -1 for a raw chunk */
  szidx: number;
  /** the pool's address and its arena's index (null: not in a carved pool of the heap rebuilt) */
  pool: number | null;
  arena: number | null;
}

export type ReferrerKind =
  /** a function frame's local variable (or cell) */
  | 'local'
  /** a name of the module's namespace */
  | 'global'
  /** an item of a list or tuple (label: the index) */
  | 'item'
  /** a dict's value (label: the key's repr) */
  | 'value'
  /** a dict's key (label: its repr) */
  | 'key'
  /** an attribute of an instance or a class, a slot, a field (label: the name) */
  | 'attribute'
  /** any other referent of a container (label: null or a field name) */
  | 'referent';

/** One reference to the object the trace knows. */
export interface DetailsReferrer {
  kind: ReferrerKind;
  /** id() of the object holding the reference (for an attribute, of the instance; 0 for a frame) */
  id: number;
  /** its type's name, or the frame's co_name for a local or a global */
  type: string;
  /** the index, the key's repr, the attribute's or the variable's name */
  label: string | null;
  /** the holder's short repr, when known */
  repr: string | null;
}

/** References the interpreter holds itself. */
export interface DetailsInternal {
  what: 'small-int cache' | 'latin-1 cache' | 'interned table' | 'code constants' | 'immortal';
  /** references counted in ob_refcnt (0: held, but not counted) */
  count: number;
  /** e.g. the code object's name */
  detail: string | null;
}

/** One hop of a chain of references: `label` is how the previous holds this object. */
export interface ChainHop {
  id: number;
  type: string;
  label: string | null;
  kind: ReferrerKind;
  repr: string | null;
}

export interface DetailsChain {
  /** the frame whose local (or the module whose global) starts the chain */
  frame: string;
  kind: 'local' | 'global';
  name: string;
  /** the objects from the root's value to the object itself (the last hop) */
  hops: ChainHop[];
}

export interface ObjectDetails {
  pythonVersion: string;
  step: number;
  id: number;
  /** the object is alive at this step (else every other field is empty) */
  alive: boolean;
  type: string;
  repr: string | null;
  /** the referents (and so the referrers and the chain) were read at this step (a checkpoint);
   *  when false they are the last checkpoint's, and objects allocated since have none */
  exact: boolean;
  /** sys.getsizeof */
  sizeof: number;
  /** ob_refcnt as sys.getrefcount reports it less its own argument; -1 when not known */
  refcnt: number;
  immortal: boolean;
  /** before 3.12, an object made before the program (a small int, a static object) has a count
   *  that depends on the whole interpreter: it is not broken down */
  refcntShared: boolean;
  /** GC generation, -1 untracked, -2 not known (gc.is_tracked is gen >= 0) */
  gen: number;
  cache: ViewCache | null;
  /** sizeof(PyGC_Head) and the pre-header of the version */
  gcHeadSize: number;
  preHeaderSize: number;
  smallRequestThreshold: number;
  alignment: number;
  allocations: DetailsAllocation[];
  /** what the breakdown leaves out for this object (buffers the simulator does not trace) */
  allocationNotes: string[];
  referrers: DetailsReferrer[];
  /** referrers found (referrers may stop at DETAILS_LIMITS.referrers) */
  referrersTotal: number;
  internal: DetailsInternal[];
  /** ob_refcnt minus the referrers and the counted internal references; null when ob_refcnt is
   *  not known or immortal */
  unexplained: number | null;
  /** how a root reaches it: 'root' (chain set), 'cycle' (no root reaches it, and it lies on a cycle
   *  of references: what the collector would find), 'none' (no root reaches it, nor does it lie
   *  on a cycle: held by the interpreter or by a temporary), 'unknown' (the search stopped at
   *  DETAILS_LIMITS.visit objects) */
  reach: 'root' | 'cycle' | 'none' | 'unknown';
  chain: DetailsChain | null;
  /** the block came from a free list (its type's) rather than from pymalloc */
  fromFreeList: boolean;
  /** where its block goes when it dies: the free list named (while it holds fewer than max), or
   *  back to its pool ('pymalloc') or to the C library ('raw'); null for an object never freed
   *  (immortal, a cache, pre-existing) */
  onDeath: { freeList: string | null; max: number; to: 'pymalloc' | 'raw' } | null;
}

export const DETAILS_LIMITS = { referrers: 200, visit: 2_000_000 } as const;

function bufferName(type: string): string {
  if (type === 'list') return 'ob_item';
  if (type === 'dict') return 'ma_keys';
  if (type === 'set' || type === 'frozenset') return 'table';
  if (type === 'bytearray') return 'ob_bytes';
  return 'buffer';
}

/** the block a request gets: pymalloc's size class, or the C library's chunk */
export function blockFor(request: number, version: PyVersion): { allocator: 'pymalloc' | 'raw'; blockSize: number; szidx: number } {
  const ob = OBMALLOC_PROFILES[version];
  if (request > 0 && request <= ob.SMALL_REQUEST_THRESHOLD) {
    const szidx = (request - 1) >> ob.ALIGNMENT_SHIFT;
    return { allocator: 'pymalloc', blockSize: (szidx + 1) * ob.ALIGNMENT, szidx };
  }
  // glibc: malloc_usable_size of a brk chunk is its size less the size field (an mmapped chunk,
  // from 128 KiB, is whole pages less two size fields)
  const nb = request2size(Math.max(request, 1));
  const usable = nb >= 128 * 1024 ? Math.ceil((nb + 8) / 4096) * 4096 - 16 : nb - 8;
  return { allocator: 'raw', blockSize: usable, szidx: -1 };
}

/** the details of object query.id at query.step of a trace */
export function objectDetails(rec: TraceRecorder, query: ObjectDetailsQuery): ObjectDetails {
  const r = rec.reader(query.step);
  const version = r.pythonVersion as PyVersion;
  const ob = OBMALLOC_PROFILES[version];
  const p = r.profile;
  const base: ObjectDetails = {
    pythonVersion: version, step: r.step, id: query.id, alive: false, type: '', repr: null, exact: r.exact,
    sizeof: 0, refcnt: -1, immortal: false, refcntShared: false, gen: -2, cache: null,
    gcHeadSize: p.gcHeadSize, preHeaderSize: p.managedPreHeaderSize,
    smallRequestThreshold: ob.SMALL_REQUEST_THRESHOLD, alignment: ob.ALIGNMENT,
    allocations: [], allocationNotes: [], referrers: [], referrersTotal: 0, internal: [], unexplained: null,
    reach: 'none', chain: null, fromFreeList: false, onDeath: null,
  };
  const t = r.serialsOf(new Set([query.id])).get(query.id);
  if (t === undefined) return base;
  const type = r.typeNames[r.type(t)];
  const raw = r.refcnt(t);
  const shared = raw >= IMMORTAL_REFCNT / 2;
  const immortal = shared && p.immortalRefcnt !== null;
  const d: ObjectDetails = {
    ...base, alive: true, type, repr: r.repr(t), sizeof: r.size(t),
    refcnt: raw < 0 ? -1 : reportedRefcount(p, raw), immortal, refcntShared: shared && !immortal, gen: r.gen(t), cache: r.cache(t),
  };

  // --- allocations --------------------------------------------------------------------------
  const al = objectAllocations(rec, r, t, rec.heapAt(r.step).heap);
  d.allocations = al.allocations;
  d.allocationNotes = al.notes;
  d.fromFreeList = al.reused;
  d.onDeath = onDeath(r, t, type, d, al.request, version);

  // --- referrers ------------------------------------------------------------------------------
  const found: DetailsReferrer[] = [];
  /** the dicts that are an instance's __dict__ holding the object: dict serial -> its entries */
  const attrDicts = new Map<number, { name: string | null }[]>();
  /** the str-keys dicts holding it, by key: a module's namespace is one */
  const nsEntries: { s: number; name: string }[] = [];
  let total = 0;
  const push = (x: DetailsReferrer): void => { total++; if (found.length < DETAILS_LIMITS.referrers) found.push(x); };
  const codeRefs: string[] = [];
  /** the closure cells holding it: a frame's cell variable of that name is this reference */
  const cells: { s: number; name: string | null; used: boolean }[] = [];
  for (let s = 0; s < r.visN; s++) {
    if (!r.live(s)) continue;
    const n = r.refCount(s);
    if (!n) continue;
    let labels: ReturnType<StepReader['labels']> | undefined;
    for (let k = 0; k < n; k++) {
      if (r.refSerial(s, k) !== t) continue;
      if (labels === undefined) labels = r.labels(s);
      const st = r.typeNames[r.type(s)];
      const name = labels ? labels.names[k] ?? null : null;
      if (st === 'code') { codeRefs.push(r.repr(s) ?? 'code'); continue; }
      if (st === 'frame') continue; // (the stack's frames are listed by their locals below)
      if (st === 'cell') { cells.push({ s, name, used: false }); continue; }
      if (labels && labels.kind === 'attrs') {
        let l = attrDicts.get(s);
        if (!l) attrDicts.set(s, (l = []));
        l.push({ name });
        continue;
      }
      if (labels && labels.kind === 'str-keys' && name !== null) { nsEntries.push({ s, name }); continue; }
      let kind: ReferrerKind = 'referent';
      let label: string | null = name;
      if (st === 'list' || st === 'tuple') { kind = 'item'; label = String(k); }
      else if (labels && labels.kind === 'pairs') {
        if (k % 2 === 0) { kind = 'value'; label = name; } else { kind = 'key'; label = labels.names[k - 1] ?? null; }
      } else if (labels && labels.kind === 'names' && name !== null) kind = 'attribute';
      push({ kind, id: r.id(s), type: st, label, repr: r.repr(s) });
    }
  }
  // an instance's __dict__ entries are attributes of the instance
  if (attrDicts.size) {
    const owners = new Map<number, number>();
    for (let s = 0; s < r.visN && owners.size < attrDicts.size; s++) {
      if (!r.live(s)) continue;
      const n = r.refCount(s);
      for (let k = 0; k < n; k++) {
        const x = r.refSerial(s, k);
        if (attrDicts.has(x) && !owners.has(x)) owners.set(x, s);
      }
    }
    for (const [ds, entries] of attrDicts) {
      const os = owners.get(ds);
      for (const e of entries) {
        push(os !== undefined
          ? { kind: 'attribute', id: r.id(os), type: r.typeNames[r.type(os)], label: e.name, repr: r.repr(os) }
          : { kind: 'value', id: r.id(ds), type: 'dict', label: e.name === null ? null : strShortRepr(e.name), repr: r.repr(ds) });
      }
    }
  }
  // the frames' locals; a module's (or class body's) names are its namespace's entries
  const usedNs = new Set<number>();
  r.frames.forEach((f, fi) => {
    const serials = r.localSerials[fi] ?? [];
    const isModule = f.name.startsWith('<') && f.name !== '<lambda>' && !f.name.endsWith('comp>') && f.name !== '<genexpr>';
    f.locals.forEach((l, li) => {
      if (serials[li] !== t) return;
      if (isModule) {
        const at = nsEntries.findIndex((e, i) => !usedNs.has(i) && e.name === l.name);
        if (at >= 0) usedNs.add(at);
        push({ kind: 'global', id: 0, type: f.name, label: l.name, repr: null });
        return;
      }
      // a cell variable (or a free variable) is the cell's reference, counted once
      const named = cells.filter((c) => c.name === l.name);
      if (named.length) {
        const c = named.find((x) => !x.used);
        if (c) { c.used = true; push({ kind: 'local', id: r.id(c.s), type: f.name, label: l.name, repr: 'cell' }); }
        return;
      }
      push({ kind: 'local', id: 0, type: f.name, label: l.name, repr: null });
    });
  });
  for (const c of cells) if (!c.used) push({ kind: 'referent', id: r.id(c.s), type: 'cell', label: c.name, repr: null });
  nsEntries.forEach((e, i) => {
    if (usedNs.has(i)) return;
    push({ kind: 'value', id: r.id(e.s), type: r.typeNames[r.type(e.s)], label: strShortRepr(e.name), repr: r.repr(e.s) });
  });
  d.referrers = found;
  d.referrersTotal = total;

  // --- the interpreter's own references ------------------------------------------------------------
  if (immortal) d.internal.push({ what: 'immortal', count: 0, detail: null });
  else {
    if (d.cache === 'small-int') d.internal.push({ what: 'small-int cache', count: 1, detail: null });
    if (d.cache === 'latin1-char') d.internal.push({ what: 'latin-1 cache', count: 1, detail: null });
    if (d.cache === 'interned') d.internal.push({ what: 'interned table', count: 0, detail: null });
    for (const c of codeRefs) d.internal.push({ what: 'code constants', count: 1, detail: c });
    // a constant of the program's code is an item of a co_consts tuple at least (the trace does
    // not follow code objects): one reference, the others stay unexplained
    if (d.cache === 'constant' && !codeRefs.length) d.internal.push({ what: 'code constants', count: 1, detail: null });
  }
  if (d.refcnt >= 0 && !shared) {
    d.unexplained = d.refcnt - total - d.internal.reduce((x, y) => x + y.count, 0);
  }

  // --- the chain from a root ------------------------------------------------------------------
  const found2 = chainTo(r, t);
  d.reach = found2.reach;
  d.chain = found2.chain;
  return d;
}

/** What object t of reader r's step asked of the allocator. */
export interface ObjectAllocations {
  /** its own block (PyGC_Head and pre-header included) and the buffers it owns, by address */
  allocations: DetailsAllocation[];
  /** what the breakdown leaves out (ObjectDetails.allocationNotes) */
  notes: string[];
  /** the object's own request (0: none of the program's) */
  request: number;
  /** its block came from a free list */
  reused: boolean;
}

/**
 * The blocks of object t (a serial live at r's step): its own block and the buffers it owns, as
 * objectDetails lists them, without looking for its referrers. `heap` is the step's heap
 * (TraceRecorder.heapAt) to place each block in its pool and arena; null leaves pool and arena
 * null (the inlay hints need the sizes only).
 */
export function objectAllocations(rec: TraceRecorder, r: StepReader, t: number, heap: SnapshotHeap | null): ObjectAllocations {
  const version = r.pythonVersion as PyVersion;
  const p = r.profile;
  const type = r.typeNames[r.type(t)];
  const a = rec.allocationsOf(t, r.step);
  const where = (block: number): { pool: number | null; arena: number | null } => {
    if (!heap) return { pool: null, arena: null };
    for (const ar of heap.arenas) {
      if (block < ar.address || block >= ar.address + heap.arenaSize) continue;
      const pa = Math.floor(block / heap.poolSize) * heap.poolSize;
      return { pool: ar.pools.some((x) => x.address === pa) ? pa : null, arena: ar.index };
    }
    return { pool: null, arena: null };
  };
  const allocations: DetailsAllocation[] = [];
  const notes: string[] = [];
  const preexisting = r.preexisting(t);
  if (a.request > 0 && !preexisting) {
    const gcHead = a.gc ? Math.min(a.pre, p.gcHeadSize) : 0;
    const block = r.id(t) - a.pre;
    const b = blockFor(a.request, version);
    allocations.push({
      kind: 'object', what: type, address: block, request: a.request, gcHead, preHeader: a.pre - gcHead, ...b,
      ...(b.allocator === 'pymalloc' ? where(block) : { pool: null, arena: null }),
    });
  }
  for (const buf of a.buffers) {
    const b = blockFor(buf.request, version);
    allocations.push({
      kind: 'buffer', what: buf.what ?? bufferName(type), address: buf.block, request: buf.request, gcHead: 0, preHeader: 0, ...b,
      ...(b.allocator === 'pymalloc' ? where(buf.block) : { pool: null, arena: null }),
    });
  }
  if (preexisting) notes.push('allocated before the program\'s first line (or statically): its blocks are not traced');
  if (type === 'dict' && !a.buffers.some((b) => b.what === undefined) && !preexisting) {
    notes.push('no keys table of its own: the shared empty keys, or the keys of its class (split table)');
  }
  return { allocations, notes, request: a.request, reused: a.reused };
}

function onDeath(r: StepReader, t: number, type: string, d: ObjectDetails, request: number, version: PyVersion): ObjectDetails['onDeath'] {
  if (d.immortal || r.preexisting(t) || d.cache === 'small-int' || d.cache === 'singleton' || d.cache === 'latin1-char' || request === 0) return null;
  const p = r.profile;
  const to: 'pymalloc' | 'raw' = blockFor(request, version).allocator;
  if (type === 'float' && p.floatFreeListMax > 0) return { freeList: 'float', max: p.floatFreeListMax, to };
  if (type === 'list' && p.listFreeListMax > 0) return { freeList: 'list', max: p.listFreeListMax, to };
  if (type === 'dict' && p.dictFreeListMax > 0) return { freeList: 'dict', max: p.dictFreeListMax, to };
  if (type === 'tuple') {
    const n = r.refCount(t);
    if (n > 0 && n <= p.tupleFreeListPushMaxLen && p.tupleFreeListMax > 0) return { freeList: `tuple of length ${n}`, max: p.tupleFreeListMax, to };
  }
  return { freeList: null, max: 0, to };
}

/** breadth first from the frames' locals to serial t: the shortest chain, or why there is none */
function chainTo(r: StepReader, t: number): { reach: ObjectDetails['reach']; chain: DetailsChain | null } {
  const parent = new Map<number, { from: number; k: number }>();
  const queue: number[] = [];
  const roots = new Map<number, { fi: number; li: number }>();
  r.frames.forEach((f, fi) => {
    const serials = r.localSerials[fi] ?? [];
    // the innermost frame's names first: the chain a reader of the current line expects
    f.locals.forEach((_l, li) => {
      const s = serials[li];
      if (s === undefined || s < 0 || roots.has(s)) return;
      roots.set(s, { fi, li });
    });
  });
  // module frames' names first (globals), then the functions' (a shortest chain either way)
  for (const s of roots.keys()) { parent.set(s, { from: -1, k: -1 }); queue.push(s); }
  let hit = roots.has(t);
  let visited = 0;
  for (let q = 0; q < queue.length && !hit; q++) {
    const s = queue[q];
    if (++visited > DETAILS_LIMITS.visit) return { reach: 'unknown', chain: null };
    const n = r.refCount(s);
    for (let k = 0; k < n; k++) {
      const x = r.refSerial(s, k);
      if (x < 0 || parent.has(x) || !r.live(x)) continue;
      parent.set(x, { from: s, k });
      if (x === t) { hit = true; break; }
      queue.push(x);
    }
  }
  if (hit) {
    const path: { s: number; from: number; k: number }[] = [];
    for (let s = t; s >= 0;) {
      const pr = parent.get(s)!;
      path.push({ s, from: pr.from, k: pr.k });
      s = pr.from;
    }
    path.reverse();
    const root = roots.get(path[0].s)!;
    const f = r.frames[root.fi];
    const isModule = f.name.startsWith('<') && f.name !== '<lambda>' && !f.name.endsWith('comp>') && f.name !== '<genexpr>';
    const hops: ChainHop[] = path.map((h) => {
      const type = r.typeNames[r.type(h.s)];
      let label: string | null = null;
      let kind: ReferrerKind = 'referent';
      if (h.from >= 0) {
        const ft = r.typeNames[r.type(h.from)];
        const labels = r.labels(h.from);
        const name = labels ? labels.names[h.k] ?? null : null;
        if (ft === 'list' || ft === 'tuple') { kind = 'item'; label = String(h.k); }
        else if (labels?.kind === 'pairs') { kind = h.k % 2 === 0 ? 'value' : 'key'; label = h.k % 2 === 0 ? name : labels.names[h.k - 1] ?? null; }
        else if (labels?.kind === 'str-keys' && name !== null) { kind = 'value'; label = strShortRepr(name); }
        else if (labels?.kind === 'attrs' || labels?.kind === 'names') { kind = 'attribute'; label = name; }
        else label = name;
      } else {
        kind = isModule ? 'global' : 'local';
        label = f.locals[root.li].name;
      }
      return { id: r.id(h.s), type, label, kind, repr: r.repr(h.s) };
    });
    // an instance's __dict__ is a step of CPython's, not of the program's: its entries are the
    // instance's attributes
    const merged = hops.filter((h, i) => !(h.kind === 'attribute' && h.label === '__dict__' && h.type === 'dict' && hops[i + 1]?.kind === 'attribute'));
    return { reach: 'root', chain: { frame: f.name, kind: isModule ? 'global' : 'local', name: f.locals[root.li].name, hops: merged } };
  }
  // not reached: does a cycle through it hold it? (forward from t, back to t)
  const seen = new Set<number>([t]);
  const q2 = [t];
  for (let q = 0; q < q2.length; q++) {
    if (q > DETAILS_LIMITS.visit) return { reach: 'unknown', chain: null };
    const s = q2[q];
    const n = r.refCount(s);
    for (let k = 0; k < n; k++) {
      const x = r.refSerial(s, k);
      if (x === t) return { reach: 'cycle', chain: null };
      if (x < 0 || seen.has(x) || !r.live(x)) continue;
      seen.add(x);
      q2.push(x);
    }
  }
  return { reach: 'none', chain: null };
}

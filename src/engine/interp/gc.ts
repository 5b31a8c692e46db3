// The generational cyclic garbage collector, as CPython's Modules/gcmodule.c (3.8-3.12) and
// Python/gc.c (3.13): three generations with their thresholds and counts, the long-lived
// heuristic for full collections, and the phases of a collection: update_refs, subtract_refs,
// move_unreachable, untrack_tuples / untrack_dicts, handle_weakrefs, finalize_garbage (PEP 442),
// resurrection, delete_garbage (tp_clear).

import {
  PyBaseException, PyCell, PyDict, PyFunction, PyGen, PyInstance, PyList, PyMethod, PyObject, PySet, PyTuple, PyType,
  PyWeakref, GC_OUTSIDE,
} from './objects';
import { PyExc, Runtime, rt } from './runtime';
import * as ops from './ops';
import { traverse } from './modules';
import { instanceItems } from './types';
import type { CollectionBuilder, GcReason } from './gcrecord';

function decref(o: PyObject): void { if (--o.ob_refcnt === 0) rt.dealloc(o); }

export type GcPhase = 'start' | 'update_refs' | 'subtract_refs' | 'move_unreachable' | 'handle_weakrefs' |
  'finalize_garbage' | 'handle_resurrected' | 'delete_garbage' | 'stop';

/** gcGen of an object in the permanent generation */
export const PERMANENT = 3;

export class GcState {
  generations: Set<PyObject>[] = [new Set(), new Set(), new Set()];
  permanent = new Set<PyObject>();
  count: [number, number, number] = [0, 0, 0];
  threshold: [number, number, number];
  enabled = true;
  collecting = false;
  /** gc.set_debug flags */
  debug = 0;
  pending = false;
  longLivedPending = 0;
  longLivedTotal = 0;
  /** why the collection under way runs (collect_generations at the thresholds, or gc.collect());
   *  null between collections */
  reason: GcReason | null = null;
  /** collections made so far, of any generation (the sum of gc.get_stats()'s 'collections') */
  collections = 0;
  garbage!: PyList;
  callbacks!: PyList;
  /** observers of collection phases (the step trace) */
  onPhase: ((phase: GcPhase, generation: number, objects: number) => void) | null = null;
  constructor(threshold: readonly [number, number, number]) {
    this.threshold = [threshold[0], threshold[1], threshold[2]];
  }
  *allTracked(): IterableIterator<PyObject> {
    for (const g of this.generations) yield* g;
  }
  freeze(): void {
    for (const g of this.generations) { for (const o of g) { o.gcGen = PERMANENT; this.permanent.add(o); } g.clear(); }
    this.count = [0, 0, 0];
  }
  unfreeze(): void {
    for (const o of this.permanent) { o.gcGen = 2; this.generations[2].add(o); }
    this.permanent.clear();
  }
}

declare module './runtime' {
  interface Runtime {
    gcState: GcState;
  }
}

export function installGc(r: Runtime): void {
  const st = new GcState(r.profile.gcThresholds);
  r.gcState = st;
  const gens = st.generations;
  Runtime.prototype.gcTrack = function (o: PyObject): void {
    if (o.gcTracked) return;
    o.gcTracked = true;
    o.gcGen = 0;
    gens[0].add(o);
  };
  Runtime.prototype.gcUntrack = function (o: PyObject): void {
    if (!o.gcTracked) return;
    o.gcTracked = false;
    // (gcGen -1: on a collection's unreachable list, which is no generation)
    if (o.gcGen >= 0) (o.gcGen === PERMANENT ? st.permanent : gens[o.gcGen]).delete(o);
  };
  st.garbage = r.newList([]);
  st.garbage.ob_refcnt = 2 ** 50;
  st.callbacks = r.newList([]);
  st.callbacks.ob_refcnt = 2 ** 50;
}

/** _PyObject_GC_Alloc / _PyObject_GC_Link: a GC object was allocated */
export function gcOnAlloc(): void {
  const st = rt.gcState;
  st.count[0]++;
  if (st.count[0] > st.threshold[0] && st.enabled && st.threshold[0] && !st.collecting) st.pending = true;
}

/** PyObject_GC_Del */
export function gcOnFree(o: PyObject): void {
  const st = rt.gcState;
  if (o.gcTracked) rt.gcUntrack(o);
  if (st.count[0] > 0) st.count[0]--;
}

/** collect_generations: the automatic collection at the thresholds */
export function collectGenerations(): void {
  const st = rt.gcState;
  st.pending = false;
  if (!st.enabled || st.collecting) return;
  for (let i = 2; i >= 0; i--) {
    if (st.count[i] > st.threshold[i]) {
      if (i === 2 && st.longLivedPending < st.longLivedTotal / 4) continue;
      collectWithCallbacks(i, 'automatic');
      break;
    }
  }
}

function collectWithCallbacks(gen: number, reason: GcReason): number {
  const st = rt.gcState;
  // gcstate->collecting covers the callbacks too: no collection starts inside them
  st.collecting = true;
  st.reason = reason;
  try {
    invokeCallbacks('start', gen, 0, 0);
    const [n, u] = collectMain(gen, reason);
    invokeCallbacks('stop', gen, n, u);
    return n + u;
  } finally {
    st.collecting = false;
    st.reason = null;
  }
}

function invokeCallbacks(phase: 'start' | 'stop', gen: number, collected: number, uncollectable: number): void {
  const cbs = rt.gcState.callbacks.items.slice();
  if (!cbs.length) return;
  const info = rt.newDict();
  ops.dictSetStrSteal(info, 'generation', rt.newInt(gen));
  ops.dictSetStrSteal(info, 'collected', rt.newInt(collected));
  ops.dictSetStrSteal(info, 'uncollectable', rt.newInt(uncollectable));
  const ph = rt.newStr(phase);
  try {
    for (const cb of cbs) decref(ops.callObject(cb, [ph, info]));
  } finally {
    decref(ph);
    decref(info);
  }
}

/** gc.collect(generation) */
export function collect(gen: number): number {
  const st = rt.gcState;
  if (st.collecting) return 0;
  return collectWithCallbacks(gen, 'manual');
}

/** gc.DEBUG_SAVEALL */
export const DEBUG_SAVEALL = 32;

/** gc_refs of an object found reachable by move_unreachable */
const GC_REACHABLE = 0x40000000;

// the traversal callbacks (visit_decref, visit_reachable): module functions, so that a collection
// allocates nothing per object; visitReachable leaves what it found on markStack
let markStack: PyObject[] = [];
function visitDecref(r: PyObject): void {
  if (r.gc_refs > GC_OUTSIDE) r.gc_refs--;
}
function visitReachable(r: PyObject): void {
  const v = r.gc_refs;
  if (v > GC_OUTSIDE && v !== GC_REACHABLE) { r.gc_refs = GC_REACHABLE; markStack.push(r); }
}

/** gc_collect_main: returns [collected, uncollectable] */
function collectMain(gen: number, reason: GcReason): [number, number] {
  const st = rt.gcState;
  const gens = st.generations;
  const wasCollecting = st.collecting;
  st.collecting = true;
  const tr = rt.tracer;
  const phase = tr !== null ? (ph: GcPhase, g: number, n: number) => tr.gcPhase(ph, g, n) : st.onPhase;
  // the phase record (only while a trace that keeps them is recorded)
  const rec: CollectionBuilder | null = tr !== null && tr.gcCollectionStart ? tr.gcCollectionStart(gen, reason) : null;
  st.collections++;
  try {
    // update the counters
    if (gen + 1 < 3) st.count[gen + 1]++;
    for (let i = 0; i <= gen; i++) st.count[i] = 0;
    // merge younger generations into this one
    const young = gens[gen];
    for (let i = 0; i < gen; i++) { for (const o of gens[i]) { o.gcGen = gen; young.add(o); } gens[i].clear(); }
    const oldGen = gen < 2 ? gen + 1 : 2;
    const old = gens[oldGen];
    phase?.('start', gen, young.size);
    // update_refs: gc_refs = ob_refcnt
    for (const o of young) o.gc_refs = o.ob_refcnt;
    rec?.updateRefs(young, young.size);
    phase?.('update_refs', gen, young.size);
    // subtract_refs: references from inside the generation
    for (const o of young) traverse(o, visitDecref);
    rec?.subtractRefs(young);
    phase?.('subtract_refs', gen, young.size);
    // move_unreachable: everything reachable from an object with gc_refs > 0 survives
    const reachable = reachableFrom(young);
    const unreachable: PyObject[] = [];
    for (const o of young) if (o.gc_refs !== GC_REACHABLE) unreachable.push(o);
    rec?.moveUnreachable(young, GC_REACHABLE, reachable.length, unreachable);
    for (const o of young) o.gc_refs = GC_OUTSIDE;
    phase?.('move_unreachable', gen, unreachable.length);
    // untrack_tuples (every collection) and, in a full collection, untrack_dicts
    for (const o of reachable) {
      if (o instanceof PyTuple && !o.items.some((x) => ops.mayBeTracked(x))) { rt.gcUntrack(o); if (rec) rec.rec.untracked++; }
    }
    // survivors go to the older generation
    // (in a full collection they go to the end of the same generation, in the order found)
    for (const o of reachable) {
      if (!o.gcTracked || o.gcGen !== gen) continue;
      gens[gen].delete(o);
      o.gcGen = oldGen;
      old.add(o);
    }
    if (gen === 2) {
      if (rt.profile.gcUntrackDicts) {
        for (const o of [...gens[2]]) {
          if (o instanceof PyDict && !ops.dictItems(o).some(([k, v]) => ops.mayBeTracked(k) || ops.mayBeTracked(v))) { rt.gcUntrack(o); if (rec) rec.rec.untracked++; }
        }
      }
      st.longLivedPending = 0;
      st.longLivedTotal = gens[2].size;
    } else if (gen === 1) {
      st.longLivedPending += reachable.length;
    }
    for (const o of unreachable) { gens[gen].delete(o); o.gcGen = -1; }
    let m = unreachable.length;
    // handle_weakrefs: clear weakrefs to unreachable objects; callbacks of reachable weakrefs run
    for (const o of unreachable) o.gc_refs = 0;
    const callbacks: [PyWeakref, PyObject][] = [];
    for (const o of unreachable) {
      const refs = (o as PyInstance).weakrefs;
      if (refs && refs.length) {
        for (const w of refs) {
          w.target = null;
          if (rec) rec.add(rec.rec.weakrefsCleared, w);
          if (w.callback && w.gc_refs === GC_OUTSIDE) { callbacks.push([w, w.callback]); w.callback = null; }
        }
        (o as PyInstance).weakrefs = null;
      }
    }
    for (const o of unreachable) o.gc_refs = GC_OUTSIDE;
    for (const [w, cb] of callbacks) {
      if (rec) rec.add(rec.rec.weakrefCallbacks, w);
      w.ob_refcnt++;
      try { decref(ops.callObject(cb, [w])); } catch (e) { if (e instanceof PyExc) rt.unraisable(e, cb, null); else throw e; }
      decref(cb);
      decref(w);
    }
    phase?.('handle_weakrefs', gen, callbacks.length);
    // finalize_garbage: PEP 442 __del__, once per object
    for (const o of unreachable) o.ob_refcnt++;
    for (const o of unreachable) {
      if (o instanceof PyInstance && !o.finalized && o.ob_type.flags.heap) {
        const del = ops.typeLookup(o.ob_type, '__del__');
        if (del) {
          o.finalized = true;
          if (rec) rec.add(rec.rec.finalized, o);
          try { decref(ops.callObject(del, [o])); } catch (e) { if (e instanceof PyExc) rt.unraisable(e, del, o); else throw e; }
        }
      }
    }
    phase?.('finalize_garbage', gen, unreachable.length);
    // resurrection: objects now referenced from outside the unreachable set survive
    for (const o of unreachable) o.gc_refs = o.ob_refcnt - 1;
    for (const o of unreachable) traverse(o, visitDecref);
    const resurrectedList = reachableFrom(unreachable);
    let finalUnreachable = unreachable;
    if (resurrectedList.length) {
      if (rt.profile.gcResurrectKeepsAll) {
        finalUnreachable = [];
        for (const o of unreachable) if (o.gcTracked) toGen(o, oldGen);
      } else {
        finalUnreachable = unreachable.filter((o) => o.gc_refs !== GC_REACHABLE);
        for (const o of resurrectedList) if (o.gcTracked) toGen(o, oldGen);
      }
    }
    for (const o of unreachable) o.gc_refs = GC_OUTSIDE;
    m = finalUnreachable.length;
    if (rec) {
      if (finalUnreachable.length === unreachable.length) { /* none */ } else if (finalUnreachable.length === 0) rec.list(rec.rec.resurrected, unreachable);
      else { const left = new Set(finalUnreachable); rec.list(rec.rec.resurrected, unreachable.filter((o) => !left.has(o))); }
    }
    phase?.('handle_resurrected', gen, resurrectedList.length);
    if (rec) { rec.rec.debugSaveAll = (st.debug & DEBUG_SAVEALL) !== 0; rec.rec.resurrectKeepsAll = rt.profile.gcResurrectKeepsAll; }
    if (st.debug & DEBUG_SAVEALL) {
      rec?.list(rec.rec.garbage, finalUnreachable);
      // the unreachable objects go to gc.garbage instead of being cleared
      for (const o of finalUnreachable) {
        o.ob_refcnt++;
        st.garbage.items.push(o);
        if (o.gcTracked) toGen(o, oldGen);
      }
    } else {
      rec?.list(rec.rec.freed, finalUnreachable);
      // delete_garbage: tp_clear breaks the cycles
      for (const o of finalUnreachable) {
        if (o.ob_refcnt > 1) clearObject(o);
      }
    }
    for (const o of unreachable) decref(o);
    phase?.('delete_garbage', gen, finalUnreachable.length);
    if (gen === 2) clearFreeLists();
    phase?.('stop', gen, m);
    if (rec) { rec.finish(rt.steps, st.count, m, 0); tr!.gcCollectionEnd?.(rec); }
    return [m, 0];
  } finally {
    st.collecting = wasCollecting;
  }
}

/** the objects of `objs` reachable from outside it (gc_refs > 0), in discovery order */
function reachableFrom(objs: Iterable<PyObject>): PyObject[] {
  const found: PyObject[] = [];
  for (const o of objs) if (o.gc_refs > 0) { o.gc_refs = GC_REACHABLE; found.push(o); }
  // depth first from each root, appending the objects found (as the Set of the first version did)
  const stack = found.slice();
  markStack = [];
  while (stack.length) {
    traverse(stack.pop()!, visitReachable);
    for (let i = 0; i < markStack.length; i++) { found.push(markStack[i]); stack.push(markStack[i]); }
    markStack.length = 0;
  }
  return found;
}

/** puts an object that had left the generations (unreachable) back on generation `g` */
function toGen(o: PyObject, g: number): void {
  const gens = rt.gcState.generations;
  if (o.gcGen >= 0) (o.gcGen === PERMANENT ? rt.gcState.permanent : gens[o.gcGen]).delete(o);
  o.gcGen = g;
  gens[g].add(o);
}

function clearFreeLists(): void {
  rt.clearFreeLists?.();
}

/** tp_clear of the container types */
function clearObject(o: PyObject): void {
  if (o instanceof PyList) {
    const items = o.items;
    o.items = [];
    rt.setListCapacity(o, 0, true);
    for (const x of items) decref(x);
    return;
  }
  if (o instanceof PyDict) {
    const items = ops.dictItems(o);
    ops.table(o).clear();
    for (const [k, v] of items) { decref(k); decref(v); }
    return;
  }
  if (o instanceof PySet) {
    const keys = ops.setKeys(o);
    ops.setTable(o).clear();
    for (const k of keys) decref(k);
    return;
  }
  if (o instanceof PyInstance) {
    const slots = o.slots;
    if (slots) for (let i = 0; i < slots.length; i++) { const s = slots[i]; if (s) { slots[i] = null; decref(s); } }
    if (o.dict) {
      const d = o.dict;
      if (rt.profile.gcClearsInstanceDictContents) {
        const items = ops.dictItems(d);
        ops.table(d).clear();
        for (const [k, v] of items) { decref(k); decref(v); }
      } else {
        o.dict = null;
        decref(d);
      }
    } else {
      const items = instanceItems(o);
      for (const [k] of items) {
        const x = (o as unknown as { attrs: import('../dictobject').InstanceAttrs<PyObject, PyObject> | null }).attrs;
        x?.delete(k);
      }
      for (const [k, v] of items) { decref(k); decref(v); }
    }
    if (o instanceof PyBaseException) {
      const c = o.cause; o.cause = null; if (c) decref(c);
      const x = o.context; o.context = null; if (x) decref(x);
    }
    return;
  }
  if (o instanceof PyCell) {
    const r = o.ref;
    o.ref = null;
    if (r) decref(r);
    return;
  }
  if (o instanceof PyFunction) {
    const d = o.defaults; o.defaults = null; if (d) decref(d);
    const k = o.kwdefaults; o.kwdefaults = null; if (k) decref(k);
    const c = o.closure; o.closure = null; if (c) decref(c);
    const dd = o.dict; o.dict = null; if (dd) decref(dd);
    return;
  }
  if (o instanceof PyType && o.flags.heap) {
    // type_clear: PyDict_Clear(tp_dict), Py_CLEAR(tp_mro)
    const d = o.dict;
    if (d) {
      const items = ops.dictItems(d);
      ops.table(d).clear();
      for (const [k, v] of items) { decref(k); decref(v); }
    }
    const mro = o.tp_mro;
    o.tp_mro = null;
    if (mro) decref(mro);
    o.lookupCache.clear();
    return;
  }
  if (o instanceof PyGen || o instanceof PyMethod || o instanceof PyTuple) return;
}

declare module './runtime' {
  interface Runtime {
    clearFreeLists?: () => void;
  }
}

/** the collection at interpreter finalization (finalize_modules: _PyGC_CollectNoFail) */
export function collectAtExit(): void {
  const st = rt.gcState;
  if (st.collecting) return;
  collectMain(2, 'exit');
}

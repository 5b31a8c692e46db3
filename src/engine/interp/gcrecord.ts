// What one collection of the cyclic GC did, phase by phase, as gc.ts tells a tracer that asks for
// it (Tracer.gcCollection): the generations merged, each object of the collected set with its
// ob_refcnt (gc_refs after update_refs) and gc_refs after subtract_refs, which of them
// move_unreachable left reachable, the weakrefs handle_weakrefs cleared and whose callbacks ran,
// the objects finalize_garbage ran __del__ of (PEP 442), those resurrected, those delete_garbage
// freed (tp_clear) and what went to gc.garbage (DEBUG_SAVEALL). Every list stops at a cap (the
// recorder's budget) with the total beside it.
//
// Built only while a trace is recorded: a plain run makes no record (gc.ts tests one null).

/** A list of object ids (id()) that stops at a cap: `total` counts them all. */
export interface GcIdList {
  ids: number[];
  total: number;
}

/** An object of the collected set (the generation collected, the younger ones merged into it). */
export interface GcObjectEntry {
  /** id() */
  id: number;
  /** tp_name */
  type: string;
  /** ob_refcnt when the collection began: gc_refs after update_refs; -1 for an object of the
   *  interpreter whose count the simulator does not model (gc.garbage, gc.callbacks: it keeps them
   *  alive with a count of IMMORTAL_REFCNT) */
  refcnt: number;
  /** gc_refs after subtract_refs: references from outside the collected set (-1 with refcnt) */
  gcRefs: number;
  /** move_unreachable found it reachable (it survives into the older generation) */
  reachable: boolean;
}

/** Why a collection ran. */
export type GcReason = 'automatic' | 'manual' | 'exit';

export interface CollectionRecord {
  /** 0-based, in the order the collections ran */
  index: number;
  /** the trace's step counter when it began and when it ended (a __del__ may run lines) */
  step: number;
  endStep: number;
  /** the generation collected (the younger ones are merged into it) */
  generation: number;
  reason: GcReason;
  /** gc.get_count() before the collection, and after it */
  countBefore: [number, number, number];
  countAfter: [number, number, number];
  threshold: [number, number, number];
  /** tracked objects in each generation before the merge */
  generationSizes: [number, number, number];
  /** the collected set, in the order of the merged generation (at most the cap), and its size */
  objects: GcObjectEntry[];
  collectedSetSize: number;
  /** after move_unreachable */
  reachable: number;
  unreachable: GcIdList;
  /** reachable tuples (and, in a full collection, dicts) untracked (untrack_tuples / untrack_dicts) */
  untracked: number;
  /** handle_weakrefs: weakref objects cleared (their referent unreachable), and those whose
   *  callbacks ran, in the order they ran */
  weakrefsCleared: GcIdList;
  weakrefCallbacks: GcIdList;
  /** finalize_garbage: the objects whose __del__ (tp_finalize) ran, in order */
  finalized: GcIdList;
  /** unreachable objects that survive because __del__ made some of them reachable again
   *  (handle_resurrected_objects: those reachable again; check_garbage before 3.9: all of them) */
  resurrected: GcIdList;
  /** the version keeps the whole unreachable set when one object is resurrected (check_garbage) */
  resurrectKeepsAll: boolean;
  /** delete_garbage: the objects tp_clear was called on or that were freed with them (the final
   *  unreachable set, when not saved) */
  freed: GcIdList;
  /** appended to gc.garbage (DEBUG_SAVEALL) */
  garbage: GcIdList;
  debugSaveAll: boolean;
  /** what gc.collect() returns and the callbacks' info dict says */
  collected: number;
  uncollectable: number;
}

/** counts from here on are the simulator's keep-alive (IMMORTAL_REFCNT), not CPython's */
const UNMODELLED = 2 ** 40;

function ids(): GcIdList {
  return { ids: [], total: 0 };
}

/** Collects a CollectionRecord as gc.ts runs the phases. */
export class CollectionBuilder {
  readonly rec: CollectionRecord;
  constructor(
    index: number, step: number, generation: number, reason: GcReason,
    count: readonly number[], threshold: readonly number[], sizes: readonly number[],
    /** most entries per list */
    private readonly cap: number,
  ) {
    this.rec = {
      index, step, endStep: step, generation, reason,
      countBefore: [count[0], count[1], count[2]],
      countAfter: [count[0], count[1], count[2]],
      threshold: [threshold[0], threshold[1], threshold[2]],
      generationSizes: [sizes[0], sizes[1], sizes[2]],
      objects: [], collectedSetSize: 0, reachable: 0, unreachable: ids(), untracked: 0,
      weakrefsCleared: ids(), weakrefCallbacks: ids(), finalized: ids(), resurrected: ids(), freed: ids(), garbage: ids(),
      debugSaveAll: false, resurrectKeepsAll: false, collected: 0, uncollectable: 0,
    };
  }

  /** update_refs: the collected set with each one's ob_refcnt */
  updateRefs(young: Iterable<{ addr: number; ob_refcnt: number; ob_type: { name: string } }>, size: number): void {
    this.rec.collectedSetSize = size;
    const out = this.rec.objects;
    for (const o of young) {
      if (out.length >= this.cap) break;
      const rc = o.ob_refcnt >= UNMODELLED ? -1 : o.ob_refcnt;
      out.push({ id: o.addr, type: o.ob_type.name, refcnt: rc, gcRefs: rc, reachable: false });
    }
  }

  /** subtract_refs: gc_refs of the objects listed, in the same order */
  subtractRefs(young: Iterable<{ gc_refs: number }>): void {
    const out = this.rec.objects;
    let i = 0;
    for (const o of young) {
      if (i >= out.length) break;
      const e = out[i++];
      if (e.refcnt >= 0) e.gcRefs = o.gc_refs;
    }
  }

  /** move_unreachable: `isReachable` of the objects listed, in the same order */
  moveUnreachable(young: Iterable<{ gc_refs: number }>, reachableMark: number, reachable: number, unreachable: readonly { addr: number }[]): void {
    const out = this.rec.objects;
    let i = 0;
    for (const o of young) {
      if (i >= out.length) break;
      out[i++].reachable = o.gc_refs === reachableMark;
    }
    this.rec.reachable = reachable;
    this.list(this.rec.unreachable, unreachable);
  }

  /** adds objects to one of the lists */
  add(l: GcIdList, o: { addr: number }): void {
    if (l.ids.length < this.cap) l.ids.push(o.addr);
    l.total++;
  }

  list(l: GcIdList, objs: readonly { addr: number }[]): void {
    for (let i = 0; i < objs.length && l.ids.length < this.cap; i++) l.ids.push(objs[i].addr);
    l.total += objs.length;
  }

  finish(step: number, count: readonly number[], collected: number, uncollectable: number): CollectionRecord {
    const r = this.rec;
    r.endStep = step;
    r.countAfter = [count[0], count[1], count[2]];
    r.collected = collected;
    r.uncollectable = uncollectable;
    return r;
  }
}

// The collections of the cyclic GC in a step trace: the recorder keeps a CollectionRecord
// (interp/gcrecord.ts) per collection, phase by phase, and the memory panel's Collector tab asks
// for those that ran at or before a step (collectionsView), with the phases of one of them.
//
// Bounded whatever the run: each list of a record stops at COLLECTION_LIMITS.perPhase objects
// (the totals are kept), and once the records of a run's automatic collections hold
// COLLECTION_LIMITS.budgetAutomatic entries in all (its other ones: budget), later ones keep their
// counts only. A view lists at most COLLECTION_LIMITS.listed collections (the latest ones) and the
// phases of one.
//
// Pure data and pure functions; computed in the simulation worker.

import { CollectionBuilder, type CollectionRecord, type GcReason } from '../interp/gcrecord';
import type { Runtime } from '../interp/runtime';

export type { CollectionRecord, GcIdList, GcObjectEntry, GcReason } from '../interp/gcrecord';

export const COLLECTION_LIMITS = {
  /** objects listed per phase of one collection */
  perPhase: 2_000,
  /** object entries kept over all the automatic collections of a run (a loop that allocates
   *  makes hundreds of them, much alike), and over all the others (gc.collect(), at exit), so
   *  that the automatic ones do not spend what an explicit one at the end needs */
  budgetAutomatic: 50_000,
  budget: 200_000,
  /** collections listed in a view */
  listed: 500,
} as const;

/** One line of the list of collections. */
export interface CollectionSummary {
  index: number;
  step: number;
  generation: number;
  reason: GcReason;
  collected: number;
  uncollectable: number;
  /** objects in the collected set */
  examined: number;
}

/** What to show of the collections at a step. */
export interface CollectionsQuery {
  step: number;
  /** the index of a collection whose phases to send (CollectionsView.detail) */
  open?: number | null;
}

export interface CollectionsView {
  step: number;
  /** collections that began at or before the step (at most COLLECTION_LIMITS.listed, the latest) */
  collections: CollectionSummary[];
  /** how many collections began at or before the step in all */
  total: number;
  /** the collection asked for, with its phases, whatever the step (a panel that opened one may
   *  step back before it to see its objects); null: none asked for, or no such collection */
  detail: CollectionRecord | null;
  /** the collection asked for kept counts only (the run's record budget was spent) */
  detailTruncated?: boolean;
}

/** The records of a run's collections, as the recorder makes them. */
export class CollectionLog {
  readonly records: CollectionRecord[] = [];
  /** entries left in the budgets of the automatic collections and of the others */
  private leftAuto: number = COLLECTION_LIMITS.budgetAutomatic;
  private leftManual: number = COLLECTION_LIMITS.budget;
  /** object entries kept, and ids kept in the other lists */
  private objectEntries = 0;
  private idEntries = 0;
  /** records made with an empty budget (their lists are empty) */
  readonly countsOnly = new Set<number>();
  private open: CollectionBuilder | null = null;

  start(rt: Runtime, generation: number, reason: GcReason): CollectionBuilder | null {
    const st = rt.gcState;
    const cap = Math.min(COLLECTION_LIMITS.perPhase, reason === 'automatic' ? this.leftAuto : this.leftManual);
    const b = new CollectionBuilder(this.records.length, rt.steps, generation, reason, st.count, st.threshold,
      [st.generations[0].size, st.generations[1].size, st.generations[2].size], cap);
    if (cap === 0) this.countsOnly.add(b.rec.index);
    // (a collection inside another one's __del__ does not happen: gcstate->collecting)
    this.records.push(b.rec);
    this.open = b;
    return b;
  }

  end(b: CollectionBuilder): void {
    const r = b.rec;
    const ids = r.unreachable.ids.length + r.weakrefsCleared.ids.length + r.weakrefCallbacks.ids.length +
      r.finalized.ids.length + r.resurrected.ids.length + r.freed.ids.length + r.garbage.ids.length;
    const used = r.objects.length + ids;
    this.objectEntries += r.objects.length;
    this.idEntries += ids;
    if (r.reason === 'automatic') this.leftAuto = Math.max(0, this.leftAuto - used);
    else this.leftManual = Math.max(0, this.leftManual - used);
    if (this.open === b) this.open = null;
  }

  /** bytes the records take, roughly (an object entry is a small JS object, an id a number in an
   *  array) */
  byteSize(): number {
    return this.objectEntries * 80 + this.idEntries * 8 + this.records.length * 600;
  }
}

/** the collections that began at or before `query.step`, and the one asked for */
export function collectionsView(log: CollectionLog, query: CollectionsQuery): CollectionsView {
  const recs = log.records;
  // (records are in step order)
  let n = 0;
  while (n < recs.length && recs[n].step <= query.step) n++;
  const from = Math.max(0, n - COLLECTION_LIMITS.listed);
  const collections: CollectionSummary[] = [];
  for (let i = from; i < n; i++) {
    const r = recs[i];
    collections.push({
      index: r.index, step: r.step, generation: r.generation, reason: r.reason, collected: r.collected,
      uncollectable: r.uncollectable, examined: r.collectedSetSize,
    });
  }
  const open = query.open;
  const detail = open != null && open >= 0 && open < recs.length ? recs[open] : null;
  const view: CollectionsView = { step: query.step, collections, total: n, detail };
  if (detail && log.countsOnly.has(detail.index)) view.detailTruncated = true;
  return view;
}

// The Collector tab's view-model: the three generations with their counts and thresholds at a
// step, the list of collections that ran at or before it, and one collection opened as a list of
// phases as CPython's gc_collect_main runs them (Modules/gcmodule.c 3.8-3.12, Python/gc.c 3.13):
// the generations merged, update_refs, subtract_refs, move_unreachable, handle_weakrefs,
// finalize_garbage (PEP 442), handle_resurrected_objects (check_garbage on 3.8), delete_garbage
// or gc.garbage (DEBUG_SAVEALL). Each phase says which objects it is about: the panel highlights
// them in the heap. Plain functions of plain data: no DOM.

import type { CollectionRecord, CollectionSummary, GcIdList } from '../../shared/protocol';
import { formatCount, plural } from './format';

/** how many of a phase's objects the heap's view asks to draw whatever reaches them (the view
 *  query's include: at most 100 ids with the selection) */
export const HIGHLIGHT_INCLUDE = 90;

/** id() as the panel writes addresses */
export function hexId(id: number): string {
  return `0x${id.toString(16)}`;
}

// --- the generations ---------------------------------------------------------------------------

export interface GenerationRow {
  generation: number;
  label: string;
  count: number;
  threshold: number;
  /** "3 / 700" */
  text: string;
  /** what the count counts */
  counts: string;
  /** count / threshold, within 0..1 (0 when the threshold is 0) */
  fill: number;
  /** the count is over the threshold: the next check collects this generation (a full collection
   *  also waits for the long-lived objects pending to reach 25% of those in generation 2) */
  over: boolean;
}

const COUNTS = [
  'allocations of tracked objects minus deallocations since the last collection',
  'collections of generation 0 since the last collection of generation 1',
  'collections of generation 1 since the last collection of generation 2',
];

export function generationRows(gc: { count: readonly number[]; threshold: readonly number[] }): GenerationRow[] {
  return [0, 1, 2].map((g) => {
    const count = gc.count[g], threshold = gc.threshold[g];
    return {
      generation: g,
      label: `Generation ${g}`,
      count,
      threshold,
      text: `${formatCount(count)} / ${formatCount(threshold)}`,
      counts: COUNTS[g],
      fill: threshold > 0 ? Math.max(0, Math.min(1, count / threshold)) : 0,
      over: threshold > 0 && count > threshold,
    };
  });
}

// --- the list of collections ---------------------------------------------------------------------

export function reasonText(reason: CollectionSummary['reason']): string {
  return reason === 'manual' ? 'gc.collect()' : reason === 'automatic' ? 'automatic' : 'at exit';
}

export interface CollectionItem {
  index: number;
  step: number;
  /** "Step 12" */
  stepText: string;
  /** "gc.collect(), generation 2" */
  title: string;
  /** "2 collected of 14 examined" */
  result: string;
  /** ran at the step shown */
  atStep: boolean;
}

export function collectionItems(list: readonly CollectionSummary[], step: number): CollectionItem[] {
  return list.map((c) => ({
    index: c.index,
    step: c.step,
    stepText: `Step ${formatCount(c.step)}`,
    title: `${reasonText(c.reason)}, generation ${c.generation}`,
    result: `${formatCount(c.collected)} collected${c.uncollectable ? `, ${formatCount(c.uncollectable)} uncollectable` : ''} of the program's ${formatCount(c.examined)} examined`,
    atStep: c.step === step,
  })).reverse();
}

// --- the phases of a collection --------------------------------------------------------------------

export type PhaseKey =
  | 'merge' | 'update_refs' | 'subtract_refs' | 'move_unreachable' | 'handle_weakrefs' | 'finalize_garbage' | 'resurrection'
  | 'delete_garbage' | 'garbage';

/** A row of a phase's object table. */
export interface PhaseObjectRow {
  id: number;
  idText: string;
  type: string;
  /** the columns after id and type, as text */
  cells: string[];
  /** the row is one of the phase's highlighted objects */
  marked: boolean;
}

export interface Phase {
  key: PhaseKey;
  /** CPython's function (or step) name */
  name: string;
  title: string;
  /** what happens, one or two sentences */
  explain: string;
  /** the figures of the phase ("4 unreachable, 10 reachable") */
  facts: string[];
  /** the objects the phase is about: highlighted in the heap */
  highlight: number[];
  /** the table's column headings after "id" and "type" (empty: no table) */
  columns: string[];
  rows: PhaseObjectRow[];
  /** objects of the phase not listed (the record's cap) */
  more: number;
}

/** a count of the record: -1 is one the simulator does not model (an interpreter object kept alive) */
export function countText(n: number): string {
  return n < 0 ? '—' : formatCount(n);
}

function listFacts(l: GcIdList, what: string): { more: number; text: string } {
  return { more: l.total - l.ids.length, text: plural(l.total, what) };
}

function idRows(r: CollectionRecord, l: GcIdList): PhaseObjectRow[] {
  const types = new Map<number, string>();
  for (const o of r.objects) types.set(o.id, o.type);
  return l.ids.map((id, i) => ({ id, idText: hexId(id), type: types.get(id) ?? '', cells: [String(i + 1)], marked: true }));
}

/** the phases of one collection, in the order gc_collect_main runs them */
export function collectionPhases(r: CollectionRecord): Phase[] {
  const all = r.objects.map((o) => o.id);
  const moreObjects = r.collectedSetSize - r.objects.length;
  const phases: Phase[] = [];
  const merged = r.generation === 0 ? 'generation 0 alone' : `generations 0${r.generation === 2 ? ', 1' : ''} merged into generation ${r.generation}`;
  const sizes = r.generationSizes.map((n, g) => `generation ${g}: ${plural(n, 'object')}${g <= r.generation ? '' : ' (not collected)'}`);
  phases.push({
    key: 'merge', name: 'gc_collect_main', title: `Collect generation ${r.generation}`,
    explain: `The ${r.reason === 'manual' ? `call gc.collect(${r.generation})` : `${reasonText(r.reason)} collection`} examines ${merged}: ${plural(r.collectedSetSize, 'tracked object')} of the program. The counts of the generations collected are reset, the next older one counts one more collection. (CPython's generations also hold the interpreter's own containers, its modules' functions and dicts, which the simulator does not model: they are not listed. A count shown as — is one the simulator does not model.)`,
    facts: [...sizes, `count before: (${r.countBefore.join(', ')})`, `thresholds: (${r.threshold.join(', ')})`],
    highlight: all, columns: ['ob_refcnt'], rows: r.objects.map((o) => ({ id: o.id, idText: hexId(o.id), type: o.type, cells: [countText(o.refcnt)], marked: true })),
    more: moreObjects,
  });
  phases.push({
    key: 'update_refs', name: 'update_refs', title: 'gc_refs = ob_refcnt',
    explain: 'Each object of the collected set gets a copy of its reference count in gc_refs.',
    facts: [plural(r.collectedSetSize, 'object')],
    highlight: all, columns: ['ob_refcnt', 'gc_refs'],
    rows: r.objects.map((o) => ({ id: o.id, idText: hexId(o.id), type: o.type, cells: [countText(o.refcnt), countText(o.refcnt)], marked: true })),
    more: moreObjects,
  });
  const outside = r.objects.filter((o) => o.gcRefs !== 0).length;
  phases.push({
    key: 'subtract_refs', name: 'subtract_refs', title: 'Subtract internal references',
    explain: 'tp_traverse visits the referents of each object; every reference from inside the set takes one from the referent\'s gc_refs. What is left counts references from outside the set (names, frames, older generations). Objects with gc_refs > 0 are highlighted.',
    facts: [`${formatCount(outside)} of ${plural(r.objects.length, 'listed object')} referenced from outside`],
    highlight: r.objects.filter((o) => o.gcRefs !== 0).map((o) => o.id), columns: ['ob_refcnt', 'gc_refs'],
    rows: r.objects.map((o) => ({ id: o.id, idText: hexId(o.id), type: o.type, cells: [countText(o.refcnt), countText(o.gcRefs)], marked: o.gcRefs !== 0 })),
    more: moreObjects,
  });
  phases.push({
    key: 'move_unreachable', name: 'move_unreachable', title: 'Reachable and unreachable',
    explain: `Everything reachable from an object with gc_refs > 0 is reachable; the rest moves to the unreachable list (highlighted). The reachable objects ${r.generation < 2 ? `move to generation ${r.generation + 1}` : 'stay in generation 2'}${r.untracked ? `; ${plural(r.untracked, 'tuple or dict', 'tuples and dicts')} that can hold no cycle ${r.untracked === 1 ? 'was' : 'were'} untracked (untrack_tuples${r.generation === 2 ? ', untrack_dicts' : ''})` : ''}. move_legacy_finalizers finds none: only C types with tp_del are legacy finalizers.`,
    facts: [`${formatCount(r.reachable)} reachable`, `${formatCount(r.unreachable.total)} unreachable`],
    highlight: r.unreachable.ids, columns: ['gc_refs', 'found'],
    rows: r.objects.map((o) => ({ id: o.id, idText: hexId(o.id), type: o.type, cells: [countText(o.gcRefs), o.reachable ? 'reachable' : 'unreachable'], marked: !o.reachable })),
    more: moreObjects,
  });
  const wc = listFacts(r.weakrefsCleared, 'weakref cleared');
  const cb = listFacts(r.weakrefCallbacks, 'callback run');
  phases.push({
    key: 'handle_weakrefs', name: 'handle_weakrefs', title: 'Weak references',
    explain: 'Weak references to unreachable objects are cleared (they return None from now on). The callbacks of those weak references that are themselves reachable run now, in order (highlighted); the others are garbage too.',
    facts: [wc.text, cb.text],
    highlight: r.weakrefCallbacks.ids.length ? r.weakrefCallbacks.ids : r.weakrefsCleared.ids,
    columns: ['order'], rows: idRows(r, r.weakrefCallbacks), more: cb.more,
  });
  const fin = listFacts(r.finalized, '__del__ call');
  phases.push({
    key: 'finalize_garbage', name: 'finalize_garbage', title: 'Finalizers (PEP 442)',
    explain: 'tp_finalize runs for each unreachable object that has one and was not finalized before: __del__ of a class, in the order of the unreachable list. Each object is finalized at most once.',
    facts: [fin.text],
    highlight: r.finalized.ids, columns: ['order'], rows: idRows(r, r.finalized), more: fin.more,
  });
  const res = listFacts(r.resurrected, 'object');
  const resName = r.resurrectKeepsAll ? 'check_garbage' : 'handle_resurrected_objects';
  phases.push({
    key: 'resurrection', name: resName, title: 'Resurrection',
    explain: r.resurrectKeepsAll
      ? 'The unreachable set is examined again: if a finalizer made any of it reachable again, the whole set survives (moved to the older generation) and nothing is freed in this collection.'
      : 'The unreachable set is examined again (update_refs and subtract_refs on it): objects a finalizer made reachable again, and what they reach, survive and move to the older generation.',
    facts: [`${res.text} resurrected`],
    highlight: r.resurrected.ids, columns: ['#'], rows: idRows(r, r.resurrected), more: res.more,
  });
  if (r.debugSaveAll) {
    const g = listFacts(r.garbage, 'object');
    phases.push({
      key: 'garbage', name: 'gc.garbage', title: 'Saved to gc.garbage',
      explain: 'gc.DEBUG_SAVEALL is set: the unreachable objects are appended to gc.garbage instead of being cleared; they stay alive.',
      facts: [`${g.text} appended to gc.garbage`, `gc.collect() returns ${formatCount(r.collected + r.uncollectable)}`, `count after: (${r.countAfter.join(', ')})`],
      highlight: r.garbage.ids, columns: ['#'], rows: idRows(r, r.garbage), more: g.more,
    });
  } else {
    const f = listFacts(r.freed, 'object');
    phases.push({
      key: 'delete_garbage', name: 'delete_garbage', title: 'Cleared and freed',
      explain: 'tp_clear of each object still unreachable drops its references; the reference counts fall to zero and the objects are deallocated. gc.garbage gets nothing: the uncollectable objects are those with legacy finalizers only.',
      facts: [`${f.text} freed`, `gc.collect() returns ${formatCount(r.collected + r.uncollectable)} (collected ${formatCount(r.collected)}, uncollectable ${formatCount(r.uncollectable)})`, `count after: (${r.countAfter.join(', ')})`],
      highlight: r.freed.ids, columns: ['#'], rows: idRows(r, r.freed), more: f.more,
    });
  }
  return phases;
}

/** the phase index after moving by `delta`, within the phases */
export function stepPhase(current: number, delta: number, count: number): number {
  if (count <= 0) return 0;
  return Math.max(0, Math.min(count - 1, current + delta));
}

/** what the phase navigator says: "Phase 3 of 8: subtract_refs" */
export function phasePosition(phases: readonly Phase[], index: number): string {
  if (!phases.length) return '';
  const i = stepPhase(index, 0, phases.length);
  return `Phase ${i + 1} of ${phases.length}: ${phases[i].name}`;
}

/** the ids to highlight in the heap for a collection's phase (null: no collection open) */
export function highlightSet(r: CollectionRecord | null, phase: number): number[] | null {
  if (!r) return null;
  const phases = collectionPhases(r);
  return phases[stepPhase(phase, 0, phases.length)].highlight;
}

/** the pools (indices in `pools`) that hold objects of a highlight set: an object's id is in the
 *  pool of its block (pools are aligned to their size); objects in raw malloc'd chunks are in none */
export function highlightPools(ids: readonly number[] | null, poolSize: number, pools: readonly { address: number }[]): number[] {
  if (!ids || !ids.length || poolSize <= 0) return [];
  const want = new Set<number>();
  for (const id of ids) want.add(Math.floor(id / poolSize) * poolSize);
  const out: number[] = [];
  pools.forEach((p, i) => { if (want.has(p.address)) out.push(i); });
  return out;
}

/** the keys that move between phases: previous, next, first, last */
export function phaseKey(key: string): 'previous' | 'next' | 'first' | 'last' | null {
  switch (key) {
    case 'ArrowLeft': case 'ArrowUp': case 'p': return 'previous';
    case 'ArrowRight': case 'ArrowDown': case 'n': return 'next';
    case 'Home': return 'first';
    case 'End': return 'last';
    default: return null;
  }
}

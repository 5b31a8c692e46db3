// The Collector tab's requests: while the tab is shown, the collections at the step the panel is at
// (with the phases of the collection opened, if any) are asked for, one request in flight, the
// latest wanted asked for next; a reply goes to the store if it is still of the run shown. The
// phases of a collection do not change with the step: once received they are kept and not asked
// for again; they stay while the panel steps before the collection (to see its objects). Also the
// phase shown and the
// objects it is about (the heap's highlight). Part of the controller (the store's only writer).

import type { CollectionRecord, CollectionsMessage, CollectionsQuery, CollectionsView } from '../shared/protocol';
import { collectionPhases, highlightSet, stepPhase } from './model/collector';
import { LatestRequest } from './model/requests';
import { hasSteps } from './model/timeline';
import type { AppState, Store } from './store';

interface Want { runId: number; step: number; open: number | null }

function key(w: Want): string {
  return `${w.runId} ${w.step} ${w.open}`;
}

export class CollectorRequests {
  private readonly latest = new LatestRequest(() => this.want(this.store.state));
  /** the phases of the collection opened, once received, and its run */
  private detail: CollectionRecord | null = null;
  private detailRun: number | null = null;

  constructor(
    private readonly store: Store,
    private readonly request: (runId: number, query: CollectionsQuery) => Promise<CollectionsMessage>,
  ) {
    store.subscribe((s, changed) => {
      if (changed.has('run') && s.run?.runId !== s.collectionsRun && s.collectionsRun != null) {
        // (a new run: its collections are others)
        this.detail = null;
        this.detailRun = null;
        store.update({ collectionOpen: null, collectionPhase: 0, highlight: null });
      }
      if (changed.has('collectorOpen') || changed.has('step') || changed.has('run') || changed.has('collectionOpen')) this.want(this.store.state);
    });
  }

  /** open a collection (null: back to the list) */
  open(index: number | null): void {
    if (index === null) {
      this.store.update({ collectionOpen: null, collectionPhase: 0, highlight: null });
      return;
    }
    this.store.update({ collectionOpen: index, collectionPhase: 0 });
    this.refreshHighlight();
  }

  /** show a phase of the collection opened */
  phase(index: number): void {
    const d = this.store.state.collections?.detail ?? null;
    const n = d ? collectionPhases(d).length : 1;
    this.store.update({ collectionPhase: stepPhase(index, 0, n) });
    this.refreshHighlight();
  }

  private refreshHighlight(): void {
    const s = this.store.state;
    const d = s.collections?.detail ?? null;
    const open = s.collectionOpen ?? null;
    this.store.update({ highlight: d && open !== null && d.index === open ? highlightSet(d, s.collectionPhase ?? 0) : null });
  }

  private want(s: AppState): void {
    const run = s.run;
    if (!s.collectorOpen || !run || !hasSteps(run)) return;
    const w: Want = { runId: run.runId, step: s.step, open: s.collectionOpen ?? null };
    if (!this.latest.begin(key(w))) return;
    // (phases already received are not asked for again)
    const cached = this.detail && this.detailRun === w.runId && this.detail.index === w.open ? this.detail : null;
    void this.request(w.runId, { step: w.step, open: cached ? null : w.open }).then((m) => {
      const stored = m.collections !== null && this.store.state.run?.runId === m.runId;
      if (m.collections && stored) {
        let view: CollectionsView = m.collections;
        if (view.detail) { this.detail = view.detail; this.detailRun = m.runId; }
        if (cached) view = { ...view, detail: cached };
        this.store.update({ collections: view, collectionsRun: m.runId });
        this.refreshHighlight();
      }
      this.latest.end(stored);
    });
  }
}

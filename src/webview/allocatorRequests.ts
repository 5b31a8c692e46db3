// The Allocator tab's requests: while the tab is shown, the allocator map of the step the panel is
// at (with the pool zoomed into, if any) is asked for, one request in flight, the latest wanted
// map asked for next; its reply goes to the store if it is still of the run shown. Part of the
// controller (the store's only writer).

import type { AllocMapMessage, AllocMapQuery } from '../shared/protocol';
import { hasSteps } from './model/timeline';
import type { AppState, Store } from './store';

interface Want { runId: number; step: number; pool: number | null }

function key(w: Want): string {
  return `${w.runId} ${w.step} ${w.pool}`;
}

export class AllocatorRequests {
  private inFlight: string | null = null;
  private next: Want | null = null;
  /** the key of the map in the store */
  private drawn: string | null = null;

  constructor(
    private readonly store: Store,
    private readonly request: (runId: number, query: AllocMapQuery) => Promise<AllocMapMessage>,
  ) {
    store.subscribe((s, changed) => {
      if (changed.has('run') && s.run?.runId !== s.allocMapRun && s.allocPool !== null) {
        // (a new run: its pools are other pools)
        if (s.allocMapRun != null) store.update({ allocPool: null });
      }
      if (changed.has('allocatorOpen') || changed.has('step') || changed.has('run') || changed.has('allocPool')) this.want(s);
    });
  }

  private want(s: AppState): void {
    const run = s.run;
    if (!s.allocatorOpen || !run || !hasSteps(run)) return;
    const w: Want = { runId: run.runId, step: s.step, pool: s.allocPool ?? null };
    const k = key(w);
    if (k === this.drawn || k === this.inFlight) { this.next = null; return; }
    if (this.inFlight !== null) { this.next = w; return; }
    this.issue(w);
  }

  private issue(w: Want): void {
    const k = key(w);
    this.inFlight = k;
    void this.request(w.runId, { step: w.step, pool: w.pool }).then((m) => {
      this.inFlight = null;
      const s = this.store.state;
      if (m.map && s.run?.runId === m.runId) {
        this.drawn = k;
        this.store.update({ allocMap: m.map, allocMapRun: m.runId });
      }
      const n = this.next;
      this.next = null;
      if (n) this.want(this.store.state);
    });
  }
}

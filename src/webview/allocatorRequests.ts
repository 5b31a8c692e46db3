// The Allocator tab's requests: while the tab is shown, the allocator map of the step the panel is
// at (with the pool zoomed into, if any) is asked for, one request in flight, the latest wanted
// map asked for next; its reply goes to the store if it is still of the run shown. Part of the
// controller (the store's only writer).

import type { AllocMapMessage, AllocMapQuery } from '../shared/protocol';
import { LatestRequest } from './model/requests';
import { hasSteps } from './model/timeline';
import type { AppState, Store } from './store';

interface Want { runId: number; step: number; pool: number | null }

function key(w: Want): string {
  return `${w.runId} ${w.step} ${w.pool}`;
}

export class AllocatorRequests {
  private readonly latest = new LatestRequest(() => this.want(this.store.state));

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
    if (!this.latest.begin(key(w))) return;
    void this.request(w.runId, { step: w.step, pool: w.pool }).then((m) => {
      const stored = m.map !== null && this.store.state.run?.runId === m.runId;
      if (stored) this.store.update({ allocMap: m.map, allocMapRun: m.runId });
      this.latest.end(stored);
    });
  }
}

// The details pane's requests: while an object is selected, its details at the step the panel is
// at are asked for, one request in flight, the latest wanted asked for next; the reply goes to the
// store if it is still of the run shown. Part of the controller (the store's only writer).

import type { ObjectDetailsMessage, ObjectDetailsQuery } from '../shared/protocol';
import { hasSteps } from './model/timeline';
import type { AppState, Store } from './store';

interface Want { runId: number; step: number; id: number }

function key(w: Want): string {
  return `${w.runId} ${w.step} ${w.id}`;
}

export class DetailsRequests {
  private inFlight: string | null = null;
  private next = false;
  /** the key of the details in the store */
  private drawn: string | null = null;

  constructor(
    private readonly store: Store,
    private readonly request: (runId: number, query: ObjectDetailsQuery) => Promise<ObjectDetailsMessage>,
  ) {
    store.subscribe((s, changed) => {
      if (changed.has('selected') || changed.has('step') || changed.has('run')) this.want(s);
    });
  }

  private want(s: AppState): void {
    const run = s.run;
    if (s.selected === null || !run || !hasSteps(run)) {
      this.next = false;
      if (s.details) { this.drawn = null; this.store.update({ details: null, detailsRun: null }); }
      return;
    }
    const w: Want = { runId: run.runId, step: s.step, id: s.selected };
    const k = key(w);
    if (k === this.drawn || k === this.inFlight) { this.next = false; return; }
    if (this.inFlight !== null) { this.next = true; return; }
    this.inFlight = k;
    void this.request(w.runId, { step: w.step, id: w.id }).then((m) => {
      this.inFlight = null;
      const st = this.store.state;
      if (m.details && st.run?.runId === m.runId && st.selected === w.id) {
        this.drawn = k;
        this.store.update({ details: m.details, detailsRun: m.runId });
      }
      const again = this.next;
      this.next = false;
      if (again) this.want(this.store.state);
    }, () => { this.inFlight = null; });
  }
}

// The details pane's requests: while an object is selected, its details at the step the panel is
// at are asked for, one request in flight, the latest wanted asked for next; the reply goes to the
// store if it is still of the run shown. Part of the controller (the store's only writer).

import type { ObjectDetailsMessage, ObjectDetailsQuery } from '../shared/protocol';
import { LatestRequest } from './model/requests';
import { hasSteps } from './model/timeline';
import type { AppState, Store } from './store';

interface Want { runId: number; step: number; id: number }

function key(w: Want): string {
  return `${w.runId} ${w.step} ${w.id}`;
}

export class DetailsRequests {
  private readonly latest = new LatestRequest(() => this.want(this.store.state));

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
      this.latest.drop();
      if (s.details) { this.latest.forget(); this.store.update({ details: null, detailsRun: null }); }
      return;
    }
    const w: Want = { runId: run.runId, step: s.step, id: s.selected };
    if (!this.latest.begin(key(w))) return;
    void this.request(w.runId, { step: w.step, id: w.id }).then((m) => {
      const st = this.store.state;
      const stored = m.details !== null && st.run?.runId === m.runId && st.selected === w.id;
      if (stored) this.store.update({ details: m.details, detailsRun: m.runId });
      this.latest.end(stored);
    }, () => this.latest.fail());
  }
}

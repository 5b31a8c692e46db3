// Making a step exact when the user rests on it. A step between two sparse checkpoints of a long
// run comes first as the trace has it (some values from the checkpoint before it, exact: false),
// which is fast enough to scrub and play with. Once the panel has shown such a step and the user
// has left it alone for REFINE_REST_MS (not playing, not dragging the slider, no step on its way),
// the same step is asked for again with `exact: true` (the worker replays the run to it), once
// per visit; the reply is drawn in place of the approximate view when the panel is still on that
// step with the same query. A refinement never holds up the user: it is not one of the step
// scheduler's requests, and a step asked for meanwhile goes out at once (the worker then gives up
// the refinement). Pure: the controller passes the state and the time.

export const REFINE_REST_MS = 250;

/** what the decision looks at */
export interface RefineState {
  /** the run shown (null: none) */
  runId: number | null;
  /** the step the panel is at */
  step: number;
  /** the view drawn, if it is of runId */
  view: { step: number; exact: boolean } | null;
  playing: boolean;
  /** the slider's thumb is being dragged */
  scrubbing: boolean;
  /** a step request is in flight or waiting */
  busy: boolean;
  /** the query the panel would send for the step, apart from the step (expansions, selection) */
  queryKey: string;
}

export class RefinePlanner {
  private lastActivity = Number.NEGATIVE_INFINITY;
  private flight: { runId: number; step: number; key: string } | null = null;
  /** the (run, step, query) refined since the last view the user asked for was drawn */
  private readonly tried = new Set<string>();

  /** the user did something (moved, played, dragged, expanded, selected): the rest starts again */
  activity(now: number): void {
    this.lastActivity = now;
  }

  /** a view the user asked for was drawn: a new visit, which may be refined once */
  drawn(now: number): void {
    this.tried.clear();
    this.lastActivity = now;
  }

  /** a new run: nothing in flight counts any more, and nothing is refined before a view of it is
   *  drawn */
  reset(): void {
    this.flight = null;
    this.tried.clear();
    this.lastActivity = Number.POSITIVE_INFINITY;
  }

  /** milliseconds from `now` until the panel has rested long enough (at most REFINE_REST_MS) */
  restLeft(now: number): number {
    return Math.min(REFINE_REST_MS, Math.max(0, this.lastActivity + REFINE_REST_MS - now));
  }

  /** a refinement is in flight: of which run and step */
  get refining(): { runId: number; step: number } | null {
    return this.flight ? { runId: this.flight.runId, step: this.flight.step } : null;
  }

  /** the step to ask for exactly now, or null; a step returned is in flight until settle() */
  due(s: RefineState, now: number): number | null {
    if (this.flight || s.runId === null || !s.view || s.view.exact || s.view.step !== s.step) return null;
    if (s.playing || s.scrubbing || s.busy) return null;
    if (now - this.lastActivity < REFINE_REST_MS) return null;
    const key = `${s.runId} ${s.step} ${s.queryKey}`;
    if (this.tried.has(key)) return null;
    this.tried.add(key);
    this.flight = { runId: s.runId, step: s.step, key };
    return s.step;
  }

  /** the refinement's reply came: whether to draw it (it is exact, and the panel is still on its
   *  run and step, with the same query, showing a view that is not exact) */
  settle(reply: { exact: boolean } | null, s: RefineState): boolean {
    const f = this.flight;
    this.flight = null;
    if (!f || !reply || !reply.exact) return false;
    return s.runId === f.runId && s.step === f.step && `${s.runId} ${s.step} ${s.queryKey}` === f.key
      && s.view !== null && s.view.step === f.step && !s.view.exact;
  }
}

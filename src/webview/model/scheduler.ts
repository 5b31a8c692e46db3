// One step request in flight at a time. Asking for a step while one is in flight only remembers
// it (a newer ask replaces an older one), and the remembered step is requested when the reply
// comes: dragging the slider across a thousand steps asks for a handful, the last one always.
// Pure: `issue` sends a request and returns its id.

export class StepScheduler {
  private flight: { id: number; step: number } | null = null;
  private wanted: number | null = null;

  constructor(private readonly issue: (step: number) => number) {}

  /** ask for `step` now, or as soon as the request in flight is answered */
  want(step: number): void {
    if (this.flight) {
      this.wanted = step;
      return;
    }
    this.flight = { id: -1, step };
    this.flight.id = this.issue(step);
  }

  /** a reply came for request `id`: true when it is the one in flight (the caller draws it); the
   *  step wanted meanwhile is requested next */
  settle(id: number): boolean {
    if (!this.flight || this.flight.id !== id) return false;
    this.flight = null;
    if (this.wanted !== null) {
      const w = this.wanted;
      this.wanted = null;
      this.want(w);
    }
    return true;
  }

  /** forget everything (a new run): replies to earlier requests will not settle */
  reset(): void {
    this.flight = null;
    this.wanted = null;
  }

  get busy(): boolean {
    return this.flight !== null;
  }

  /** the step asked for in flight, if any */
  get inFlight(): number | null {
    return this.flight?.step ?? null;
  }

  /** a step waiting for the flight to land, if any */
  get pending(): number | null {
    return this.wanted;
  }
}

// Request ids and their pending replies: each request gets the next id, its reply settles the
// promise of that id and no other; a reply with an unknown id (an answer to a request from before
// a reload) is ignored. Pure.

export class PendingRequests<T> {
  private nextId = 1;
  private readonly pending = new Map<number, (value: T) => void>();

  /** a new request id and the promise its reply settles */
  create(): { id: number; reply: Promise<T> } {
    const id = this.nextId++;
    const reply = new Promise<T>((resolve) => this.pending.set(id, resolve));
    return { id, reply };
  }

  /** the reply to request `id`; false when no such request is pending */
  settle(id: number, value: T): boolean {
    const resolve = this.pending.get(id);
    if (!resolve) return false;
    this.pending.delete(id);
    resolve(value);
    return true;
  }

  /** settle every pending request with `value` (the run they asked about is gone) */
  settleAll(value: T): void {
    const all = [...this.pending.values()];
    this.pending.clear();
    for (const r of all) r(value);
  }

  get size(): number {
    return this.pending.size;
  }
}

/**
 * One request in flight at a time, for a view that shows the latest of what the panel wants (the
 * allocator map, the collections, an object's details at the step shown): a wish that is what the
 * store holds or what is in flight is dropped; one made while a request runs is remembered, and
 * `again` is called to want afresh when that request returns. Wishes are compared by key. Pure.
 */
export class LatestRequest {
  private inFlight: string | null = null;
  private pending = false;
  /** the key of what the store holds */
  private held: string | null = null;

  constructor(private readonly again: () => void) {}

  /** whether to send the request for `key` now (then it is in flight) */
  begin(key: string): boolean {
    if (key === this.held || key === this.inFlight) { this.pending = false; return false; }
    if (this.inFlight !== null) { this.pending = true; return false; }
    this.inFlight = key;
    return true;
  }

  /** the request in flight returned; `stored`: its reply went to the store */
  end(stored: boolean): void {
    if (stored) this.held = this.inFlight;
    this.inFlight = null;
    if (this.pending) { this.pending = false; this.again(); }
  }

  /** the request in flight failed: nothing is asked for again */
  fail(): void {
    this.inFlight = null;
  }

  /** no wish waits (nothing to show any more) */
  drop(): void {
    this.pending = false;
  }

  /** the store no longer holds what was received */
  forget(): void {
    this.held = null;
  }
}

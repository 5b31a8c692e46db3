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

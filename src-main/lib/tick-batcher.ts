/**
 * Collects items added in the same turn of the event loop, grouped by key, and hands each group
 * to `flush` once: callers each await their own item while Redis sees one call per group.
 * `'tick'` flushes on process.nextTick (before I/O: lowest latency, for producers),
 * `'immediate'` on setImmediate (after I/O: gathers what finished in this turn, for acks).
 */
export class TickBatcher<K, T> {
  private pending = new Map<K, T[]>();
  private scheduled = false;

  constructor(
    private readonly flush: (key: K, items: T[]) => void,
    private readonly when: 'tick' | 'immediate' = 'immediate',
  ) {}

  /** Items waiting for the next flush. */
  get size(): number {
    let n = 0;
    for (const list of this.pending.values()) n += list.length;
    return n;
  }

  add(key: K, item: T): void {
    const list = this.pending.get(key);
    if (list) list.push(item);
    else this.pending.set(key, [item]);
    if (this.scheduled) return;
    this.scheduled = true;
    if (this.when === 'tick') process.nextTick(() => this.flushNow());
    else setImmediate(() => this.flushNow());
  }

  /** Hands every pending group to `flush` now (also what the scheduled flush does). */
  flushNow(): void {
    this.scheduled = false;
    const groups = this.pending;
    this.pending = new Map();
    for (const [key, items] of groups) this.flush(key, items);
  }
}

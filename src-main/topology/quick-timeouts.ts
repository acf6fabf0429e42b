/**
 * Which nodes the next cluster round asks with the short timeout. A node that did not answer
 * gets the short one, so a dead node does not hold every round for the full node timeout while
 * a failover is under way. But a miss is not a verdict: the question is left running up to the
 * full timeout, a later round waits on that same question instead of asking again, and an answer
 * that arrives late (the node is slow, not dead) counts for the round it lands in and puts the
 * node back on the full timeout.
 */
export class QuickTimeouts {
  private readonly missed = new Set<string>();
  private readonly pending = new Map<string, Promise<string>>();

  constructor(
    /** The normal per-node timeout. */
    readonly fullMs: number,
    /** The short timeout for a node that missed. Default 150 ms (never above fullMs). */
    readonly quickMs = 150,
  ) {}

  /** The timeout the next round gives `address`. */
  timeoutFor(address: string): number {
    return this.missed.has(address) ? Math.min(this.quickMs, this.fullMs) : this.fullMs;
  }

  /** Whether `address` is on the short timeout. */
  isQuick(address: string): boolean {
    return this.missed.has(address);
  }

  /**
   * The node's answer: the question still in flight from an earlier round, else a new one from
   * `ask` (which must time out by itself after fullMs). Any answer clears the node's miss.
   */
  answer(address: string, ask: () => Promise<string>): Promise<string> {
    const inFlight = this.pending.get(address);
    if (inFlight) return inFlight;
    const p = ask().then((v) => {
      this.noteAnswer(address);
      return v;
    });
    this.pending.set(address, p);
    const clear = () => {
      if (this.pending.get(address) === p) this.pending.delete(address);
    };
    p.then(clear, clear);
    return p;
  }

  /** The round gave up on `address` (no answer within the timeout it was given). */
  noteMiss(address: string): void {
    this.missed.add(address);
  }

  /** `address` answered within the full timeout, in time for its round or not. */
  noteAnswer(address: string): void {
    this.missed.delete(address);
  }

  /** Forgets nodes that are no longer known. */
  retain(addresses: ReadonlySet<string>): void {
    for (const a of this.missed) if (!addresses.has(a)) this.missed.delete(a);
    for (const a of this.pending.keys()) if (!addresses.has(a)) this.pending.delete(a);
  }
}

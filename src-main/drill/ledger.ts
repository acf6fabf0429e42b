/** Whether an enqueue asked for replica acknowledgement. */
export type WriteKind = 'durable' | 'plain';

/** How an enqueue ended, as the producer saw it. */
export type EnqueueOutcome = 'pending' | 'acked' | 'unconfirmed' | 'errored';

/** One task the drill tried to enqueue, and what the workers did with it. */
export interface LedgerEntry {
  id: string;
  kind: WriteKind;
  partition: number;
  outcome: EnqueueOutcome;
  /** False when Redis answered that the id existed already (a client-side retry of the enqueue). */
  created?: boolean;
  error?: string;
  /** Handler runs. */
  runs: number;
  /** Acks that Redis accepted (the worker's `completed` events). */
  completions: number;
}

/**
 * The drill's record of every enqueue and every completion, kept in memory. An id counts as
 * acknowledged only once Redis answered it; timestamps per partition feed the per-kill timings.
 */
export class Ledger {
  readonly entries = new Map<string, LedgerEntry>();
  /** Epoch ms of every acknowledged enqueue, per partition, in arrival order. */
  readonly ackTimes: number[][];
  /** Epoch ms of every completion, per partition, in arrival order. */
  readonly completionTimes: number[][];
  /** Acknowledged (or unconfirmed) ids that have not completed yet. */
  private readonly open = new Set<string>();

  constructor(partitions: number) {
    this.ackTimes = Array.from({ length: partitions }, () => []);
    this.completionTimes = Array.from({ length: partitions }, () => []);
  }

  /** An enqueue is about to be sent. */
  begin(id: string, kind: WriteKind, partition: number): void {
    this.entries.set(id, { id, kind, partition, outcome: 'pending', runs: 0, completions: 0 });
  }

  acked(id: string, created: boolean, at: number): void {
    const e = this.must(id);
    e.outcome = 'acked';
    e.created = created;
    this.ackTimes[e.partition]?.push(at);
    if (e.completions === 0) this.open.add(id);
  }

  /** A durable enqueue threw DurabilityError: stored on the master, not confirmed by a replica. */
  unconfirmed(id: string, error: string): void {
    const e = this.must(id);
    e.outcome = 'unconfirmed';
    e.error = error;
    if (e.completions === 0) this.open.add(id);
  }

  errored(id: string, error: string): void {
    const e = this.must(id);
    e.outcome = 'errored';
    e.error = error;
  }

  /** A handler started on the task. */
  ran(id: string): void {
    const e = this.entries.get(id);
    if (e) e.runs++;
  }

  /** Redis accepted a worker's ack of the task. */
  completed(id: string, at: number): void {
    const e = this.entries.get(id);
    if (!e) return;
    e.completions++;
    this.completionTimes[e.partition]?.push(at);
    this.open.delete(id);
  }

  /** Acknowledged or unconfirmed tasks without a completion yet. */
  get openCount(): number {
    return this.open.size;
  }

  /** Enqueues whose answer has not arrived. */
  pendingIds(): string[] {
    return [...this.entries.values()].filter((e) => e.outcome === 'pending').map((e) => e.id);
  }

  private must(id: string): LedgerEntry {
    const e = this.entries.get(id);
    if (!e) throw new Error(`ledger: id ${id} was never begun`);
    return e;
  }
}

/**
 * The first timestamp later than `after` over the given partitions' series, or undefined.
 * Series arrive nearly but not strictly in order (promises settle out of order), so scan all.
 */
export function firstAfter(series: number[][], partitions: number[], after: number): number | undefined {
  let best: number | undefined;
  for (const p of partitions) {
    for (const t of series[p] ?? []) {
      if (t > after && (best === undefined || t < best)) best = t;
    }
  }
  return best;
}

import { retry } from '../lib/retry';
import { TickBatcher } from '../lib/tick-batcher';
import { TRANSIENT_RETRY } from '../redis/connection-error';
import type { Partition, Queue } from './queue';
import type { Durability } from './queue-scripts';
import type { ScriptCode } from './script-code';
import type { Lease } from './task-context';

/** Acks per script call: keeps each call short. */
const ACK_CHUNK = 500;

/** How a completion was replicated: no durability asked, acknowledged by replicas, or not confirmed. */
export type AckDurability = 'off' | 'replicated' | 'unconfirmed';

/**
 * A worker's acks: those of tasks that finish in the same turn of the event loop go to Redis in
 * one call per partition (chunks of 500), retried through a failover. Acks are fenced by token and
 * safe to re-send (ack-11.lua recognises its own earlier completion), so an ack interrupted by a
 * failover is retried instead of being left to expire and run again.
 */
export class AckBatcher {
  /** Acks handed in and not confirmed (or given up) yet. */
  pending = 0;
  private readonly batcher = new TickBatcher<Partition, Lease>((p, batch) => this.track(this.flush(p, batch)));
  private readonly calls = new Set<Promise<void>>();

  constructor(
    private readonly queue: Queue,
    private readonly o: { remove: boolean; keep: number; durable?: Durability },
    private readonly hooks: {
      /** One code per lease of a confirmed batch, with how it was replicated. */
      onCodes: (leases: Lease[], codes: ScriptCode[], durability: AckDurability) => void;
      /** A batch failed for good (its leases expire and the tasks run again) or fell short of its replicas. */
      onError: (e: unknown) => void;
      /** A batch is done with, whatever its outcome. */
      onSettled: (leases: Lease[]) => void;
    },
  ) {}

  add(lease: Lease): void {
    this.pending++;
    this.batcher.add(lease.partition, lease);
  }

  /** Sends what is waiting now and resolves once every ack in flight is done with. */
  async flushAll(): Promise<void> {
    this.batcher.flushNow();
    await Promise.all([...this.calls]);
  }

  private track(call: Promise<void>): void {
    this.calls.add(call);
    void call.finally(() => this.calls.delete(call));
  }

  private async flush(p: Partition, all: Lease[]): Promise<void> {
    const chunks: Array<Promise<void>> = [];
    for (let c = 0; c < all.length; c += ACK_CHUNK) {
      const batch = all.slice(c, c + ACK_CHUNK);
      const what = `ack of ${batch.length} task(s) on ${this.queue.name} partition ${p.index}`;
      const o = { ...this.o, what };
      chunks.push(
        retry(TRANSIENT_RETRY, () => this.queue.scripts.ack(p, batch, o))
          .then(
            ({ result: codes, shortfall }) => {
              // The tasks are completed either way; a replication shortfall is reported beside.
              if (shortfall) this.hooks.onError(shortfall);
              this.hooks.onCodes(batch, codes, !this.o.durable ? 'off' : shortfall ? 'unconfirmed' : 'replicated');
            },
            (e: unknown) => this.hooks.onError(e),
          )
          .finally(() => {
            this.pending -= batch.length;
            this.hooks.onSettled(batch);
          }),
      );
    }
    await Promise.all(chunks);
  }
}

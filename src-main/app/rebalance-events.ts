import type { TopologyEvent } from '../../shared/types/topology';
import type { QueueDefinition } from '../queue/registry';

type RebalanceEvent = Extract<TopologyEvent, { type: 'queue-rebalanced' }>;

/** A rebalance older than this, first seen when the console starts, is not added to its timeline. */
export const REBALANCE_BACKFILL_MS = 24 * 3_600_000;

/** The same id on every console: one rebalance is one timeline event, whoever saw it. */
export function rebalanceEventId(queue: string, generation: number): string {
  return `queue-rebalanced:${queue}:${generation}`;
}

/**
 * Turns queue definitions read from Redis into timeline events for their rebalances, so every
 * console records a rebalance whoever made it (a console, `slotline queues rebalance`, code, the
 * automatic rebalance). Keeps the generation last seen per queue; the first read only records
 * rebalances of the last 24 h that the timeline does not hold yet (a console started after one).
 */
export class RebalanceEvents {
  private seen: Map<string, { generation: number; partitions: number }> | undefined;

  /** @param known whether the timeline holds an event with this id already. */
  constructor(private readonly known: (id: string) => boolean) {}

  /** The events for what changed since the last read (`now`: when this read was taken). */
  next(defs: readonly QueueDefinition[], now: number): RebalanceEvent[] {
    const before = this.seen ?? new Map<string, { generation: number; partitions: number }>();
    const out: RebalanceEvent[] = [];
    for (const d of defs) {
      const generation = d.generation ?? 0;
      const was = before.get(d.name);
      if (generation === 0 || (was && was.generation >= generation)) continue;
      const id = rebalanceEventId(d.name, generation);
      if (this.known(id)) continue;
      const when = d.rebalancedAt ?? d.retired?.find((r) => r.generation === generation - 1)?.retiredAt;
      // A queue first seen already rebalanced: recorded only when that was recent and its time is known.
      if (!was && (when === undefined || now - when > REBALANCE_BACKFILL_MS)) continue;
      const at = when ?? now;
      out.push({
        id,
        at,
        type: 'queue-rebalanced',
        queue: d.name,
        generation,
        previousGeneration: was?.generation ?? generation - 1,
        partitionsBefore: d.partitionsBefore ?? this.retiredSize(d, generation - 1) ?? was?.partitions ?? 0,
        partitionsAfter: d.partitions,
      });
    }
    this.seen = new Map(defs.map((d) => [d.name, { generation: d.generation ?? 0, partitions: d.partitions }]));
    return out.sort((a, b) => a.at - b.at);
  }

  private retiredSize(d: QueueDefinition, generation: number): number | undefined {
    return d.retired?.find((r) => r.generation === generation)?.tags.length;
  }
}

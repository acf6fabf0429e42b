import { countsByPartition } from '../queue/partition-counts';
import { Queue } from '../queue/queue';
import { listQueueDefinitions, type QueueDefinition } from '../queue/registry';
import type { RedisHandle } from '../redis/handle';
import type { DepthSource } from './depth-sampler';

/** Options of {@link handleDepthSource}. */
export interface HandleDepthSourceOptions {
  /** Called with every definition each discovery read (the registry, one HGETALL). Must not throw. */
  onDefinitions?: (defs: QueueDefinition[]) => void;
}

/**
 * A DepthSource over a Redis connection: the registry for names, each queue's counts script per
 * partition (so the sampler keeps each partition's throughput at no extra cost).
 */
export function handleDepthSource(handle: RedisHandle, o: HandleDepthSourceOptions = {}): DepthSource {
  // Opening a queue reads its registry entry; keep the opened ones, and give them each
  // discovery's definition, so a rebalance (a new generation) is counted from the next discovery.
  const opened = new Map<string, Promise<Queue>>();
  return {
    async listQueues() {
      const defs = await listQueueDefinitions(handle);
      const byName = new Map(defs.map((d) => [d.name, d]));
      for (const [name, q] of [...opened]) {
        const d = byName.get(name);
        if (!d) opened.delete(name);
        else void q.then((queue) => queue.adoptGenerations(d)).catch(() => undefined);
      }
      o.onDefinitions?.(defs);
      return defs.map((d) => d.name);
    },
    async counts(name) {
      let q = opened.get(name);
      if (!q) {
        q = Queue.open(handle, name, { mustExist: true });
        opened.set(name, q);
        q.catch(() => opened.delete(name));
      }
      const { total, partitions } = await countsByPartition(await q);
      return {
        ...total,
        partitions: partitions.map((p) => ({
          tag: p.partition.keys.tag,
          completedTotal: p.counts.completedTotal,
          failedTotal: p.counts.failedTotal,
        })),
      };
    },
  };
}

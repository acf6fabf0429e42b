import { countsByPartition } from '../queue/partition-counts';
import { Queue } from '../queue/queue';
import { listQueueDefinitions, type QueueDefinition } from '../queue/registry';
import { countLiveWorkers } from '../queue/worker-registry';
import type { RedisHandle } from '../redis/handle';
import type { DepthSource } from './depth-sampler';
import { WaitingHeads } from './waiting-heads';

/** Options of {@link handleDepthSource}. */
export interface HandleDepthSourceOptions {
  /** Called with every definition each discovery read (the registry, one HGETALL). Must not throw. */
  onDefinitions?: (defs: QueueDefinition[]) => void;
}

/**
 * A DepthSource over a Redis connection: the registry for names, each queue's counts script per
 * partition (so the sampler keeps each partition's throughput at no extra cost), the heads of its
 * wait sets for the oldest waiting age, and the worker heartbeats (one HGETALL a tick).
 */
export function handleDepthSource(handle: RedisHandle, o: HandleDepthSourceOptions = {}): DepthSource {
  // Opening a queue reads its registry entry; keep the opened ones, and give them each
  // discovery's definition, so a rebalance (a new generation) is counted from the next discovery.
  const opened = new Map<string, Promise<Queue>>();
  const heads = new WaitingHeads(handle);
  const open = (name: string): Promise<Queue> => {
    let q = opened.get(name);
    if (!q) {
      q = Queue.open(handle, name, { mustExist: true });
      opened.set(name, q);
      q.catch(() => opened.delete(name));
    }
    return q;
  };
  return {
    async listQueues() {
      const defs = await listQueueDefinitions(handle);
      const byName = new Map(defs.map((d) => [d.name, d]));
      for (const [name, q] of [...opened]) {
        const d = byName.get(name);
        if (!d) opened.delete(name);
        else void q.then((queue) => queue.adoptGenerations(d)).catch(() => undefined);
      }
      heads.retain(new Set(defs.flatMap((d) => [...d.tags, ...(d.retired ?? []).flatMap((r) => r.tags)])));
      o.onDefinitions?.(defs);
      return defs.map((d) => d.name);
    },
    async counts(name) {
      const { total, partitions } = await countsByPartition(await open(name));
      return {
        ...total,
        partitions: partitions.map((p) => ({
          tag: p.partition.keys.tag,
          completedTotal: p.counts.completedTotal,
          failedTotal: p.counts.failedTotal,
        })),
      };
    },
    async oldestWaitingAt(name) {
      return heads.oldestAt((await open(name)).allPartitions.map((p) => p.keys));
    },
    liveWorkers: () => countLiveWorkers(handle),
  };
}

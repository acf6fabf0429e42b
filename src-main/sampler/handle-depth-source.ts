import { Queue } from '../queue/queue';
import { listQueueDefinitions } from '../queue/registry';
import { countLiveWorkers } from '../queue/worker-registry';
import type { RedisHandle } from '../redis/handle';
import type { DepthSource } from './depth-sampler';
import { WaitingHeads } from './waiting-heads';

/**
 * A DepthSource over a Redis connection: the registry for names, each queue's counts script, the
 * heads of its wait sets for the oldest waiting age, and the worker heartbeats (one HGETALL a tick).
 */
export function handleDepthSource(handle: RedisHandle): DepthSource {
  // Opening a queue reads its registry entry; keep the opened ones (a Queue follows its own rebalances).
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
      const names = defs.map((d) => d.name);
      for (const name of [...opened.keys()]) if (!names.includes(name)) opened.delete(name);
      heads.retain(new Set(defs.flatMap((d) => [...d.tags, ...(d.retired ?? []).flatMap((r) => r.tags)])));
      return names;
    },
    async counts(name) {
      return (await open(name)).counts();
    },
    async oldestWaitingAt(name) {
      return heads.oldestAt((await open(name)).allPartitions.map((p) => p.keys));
    },
    liveWorkers: () => countLiveWorkers(handle),
  };
}

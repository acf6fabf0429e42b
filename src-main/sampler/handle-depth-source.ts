import { Queue } from '../queue/queue';
import { listQueueDefinitions } from '../queue/registry';
import type { RedisHandle } from '../redis/handle';
import type { DepthSource } from './depth-sampler';

/** A DepthSource over a Redis connection: the registry for names, each queue's counts script. */
export function handleDepthSource(handle: RedisHandle): DepthSource {
  // Opening a queue reads its registry entry; keep the opened ones (a queue's partitions never change).
  const opened = new Map<string, Promise<Queue>>();
  return {
    async listQueues() {
      const names = (await listQueueDefinitions(handle)).map((d) => d.name);
      for (const name of [...opened.keys()]) if (!names.includes(name)) opened.delete(name);
      return names;
    },
    async counts(name) {
      let q = opened.get(name);
      if (!q) {
        q = Queue.open(handle, name, { mustExist: true });
        opened.set(name, q);
        q.catch(() => opened.delete(name));
      }
      return (await q).counts();
    },
  };
}

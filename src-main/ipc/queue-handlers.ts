import type { QueueSummary } from '../../shared/types/queue';
import type { AppContext } from '../app/app-context';
import { Queue } from '../queue/queue';
import { cancelManyAsBulk } from '../app/cancel-many';
import { assertPayload } from '../app/payload-schema';
import {
  deleteTask,
  listTasks,
  promoteDelayed,
  purgeState,
  requeueIds,
  requeueState,
  searchTasks,
} from '../queue/queue-admin';
import { listQueueDefinitions } from '../queue/registry';
import { listWorkers } from '../queue/worker-registry';
import { queuePartitions } from '../app/queue-partitions';
import type { DomainHandlers } from './handler-types';

type Ctx = Pick<AppContext, 'handle' | 'bulk' | 'sampler' | 'topologySnapshot' | 'autoRebalanceStatus'>;

/** `queue:*`: listings, task inspection and operator actions; bulk ones run in the background. */
export function queueHandlers(ctx: Ctx): DomainHandlers<'queue'> {
  const open = (name: string) => Queue.open(ctx.handle(), name, { mustExist: true });

  return {
    'queue:list': async () => {
      const handle = ctx.handle();
      const [defs, workers] = await Promise.all([listQueueDefinitions(handle), listWorkers(handle)]);
      return Promise.all(
        defs.map(async (d): Promise<QueueSummary> => {
          const q = await open(d.name);
          const latest = ctx.sampler()?.latest(d.name);
          const counts = await q.counts();
          return {
            name: d.name,
            partitions: d.partitions,
            counts,
            retention: q.retention,
            retentionRemovedTotal: counts.retentionRemovedTotal,
            workers: workers.filter((w) => w.queue === d.name).length,
            completedPerSec: latest?.completedPerSec ?? 0,
            failedPerSec: latest?.failedPerSec ?? 0,
          };
        }),
      );
    },
    'queue:counts': async ({ queue }) => (await open(queue)).counts(),
    'queue:partitions': async ({ queue }) =>
      queuePartitions(queue, {
        handle: ctx.handle(),
        snapshot: ctx.topologySnapshot(),
        throughput: ctx.sampler()?.partitionThroughput(queue),
        autoRebalance: ctx.autoRebalanceStatus(queue),
      }),
    'queue:rebalance': async ({ queue, partitions }) => {
      const r = await (await open(queue)).rebalance({ partitions });
      // The sampler's next tick counts the new generation and puts the rebalance on the timeline.
      ctx.sampler()?.rediscover();
      return r;
    },
    'queue:workers': async ({ queue }) => listWorkers(ctx.handle(), queue),
    'queue:tasks': async ({ queue, state, cursor, limit }) => listTasks(await open(queue), state, { cursor, limit }),
    'queue:get': async ({ queue, id }) => (await open(queue)).get(id),
    'queue:search': async ({ queue, query, cursor, limit }) => searchTasks(await open(queue), query, { cursor, limit }),
    'queue:requeue': async (req) => {
      const q = await open(req.queue);
      if ('ids' in req) return ctx.bulk.start({ queue: q.name, action: 'requeue' }, (o) => requeueIds(q, req.ids, o));
      return ctx.bulk.start({ queue: q.name, action: 'requeue', state: req.state }, (o) =>
        requeueState(q, req.state, o),
      );
    },
    'queue:purge': async ({ queue, state, olderThanMs }) => {
      const q = await open(queue);
      return ctx.bulk.start({ queue: q.name, action: 'purge', state }, (o) =>
        purgeState(q, state, { ...o, olderThanMs }),
      );
    },
    'queue:promote': async ({ queue }) => {
      const q = await open(queue);
      return ctx.bulk.start({ queue: q.name, action: 'promote', state: 'delayed' }, (o) => promoteDelayed(q, o));
    },
    'queue:cancel': async ({ queue, id }) => (await open(queue)).cancel(id),
    'queue:cancel-many': async ({ queue, state, olderThanMs }) => {
      const q = await open(queue);
      return ctx.bulk.start({ queue: q.name, action: 'cancel', state }, (o) =>
        cancelManyAsBulk(q, { state, olderThanMs }, o),
      );
    },
    'queue:logs': async ({ queue, id, start, end }) => (await open(queue)).getLogs(id, { start, end }),
    'queue:history': async ({ queue, range }) => (await open(queue)).history({ range }),
    'queue:cancel-bulk': async ({ operationId }) => ({ cancelled: ctx.bulk.cancel(operationId) }),
    'queue:delete': async ({ queue, id }) => ({ deleted: await deleteTask(await open(queue), id) }),
    'queue:pause': async ({ queue }) => {
      await (await open(queue)).pause();
      return { paused: true };
    },
    'queue:resume': async ({ queue }) => {
      await (await open(queue)).resume();
      return { paused: false };
    },
    'queue:enqueue': async ({ queue, payload, id, delayMs, priority, maxAttempts, timeoutMs, expiresInMs }) => {
      const q = await Queue.open(ctx.handle(), queue);
      await assertPayload(ctx.handle(), queue, payload);
      const r = await q.enqueue(payload, { id, delayMs, priority, maxAttempts, timeoutMs, expiresInMs });
      ctx.sampler()?.rediscover();
      return { id: r.id, created: r.created };
    },
  };
}

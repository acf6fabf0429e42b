import type { AppContext } from '../app/app-context';
import { listWorkers } from '../queue/worker-registry';
import { SlotlineMetrics } from './slotline-metrics';

/** Metrics fed by an AppContext's event bus; workers are counted from Redis on each scrape. */
export function attachMetrics(ctx: AppContext): { metrics: SlotlineMetrics; detach: () => void } {
  const metrics = new SlotlineMetrics({
    workersAlive: async () => {
      const handle = ctx.connection.handle();
      if (!handle) return undefined;
      const byQueue = new Map<string, number>();
      for (const w of await listWorkers(handle)) byQueue.set(w.queue, (byQueue.get(w.queue) ?? 0) + 1);
      return byQueue;
    },
  });
  const snapshot = ctx.monitor()?.snapshot();
  if (snapshot) metrics.observeSnapshot(snapshot);
  const detach = ctx.bus.subscribe((event, payload) => {
    if (event === 'topology:changed')
      metrics.observeSnapshot(payload as Parameters<SlotlineMetrics['observeSnapshot']>[0]);
    else if (event === 'topology:event')
      metrics.observeEvent(payload as Parameters<SlotlineMetrics['observeEvent']>[0]);
    else if (event === 'queue:depth') metrics.observeDepth(payload as Parameters<SlotlineMetrics['observeDepth']>[0]);
  });
  return { metrics, detach };
}

import type { EventMessage } from '../../shared/ipc/contract';
import type { TopologySnapshot } from '../../shared/types/topology';
import { SlotlineMetrics } from './slotline-metrics';

/**
 * What metrics read: the pushed events, the snapshot to start from, and a live worker count per
 * scrape. AppContext has this shape, but metrics know only these three things, not the context.
 */
export interface MetricsSource {
  readonly bus: { subscribe(listener: (...message: EventMessage) => void): () => void };
  /** The monitor's latest snapshot, if it has one yet. */
  topologySnapshot(): TopologySnapshot | undefined;
  /** Workers with a fresh heartbeat per queue; undefined while not connected. */
  workersAlive(): Promise<Map<string, number> | undefined>;
}

/** Metrics fed by a source's events; workers are counted on each scrape. */
export function attachMetrics(source: MetricsSource): { metrics: SlotlineMetrics; detach: () => void } {
  const metrics = new SlotlineMetrics({ workersAlive: () => source.workersAlive() });
  const snapshot = source.topologySnapshot();
  if (snapshot) metrics.observeSnapshot(snapshot);
  const detach = source.bus.subscribe((event, payload) => {
    if (event === 'topology:changed') metrics.observeSnapshot(payload);
    else if (event === 'topology:event') metrics.observeEvent(payload);
    else if (event === 'queue:depth') metrics.observeDepth(payload);
  });
  return { metrics, detach };
}

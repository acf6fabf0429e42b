import { describe, expect, it } from 'vitest';
import type { EventMessage } from '../../shared/ipc/contract';
import type { TopologySnapshot } from '../../shared/types/topology';
import { attachMetrics, type MetricsSource } from './attach-metrics';

const single: TopologySnapshot = {
  takenAt: 1,
  mode: 'single',
  clusterState: 'ok',
  shards: [
    {
      slots: [[0, 16383]],
      master: { id: 'n', address: '127.0.0.1:6379', role: 'master', health: 'online', flags: [], reachable: true },
      replicas: [],
    },
  ],
  coverage: { assigned: 16384, ok: 16384, pfail: 0, fail: 0, unassigned: 0 },
  migrations: [],
  reachable: true,
};

/** A source made of nothing but a listener set: metrics need no AppContext. */
function source(snapshot?: TopologySnapshot) {
  const listeners = new Set<(...m: EventMessage) => void>();
  const s: MetricsSource = {
    bus: {
      subscribe(l) {
        listeners.add(l);
        return () => listeners.delete(l);
      },
    },
    topologySnapshot: () => snapshot,
    workersAlive: async () => new Map([['emails', 2]]),
  };
  return { s, push: (...m: EventMessage) => listeners.forEach((l) => l(...m)), count: () => listeners.size };
}

describe('attachMetrics', () => {
  it('is fed by events alone: the start snapshot, depth batches and workers per scrape, until detached', async () => {
    const src = source(single);
    const { metrics, detach } = attachMetrics(src.s);
    src.push('queue:depth', [
      {
        queue: 'emails',
        at: 1,
        waiting: 7,
        delayed: 0,
        active: 0,
        completed: 0,
        failed: 0,
        completedPerSec: 0,
        failedPerSec: 0,
        completedTotal: 9,
        failedTotal: 1,
      },
    ]);
    src.push('connection:state', { state: 'ready' });
    const text = await metrics.render();
    expect(text).toContain('slotline_cluster_state_ok 1');
    expect(text).toContain('slotline_queue_depth{queue="emails",state="waiting"} 7');
    expect(text).toContain('slotline_queue_completed_total{queue="emails"} 9');
    expect(text).toContain('slotline_workers_alive{queue="emails"} 2');
    detach();
    expect(src.count()).toBe(0);
  });
});

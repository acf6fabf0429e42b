import { register as globalRegistry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import type { ClusterNode, TopologySnapshot } from '../../shared/types/topology';
import { SlotlineMetrics } from './slotline-metrics';

const node = (id: string, port: number, role: 'master' | 'replica', o: Partial<ClusterNode> = {}): ClusterNode => ({
  id,
  address: `127.0.0.1:${port}`,
  role,
  health: 'online',
  flags: [],
  reachable: true,
  ...o,
});

/** Three shards after a failover: A's old master failed, its replica now owns 0-5460. */
const afterFailover: TopologySnapshot = {
  takenAt: 1,
  mode: 'cluster',
  clusterState: 'ok',
  shards: [
    { slots: [[0, 5460]], master: node('a2', 7003, 'master'), replicas: [] },
    { slots: [[5461, 10922]], master: node('b', 7001, 'master'), replicas: [node('b2', 7004, 'replica')] },
    {
      slots: [[10923, 16383]],
      master: node('c', 7002, 'master'),
      replicas: [node('c2', 7005, 'replica', { health: 'pfail' })],
    },
    { slots: [], master: node('a', 7000, 'master', { health: 'fail', reachable: false }), replicas: [] },
  ],
  coverage: { assigned: 16384, ok: 16384, pfail: 0, fail: 0, unassigned: 0 },
  migrations: [],
  reachable: true,
};

function value(text: string, line: string): number | undefined {
  const m = text.split('\n').find((l) => l.startsWith(line + ' '));
  return m === undefined ? undefined : Number(m.slice(line.length + 1));
}

describe('SlotlineMetrics', () => {
  it('renders cluster state, nodes by role and status, replicas per master and slot coverage', async () => {
    const m = new SlotlineMetrics();
    m.observeSnapshot(afterFailover);
    const text = await m.render();
    expect(value(text, 'slotline_cluster_state_ok')).toBe(1);
    expect(value(text, 'slotline_topology_reachable')).toBe(1);
    expect(value(text, 'slotline_nodes{role="master",status="up"}')).toBe(3);
    expect(value(text, 'slotline_nodes{role="master",status="down"}')).toBe(1);
    expect(value(text, 'slotline_nodes{role="replica",status="up"}')).toBe(1);
    expect(value(text, 'slotline_nodes{role="replica",status="down"}')).toBe(1);
    expect(value(text, 'slotline_replicas{master="127.0.0.1:7003"}')).toBe(0);
    expect(value(text, 'slotline_replicas{master="127.0.0.1:7001"}')).toBe(1);
    expect(text).not.toContain('slotline_replicas{master="127.0.0.1:7000"}');
    expect(value(text, 'slotline_slots{status="ok"}')).toBe(16384);
    expect(value(text, 'slotline_slots{status="unassigned"}')).toBe(0);
    expect(text).toContain('# TYPE slotline_failovers_total counter');
    expect(m.contentType).toMatch(/^text\/plain/);
  });

  it('exposes each replica link (down when unreachable) and its lag in bytes', async () => {
    const m = new SlotlineMetrics();
    const snap: TopologySnapshot = {
      ...afterFailover,
      shards: [
        {
          slots: [[0, 16383]],
          master: node('m', 7000, 'master'),
          replicas: [
            node('r1', 7001, 'replica', { linkStatus: 'up', lagBytes: 42 }),
            node('r2', 7002, 'replica', { linkStatus: 'down' }),
            node('r3', 7003, 'replica', { linkStatus: 'up', reachable: false }),
          ],
        },
      ],
    };
    m.observeSnapshot(snap);
    const text = await m.render();
    const l = (port: number) => `{replica="127.0.0.1:${port}",master="127.0.0.1:7000"}`;
    expect(value(text, `slotline_replica_link_up${l(7001)}`)).toBe(1);
    expect(value(text, `slotline_replica_link_up${l(7002)}`)).toBe(0);
    expect(value(text, `slotline_replica_link_up${l(7003)}`)).toBe(0);
    expect(value(text, `slotline_replica_lag_bytes${l(7001)}`)).toBe(42);
    expect(value(text, `slotline_replica_lag_bytes${l(7002)}`)).toBeUndefined();
    m.observeSnapshot({ ...snap, shards: [{ ...snap.shards[0]!, replicas: [] }] });
    expect(await m.render()).not.toContain('slotline_replica_link_up{');
  });

  it('counts failovers and keeps the last duration in seconds', async () => {
    const m = new SlotlineMetrics();
    const promoted = {
      id: '1',
      at: 1,
      type: 'replica-promoted' as const,
      oldMasterId: 'a',
      oldMasterAddress: '127.0.0.1:7000',
      newMasterId: 'a2',
      newMasterAddress: '127.0.0.1:7003',
      slots: [[0, 5460] as [number, number]],
    };
    m.observeEvent({ ...promoted, durationMs: 4200 });
    m.observeEvent({ ...promoted, id: '2', durationMs: 3100 });
    m.observeEvent({ id: '3', at: 2, type: 'node-failed', nodeId: 'a', address: '127.0.0.1:7000', role: 'master' });
    const text = await m.render();
    expect(value(text, 'slotline_failovers_total')).toBe(2);
    expect(value(text, 'slotline_last_failover_duration_seconds')).toBe(3.1);
  });

  it('replaces queue depth and rates with each batch, and asks for workers on scrape', async () => {
    let scrapes = 0;
    const m = new SlotlineMetrics({
      workersAlive: async () => {
        scrapes++;
        return new Map([['emails', 3]]);
      },
    });
    const sample = {
      at: 1,
      waiting: 4,
      delayed: 1,
      active: 2,
      completed: 10,
      failed: 1,
      completedPerSec: 2.5,
      failedPerSec: 0.5,
    };
    m.observeDepth([
      { queue: 'emails', ...sample },
      { queue: 'old', ...sample },
    ]);
    m.observeDepth([{ queue: 'emails', ...sample, waiting: 7 }]);
    const text = await m.render();
    expect(value(text, 'slotline_queue_depth{queue="emails",state="waiting"}')).toBe(7);
    expect(value(text, 'slotline_queue_depth{queue="emails",state="active"}')).toBe(2);
    expect(text).not.toContain('queue="old"');
    // Rates are Prometheus's job (rate() over the *_total counters): no per-second gauge.
    expect(text).not.toContain('_per_second');
    expect(value(text, 'slotline_workers_alive{queue="emails"}')).toBe(3);
    expect(scrapes).toBe(1);
  });

  it('exposes completed and failed as *_total counters holding the totals Redis keeps', async () => {
    const m = new SlotlineMetrics();
    const base = {
      at: 1,
      waiting: 0,
      delayed: 0,
      active: 0,
      completed: 3,
      failed: 0,
      completedPerSec: 0,
      failedPerSec: 0,
    };
    m.observeDepth([{ queue: 'emails', ...base, completedTotal: 120, failedTotal: 4 }]);
    m.observeDepth([{ queue: 'emails', ...base, completedTotal: 150, failedTotal: 5 }]);
    const text = await m.render();
    expect(text).toContain('# TYPE slotline_queue_completed_total counter');
    expect(value(text, 'slotline_queue_completed_total{queue="emails"}')).toBe(150);
    expect(value(text, 'slotline_queue_failed_total{queue="emails"}')).toBe(5);
  });

  it('exposes the lifecycle totals (cancelled, timed out, expired, retention-removed) and the cancelled depth', async () => {
    const m = new SlotlineMetrics();
    const base = {
      at: 1,
      waiting: 0,
      delayed: 0,
      active: 0,
      completed: 3,
      failed: 0,
      completedPerSec: 0,
      failedPerSec: 0,
    };
    m.observeDepth([
      {
        queue: 'emails',
        ...base,
        cancelled: 2,
        cancelledTotal: 9,
        timedOutTotal: 4,
        expiredTotal: 3,
        retentionRemovedTotal: 1000,
        lateResultsTotal: 1,
        scheduleFiresTotal: 12,
        scheduleSkippedTotal: 5,
        rateLimitedWaitsTotal: 17,
        concurrencyCappedWaitsTotal: 6,
        stalledTotal: 6,
      },
    ]);
    const text = await m.render();
    expect(text).toContain('# TYPE slotline_tasks_cancelled_total counter');
    expect(value(text, 'slotline_tasks_cancelled_total{queue="emails"}')).toBe(9);
    expect(value(text, 'slotline_tasks_timed_out_total{queue="emails"}')).toBe(4);
    expect(value(text, 'slotline_tasks_expired_total{queue="emails"}')).toBe(3);
    expect(value(text, 'slotline_tasks_retention_removed_total{queue="emails"}')).toBe(1000);
    expect(value(text, 'slotline_tasks_late_results_total{queue="emails"}')).toBe(1);
    expect(value(text, 'slotline_schedule_fires_total{queue="emails"}')).toBe(12);
    expect(value(text, 'slotline_schedule_skipped_total{queue="emails"}')).toBe(5);
    expect(value(text, 'slotline_rate_limited_waits_total{queue="emails"}')).toBe(17);
    expect(value(text, 'slotline_concurrency_capped_waits_total{queue="emails"}')).toBe(6);
    expect(value(text, 'slotline_tasks_stalled_total{queue="emails"}')).toBe(6);
    expect(value(text, 'slotline_queue_depth{queue="emails",state="cancelled"}')).toBe(2);
  });

  it('keeps its metrics out of the global registry, so two instances do not clash', async () => {
    new SlotlineMetrics();
    new SlotlineMetrics();
    expect(await globalRegistry.metrics()).not.toContain('slotline_');
  });
});

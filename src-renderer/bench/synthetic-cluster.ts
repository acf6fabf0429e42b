import type { DepthSample, QueueSummary } from '../../shared/types/queue';
import type { ClusterNode, Shard, SlotRange, TopologyEvent, TopologySnapshot } from '../../shared/types/topology';

/** Shape of the synthetic cluster the bench streams. */
export interface ClusterShape {
  /** Masters, each with one replica. */
  masters: number;
  /** Slot ranges in total, dealt round-robin to the masters (3 = a fresh cluster; thousands = after resharding). */
  ranges: number;
}

function node(id: string, port: number, role: 'master' | 'replica', masterId?: string): ClusterNode {
  return {
    id,
    address: `10.0.0.${(port % 200) + 1}:${port}`,
    role,
    health: 'online',
    flags: [role === 'master' ? 'master' : 'slave'],
    masterId,
    reachable: true,
    linkStatus: role === 'replica' ? 'up' : undefined,
    replicationOffset: 1000,
    lagBytes: role === 'replica' ? 0 : undefined,
    opsPerSec: 100,
    usedMemoryBytes: 2_500_000,
  };
}

/** The 16384 slots cut into `ranges` near-equal runs, dealt to the masters in turn. */
export function dealSlots(shape: ClusterShape): SlotRange[][] {
  const perMaster: SlotRange[][] = Array.from({ length: shape.masters }, () => []);
  for (let i = 0; i < shape.ranges; i++) {
    const start = Math.floor((i * 16384) / shape.ranges);
    const end = Math.floor(((i + 1) * 16384) / shape.ranges) - 1;
    perMaster[i % shape.masters]!.push([start, end]);
  }
  return perMaster;
}

/** A healthy cluster: master `m<i>` on port 7000+i, replica `r<i>` on 8000+i. */
export function initialShards(shape: ClusterShape): Shard[] {
  return dealSlots(shape).map((slots, i) => ({
    slots,
    master: node(`m${i}`, 7000 + i, 'master'),
    replicas: [node(`r${i}`, 8000 + i, 'replica', `m${i}`)],
  }));
}

/** Swaps one shard's master and replica, as a failover does (the old master comes back as a replica). */
export function promote(shards: readonly Shard[], index: number): Shard[] {
  return shards.map((s, i) => {
    if (i !== index) return s;
    const replica = s.replicas[0]!;
    return {
      slots: s.slots,
      master: { ...replica, role: 'master', flags: ['master'], masterId: undefined, linkStatus: undefined },
      replicas: [{ ...s.master, role: 'replica', flags: ['slave'], masterId: replica.id, linkStatus: 'up' }],
    };
  });
}

/** A snapshot of `shards` at `at`; ops/s jitter so every snapshot is a new object with new numbers. */
export function snapshotOf(shards: readonly Shard[], at: number, epoch: number): TopologySnapshot {
  const jitter = (n: ClusterNode): ClusterNode => ({ ...n, opsPerSec: 80 + ((at / 1000 + n.address.length) % 40) });
  return {
    takenAt: at,
    mode: 'cluster',
    clusterState: 'ok',
    currentEpoch: epoch,
    shards: shards.map((s) => ({ slots: s.slots, master: jitter(s.master), replicas: s.replicas.map(jitter) })),
    coverage: { assigned: 16384, ok: 16384, pfail: 0, fail: 0, unassigned: 0 },
    migrations: [],
    reachable: true,
  };
}

/** The events a monitor reports for one failover of `shard` (before `promote` is applied). */
export function failoverEvents(shard: Shard, at: number, seq: number, epoch: number): TopologyEvent[] {
  const old = shard.master;
  const next = shard.replicas[0]!;
  const role = 'master' as const;
  return [
    { id: `b${seq}-1`, at: at - 3000, type: 'node-suspected', nodeId: old.id, address: old.address, role },
    { id: `b${seq}-2`, at: at - 1200, type: 'node-failed', nodeId: old.id, address: old.address, role },
    {
      id: `b${seq}-3`,
      at,
      type: 'replica-promoted',
      oldMasterId: old.id,
      oldMasterAddress: old.address,
      newMasterId: next.id,
      newMasterAddress: next.address,
      slots: shard.slots,
      epoch,
      durationMs: 3000,
    },
  ];
}

export const queueName = (i: number): string => `queue-${String(i).padStart(2, '0')}`;

/** One depth sample for queue `i` at `at`: smooth waves, different per queue. */
export function depthSampleAt(i: number, at: number): DepthSample {
  const t = at / 1000;
  const wave = (period: number, amp: number) => Math.round(amp * (1 + Math.sin(t / period + i)));
  return {
    queue: queueName(i),
    at,
    waiting: 20 + wave(30, 40),
    delayed: wave(90, 10),
    active: 2 + wave(7, 3),
    completed: Math.round(t * 5),
    failed: Math.round(t / 20),
    completedPerSec: 4 + (wave(11, 2) % 5),
    failedPerSec: wave(17, 1) / 10,
    // Every 7th queue has lost its workers and its oldest task ages: the overview ranks it first.
    liveWorkers: i % 7 === 3 ? 0 : 2,
    oldestWaitingAt: i % 7 === 3 ? Math.floor(at / 3_600_000) * 3_600_000 : at - 1000 * (1 + wave(13, 5)),
  };
}

export function queueSummaryAt(i: number, at: number): QueueSummary {
  const s = depthSampleAt(i, at);
  return {
    name: s.queue,
    partitions: 4,
    counts: {
      waiting: s.waiting,
      delayed: s.delayed,
      active: s.active,
      completed: s.completed,
      failed: s.failed,
      cancelled: 0,
      paused: false,
      completedTotal: s.completed,
      failedTotal: s.failed,
      cancelledTotal: 0,
      timedOutTotal: 0,
      expiredTotal: 0,
      retentionRemovedTotal: 0,
    },
    workers: 2,
    retention: {
      completed: { maxCount: 10_000, maxAgeMs: 86_400_000 },
      failed: { maxCount: 100_000, maxAgeMs: 604_800_000 },
    },
    retentionRemovedTotal: 0,
    completedPerSec: s.completedPerSec,
    failedPerSec: s.failedPerSec,
  };
}

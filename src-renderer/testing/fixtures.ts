import type { AppInfo, ConnectionStatus } from '../../shared/ipc/contract';
import type { DepthSample, QueueSummary, Task } from '../../shared/types/queue';
import type { ClusterNode, TopologyEvent, TopologySnapshot } from '../../shared/types/topology';
import type { LimitStatus, ScheduleInfo } from '../../shared/types/schedule';
import type { PartitionRow, QueuePartitions } from '../../shared/types/partitions';

/** Literal test data: a 3-master/3-replica cluster, a queue, tasks. */

function node(id: string, port: number, role: 'master' | 'replica', extra: Partial<ClusterNode> = {}): ClusterNode {
  return {
    id,
    address: `127.0.0.1:${port}`,
    role,
    health: 'online',
    flags: [role === 'master' ? 'master' : 'slave'],
    reachable: true,
    linkStatus: role === 'replica' ? 'up' : undefined,
    replicationOffset: 1000,
    lagBytes: role === 'replica' ? 0 : undefined,
    opsPerSec: 120,
    usedMemoryBytes: 2_500_000,
    ...extra,
  };
}

/** Masters m0–m2 on 7000–7002, replicas r0–r2 on 7003–7005 (ri replicates mi). */
export function snapshot3x3(takenAt = 1_000_000): TopologySnapshot {
  const ranges: [number, number][] = [
    [0, 5460],
    [5461, 10922],
    [10923, 16383],
  ];
  return {
    takenAt,
    mode: 'cluster',
    clusterState: 'ok',
    currentEpoch: 6,
    shards: ranges.map((range, i) => ({
      slots: [range],
      master: node(`m${i}`, 7000 + i, 'master'),
      replicas: [node(`r${i}`, 7003 + i, 'replica', { masterId: `m${i}` })],
    })),
    coverage: { assigned: 16384, ok: 16384, pfail: 0, fail: 0, unassigned: 0 },
    migrations: [],
    reachable: true,
  };
}

/** After m0 was killed and r0 promoted: m0 listed failed under r0. */
export function promotedSnapshot(takenAt = 1_010_000): TopologySnapshot {
  const snap = snapshot3x3(takenAt);
  snap.currentEpoch = 7;
  snap.shards[0] = {
    slots: [[0, 5460]],
    master: node('r0', 7003, 'master'),
    replicas: [
      node('m0', 7000, 'replica', {
        health: 'fail',
        flags: ['slave', 'fail'],
        reachable: false,
        linkStatus: 'down',
        masterId: 'r0',
      }),
    ],
  };
  return snap;
}

/** 127.0.0.1:7000 alone says slot 7000 belongs to m2 (7002); the other five say m1 (7001). */
export function disagreeingSnapshot(takenAt = 1_012_000, since = 1_011_000): TopologySnapshot {
  const snap = snapshot3x3(takenAt);
  snap.disagreement = {
    since,
    contested: [[7000, 7000]],
    views: [
      {
        nodes: ['127.0.0.1:7001', '127.0.0.1:7002', '127.0.0.1:7003', '127.0.0.1:7004', '127.0.0.1:7005'],
        claims: [{ ownerId: 'm1', ownerAddress: '127.0.0.1:7001', slots: [[7000, 7000]] }],
      },
      { nodes: ['127.0.0.1:7000'], claims: [{ ownerId: 'm2', ownerAddress: '127.0.0.1:7002', slots: [[7000, 7000]] }] },
    ],
  };
  return snap;
}

/** The episode of disagreeingSnapshot, recorded once the nodes agreed again. */
export function disagreementEvent(at = 1_014_500): TopologyEvent {
  const d = disagreeingSnapshot().disagreement!;
  return {
    id: 'e5',
    at,
    type: 'views-disagreed',
    startedAt: d.since,
    durationMs: at - d.since,
    nodes: d.views.flatMap((v) => v.nodes).sort(),
    slots: d.contested,
    views: d.views,
  };
}

export function promotionEvent(at = 1_009_000): TopologyEvent {
  return {
    id: 'e3',
    at,
    type: 'replica-promoted',
    oldMasterId: 'm0',
    oldMasterAddress: '127.0.0.1:7000',
    newMasterId: 'r0',
    newMasterAddress: '127.0.0.1:7003',
    slots: [[0, 5460]],
    epoch: 7,
    durationMs: 3800,
  };
}

export function failoverEvents(): TopologyEvent[] {
  return [
    { id: 'e1', at: 1_005_200, type: 'node-suspected', nodeId: 'm0', address: '127.0.0.1:7000', role: 'master' },
    { id: 'e2', at: 1_007_600, type: 'node-failed', nodeId: 'm0', address: '127.0.0.1:7000', role: 'master' },
    promotionEvent(),
    {
      id: 'e4',
      at: 1_020_000,
      type: 'node-rejoined-as-replica',
      nodeId: 'm0',
      address: '127.0.0.1:7000',
      masterId: 'r0',
      masterAddress: '127.0.0.1:7003',
    },
  ];
}

export const appInfo = (readOnly = false, secretStorage: AppInfo['secretStorage'] = 'encrypted'): AppInfo => ({
  name: 'slotline',
  version: '0.1.0',
  readOnly,
  transport: 'web',
  secretStorage,
});

export const readyConnection = (): ConnectionStatus => ({
  state: 'ready',
  mode: 'cluster',
  description: 'cluster 127.0.0.1:7000,127.0.0.1:7001 (no TLS)',
});

export function queueSummary(name = 'emails', extra: Partial<QueueSummary> = {}): QueueSummary {
  return {
    name,
    partitions: 4,
    counts: {
      waiting: 12,
      delayed: 3,
      active: 2,
      completed: 500,
      failed: 7,
      cancelled: 0,
      paused: false,
      completedTotal: 500,
      failedTotal: 7,
      cancelledTotal: 0,
      timedOutTotal: 0,
      expiredTotal: 0,
      retentionRemovedTotal: 0,
    },
    workers: 2,
    completedPerSec: 4.5,
    failedPerSec: 0.1,
    retention: {
      completed: { maxCount: 10_000, maxAgeMs: 86_400_000 },
      failed: { maxCount: 100_000, maxAgeMs: 604_800_000 },
    },
    retentionRemovedTotal: 0,
    ...extra,
  };
}

export function depthSample(at: number, queue = 'emails', waiting = 10): DepthSample {
  return {
    queue,
    at,
    waiting,
    delayed: 1,
    active: 2,
    completed: 100,
    failed: 3,
    completedPerSec: 5,
    failedPerSec: 0.2,
  };
}

export function task(id: string, extra: Partial<Task> = {}): Task {
  return {
    id,
    queue: 'emails',
    partition: 0,
    state: 'failed',
    payload: { to: `${id}@example.com` },
    attemptsMade: 3,
    maxAttempts: 3,
    priority: 0,
    stalls: 0,
    createdAt: 1_000_000,
    finishedAt: 1_000_500,
    logCount: 0,
    lastError: 'SMTP timeout',
    lastStack: 'Error: SMTP timeout\n    at send (mailer.js:10:5)',
    history: [
      {
        attempt: 1,
        workerId: 'w1',
        startedAt: 1_000_100,
        endedAt: 1_000_200,
        outcome: 'failed',
        error: 'SMTP timeout',
      },
    ],
    ...extra,
  };
}

/** A schedule of queue `queue`: every 30 s, fired 4 times, next at 1_030_000 (server ms). */
export function scheduleInfo(id: string, queue = 'emails', extra: Partial<ScheduleInfo> = {}): ScheduleInfo {
  return {
    id,
    queue,
    partition: 0,
    spec: { every: 30_000 },
    template: { payload: { report: id } },
    catchUp: 'skip',
    graceMs: 60_000,
    paused: false,
    nextFireAt: 1_030_000,
    lastFireAt: 1_000_000,
    lastTaskId: `${id}-t4`,
    fires: 4,
    skipped: 1,
    createdAt: 880_000,
    updatedAt: 880_000,
    ...extra,
  };
}

/** A queue's limit status: no limits, nothing held back, unless `extra` says otherwise. */
export function limitStatus(queue: string, extra: Partial<LimitStatus> = {}): LimitStatus {
  return {
    queue,
    rateLimit: null,
    concurrency: null,
    startedInWindow: 0,
    active: 0,
    waiting: 0,
    limited: false,
    rateLimitedWaitsTotal: 0,
    concurrencyCappedWaitsTotal: 0,
    ...extra,
  };
}

/** Partition `index` of generation `generation` of queue emails, on master m<index mod 3> of snapshot3x3. */
export function partitionRow(index: number, extra: Partial<PartitionRow> = {}): PartitionRow {
  const m = index % 3;
  return {
    index,
    generation: 0,
    retired: false,
    tag: `q:emails:${index}`,
    slot: [100, 6000, 12000][m]!,
    master: { id: `m${m}`, address: `127.0.0.1:${7000 + m}` },
    waiting: 4,
    delayed: 0,
    active: 1,
    completed: 20,
    failed: 0,
    cancelled: 0,
    paused: false,
    oldestWaitingAt: 1_000_000 - 90_000,
    completedPerSec: 2.5,
    failedPerSec: 0,
    served: true,
    ...extra,
  };
}

/** Queue `queue` with 3 partitions, one on each master of snapshot3x3, 1 live worker, even. */
export function queuePartitions(queue = 'emails', extra: Partial<QueuePartitions> = {}): QueuePartitions {
  return {
    queue,
    generation: 0,
    takenAt: 1_000_000,
    mode: 'cluster',
    workers: 1,
    rows: [0, 1, 2].map((i) => partitionRow(i, { tag: `q:${queue}:${i}` })),
    spread: {
      partitions: 3,
      masters: [0, 1, 2].map((i) => ({ id: `m${i}`, address: `127.0.0.1:${7000 + i}`, partitions: 1 })),
      fairMax: 1,
      uneven: false,
      slotless: [],
      unplaced: 0,
    },
    draining: false,
    autoRebalance: { enabled: false, minIntervalMs: 600_000 },
    ...extra,
  };
}

/** A rebalance of queue emails from 3 to 4 partitions, as every console records it. */
export function rebalanceEvent(
  at = 1_020_000,
  extra: Partial<Extract<TopologyEvent, { type: 'queue-rebalanced' }>> = {},
): TopologyEvent {
  return {
    id: 'queue-rebalanced:emails:1',
    at,
    type: 'queue-rebalanced',
    queue: 'emails',
    generation: 1,
    previousGeneration: 0,
    partitionsBefore: 3,
    partitionsAfter: 4,
    ...extra,
  };
}

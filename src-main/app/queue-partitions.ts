import { mastersOf, ownerOfSlot, partitionSpread } from '../../shared/partitions/partition-spread';
import type { AutoRebalanceStatus, PartitionRow, QueuePartitions } from '../../shared/types/partitions';
import type { TopologySnapshot } from '../../shared/types/topology';
import { partitionCounts } from '../queue/partition-counts';
import { slotOf } from '../queue/partition-plan';
import { Queue } from '../queue/queue';
import { listWorkers } from '../queue/worker-registry';
import type { RedisHandle } from '../redis/handle';
import type { Throughput } from '../sampler/throughput';

/** What {@link queuePartitions} reads besides Redis: state the main process keeps anyway. */
export interface QueuePartitionsSources {
  handle: RedisHandle;
  /** The topology monitor's latest snapshot: which master owns each slot now. */
  snapshot: TopologySnapshot | null | undefined;
  /** The sampler's per-partition rates, by hash tag (see DepthSampler.partitionThroughput). */
  throughput: ReadonlyMap<string, Throughput> | undefined;
  autoRebalance: AutoRebalanceStatus;
  /** Clock, for tests. Default Date.now. */
  now?: () => number;
}

/**
 * Each partition of a queue, every generation: depth by state and the head of its wait set (one
 * counts-8 call per partition, in parallel, O(1) each), the master owning its slot now (from the
 * snapshot, no extra read), its throughput (from the sampler, no extra read), and whether a live
 * worker serves it (one HGETALL of the worker registry; workers do not say which partitions they
 * take, and each worker of a queue takes from all of them, retired ones included). A partition
 * with tasks waiting and no live worker carries a warning. Unknown queue → QueueArgumentError.
 */
export async function queuePartitions(name: string, src: QueuePartitionsSources): Promise<QueuePartitions> {
  const q = await Queue.open(src.handle, name, { mustExist: true });
  const [parts, workers] = await Promise.all([
    Promise.all(q.allPartitions.map((p) => partitionCounts(q, p, true))),
    listWorkers(src.handle, q.name),
  ]);
  const masters = mastersOf(src.snapshot);
  const addressOf = new Map(masters.map((m) => [m.id, m.address]));
  const moving = new Map((src.snapshot?.migrations ?? []).map((m) => [m.slot, addressOf.get(m.toId) ?? m.toId]));
  const newest = new Set(q.partitions);
  const rows = parts.map(({ partition: p, counts: c, oldestWaitingAt }): PartitionRow => {
    const slot = slotOf(p.keys.tag);
    const owner = ownerOfSlot(masters, slot);
    const rate = src.throughput?.get(p.keys.tag);
    const served = workers.length > 0;
    const migratingTo = moving.get(slot);
    return {
      index: p.index,
      generation: p.generation ?? 0,
      retired: !newest.has(p),
      tag: p.keys.tag,
      slot,
      master: owner ? { id: owner.id, address: owner.address } : null,
      ...(migratingTo ? { migratingTo } : {}),
      waiting: c.waiting,
      delayed: c.delayed,
      active: c.active,
      completed: c.completed,
      failed: c.failed,
      cancelled: c.cancelled,
      paused: c.paused,
      oldestWaitingAt,
      completedPerSec: rate?.completedPerSec ?? null,
      failedPerSec: rate?.failedPerSec ?? null,
      served,
      ...(c.waiting > 0 && !served ? { warning: `${c.waiting} waiting and no live worker serves this partition` } : {}),
    };
  });
  return {
    queue: q.name,
    generation: q.definition.generation ?? 0,
    takenAt: (src.now ?? Date.now)(),
    mode: src.handle.kind,
    workers: workers.length,
    rows,
    spread: partitionSpread(
      q.partitions.map((p) => slotOf(p.keys.tag)),
      masters,
    ),
    draining: rows.some((r) => r.retired && r.waiting + r.delayed + r.active > 0),
    autoRebalance: src.autoRebalance,
  };
}

import type { QueueCounts } from '../../shared/types/queue';
import { malformed } from './malformed-data';
import type { Partition, Queue } from './queue';

/** The counts summed over partitions. */
const SUMMED = [
  'waiting',
  'delayed',
  'active',
  'completed',
  'failed',
  'cancelled',
  'completedTotal',
  'failedTotal',
  'cancelledTotal',
  'timedOutTotal',
  'expiredTotal',
  'retentionRemovedTotal',
  'lateResultsTotal',
  'scheduleFiresTotal',
  'scheduleSkippedTotal',
  'stalledTotal',
] as const;

/** One partition's counts, with the head of its wait set when asked for. */
export interface PartitionCounts {
  partition: Partition;
  counts: QueueCounts;
  /** createdAt of the task at the head of the wait set; null when none waits (or not asked). */
  oldestWaitingAt: number | null;
}

/** Counts of one partition (one counts-8 call); `head` also reads its oldest waiting task. */
export async function partitionCounts(q: Queue, p: Partition, head = false): Promise<PartitionCounts> {
  let r: number[];
  try {
    r = await q.scripts.counts(p, head);
  } catch (e) {
    throw malformed(e, q.name, p.index);
  }
  const counts: QueueCounts = {
    waiting: r[0]!,
    delayed: r[1]!,
    active: r[2]!,
    completed: r[3]!,
    failed: r[4]!,
    cancelled: r[5]!,
    paused: r[6] === 1,
    completedTotal: r[7]!,
    failedTotal: r[8]!,
    cancelledTotal: r[9]!,
    timedOutTotal: r[10]!,
    expiredTotal: r[11]!,
    retentionRemovedTotal: r[12]!,
    lateResultsTotal: r[13]!,
    scheduleFiresTotal: r[14]!,
    scheduleSkippedTotal: r[15]!,
    stalledTotal: r[16] ?? 0,
  };
  const created = r[17];
  return { partition: p, counts, oldestWaitingAt: head && created !== undefined && created >= 0 ? created : null };
}

/** The queue's counts and each partition's (every generation: the newest, then the retired). */
export interface CountsByPartition {
  total: QueueCounts;
  partitions: PartitionCounts[];
}

/**
 * Counts of every partition of every generation, one script call each in parallel, and their sum
 * with the limiter's counters (one HMGET): what Queue.counts returns, with the parts kept.
 */
export async function countsByPartition(q: Queue, o: { head?: boolean } = {}): Promise<CountsByPartition> {
  const [partitions, waits] = await Promise.all([
    Promise.all(q.allPartitions.map((p) => partitionCounts(q, p, o.head))),
    q.handle.call('HMGET', q.limiter.keys.lmeta, 'rateLimitedWaitsTotal', 'concurrencyCappedWaitsTotal') as Promise<
      Array<string | null>
    >,
  ]);
  const total: QueueCounts = {
    waiting: 0,
    delayed: 0,
    active: 0,
    completed: 0,
    failed: 0,
    cancelled: 0,
    paused: false,
    completedTotal: 0,
    failedTotal: 0,
    cancelledTotal: 0,
    timedOutTotal: 0,
    expiredTotal: 0,
    retentionRemovedTotal: 0,
    lateResultsTotal: 0,
    scheduleFiresTotal: 0,
    scheduleSkippedTotal: 0,
    rateLimitedWaitsTotal: Number(waits[0] ?? 0),
    concurrencyCappedWaitsTotal: Number(waits[1] ?? 0),
    stalledTotal: 0,
  };
  for (const { counts: c } of partitions) {
    for (const k of SUMMED) total[k] += c[k] ?? 0;
    total.paused ||= c.paused;
  }
  return { total, partitions };
}

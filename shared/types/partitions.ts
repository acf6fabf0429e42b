import { z } from 'zod';

/**
 * The per-partition view of one queue (issue 17 part 2, issue 15 part 4): where each partition
 * lives now, what it holds, how fast it drains, and whether anything serves it.
 */

const Count = z.number().int().min(0);

export const PartitionRowSchema = z.object({
  /** Index within its generation. */
  index: z.number().int(),
  generation: z.number().int(),
  /** A partition of a retired generation that workers still drain. */
  retired: z.boolean(),
  /** Its hash tag (`q:emails:2`, or `q:emails#g1:0~17` after a rebalance). */
  tag: z.string(),
  slot: z.number().int().min(0).max(16383),
  /** The master owning the slot in the monitor's latest snapshot; null when not known or unassigned. */
  master: z.object({ id: z.string(), address: z.string() }).nullable(),
  /** While the slot is being migrated: the address it moves to. */
  migratingTo: z.string().optional(),
  waiting: Count,
  delayed: Count,
  active: Count,
  completed: Count,
  failed: Count,
  cancelled: Count,
  paused: z.boolean(),
  /**
   * When the task at the head of the wait set (the next to run) was created, ms; null when none
   * waits. With priorities, an older low-priority task behind the head is not seen.
   */
  oldestWaitingAt: z.number().nullable(),
  /** Completed and failed per second between the sampler's last two readings; null before two. */
  completedPerSec: z.number().nullable(),
  failedPerSec: z.number().nullable(),
  /** Whether a live worker serves it (a worker of the queue drains every partition, retired ones too). */
  served: z.boolean(),
  /** Set when the row needs attention, in words (tasks waiting and no live worker). */
  warning: z.string().optional(),
});
export type PartitionRow = z.infer<typeof PartitionRowSchema>;

/** How many of the newest generation's partitions one master owns. */
export const MasterShareSchema = z.object({
  id: z.string(),
  address: z.string(),
  partitions: z.number().int().min(0),
});
export type MasterShare = z.infer<typeof MasterShareSchema>;

/** The newest generation's partitions over the masters that own slots (see partitionSpread). */
export const PartitionSpreadSchema = z.object({
  /** P: partitions of the newest generation. */
  partitions: z.number().int(),
  /** Every master that owns at least one slot (M of them), with its share; the largest first. */
  masters: z.array(MasterShareSchema),
  /** ceil(P / M): the most any master should own. */
  fairMax: z.number().int(),
  uneven: z.boolean(),
  /** Why it is uneven, in words naming the master. */
  reason: z.string().optional(),
  /** Masters that own no slot (a rebalance of the queue cannot place anything on them). */
  slotless: z.array(z.string()),
  /** Partitions whose slot has no owner in the snapshot. */
  unplaced: z.number().int(),
});
export type PartitionSpread = z.infer<typeof PartitionSpreadSchema>;

export const AutoRebalanceStatusSchema = z.object({
  enabled: z.boolean(),
  /** At most one automatic rebalance per queue per this many ms. */
  minIntervalMs: z.number().int(),
  /** This console's last automatic rebalance of the queue (ms), and how it ended. */
  lastAt: z.number().optional(),
  lastOutcome: z.string().optional(),
  /** What the automatic rebalance decides for the queue now, in words (only while enabled). */
  decision: z.string().optional(),
});
export type AutoRebalanceStatus = z.infer<typeof AutoRebalanceStatusSchema>;

export const QueuePartitionsSchema = z.object({
  queue: z.string(),
  /** The newest generation (0 for a queue never rebalanced). */
  generation: z.number().int(),
  /** When the partitions were read (ms, main's clock). */
  takenAt: z.number(),
  mode: z.enum(['single', 'cluster']),
  /** Live workers of the queue. */
  workers: z.number().int(),
  /** The newest generation's partitions, then each retired generation's. */
  rows: z.array(PartitionRowSchema),
  spread: PartitionSpreadSchema,
  /**
   * True while a retired generation still holds waiting, delayed or active tasks (the automatic
   * rebalance then waits). One kept only for its failed tasks does not drain.
   */
  draining: z.boolean(),
  autoRebalance: AutoRebalanceStatusSchema,
});
export type QueuePartitions = z.infer<typeof QueuePartitionsSchema>;

export const RebalanceResultSchema = z.object({
  queue: z.string(),
  generation: z.number().int(),
  partitionsBefore: z.number().int(),
  partitionsAfter: z.number().int(),
  tags: z.array(z.string()),
  movedSchedules: z.number().int(),
});
export type RebalanceResultView = z.infer<typeof RebalanceResultSchema>;

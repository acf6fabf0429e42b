import { z } from 'zod';

/** Every state a task can be in, in lifecycle order. */
export const TASK_STATES = ['waiting', 'delayed', 'active', 'completed', 'failed', 'cancelled'] as const;
export const TaskStateSchema = z.enum(TASK_STATES);
/** One of {@link TASK_STATES}. */
export type TaskState = z.infer<typeof TaskStateSchema>;

/** States an operator can requeue from. */
export const RequeueableStateSchema = z.enum(['failed', 'delayed', 'completed', 'cancelled']);
export type RequeueableState = z.infer<typeof RequeueableStateSchema>;

export const BackoffSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('fixed'), delayMs: z.number().int().min(0).max(86_400_000) }),
  z.object({
    type: z.literal('exponential'),
    /** Delay before the first retry; doubles each attempt. */
    delayMs: z.number().int().min(0).max(86_400_000),
    /** Cap on the delay. Default 1 hour. */
    maxDelayMs: z.number().int().min(0).max(86_400_000).optional(),
    /** Fraction of the delay randomised (0–1). Default 0.2. */
    jitter: z.number().min(0).max(1).optional(),
  }),
]);
/** The wait before a failed task's next attempt: `fixed`, or `exponential` with a cap and jitter. */
export type Backoff = z.infer<typeof BackoffSchema>;

export const TaskAttemptSchema = z.object({
  attempt: z.number().int(),
  workerId: z.string(),
  startedAt: z.number(),
  endedAt: z.number().optional(),
  outcome: z.enum(['running', 'completed', 'failed', 'stalled', 'released']),
  error: z.string().optional(),
});
/** One attempt of a task: who ran it, when, and how it ended. */
export type TaskAttempt = z.infer<typeof TaskAttemptSchema>;

/** Why a task ended failed. */
export const FailedReasonSchema = z.enum(['error', 'timeout', 'expired', 'stalled', 'unrecoverable', 'corrupt']);
/** Why a failed task failed: its handler threw, its deadline passed, it expired unstarted, … */
export type FailedReason = z.infer<typeof FailedReasonSchema>;

export const TaskSchema = z.object({
  id: z.string(),
  queue: z.string(),
  partition: z.number().int(),
  state: TaskStateSchema,
  payload: z.unknown(),
  /** Set when the stored record could not be parsed: the raw text, kept for inspection. */
  raw: z.string().optional(),
  corrupt: z.boolean().optional(),
  attemptsMade: z.number().int(),
  maxAttempts: z.number().int(),
  backoff: BackoffSchema.optional(),
  priority: z.number().int(),
  stalls: z.number().int(),
  createdAt: z.number(),
  /** When a delayed task becomes due. */
  runAt: z.number().optional(),
  startedAt: z.number().optional(),
  finishedAt: z.number().optional(),
  lastError: z.string().optional(),
  lastStack: z.string().optional(),
  workerId: z.string().optional(),
  history: z.array(TaskAttemptSchema),
  /** Operators' edits of the payload (edit and retry), oldest first, the newest 10. */
  edits: z.array(z.object({ at: z.number(), by: z.string(), previous: z.unknown() })).optional(),
  /** The handler's return value (JSON); absent when it returned undefined or has not completed. */
  result: z.unknown().optional(),
  /** The last progress the handler reported: 0–100, or a small JSON object. */
  progress: z.union([z.number(), z.record(z.string(), z.unknown())]).optional(),
  /** Log lines ever appended; the kept tail is at most the queue's `logs.maxLines`. */
  logCount: z.number().int(),
  /** Why a failed task failed. */
  failedReason: FailedReasonSchema.optional(),
  /** When the task was cancelled (server ms). */
  cancelledAt: z.number().optional(),
  /** An active task whose cancellation is pending on its worker. */
  cancelRequested: z.boolean().optional(),
  /** Per-attempt deadline, ms. */
  timeoutMs: z.number().int().optional(),
  /** A task not started by then fails with reason `expired` (server ms). */
  expiresAt: z.number().optional(),
});
/** A task as stored: payload, state, attempts and their history. */
export type Task = z.infer<typeof TaskSchema>;

export const QueueCountsSchema = z.object({
  waiting: z.number().int(),
  delayed: z.number().int(),
  active: z.number().int(),
  completed: z.number().int(),
  failed: z.number().int(),
  cancelled: z.number().int(),
  paused: z.boolean(),
  /** Running totals since the queue was created (for throughput). */
  completedTotal: z.number().int(),
  failedTotal: z.number().int(),
  cancelledTotal: z.number().int(),
  /** Attempts that failed by their deadline (timeoutMs). */
  timedOutTotal: z.number().int(),
  /** Tasks that failed with reason `expired` without running. */
  expiredTotal: z.number().int(),
  /** Finished tasks the retention sweep removed. */
  retentionRemovedTotal: z.number().int(),
  /** Results that arrived after their attempt's deadline and were discarded. */
  lateResultsTotal: z.number().int().optional(),
  /** Schedule ticks that enqueued a task, and ticks skipped as missed (catch-up). */
  scheduleFiresTotal: z.number().int().optional(),
  scheduleSkippedTotal: z.number().int().optional(),
  /** Limiter acquires that granted fewer starts than asked: rate limit or hold, and concurrency cap (issue 14). */
  rateLimitedWaitsTotal: z.number().int().optional(),
  concurrencyCappedWaitsTotal: z.number().int().optional(),
  /** Leases that expired (the task went back to waiting, or failed past maxStalls). */
  stalledTotal: z.number().int().optional(),
});
/** Tasks per state of a queue (or one partition), whether it is paused, and running totals. */
export type QueueCounts = z.infer<typeof QueueCountsSchema>;

export const WorkerInfoSchema = z.object({
  id: z.string(),
  queue: z.string(),
  host: z.string(),
  pid: z.number().int(),
  concurrency: z.number().int(),
  active: z.number().int(),
  startedAt: z.number(),
  lastSeen: z.number(),
});
/** A live worker as its heartbeat reports it. */
export type WorkerInfo = z.infer<typeof WorkerInfoSchema>;

/** How long finished tasks of one kind are kept: at most maxCount, none older than maxAgeMs. */
export const RetentionRuleSchema = z.object({
  maxCount: z.number().int().min(0),
  maxAgeMs: z.number().int().min(0),
});
/** How many finished tasks of one kind a queue keeps, and for how long. */
export type RetentionRule = z.infer<typeof RetentionRuleSchema>;

/** A queue's retention; cancelled tasks follow `failed`. */
export const RetentionSchema = z.object({
  completed: RetentionRuleSchema,
  failed: RetentionRuleSchema,
});
/** A queue's retention for completed and for failed (and cancelled) tasks. */
export type Retention = z.infer<typeof RetentionSchema>;

export const QueueSummarySchema = z.object({
  name: z.string(),
  partitions: z.number().int(),
  counts: QueueCountsSchema,
  workers: z.number().int(),
  /** Tasks completed and failed per second, over the last sampling window. */
  completedPerSec: z.number(),
  failedPerSec: z.number(),
  retention: RetentionSchema,
  /** Finished tasks the retention sweep removed, since the queue was created. */
  retentionRemovedTotal: z.number().int(),
});
export type QueueSummary = z.infer<typeof QueueSummarySchema>;

export const TaskPageSchema = z.object({
  tasks: z.array(TaskSchema),
  /** Pass back to get the next page; null at the end. */
  nextCursor: z.string().nullable(),
});
export type TaskPage = z.infer<typeof TaskPageSchema>;

/** A slice of a task's kept log; `start` is the index (in the kept tail) of `lines[0]`. */
export const TaskLogPageSchema = z.object({
  lines: z.array(z.string()),
  start: z.number().int(),
  /** Lines kept now (at most the queue's `logs.maxLines`). */
  total: z.number().int(),
});
/** A slice of a task's kept log, as queue.getLogs returns it. */
export type TaskLogPage = z.infer<typeof TaskLogPageSchema>;

export const DepthSampleSchema = z.object({
  queue: z.string(),
  at: z.number(),
  waiting: z.number().int(),
  delayed: z.number().int(),
  active: z.number().int(),
  completed: z.number().int(),
  failed: z.number().int(),
  completedPerSec: z.number(),
  failedPerSec: z.number(),
  /** Tasks ever completed and failed, as Redis counts them (for Prometheus `*_total` counters). */
  completedTotal: z.number().int().optional(),
  failedTotal: z.number().int().optional(),
  cancelled: z.number().int().optional(),
  /** Lifecycle totals as Redis counts them (see QueueCounts). */
  cancelledTotal: z.number().int().optional(),
  timedOutTotal: z.number().int().optional(),
  expiredTotal: z.number().int().optional(),
  retentionRemovedTotal: z.number().int().optional(),
  lateResultsTotal: z.number().int().optional(),
  scheduleFiresTotal: z.number().int().optional(),
  scheduleSkippedTotal: z.number().int().optional(),
  /** Limiter acquires that granted fewer starts than asked: rate limit or hold, and concurrency cap (issue 14). */
  rateLimitedWaitsTotal: z.number().int().optional(),
  concurrencyCappedWaitsTotal: z.number().int().optional(),
  stalledTotal: z.number().int().optional(),
  /**
   * Enqueue time (ms since the epoch, the producer's clock) of the oldest task at the head of the
   * queue's partitions; null while none waits; absent when it was not read. Its age is `at` minus it.
   */
  oldestWaitingAt: z.number().nullable().optional(),
  /** Workers with a fresh heartbeat for the queue when the sample was taken; absent when not read. */
  liveWorkers: z.number().int().min(0).optional(),
});
export type DepthSample = z.infer<typeof DepthSampleSchema>;

export const BulkProgressSchema = z.object({
  operationId: z.string(),
  queue: z.string(),
  action: z.enum(['requeue', 'purge', 'promote', 'cancel']),
  state: TaskStateSchema.optional(),
  done: z.number().int(),
  total: z.number().int(),
  finished: z.boolean(),
  cancelled: z.boolean(),
  error: z.string().optional(),
});
export type BulkProgress = z.infer<typeof BulkProgressSchema>;

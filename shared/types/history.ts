import { z } from 'zod';

/** The spans `queue.history()` and the console's history charts offer. */
export const HISTORY_RANGES = ['1h', '24h', '7d'] as const;
export const HistoryRangeSchema = z.enum(HISTORY_RANGES);
/** One of {@link HISTORY_RANGES}: the last hour, day or week, by the Redis server's clock. */
export type HistoryRange = z.infer<typeof HistoryRangeSchema>;

const Ms = z.number().min(0).nullable();

export const QueueHistoryPointSchema = z.object({
  /** Start of the point's span (ms since the epoch, the Redis server's clock). */
  at: z.number(),
  /** Tasks completed in the span. */
  completed: z.number().int(),
  /** Tasks that failed for good (dead letters) in the span: what raises `failedTotal`. */
  failed: z.number().int(),
  /** Failed attempts that were retried in the span. */
  retried: z.number().int(),
  /**
   * Wait latency (ms): from when a task could run (enqueue, its delay's end, a retry's backoff,
   * a requeue or a stall) to its handler's start, over the attempts that ended in the span. Null
   * when none did. Estimated from a histogram with buckets a factor √2 wide.
   */
  waitP50: Ms,
  waitP95: Ms,
  /** Run latency (ms): the handler's duration, over the attempts that ended in the span. */
  runP50: Ms,
  runP95: Ms,
  /** Waiting tasks: the largest per-minute sample in the span (summed over partitions); null if none was taken. */
  waiting: z.number().int().nullable(),
  /** Age (ms) of the task at the head of the wait set: the largest sample in the span, over partitions. */
  oldestWaitingMs: Ms,
});
/** One point of a queue's history. */
export type QueueHistoryPoint = z.infer<typeof QueueHistoryPointSchema>;

export const QueueHistorySchema = z.object({
  queue: z.string(),
  range: HistoryRangeSchema,
  /** Width of each point's span: 1 min (1h), 5 min (24h) or 30 min (7d). */
  stepMs: z.number().int(),
  /** Start of the first point and end of the last one (ms, server clock). */
  from: z.number(),
  to: z.number(),
  /** Oldest first, one per step, spans without data included (zero counts, null gauges). */
  points: z.array(QueueHistoryPointSchema),
});
/** A queue's history over one range, as `queue.history()` returns it. */
export type QueueHistory = z.infer<typeof QueueHistorySchema>;

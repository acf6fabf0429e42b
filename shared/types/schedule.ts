import { z } from 'zod';

/**
 * Types of issue 14: schedules, queue-wide limits and deduplication. The shapes cross IPC and the
 * serve protocol, so they live here; validation with clear messages is in
 * `shared/schedule/schedule-spec.ts`.
 */

/** Longest `every` interval: 366 days. */
export const MAX_EVERY_MS = 366 * 86_400_000;

/** `{ every: ms }`: a tick every `every` ms, counted from the schedule's anchor (its creation). */
export const EverySpecSchema = z.object({ every: z.number() }).strict();
/** `{ cron, tz? }`: 5 fields (minute first) or 6 (second first); `tz` an IANA zone, default UTC. */
export const CronSpecSchema = z.object({ cron: z.string(), tz: z.string().optional() }).strict();
export const ScheduleSpecSchema = z.union([EverySpecSchema, CronSpecSchema]);
/** When a schedule fires: a fixed interval or a cron expression in a time zone. */
export type ScheduleSpec = z.infer<typeof ScheduleSpecSchema>;

/**
 * What to do with ticks missed by more than `graceMs` (an outage, every worker stopped):
 * `skip` fires none of them, `once` fires one task for all of them. Ticks later than their time
 * by less than `graceMs` (a failover, a slow poll) always fire, each its own task.
 */
export const CatchUpSchema = z.enum(['skip', 'once']);
/** Catch-up after ticks missed by more than graceMs: `skip` fires none, `once` fires one task. */
export type CatchUp = z.infer<typeof CatchUpSchema>;

/** Default grace: a tick up to 60 s late still fires. */
export const DEFAULT_SCHEDULE_GRACE_MS = 60_000;

/** The task a schedule enqueues at each tick: its payload and enqueue options (JSON). */
export const ScheduleTemplateSchema = z
  .object({
    payload: z.unknown(),
    options: z
      .object({
        priority: z.number().optional(),
        attempts: z.number().optional(),
        timeoutMs: z.number().optional(),
        expiresInMs: z.number().optional(),
        /** Routing key: the schedule lives in (and fires into) the partition this key routes to. */
        key: z.string().optional(),
      })
      .strict()
      .optional(),
  })
  .strict();
/** The task a schedule enqueues at each tick: `payload` (JSON) and `options` (priority, attempts, timeoutMs, expiresInMs, key). */
export type ScheduleTemplate = z.infer<typeof ScheduleTemplateSchema>;

export const ScheduleOptionsSchema = z
  .object({ catchUp: CatchUpSchema.optional(), graceMs: z.number().optional() })
  .strict();
/** Per-schedule choices: catch-up after missed ticks, and the grace before a tick counts as missed. */
export type ScheduleOptions = z.infer<typeof ScheduleOptionsSchema>;

/** A schedule as listSchedules gives it. Times are server ms. */
export const ScheduleInfoSchema = z.object({
  id: z.string(),
  queue: z.string(),
  partition: z.number().int(),
  spec: ScheduleSpecSchema,
  template: ScheduleTemplateSchema,
  catchUp: CatchUpSchema,
  graceMs: z.number().int(),
  paused: z.boolean(),
  /** The next tick (server ms); while paused, the tick it would fire next. */
  nextFireAt: z.number(),
  lastFireAt: z.number().optional(),
  /** The task the last fire enqueued. */
  lastTaskId: z.string().optional(),
  /** Ticks fired, and ticks skipped as missed, since creation. */
  fires: z.number().int(),
  skipped: z.number().int(),
  createdAt: z.number(),
  updatedAt: z.number(),
});
/** A schedule as listSchedules gives it: spec, template, catch-up, next and last fire (server ms), last task, counters. */
export type ScheduleInfo = z.infer<typeof ScheduleInfoSchema>;

/** At most `max` task starts in any window of `perMs`, across every worker and partition. */
export const RateLimitSchema = z.object({ max: z.number(), perMs: z.number() }).strict();
export type RateLimit = z.infer<typeof RateLimitSchema>;

/** A queue's limits now, and whether they are holding tasks back (for the console and CLI). */
export const LimitStatusSchema = z.object({
  queue: z.string(),
  rateLimit: RateLimitSchema.nullable(),
  /** Global cap on active tasks, null when unset. */
  concurrency: z.number().int().nullable(),
  /** Starts counted in the current rate window. */
  startedInWindow: z.number().int(),
  /** Tasks counted against the concurrency cap now. */
  active: z.number().int(),
  /** Set while a handler's rateLimit(ms) (a 429) holds the queue's starts: until when (server ms). */
  heldUntil: z.number().optional(),
  /** Waiting tasks (every partition). */
  waiting: z.number().int(),
  /** True when a limit is reached now and tasks wait for a slot. */
  limited: z.boolean(),
  /** Limiter acquires that granted fewer starts than asked, because of the rate limit or a hold. */
  rateLimitedWaitsTotal: z.number().int(),
  /** Limiter acquires that granted fewer starts than asked, because of the concurrency cap. */
  concurrencyCappedWaitsTotal: z.number().int(),
});
export type LimitStatus = z.infer<typeof LimitStatusSchema>;

/** enqueue's `dedupe` option: one task per id while it is unfinished, or for `ttlMs`. */
export const DedupeSchema = z.object({ id: z.string(), ttlMs: z.number().optional() }).strict();
export type Dedupe = z.infer<typeof DedupeSchema>;

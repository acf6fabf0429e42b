import { z } from 'zod';
import {
  LimitStatusSchema,
  RateLimitSchema,
  ScheduleInfoSchema,
  ScheduleOptionsSchema,
  ScheduleSpecSchema,
  ScheduleTemplateSchema,
} from '../types/schedule';
import { Empty, QueueName, TaskPayload, wireText } from './wire-values';

/** Schedule ids: 1-100 characters of well-formed Unicode (main names the bad value). */
const ScheduleId = wireText(100, 1);
const ScheduleRef = z.object({ queue: QueueName, id: ScheduleId }).strict();

/**
 * The schedule and limit channels of the IPC contract (issue 14), declared like the rest and
 * spread into `channels` in contract.ts: see there for what `mutates` means.
 */
export const scheduleChannels = {
  /** Every schedule of every queue, with next and last fire, last task, fires and skipped ticks. */
  'schedules:list': { request: Empty, response: z.array(ScheduleInfoSchema), mutates: false },
  /** Creates or replaces a schedule (same id and spec: the tick position is kept, no double fire). */
  'schedules:upsert': {
    request: z
      .object({
        queue: QueueName,
        id: ScheduleId,
        spec: ScheduleSpecSchema,
        template: ScheduleTemplateSchema.extend({ payload: TaskPayload }),
        options: ScheduleOptionsSchema.optional(),
      })
      .strict(),
    response: ScheduleInfoSchema,
    mutates: true,
  },
  'schedules:remove': { request: ScheduleRef, response: z.object({ removed: z.boolean() }), mutates: true },
  'schedules:pause': { request: ScheduleRef, response: z.object({ paused: z.boolean() }), mutates: true },
  'schedules:resume': { request: ScheduleRef, response: z.object({ paused: z.boolean() }), mutates: true },
  /** Enqueues one task of the schedule now; its regular ticks are not moved. */
  'schedules:run': { request: ScheduleRef, response: z.object({ taskId: z.string() }), mutates: true },
  /**
   * The next fires of a spec (default 5, from now), or why the spec is not valid, for the create
   * form's check as the operator types. Reads nothing from Redis.
   */
  'schedules:preview': {
    request: z.object({ spec: ScheduleSpecSchema, count: z.number().int().min(1).max(20).optional() }).strict(),
    response: z.object({ fires: z.array(z.number()), error: z.string().optional() }),
    mutates: false,
  },

  /** A queue's rate limit and concurrency cap, and whether they hold tasks back now. */
  'limits:get': {
    request: z.object({ queue: QueueName }).strict(),
    response: LimitStatusSchema,
    mutates: false,
  },
  /** Sets (or, with null, removes) the queue-wide rate limit; answers the status after the change. */
  'limits:set-rate': {
    request: z.object({ queue: QueueName, limit: RateLimitSchema.nullable() }).strict(),
    response: LimitStatusSchema,
    mutates: true,
  },
  /** Sets (or, with null, removes) the queue-wide cap on active tasks. */
  'limits:set-concurrency': {
    request: z.object({ queue: QueueName, concurrency: z.number().nullable() }).strict(),
    response: LimitStatusSchema,
    mutates: true,
  },
} as const;

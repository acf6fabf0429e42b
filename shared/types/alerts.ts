import { z } from 'zod';

/** How many records the alert history stream keeps (XADD MAXLEN ~): older ones are trimmed. */
export const ALERT_HISTORY_MAX_ENTRIES = 2_000;

const Duration = z
  .number()
  .int()
  .min(0)
  .max(7 * 86_400_000);
const QueueNameRef = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[A-Za-z0-9._:-]+$/, 'queue names use letters, digits and . _ : -');

/**
 * What an alert watches. Queue conditions (`backlog` … `no-worker`) apply to the rule's queue, or
 * to every queue (one alert per queue) when the rule names none; the others watch the cluster.
 * `forMs` is how long the condition must hold before the alert fires (it is `pending` meanwhile).
 */
export const AlertConditionSchema = z.discriminatedUnion('kind', [
  /** Waiting tasks over `threshold` for `forMs`. */
  z.object({ kind: z.literal('backlog'), threshold: z.number().int().min(0), forMs: Duration }).strict(),
  /** The oldest waiting task (the one at the head of a partition) older than `ageMs`. */
  z.object({ kind: z.literal('oldest-waiting'), ageMs: Duration.min(1), forMs: Duration.default(0) }).strict(),
  /**
   * Failed / (completed + failed) over `percent` % within the last `windowMs`, counted from the
   * queue's running totals; needs at least `minTasks` finished tasks in the window (default 10).
   */
  z
    .object({
      kind: z.literal('failure-rate'),
      percent: z.number().min(0).max(100),
      windowMs: Duration.min(1000),
      minTasks: z.number().int().min(1).max(1_000_000).default(10),
    })
    .strict(),
  /** More than `count` lease expiries (stalls) within `windowMs`. */
  z.object({ kind: z.literal('stalls'), count: z.number().int().min(0), windowMs: Duration.min(1000) }).strict(),
  /** No worker with a fresh heartbeat for the queue, for `forMs`. */
  z.object({ kind: z.literal('no-worker'), forMs: Duration }).strict(),
  /** `cluster_state` is not `ok` (or the cluster cannot be reached) for `forMs`. */
  z.object({ kind: z.literal('cluster-state'), forMs: Duration }).strict(),
  /** A replica was promoted; the alert stays firing for `holdMs` after the last promotion. */
  z.object({ kind: z.literal('failover'), holdMs: Duration.min(1000).default(600_000) }).strict(),
  /** A replica's `master_link_status` is down, or it is failed, for `forMs` (one alert per replica). */
  z.object({ kind: z.literal('replica-link-down'), forMs: Duration }).strict(),
  /** A replica more than `bytes` behind its master's replication offset, for `forMs`. */
  z.object({ kind: z.literal('replication-lag'), bytes: z.number().int().min(0), forMs: Duration }).strict(),
]);
export type AlertCondition = z.infer<typeof AlertConditionSchema>;
export type AlertKind = AlertCondition['kind'];

/** Condition kinds that watch one queue (or each queue); the rest watch the cluster. */
export const QUEUE_ALERT_KINDS: readonly AlertKind[] = [
  'backlog',
  'oldest-waiting',
  'failure-rate',
  'stalls',
  'no-worker',
];

export const AlertWebhookInputSchema = z
  .object({
    url: z
      .string()
      .max(2048)
      .regex(/^https?:\/\/[^\s]+$/, 'expected an http:// or https:// URL'),
    /** HMAC-SHA256 key for `X-Slotline-Signature`; omitted on an update = keep the stored one. */
    secret: z.string().min(1).max(500).optional(),
    /** Drop the stored secret. */
    clearSecret: z.boolean().optional(),
  })
  .strict();

/** A rule as the console and the CLI write it. */
export const AlertRuleInputSchema = z
  .object({
    /** Omitted on create: a new id is made. */
    id: z
      .string()
      .min(1)
      .max(100)
      .regex(/^[A-Za-z0-9._-]+$/, 'rule ids use letters, digits and . _ -')
      .optional(),
    name: z.string().min(1).max(200),
    enabled: z.boolean().default(true),
    /** For queue conditions: the queue; absent = every queue. Refused for cluster conditions. */
    queue: QueueNameRef.optional(),
    condition: AlertConditionSchema,
    /** Desktop notification when it fires and resolves. Default true. */
    notify: z.boolean().default(true),
    webhook: AlertWebhookInputSchema.optional(),
  })
  .strict()
  .superRefine((r, ctx) => {
    if (r.queue !== undefined && !QUEUE_ALERT_KINDS.includes(r.condition.kind))
      ctx.addIssue({
        code: 'custom',
        path: ['queue'],
        message: `a ${r.condition.kind} rule watches the cluster, not a queue: leave queue out`,
      });
  });
export type AlertRuleInput = z.input<typeof AlertRuleInputSchema>;

/** A stored rule (the webhook secret included: main only). */
export const AlertRuleSchema = z.object({
  id: z.string(),
  name: z.string(),
  enabled: z.boolean(),
  queue: z.string().optional(),
  condition: AlertConditionSchema,
  notify: z.boolean(),
  webhook: z.object({ url: z.string(), secret: z.string().optional() }).optional(),
  updatedAt: z.number(),
});
export type AlertRule = z.infer<typeof AlertRuleSchema>;

/** A rule as consoles see it: whether a webhook secret is set, never the secret. */
export const AlertRuleViewSchema = AlertRuleSchema.omit({ webhook: true }).extend({
  webhook: z.object({ url: z.string(), hasSecret: z.boolean() }).optional(),
});
export type AlertRuleView = z.infer<typeof AlertRuleViewSchema>;

export const AlertStateSchema = z.enum(['pending', 'firing', 'resolved']);
export type AlertStateName = z.infer<typeof AlertStateSchema>;

/** One alert: a rule's condition on one subject (a queue, a replica, or the cluster). */
export const AlertSchema = z.object({
  /** `<ruleId>|<subject>`: stable while the condition lasts. */
  key: z.string(),
  ruleId: z.string(),
  ruleName: z.string(),
  kind: z.string(),
  /** The queue name, the replica's address, or `cluster`. */
  subject: z.string(),
  state: AlertStateSchema,
  /** When the condition was first seen true. */
  since: z.number(),
  firedAt: z.number().optional(),
  resolvedAt: z.number().optional(),
  /** The measured value (tasks, ms, %, stalls, bytes) when last evaluated. */
  value: z.number().optional(),
  message: z.string(),
  ackedAt: z.number().optional(),
  ackedBy: z.string().optional(),
  /** Deliveries (notification, webhook) are held back until then. */
  snoozedUntil: z.number().optional(),
});
export type Alert = z.infer<typeof AlertSchema>;

/** One transition, as the history stream keeps it. */
export const AlertHistoryEntrySchema = z.object({
  id: z.string(),
  at: z.number(),
  /** `firing`, `resolved`, `acked`, `snoozed`. */
  event: z.enum(['firing', 'resolved', 'acked', 'snoozed']),
  alert: AlertSchema,
  who: z.string().optional(),
});
export type AlertHistoryEntry = z.infer<typeof AlertHistoryEntrySchema>;

/** What an alert webhook receives: a JSON POST of this shape. */
export interface AlertWebhookBody {
  event: 'firing' | 'resolved';
  alert: Alert;
  rule: { id: string; name: string; queue?: string; condition: AlertCondition };
  /** When it was sent (ms since the epoch). */
  sentAt: number;
}

import { z } from 'zod';
import {
  BulkProgressSchema,
  DepthSampleSchema,
  QueueCountsSchema,
  QueueSummarySchema,
  RequeueableStateSchema,
  TaskLogPageSchema,
  TaskPageSchema,
  TaskSchema,
  TaskStateSchema,
  WorkerInfoSchema,
} from '../types/queue';
import { AuditPageSchema } from '../types/audit';
import { HistoryRangeSchema, QueueHistorySchema } from '../types/history';
import {
  LimitStatusSchema,
  RateLimitSchema,
  ScheduleInfoSchema,
  ScheduleOptionsSchema,
  ScheduleSpecSchema,
  ScheduleTemplateSchema,
} from '../types/schedule';
import { AlertHistoryEntrySchema, AlertRuleInputSchema, AlertRuleViewSchema, AlertSchema } from '../types/alerts';
import { TopologyEventSchema, TopologySnapshotSchema } from '../types/topology';
import { Cursor, TaskPayload, wireText } from './wire-values';

/**
 * The one declaration of every request channel (`domain:verb`) and pushed event (`domain:event`)
 * between the console's main process and its renderer. Each schema gives both the TypeScript type
 * and the runtime check; no channel name is written anywhere else.
 */

const QueueName = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[A-Za-z0-9._:-]+$/, 'queue names use letters, digits and . _ : -');
const TaskId = wireText(256, 1);
const Empty = z.object({}).strict();
/** Schedule ids: 1-100 characters of well-formed Unicode (main names the bad value). */
const ScheduleId = wireText(100, 1);
const ScheduleRef = z.object({ queue: QueueName, id: ScheduleId }).strict();
/** Profile ids are UUIDs the store made; the bound keeps a forged one from being huge. */
const ProfileId = wireText(100, 1);

/** A connection profile as the renderer sees it: never the password. */
export const ConnectionProfileSchema = z.object({
  id: z.string(),
  name: z.string().min(1).max(100),
  mode: z.enum(['single', 'cluster']),
  /** Single mode: redis:// URL without credentials. */
  url: z.string().optional(),
  /** Cluster mode: seed list `host:port,host:port`. */
  nodes: z.string().optional(),
  username: z.string().optional(),
  hasPassword: z.boolean(),
  tls: z.boolean(),
  /** `announced=reachable,…` as in REDIS_NAT_MAP. */
  natMap: z.string().optional(),
});
export type ConnectionProfile = z.infer<typeof ConnectionProfileSchema>;

/**
 * What the renderer sends to test, connect or save: the password only travels this way. Strict
 * and bounded: an unknown field or an oversized one is refused, not silently dropped.
 */
export const ConnectionProfileInputSchema = ConnectionProfileSchema.omit({ id: true, hasPassword: true })
  .extend({
    id: ProfileId.optional(),
    name: wireText(100, 1),
    url: wireText(2048).optional(),
    nodes: wireText(10_000).optional(),
    username: wireText(256).optional(),
    natMap: wireText(10_000).optional(),
    password: wireText(1000).optional(),
  })
  .strict();
export type ConnectionProfileInput = z.infer<typeof ConnectionProfileInputSchema>;

export const ConnectionStatusSchema = z.object({
  state: z.enum(['disconnected', 'connecting', 'ready', 'reconnecting', 'error']),
  mode: z.enum(['single', 'cluster']).optional(),
  /** Password-free description: seeds or URL, user, TLS. */
  description: z.string().optional(),
  profileId: z.string().optional(),
  /** While reconnecting: when the next try happens (epoch ms). */
  retryAt: z.number().optional(),
  error: z.object({ code: z.string(), message: z.string() }).optional(),
});
export type ConnectionStatus = z.infer<typeof ConnectionStatusSchema>;

/**
 * How this process keeps saved passwords: `encrypted` (an OS keychain or key store seals them),
 * `plaintext-file` (a 0600 file anyone with the account can read back) or `memory` (forgotten when
 * the process stops). Only `encrypted` protects them at rest.
 */
export const SecretStorageSchema = z.enum(['encrypted', 'plaintext-file', 'memory']);
export type SecretStorage = z.infer<typeof SecretStorageSchema>;

export const AppInfoSchema = z.object({
  name: z.string(),
  version: z.string(),
  readOnly: z.boolean(),
  transport: z.enum(['electron', 'web']),
  secretStorage: SecretStorageSchema,
});
export type AppInfo = z.infer<typeof AppInfoSchema>;

const BulkStarted = z.object({ operationId: z.string(), total: z.number().int() });
/** A log index as LRANGE takes it (negative counts from the end); bounded so a forged one stays small. */
const LogIndex = z.number().int().min(-1_000_000).max(1_000_000);

/**
 * Request channels: request schema, response schema, and `mutates`. A channel mutates when it
 * changes something every viewer shares (data in Redis, the saved profiles and their secrets, the
 * console's one connection) or makes this host dial an address the caller picks
 * (`connection:test`). Read-only mode refuses every such channel, in main, for every transport.
 */
export const channels = {
  'app:info': { request: Empty, response: AppInfoSchema, mutates: false },

  'connection:current': { request: Empty, response: ConnectionStatusSchema, mutates: false },
  'connection:test': {
    request: ConnectionProfileInputSchema,
    response: z.object({ mode: z.enum(['single', 'cluster']), description: z.string(), masters: z.number().int() }),
    // Opens a TCP connection from this host to whatever address the request names.
    mutates: true,
  },
  /** Replaces the connection every tab of this console shares. */
  'connection:connect': { request: ConnectionProfileInputSchema, response: ConnectionStatusSchema, mutates: true },
  'connection:disconnect': { request: Empty, response: ConnectionStatusSchema, mutates: true },
  'connection:profiles': { request: Empty, response: z.array(ConnectionProfileSchema), mutates: false },
  /** Writes the profiles file and the secret store of this host. */
  'connection:save-profile': {
    request: ConnectionProfileInputSchema,
    response: ConnectionProfileSchema,
    mutates: true,
  },
  'connection:delete-profile': {
    request: z.object({ id: ProfileId }).strict(),
    response: z.object({ deleted: z.boolean() }),
    mutates: true,
  },

  'topology:snapshot': { request: Empty, response: TopologySnapshotSchema.nullable(), mutates: false },
  'topology:history': {
    request: z.object({ limit: z.number().int().min(1).max(10000).optional() }).strict(),
    response: z.array(TopologyEventSchema),
    mutates: false,
  },
  'topology:export': {
    request: z.object({ format: z.enum(['json', 'csv']) }).strict(),
    response: z.object({ filename: z.string(), mimeType: z.string(), content: z.string() }),
    mutates: false,
  },
  /** CLUSTER FAILOVER on the chosen replica: the operator's graceful failover. */
  'topology:failover': {
    request: z.object({ replicaId: wireText(100, 1), force: z.boolean().optional() }).strict(),
    response: z.object({ replicaId: z.string(), address: z.string() }),
    mutates: true,
  },

  'queue:list': { request: Empty, response: z.array(QueueSummarySchema), mutates: false },
  'queue:counts': { request: z.object({ queue: QueueName }).strict(), response: QueueCountsSchema, mutates: false },
  'queue:workers': {
    request: z.object({ queue: QueueName.optional() }).strict(),
    response: z.array(WorkerInfoSchema),
    mutates: false,
  },
  'queue:tasks': {
    request: z
      .object({
        queue: QueueName,
        state: TaskStateSchema,
        cursor: Cursor.optional(),
        limit: z.number().int().min(1).max(500).optional(),
      })
      .strict(),
    response: TaskPageSchema,
    mutates: false,
  },
  'queue:get': {
    request: z.object({ queue: QueueName, id: TaskId }).strict(),
    response: TaskSchema.nullable(),
    mutates: false,
  },
  'queue:search': {
    request: z
      .object({
        queue: QueueName,
        /** Matches an id prefix or a substring of the payload. */
        query: wireText(500, 1),
        cursor: Cursor.optional(),
        limit: z.number().int().min(1).max(500).optional(),
      })
      .strict(),
    response: TaskPageSchema,
    mutates: false,
  },
  'queue:requeue': {
    request: z.union([
      z.object({ queue: QueueName, ids: z.array(TaskId).min(1).max(10000) }).strict(),
      z.object({ queue: QueueName, state: RequeueableStateSchema }).strict(),
    ]),
    response: BulkStarted,
    mutates: true,
  },
  'queue:purge': {
    request: z
      .object({ queue: QueueName, state: TaskStateSchema, olderThanMs: z.number().int().min(0).optional() })
      .strict(),
    response: BulkStarted,
    mutates: true,
  },
  'queue:cancel-bulk': {
    request: z.object({ operationId: wireText(100) }).strict(),
    response: z.object({ cancelled: z.boolean() }),
    mutates: true,
  },
  /** Cancels one task: waiting/delayed never run; an active one is aborted on its worker. */
  'queue:cancel': {
    request: z.object({ queue: QueueName, id: TaskId }).strict(),
    response: z.object({ id: z.string(), state: TaskStateSchema }),
    mutates: true,
  },
  /** Cancels every task of a state (optionally only those older than `olderThanMs`), as a bulk operation. */
  'queue:cancel-many': {
    request: z
      .object({
        queue: QueueName,
        state: z.enum(['waiting', 'delayed', 'active']),
        olderThanMs: z.number().int().min(0).optional(),
      })
      .strict(),
    response: BulkStarted,
    mutates: true,
  },
  /** A slice of a task's kept log; `start`/`end` inclusive, negative from the end (default: the whole tail). */
  'queue:logs': {
    request: z.object({ queue: QueueName, id: TaskId, start: LogIndex.optional(), end: LogIndex.optional() }).strict(),
    response: TaskLogPageSchema,
    mutates: false,
  },
  'queue:delete': {
    request: z.object({ queue: QueueName, id: TaskId }).strict(),
    response: z.object({ deleted: z.boolean() }),
    mutates: true,
  },
  'queue:promote': { request: z.object({ queue: QueueName }).strict(), response: BulkStarted, mutates: true },
  'queue:pause': {
    request: z.object({ queue: QueueName }).strict(),
    response: z.object({ paused: z.boolean() }),
    mutates: true,
  },
  'queue:resume': {
    request: z.object({ queue: QueueName }).strict(),
    response: z.object({ paused: z.boolean() }),
    mutates: true,
  },
  'queue:enqueue': {
    request: z
      .object({
        queue: QueueName,
        payload: TaskPayload,
        id: TaskId.optional(),
        delayMs: z.number().int().min(0).max(31_536_000_000).optional(),
        priority: z.number().int().min(0).max(1000).optional(),
        maxAttempts: z.number().int().min(1).max(1000).optional(),
        /** Each attempt's deadline, ms. */
        timeoutMs: z.number().int().min(1).max(31_536_000_000).optional(),
        /** Fail with reason `expired` if not started within this many ms. */
        expiresInMs: z.number().int().min(1).max(31_536_000_000).optional(),
      })
      .strict(),
    response: z.object({ id: z.string(), created: z.boolean() }),
    mutates: true,
  },

  /** The queue's payload JSON Schema (null: none). */
  'payload:schema': {
    request: z.object({ queue: QueueName }).strict(),
    response: z.object({ schema: z.unknown() }),
    mutates: false,
  },
  /** Sets (checked by ajv first) or, with null, removes the queue's payload schema. */
  'payload:set-schema': {
    request: z.object({ queue: QueueName, schema: TaskPayload.nullable() }).strict(),
    response: z.object({ schema: z.unknown() }),
    mutates: true,
  },
  /** Checks a payload against the queue's schema without storing anything: for checks as you type. */
  'payload:check': {
    request: z.object({ queue: QueueName, payload: TaskPayload }).strict(),
    response: z.object({ errors: z.array(z.string()) }),
    mutates: false,
  },
  /** Edit and retry: requeues a failed or cancelled task with a new payload (checked against the schema). */
  'payload:retry-edited': {
    request: z.object({ queue: QueueName, id: TaskId, payload: TaskPayload }).strict(),
    response: TaskSchema,
    mutates: true,
  },

  /** The audit log, newest first; filters match exactly. Read-only consoles may read it. */
  'audit:list': {
    request: z
      .object({
        action: wireText(100).optional(),
        who: wireText(300).optional(),
        queue: QueueName.optional(),
        before: wireText(40).optional(),
        limit: z.number().int().min(1).max(1000).optional(),
      })
      .strict(),
    response: AuditPageSchema,
    mutates: false,
  },

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

  /** Alert rules every console and the CLI share (webhook secrets are never sent back). */
  'alerts:rules': { request: Empty, response: z.array(AlertRuleViewSchema), mutates: false },
  /** Creates (no id) or replaces a rule; validated, refused whole with a message naming the field. */
  'alerts:upsert-rule': { request: AlertRuleInputSchema, response: AlertRuleViewSchema, mutates: true },
  'alerts:remove-rule': {
    request: z.object({ id: wireText(100, 1) }).strict(),
    response: z.object({ removed: z.boolean() }),
    mutates: true,
  },
  /** Firing alerts (shared) and this console's pending ones. */
  'alerts:active': { request: Empty, response: z.array(AlertSchema), mutates: false },
  'alerts:history': {
    request: z.object({ limit: z.number().int().min(1).max(2000).optional() }).strict(),
    response: z.array(AlertHistoryEntrySchema),
    mutates: false,
  },
  'alerts:ack': { request: z.object({ key: wireText(500, 1) }).strict(), response: AlertSchema, mutates: true },
  /** Holds back an alert's notifications and webhooks until `until` (ms since the epoch). */
  'alerts:snooze': {
    request: z.object({ key: wireText(500, 1), until: z.number().int().min(0) }).strict(),
    response: AlertSchema,
    mutates: true,
  },

  'metrics:depth': {
    request: z.object({ queue: QueueName, sinceMs: z.number().optional() }).strict(),
    response: z.array(DepthSampleSchema),
    mutates: false,
  },
  /** A queue's history over the last hour, day or week, as Redis keeps it (queue.history()). */
  'queue:history': {
    request: z.object({ queue: QueueName, range: HistoryRangeSchema }).strict(),
    response: QueueHistorySchema,
    mutates: false,
  },
} as const;

/** Events main pushes to the renderer. */
export const events = {
  'topology:changed': TopologySnapshotSchema,
  'topology:event': TopologyEventSchema,
  /** One sample per known queue per tick. */
  'queue:depth': z.array(DepthSampleSchema),
  'task:bulk-progress': BulkProgressSchema,
  'connection:state': ConnectionStatusSchema,
  /** The active alerts after a change; `change` when this console recorded a fire or resolve. */
  'alert:changed': z.object({
    alerts: z.array(AlertSchema),
    change: z.object({ event: z.enum(['firing', 'resolved']), alert: AlertSchema }).optional(),
  }),
} as const;

export type Channel = keyof typeof channels;
export type EventName = keyof typeof events;
export type RequestOf<C extends Channel> = z.input<(typeof channels)[C]['request']>;
export type ResponseOf<C extends Channel> = z.infer<(typeof channels)[C]['response']>;
export type EventPayload<E extends EventName> = z.infer<(typeof events)[E]>;
/**
 * One pushed event as `[name, payload]`: a union discriminated by the name, so a listener written
 * `(event, payload) => { if (event === 'queue:depth') … }` sees the payload's exact type.
 */
export type EventMessage = { [E in EventName]: [event: E, payload: EventPayload<E>] }[EventName];

export const CHANNELS = Object.keys(channels) as Channel[];
export const EVENT_NAMES = Object.keys(events) as EventName[];
/** Channels refused in read-only mode (see `channels` for what counts as mutating). */
export const MUTATING_CHANNELS = CHANNELS.filter((c) => channels[c].mutates);

export interface IpcError {
  code: string;
  message: string;
}
/** Every response crosses the boundary in this envelope; errors never as a thrown stack. */
export type IpcResult<T> = { ok: true; data: T } | { ok: false; error: IpcError };

export function isChannel(name: unknown): name is Channel {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(channels, name);
}
export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(events, name);
}

/**
 * What the renderer's one API module talks to: `window.slotline` in Electron (the preload), or the
 * WebSocket client of `slotline serve` in a browser.
 */
export interface SlotlineBridge {
  invoke<C extends Channel>(channel: C, request: RequestOf<C>): Promise<IpcResult<ResponseOf<C>>>;
  /** Subscribes to a pushed event; returns the unsubscribe function. */
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}

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
import { QueuePartitionsSchema, RebalanceResultSchema } from '../types/partitions';
import { HistoryRangeSchema, QueueHistorySchema } from '../types/history';
import { AlertHistoryEntrySchema, AlertRuleInputSchema, AlertRuleViewSchema, AlertSchema } from '../types/alerts';
import { TopologyEventSchema, TopologySnapshotSchema } from '../types/topology';
import { Cursor, Empty, QueueName, TaskPayload, wireText } from './wire-values';
import { scheduleChannels } from './schedule-channels';

/**
 * The one declaration of every request channel (`domain:verb`) and pushed event (`domain:event`)
 * between the console's main process and its renderer. Each schema gives both the TypeScript type
 * and the runtime check; no channel name is written anywhere else.
 */

const TaskId = wireText(256, 1);
/** Profile ids are UUIDs the store made; the bound keeps a forged one from being huge. */
const ProfileId = wireText(100, 1);

import {
  AppInfoSchema,
  ConnectionProfileInputSchema,
  ConnectionProfileSchema,
  ConnectionStatusSchema,
  SecretStorageSchema,
} from './connection-schemas';

export {
  AppInfoSchema,
  ConnectionProfileInputSchema,
  ConnectionProfileSchema,
  ConnectionStatusSchema,
  SecretStorageSchema,
};
export type {
  AppInfo,
  ConnectionProfile,
  ConnectionProfileInput,
  ConnectionStatus,
  SecretStorage,
} from './connection-schemas';

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
  /**
   * Each partition of a queue (every generation): depth, oldest waiting, throughput, the master it
   * lives on now and whether a live worker serves it; the newest partitions' spread over the
   * masters, and what the automatic rebalance decides.
   */
  'queue:partitions': {
    request: z.object({ queue: QueueName }).strict(),
    response: QueuePartitionsSchema,
    mutates: false,
  },
  /**
   * queue.rebalance: a new generation of `partitions` (default: as many as now) planned over the
   * masters of now; the queue checks the count (a whole number 1-1024) and names a bad one.
   */
  'queue:rebalance': {
    request: z.object({ queue: QueueName, partitions: z.number().optional() }).strict(),
    response: RebalanceResultSchema,
    mutates: true,
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

  ...scheduleChannels,

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

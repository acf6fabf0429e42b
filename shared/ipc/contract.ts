import { z } from 'zod';
import {
  BulkProgressSchema,
  DepthSampleSchema,
  QueueCountsSchema,
  QueueSummarySchema,
  RequeueableStateSchema,
  TaskPageSchema,
  TaskSchema,
  TaskStateSchema,
  WorkerInfoSchema,
} from '../types/queue';
import { TopologyEventSchema, TopologySnapshotSchema } from '../types/topology';

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
const TaskId = z
  .string()
  .min(1)
  .max(256)
  .refine((s) => !/\p{Cs}/u.test(s), 'expected well-formed Unicode (no unpaired UTF-16 surrogate)');
const Empty = z.object({}).strict();

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

/** What the renderer sends to test, connect or save: the password only travels this way. */
export const ConnectionProfileInputSchema = ConnectionProfileSchema.omit({ id: true, hasPassword: true }).extend({
  id: z.string().optional(),
  password: z.string().max(1000).optional(),
});
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

export const AppInfoSchema = z.object({
  name: z.string(),
  version: z.string(),
  readOnly: z.boolean(),
  transport: z.enum(['electron', 'web']),
});
export type AppInfo = z.infer<typeof AppInfoSchema>;

const BulkStarted = z.object({ operationId: z.string(), total: z.number().int() });

/** Request channels: request schema, response schema, and whether it changes anything. */
export const channels = {
  'app:info': { request: Empty, response: AppInfoSchema, mutates: false },

  'connection:current': { request: Empty, response: ConnectionStatusSchema, mutates: false },
  'connection:test': {
    request: ConnectionProfileInputSchema,
    response: z.object({ mode: z.enum(['single', 'cluster']), description: z.string(), masters: z.number().int() }),
    mutates: false,
  },
  'connection:connect': { request: ConnectionProfileInputSchema, response: ConnectionStatusSchema, mutates: false },
  'connection:disconnect': { request: Empty, response: ConnectionStatusSchema, mutates: false },
  'connection:profiles': { request: Empty, response: z.array(ConnectionProfileSchema), mutates: false },
  'connection:save-profile': {
    request: ConnectionProfileInputSchema,
    response: ConnectionProfileSchema,
    mutates: false,
  },
  'connection:delete-profile': {
    request: z.object({ id: z.string() }).strict(),
    response: z.object({ deleted: z.boolean() }),
    mutates: false,
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
    request: z.object({ replicaId: z.string().min(1), force: z.boolean().optional() }).strict(),
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
        cursor: z.string().max(1000).optional(),
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
        query: z.string().min(1).max(500),
        cursor: z.string().max(1000).optional(),
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
    request: z.object({ operationId: z.string() }).strict(),
    response: z.object({ cancelled: z.boolean() }),
    mutates: true,
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
        payload: z.unknown(),
        id: TaskId.optional(),
        delayMs: z.number().int().min(0).max(31_536_000_000).optional(),
        priority: z.number().int().min(0).max(1000).optional(),
        maxAttempts: z.number().int().min(1).max(1000).optional(),
      })
      .strict(),
    response: z.object({ id: z.string(), created: z.boolean() }),
    mutates: true,
  },

  'metrics:depth': {
    request: z.object({ queue: QueueName, sinceMs: z.number().optional() }).strict(),
    response: z.array(DepthSampleSchema),
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
} as const;

export type Channel = keyof typeof channels;
export type EventName = keyof typeof events;
export type RequestOf<C extends Channel> = z.input<(typeof channels)[C]['request']>;
export type ResponseOf<C extends Channel> = z.infer<(typeof channels)[C]['response']>;
export type EventPayload<E extends EventName> = z.infer<(typeof events)[E]>;

export const CHANNELS = Object.keys(channels) as Channel[];
export const EVENT_NAMES = Object.keys(events) as EventName[];
/** Channels refused in read-only mode. */
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

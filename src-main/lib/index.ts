/**
 * Slotline's public API: what `import … from 'slotline'` gives. Everything else in the package is
 * internal and may change in any release; what this file exports follows semver from 0.2.0 on.
 *
 * ```js
 * import { connect, Queue, Worker } from 'slotline';
 *
 * const connection = await connect(); // REDIS_URL, or REDIS_CLUSTER_ENABLED + REDIS_CLUSTER_NODES
 * const emails = await Queue.open(connection, 'emails', { partitions: 3 });
 * await emails.enqueue({ to: 'ada@example.test' });
 * const worker = new Worker(emails, async (task) => send(task.payload), { concurrency: 20 }).start();
 * ```
 *
 * Queues and workers report OpenTelemetry spans and metrics through `@opentelemetry/api` once the
 * application registers an SDK, and nothing before: see the README's "OpenTelemetry" for the
 * span, attribute and metric names.
 *
 * @packageDocumentation
 */

// Connecting.
export { connect, resolveSettings, type Connection, type ConnectOptions } from './connect';
export type {
  ConnectionState,
  ConnectionStateEvent,
  Endpoint,
  NodeClient,
  RedisArg,
  RedisHandle,
  ScriptDefinition,
} from '../redis/handle';

// The queue and its worker.
export {
  Queue,
  generateTaskId,
  DEFAULT_MAX_RESULT_BYTES,
  DEFAULT_RETENTION,
  type CancelManyOptions,
  type Durability,
  type EnqueueAndWaitOptions,
  type EnqueueOptions,
  type EnqueueResult,
  type Partition,
  type QueueOptions,
  type RebalanceResult,
  type RetiredPartitions,
  type WaitOptions,
} from '../queue/queue';
export type { PartitionKeys } from '../queue/keys';
export type { QueueDefinition, RetiredGeneration } from '../queue/registry';
export {
  Worker,
  RateLimitError,
  UnrecoverableError,
  type TaskContext,
  type TaskHandler,
  type WorkerOptions,
} from '../queue/worker';
/** What `worker.stats` counts since the worker was made (completed, failed, retried, errors, …). */
export type { WorkerStats } from '../queue/worker-outcomes';
/**
 * Queue-wide limits (issue 14): `queue.setRateLimit({ max, perMs } | null)`,
 * `queue.setConcurrency(n | null)` and `queue.limitStatus()`; `RateLimit` and `LimitStatus` are
 * their shapes.
 */
export type { LimitStatus, RateLimit } from '../../shared/types/schedule';

// Errors: each has a stable `code`.
export { SlotlineError, SettingsError, type WireError } from '../../shared/errors';
export { ConnectionError, type ConnectionErrorCode } from '../redis/connection-error';
export {
  DurabilityError,
  LeaseLostError,
  MalformedDataError,
  QueueArgumentError,
  ResultNotSerializableError,
  ResultTooLargeError,
  TaskFailedError,
  TaskMissingError,
  TaskNotFoundError,
  TimeoutError,
  WaitTimeoutError,
} from '../queue/errors';

// Schedules: specs, validation and previews (shared with the console), and their errors.
export { ScheduleNotFoundError, MAX_SCHEDULE_ID } from '../queue/schedules';
export { ScheduleSpecError, describeSpec, nextFires, validateScheduleSpec } from '../../shared/schedule/schedule-spec';
export {
  DEFAULT_SCHEDULE_GRACE_MS,
  type CatchUp,
  type ScheduleInfo,
  type ScheduleOptions,
  type ScheduleSpec,
  type ScheduleTemplate,
} from '../../shared/types/schedule';

// Tasks and counts, as stored and reported.
export {
  TASK_STATES,
  type Backoff,
  type FailedReason,
  type QueueCounts,
  type Retention,
  type RetentionRule,
  type TaskLogPage,
  type Task,
  type TaskAttempt,
  type TaskState,
  type WorkerInfo,
} from '../../shared/types/queue';
/**
 * A queue's history (`queue.history({ range })`): per point, tasks completed, failed for good and
 * retried, wait and run latency p50/p95, and the waiting depth and head-of-queue age sampled once
 * a minute, over the last hour, day or week. Written by the scripts that finish tasks; kept 7 days.
 */
export {
  HISTORY_RANGES,
  type HistoryRange,
  type QueueHistory,
  type QueueHistoryPoint,
} from '../../shared/types/history';
/**
 * `EnqueueOptions.dedupe`: `{ id, ttlMs? }`. While another task holds `id` (until it finishes, or
 * for `ttlMs` from its enqueue when given), an enqueue stores nothing and returns that task's id
 * with `deduplicated: true`.
 */
export type { Dedupe } from '../../shared/types/schedule';

// Settings, for tools that read the same environment as the CLI.
export {
  DEFAULT_REDIS_URL,
  SETTINGS_VARIABLES,
  describeSettings,
  parseSettings,
  type ClusterSettings,
  type ConnectionSettings,
  type HostPort,
  type ParsedSettings,
  type SettingsEnv,
  type SingleSettings,
} from '../../shared/settings/connection-settings';

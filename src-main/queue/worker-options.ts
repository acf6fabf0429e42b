import { QueueArgumentError } from './errors';
import type { Durability } from './queue';
import { assertTaskId, validateDurability } from './validate';

/** Options of a {@link Worker}, each with its default. */
export interface WorkerOptions {
  /** Tasks run at once. Default 10. */
  concurrency?: number;
  /** Lease (visibility timeout); renewed every third of it while the handler runs. Default 30000 ms. */
  leaseMs?: number;
  /** Longest single blocking wait. Short, so a blocked connection never outlives a failover. Default 1000 ms. */
  blockTimeoutMs?: number;
  /** Most tasks leased per reserve call. Default: concurrency + prefetch, capped at 100. */
  batchSize?: number;
  /**
   * Most tasks leased ahead of the running ones, so a fast handler never waits for a round trip.
   * The worker leases ahead only what it expects to start within 100 ms (from the handlers' mean
   * duration), so slow handlers lease nothing ahead and leave the rest to other workers. 0 turns
   * it off. Default 100.
   */
  prefetch?: number;
  /** How often stalled leases are swept. Default 5000 ms. */
  stalledIntervalMs?: number;
  /** Stalls before a task is failed. Default 1. */
  maxStalls?: number;
  /** How often the worker's heartbeat is written. Default 5000 ms. */
  heartbeatMs?: number;
  /** Delete completed tasks instead of keeping them. Default false. */
  removeOnComplete?: boolean;
  /** Keep at most this many completed tasks per partition (-1 = all). Default -1. */
  keepCompleted?: number;
  /** WAIT for replicas after acks. Default: the queue's durability. */
  durable?: Durability | false;
  /** Default: host-pid-random. */
  id?: string;
}

/** Every option with its default filled in. */
export type ResolvedWorkerOptions = Required<Omit<WorkerOptions, 'durable' | 'id'>> & { durable?: Durability };

const KNOWN = new Set([
  'concurrency',
  'leaseMs',
  'blockTimeoutMs',
  'batchSize',
  'prefetch',
  'stalledIntervalMs',
  'maxStalls',
  'heartbeatMs',
  'removeOnComplete',
  'keepCompleted',
  'durable',
  'id',
]);

/** A whole number within [min, max], or the default when the option is not given. */
function whole(options: WorkerOptions, name: keyof WorkerOptions, min: number, max: number, fallback: number): number {
  const v = options[name];
  if (v === undefined) return fallback;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    throw new QueueArgumentError(
      `WorkerOptions.${name}=${JSON.stringify(v) ?? String(v)}: expected a whole number from ${min} to ${max}`,
    );
  }
  return v;
}

/** Checks the options documented on WorkerOptions and fills in their defaults. */
export function resolveWorkerOptions(
  options: WorkerOptions,
  queueDurable: Durability | undefined,
): ResolvedWorkerOptions {
  for (const key of Object.keys(options))
    if (!KNOWN.has(key))
      throw new QueueArgumentError(
        `WorkerOptions.${key}: not a worker option (expected one of ${[...KNOWN].join(', ')})`,
      );
  const concurrency = whole(options, 'concurrency', 1, 10_000, 10);
  const prefetch = whole(options, 'prefetch', 0, 10_000, 100);
  const leaseMs = whole(options, 'leaseMs', 100, 86_400_000, 30000);
  const resolved: ResolvedWorkerOptions = {
    concurrency,
    prefetch,
    leaseMs,
    blockTimeoutMs: whole(options, 'blockTimeoutMs', 1, 60_000, 1000),
    batchSize: whole(options, 'batchSize', 1, 1000, Math.min(concurrency + prefetch, 100)),
    stalledIntervalMs: whole(options, 'stalledIntervalMs', 10, 3_600_000, 5000),
    maxStalls: whole(options, 'maxStalls', 0, 1000, 1),
    heartbeatMs: whole(options, 'heartbeatMs', 100, 3_600_000, 5000),
    removeOnComplete: options.removeOnComplete ?? false,
    keepCompleted: whole(options, 'keepCompleted', -1, Number.MAX_SAFE_INTEGER, -1),
    durable: options.durable === false ? undefined : (options.durable ?? queueDurable),
  };
  if (typeof resolved.removeOnComplete !== 'boolean')
    throw new QueueArgumentError(
      `WorkerOptions.removeOnComplete=${JSON.stringify(options.removeOnComplete)}: expected true or false`,
    );
  if (options.durable !== undefined && options.durable !== false) {
    if (typeof options.durable !== 'object' || options.durable === null)
      throw new QueueArgumentError(
        `WorkerOptions.durable=${JSON.stringify(options.durable)}: expected { replicas, timeoutMs } or false`,
      );
    validateDurability(options.durable);
  }
  if (options.id !== undefined) assertTaskId(options.id, '(WorkerOptions.id)');
  return resolved;
}

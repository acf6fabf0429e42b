import type { Durability } from './queue';

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

/** Fills in the defaults documented on WorkerOptions. */
export function resolveWorkerOptions(
  options: WorkerOptions,
  queueDurable: Durability | undefined,
): ResolvedWorkerOptions {
  const concurrency = options.concurrency ?? 10;
  const prefetch = Math.max(0, options.prefetch ?? 100);
  return {
    concurrency,
    prefetch,
    leaseMs: options.leaseMs ?? 30000,
    blockTimeoutMs: options.blockTimeoutMs ?? 1000,
    batchSize: Math.max(1, options.batchSize ?? Math.min(concurrency + prefetch, 100)),
    stalledIntervalMs: options.stalledIntervalMs ?? 5000,
    maxStalls: options.maxStalls ?? 1,
    heartbeatMs: options.heartbeatMs ?? 5000,
    removeOnComplete: options.removeOnComplete ?? false,
    keepCompleted: options.keepCompleted ?? -1,
    durable: options.durable === false ? undefined : (options.durable ?? queueDurable),
  };
}

/**
 * The systems under test. `slotline` and `bullmq` run with their defaults; the other rows change one
 * setting each, so a reader can see what a setting (not the system) is worth:
 * - `slotline-prefetch0`: Slotline leasing no tasks ahead of the running ones (`prefetch: 0`);
 * - `bullmq-autopipe`: BullMQ with ioredis auto-pipelining on, which Slotline has by default;
 * - `bullmq-x3` (cluster only): BullMQ as three queues with different hash tags, producers
 *   round-robin, one worker per queue: the split BullMQ's docs suggest for a cluster.
 */
export type SystemId = 'slotline' | 'slotline-prefetch0' | 'bullmq' | 'bullmq-autopipe' | 'bullmq-x3';

/** Every system id in the order the tables show them. */
export const SYSTEM_IDS: readonly SystemId[] = [
  'slotline',
  'slotline-prefetch0',
  'bullmq',
  'bullmq-autopipe',
  'bullmq-x3',
];

/** Column headings of the tables. */
export const SYSTEM_LABELS: Record<SystemId, string> = {
  slotline: 'Slotline',
  'slotline-prefetch0': 'Slotline prefetch 0',
  bullmq: 'BullMQ',
  'bullmq-autopipe': 'BullMQ auto-pipelining',
  'bullmq-x3': 'BullMQ ×3 queues',
};

/**
 * The settings a system ran with, as read back from the objects it built (never a description):
 * `connection` from the ioredis/Slotline connection options, `workers` keyed by concurrency from
 * each worker's resolved options.
 */
export interface SystemConfig {
  system: string;
  [key: string]: unknown;
  workers: Record<string, Record<string, unknown>>;
}

/** What each queue system under test offers the runner. Every method times only the work itself. */
export interface BenchSystem {
  id: SystemId;
  /** The effective settings used so far, filled in as connections and workers are built. */
  config: SystemConfig;
  /** Connects and opens the queue (untimed). */
  prepare(): Promise<void>;
  /** `total` single enqueues, `inFlight` outstanding at once; ms. */
  enqueueOneByOne(total: number, inFlight: number): Promise<number>;
  /** `total` tasks in bulk calls of `chunk`, one call after the other; ms. */
  enqueueBulk(total: number, chunk: number): Promise<number>;
  /** Processes `total` tasks already enqueued, no-op handler; ms from worker start to the last completion. */
  process(total: number, concurrency: number): Promise<number>;
  /** Enqueue at a steady rate to an idle worker; latencies in ms from enqueue call to handler start. */
  latency(rate: number, seconds: number, concurrency: number): Promise<LatencyRun>;
  close(): Promise<void>;
}

export interface LatencyRun {
  latencies: number[];
  sent: number;
}

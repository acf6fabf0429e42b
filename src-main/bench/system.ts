/**
 * The systems under test. `slotline` and `bullmq` run with their defaults; the other rows change one
 * setting each, so a reader can see what a setting (not the system) is worth:
 * - `slotline-prefetch0`: Slotline leasing no tasks ahead of the running ones (`prefetch: 0`);
 * - `bullmq-autopipe`: BullMQ with ioredis auto-pipelining on, which Slotline has by default;
 * - `slotline-ratelimit`: Slotline on a queue with a rate limit that never binds (10^6 starts per
 *   second): what checking a limit costs (skipped, with the reason printed, where Queue has no
 *   `setRateLimit`);
 * - `bee-queue` (single server only): Bee-Queue 2 at the settings its README gives for speed
 *   (`storeJobs`, `getEvents`, `sendEvents` off, `removeOnSuccess` on; bench/bee-queue-system.ts);
 * - `bullmq-x3` (cluster only): BullMQ as three queues with different hash tags, producers
 *   round-robin, one worker per queue: the split BullMQ's docs suggest for a cluster.
 *
 * `slotline@<ref>` rows (`--baseline <ref>`) run another release's own Slotline code (bench/baseline.ts).
 */
export type BuiltinSystemId =
  'slotline' | 'slotline-prefetch0' | 'slotline-ratelimit' | 'bullmq' | 'bullmq-autopipe' | 'bullmq-x3' | 'bee-queue';

/** A row running an earlier release's Slotline: `slotline@<git ref>`. */
export type BaselineSystemId = `slotline@${string}`;

export type SystemId = BuiltinSystemId | BaselineSystemId;

/** True for a `slotline@<ref>` row. */
export function isBaselineId(id: string): id is BaselineSystemId {
  return id.startsWith('slotline@');
}

/** Every built-in system id in the order the tables show them (baseline rows follow them). */
export const SYSTEM_IDS: readonly BuiltinSystemId[] = [
  'slotline',
  'slotline-prefetch0',
  'slotline-ratelimit',
  'bullmq',
  'bullmq-autopipe',
  'bullmq-x3',
  'bee-queue',
];

/** Column headings of the tables. */
export const SYSTEM_LABELS: Record<BuiltinSystemId, string> = {
  slotline: 'Slotline',
  'slotline-prefetch0': 'Slotline prefetch 0',
  'slotline-ratelimit': 'Slotline rate-limited (not binding)',
  bullmq: 'BullMQ',
  'bullmq-autopipe': 'BullMQ auto-pipelining',
  'bullmq-x3': 'BullMQ ×3 queues',
  'bee-queue': 'Bee-Queue',
};

/** A row's column heading: its label, or `Slotline @<ref>` for a baseline row. */
export function systemLabel(id: SystemId): string {
  return isBaselineId(id) ? `Slotline @${id.slice('slotline@'.length)}` : SYSTEM_LABELS[id];
}

/** Every id with figures in `records`, built-in rows first in table order, then baseline rows. */
export function orderedIds(records: Array<Partial<Record<SystemId, unknown>> | undefined>): SystemId[] {
  const seen = new Set<string>();
  for (const r of records) for (const k of Object.keys(r ?? {})) seen.add(k);
  const builtin: SystemId[] = SYSTEM_IDS.filter((id) => seen.has(id));
  return [...builtin, ...[...seen].filter(isBaselineId).sort()];
}

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

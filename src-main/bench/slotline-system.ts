import { setTimeout as sleep } from 'node:timers/promises';
import { createConnection } from '../redis/create-connection';
import type { RedisHandle } from '../redis/handle';
import { Queue } from '../queue/queue';
import { Worker } from '../queue/worker';
import { resolveWorkerOptions, type WorkerOptions } from '../queue/worker-options';
import { benchPayload, withInFlight } from './payload';
import type { BenchSystem, LatencyRun, SystemConfig } from './system';
import type { BenchTarget } from './targets';

/** How a Slotline row differs from the defaults. */
export interface SlotlineVariant {
  /** Worker `prefetch: 0` (no leasing ahead); undefined = the worker's default. */
  prefetch?: 0;
  /** A rate limit set on the queue before the run (`queue.setRateLimit`, issue 14). */
  rateLimit?: { max: number; perMs: number };
}

/**
 * The limit of the `slotline-ratelimit` row: 10^6 starts per second, far above any rate measured
 * here (so it never binds) and within the largest `max` the limiter accepts.
 */
export const NON_BINDING_RATE_LIMIT = { max: 1_000_000, perMs: 1000 };

type RateLimited = { setRateLimit?: (limit: { max: number; perMs: number } | null) => Promise<unknown> };

/** Why the rate-limited row cannot run in this tree, or undefined when it can. */
export function rateLimitUnsupported(): string | undefined {
  return typeof (Queue.prototype as unknown as RateLimited).setRateLimit === 'function'
    ? undefined
    : 'Queue has no setRateLimit({ max, perMs }) in this tree (the rate limit of issue 14 is not merged)';
}

/**
 * The record of one worker's settings: the options passed and every option as the worker resolves
 * it (`resolveWorkerOptions` is what the Worker constructor itself calls), so `prefetch` and the
 * effective `batchSize` (min(concurrency + prefetch, 100) by default) are the values it ran with.
 */
/** Distinguishes this process's queue names from an earlier run's on a server that was not flushed. */
const RUN = Math.random().toString(36).slice(2, 8);
let seq = 0;

export function slotlineWorkerRecord(passed: WorkerOptions, queue: Queue): Record<string, unknown> {
  const resolved: Record<string, unknown> = { ...resolveWorkerOptions(passed, queue.options.durable) };
  if (resolved.durable === undefined) delete resolved.durable;
  return { passed: { ...passed }, ...resolved };
}

/**
 * Slotline under the benchmark: a fresh connection per run (ioredis auto-pipelining on, passed
 * explicitly), `removeOnComplete: true`, no-op handlers; one partition on a single server, three on
 * the cluster (one per master). The worker's `prefetch` is its default unless the variant sets it.
 */
export function slotlineSystem(target: BenchTarget, variant: SlotlineVariant = {}): BenchSystem {
  const partitions = target.kind === 'cluster' ? 3 : 1;
  const connectOptions = { autoPipelining: true };
  let handle: RedisHandle | undefined;
  let queue: Queue | undefined;
  const config: SystemConfig = {
    system: 'slotline',
    partitions,
    connection: { autoPipelining: connectOptions.autoPipelining },
    workers: {},
  };

  const open = async (): Promise<Queue> => {
    if (!queue) {
      handle = await createConnection(target.settings, connectOptions);
      queue = await Queue.open(handle, `bench-${process.pid}-${RUN}-${++seq}`, { partitions });
      config.queue = { partitions: queue.partitions.length, durable: queue.options.durable ?? false };
      if (variant.rateLimit) {
        const why = rateLimitUnsupported();
        if (why) throw new Error(why);
        await (queue as unknown as Required<RateLimited>).setRateLimit(variant.rateLimit);
        config.rateLimit = { ...variant.rateLimit };
      }
    }
    return queue;
  };

  const drain = async (
    q: Queue,
    total: number,
    concurrency: number,
    onStart?: (payload: { sentAt: number }) => void,
  ) => {
    let done = 0;
    let resolveDone!: () => void;
    const finished = new Promise<void>((r) => (resolveDone = r));
    const options: WorkerOptions = { concurrency, removeOnComplete: true };
    if (variant.prefetch !== undefined) options.prefetch = variant.prefetch;
    const w = new Worker(
      q,
      onStart
        ? (t) => {
            onStart(t.payload as { sentAt: number });
          }
        : () => undefined,
      options,
    );
    config.workers[String(concurrency)] = slotlineWorkerRecord(options, q);
    w.on('completed', () => {
      if (++done === total) resolveDone();
    });
    return { w, finished };
  };

  return {
    id: variant.rateLimit ? 'slotline-ratelimit' : variant.prefetch === 0 ? 'slotline-prefetch0' : 'slotline',
    config,
    async prepare() {
      await open();
    },
    async enqueueOneByOne(total, inFlight) {
      const q = await open();
      const t0 = performance.now();
      await withInFlight(total, inFlight, (i) => q.enqueue(benchPayload(i)));
      return performance.now() - t0;
    },
    async enqueueBulk(total, chunk) {
      const q = await open();
      const t0 = performance.now();
      for (let i = 0; i < total; i += chunk) {
        const n = Math.min(chunk, total - i);
        await q.enqueueBulk(Array.from({ length: n }, (_, j) => ({ payload: benchPayload(i + j) })));
      }
      return performance.now() - t0;
    },
    async process(total, concurrency) {
      const q = await open();
      const { w, finished } = await drain(q, total, concurrency);
      const t0 = performance.now();
      w.start();
      await finished;
      const ms = performance.now() - t0;
      await w.stop();
      return ms;
    },
    async latency(rate, seconds, concurrency): Promise<LatencyRun> {
      const q = await open();
      const total = Math.round(rate * seconds);
      const lat: number[] = [];
      const { w, finished } = await drain(q, total, concurrency, (p) => lat.push(performance.now() - p.sentAt));
      w.start();
      // Let the worker reach its idle blocking wait before the first task.
      await sleep(200);
      const sent = await paced(rate, total, (i) => q.enqueue(benchPayload(i, performance.now())));
      await finished;
      await w.stop();
      return { latencies: lat, sent };
    },
    async close() {
      await handle?.close();
      handle = undefined;
      queue = undefined;
    },
  };
}

/**
 * Calls `fn` `total` times at a steady `rate` per second: each timer tick sends what is due by
 * then, so timer jitter does not lower the rate. Returns how many were sent.
 */
export async function paced(rate: number, total: number, fn: (i: number) => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  let sent = 0;
  const pending: Array<Promise<unknown>> = [];
  const deadline = t0 + (total / rate) * 1000 + 30000;
  while (sent < total && performance.now() < deadline) {
    const due = Math.min(total, Math.floor(((performance.now() - t0) * rate) / 1000) + 1);
    while (sent < due) pending.push(fn(sent++));
    await sleep(1);
  }
  await Promise.all(pending);
  return sent;
}

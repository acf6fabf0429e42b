import { setTimeout as sleep } from 'node:timers/promises';
import BeeQueue from 'bee-queue';
import { benchPayload, withInFlight } from './payload';
import { paced } from './slotline-system';
import type { BenchSystem, LatencyRun, SystemConfig } from './system';
import type { BenchTarget } from './targets';

/** Distinguishes this process's queue names from an earlier run's on a server that was not flushed. */
const RUN = Math.random().toString(36).slice(2, 8);
let seq = 0;

/**
 * Bee-Queue's settings for speed, as its README advises: no job objects kept by the producer
 * (`storeJobs`), no pub/sub events received or sent (`getEvents`, `sendEvents`), a job's hash
 * removed when it succeeds (`removeOnSuccess`), and no delayed-job timer (`activateDelayedJobs`,
 * also its default). Everything else stays at Bee-Queue's defaults.
 */
export const BEE_FAST_SETTINGS = {
  storeJobs: false,
  getEvents: false,
  sendEvents: false,
  removeOnSuccess: true,
  activateDelayedJobs: false,
} as const;

/** Why Bee-Queue has no row on a Redis Cluster (printed and recorded in the result JSON). */
export const BEE_NO_CLUSTER =
  'Bee-Queue 2 does not support Redis Cluster: it connects with node_redis 3 clients, which have no cluster mode, and its README offers no cluster setup';

/** The settings a Bee-Queue instance resolved (`queue.settings`), with the redis options reduced to host and port. */
export function beeSettingsRecord(q: BeeQueue): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(q.settings as Record<string, unknown>)) {
    if (k === 'redis') {
      const r = v as { host?: string; port?: number };
      out.redis = { host: r.host, port: r.port };
    } else if (typeof v !== 'function' && typeof v !== 'object' && v !== undefined) out[k] = v;
  }
  return out;
}

/**
 * Bee-Queue 2 under the benchmark, on the single server only (it has no cluster support): one
 * producer queue (`isWorker: false`), one worker queue per process run with `queue.process(concurrency)`,
 * both with {@link BEE_FAST_SETTINGS}; jobs are created with Bee-Queue's default job options.
 * Bulk enqueue is `queue.saveAll` (one node_redis batch per chunk).
 */
export function beeQueueSystem(target: BenchTarget): BenchSystem {
  if (target.kind === 'cluster') throw new Error(BEE_NO_CLUSTER);
  const redis = { host: '127.0.0.1', port: target.ports[0]! };
  const name = `bench-${process.pid}-${RUN}-${++seq}`;
  const prefix = 'bq';
  let producer: BeeQueue | undefined;
  const config: SystemConfig = {
    system: 'bee-queue',
    queues: 1,
    prefixes: [prefix],
    client: 'node_redis 3 (Bee-Queue creates its own clients)',
    jobOptions: 'Bee-Queue defaults (createJob(data).save(), no retries, no timeout)',
    workers: {},
  };

  const open = async (): Promise<BeeQueue> => {
    if (!producer) {
      producer = new BeeQueue(name, { prefix, redis, isWorker: false, ...BEE_FAST_SETTINGS });
      await producer.ready();
      config.producer = beeSettingsRecord(producer);
    }
    return producer;
  };

  /** A worker queue at `concurrency`; `run()` starts it; `finished` resolves after `total` successes. */
  const drain = async (total: number, concurrency: number, onStart?: (data: { sentAt: number }) => void) => {
    let done = 0;
    let resolveDone!: () => void;
    let rejectDone!: (e: Error) => void;
    const finished = new Promise<void>((res, rej) => ((resolveDone = res), (rejectDone = rej)));
    const w = new BeeQueue(name, { prefix, redis, isWorker: true, ...BEE_FAST_SETTINGS });
    w.on('succeeded', () => {
      if (++done === total) resolveDone();
    });
    w.on('failed', (_job, err) => rejectDone(new Error(`Bee-Queue job failed: ${err.message}`)));
    w.on('error', () => undefined);
    await w.ready();
    config.workers[String(concurrency)] = { count: 1, concurrency, ...beeSettingsRecord(w) };
    const run = () =>
      void w.process(
        concurrency,
        onStart
          ? async (job: BeeQueue.Job<{ sentAt: number }>) => {
              onStart(job.data);
            }
          : async () => undefined,
      );
    const stop = () => w.close(10_000);
    return { run, finished, stop };
  };

  return {
    id: 'bee-queue',
    config,
    async prepare() {
      await open();
    },
    async enqueueOneByOne(total, inFlight) {
      const q = await open();
      const t0 = performance.now();
      await withInFlight(total, inFlight, (i) => q.createJob(benchPayload(i)).save());
      return performance.now() - t0;
    },
    async enqueueBulk(total, chunk) {
      const q = await open();
      const t0 = performance.now();
      for (let i = 0; i < total; i += chunk) {
        const m = Math.min(chunk, total - i);
        const errors = await q.saveAll(Array.from({ length: m }, (_, j) => q.createJob(benchPayload(i + j))));
        if (errors.size > 0)
          throw new Error(`Bee-Queue saveAll: ${errors.size} of ${m} jobs failed: ${[...errors.values()][0]!.message}`);
      }
      return performance.now() - t0;
    },
    async process(total, concurrency) {
      await open();
      const { run, finished, stop } = await drain(total, concurrency);
      const t0 = performance.now();
      run();
      await finished;
      const ms = performance.now() - t0;
      await stop();
      return ms;
    },
    async latency(rate, seconds, concurrency): Promise<LatencyRun> {
      const q = await open();
      const total = Math.round(rate * seconds);
      const lat: number[] = [];
      const { run, finished, stop } = await drain(total, concurrency, (d) => lat.push(performance.now() - d.sentAt));
      run();
      await sleep(200);
      const sent = await paced(rate, total, (i) => q.createJob(benchPayload(i, performance.now())).save());
      await finished;
      await stop();
      return { latencies: lat, sent };
    },
    async close() {
      await producer?.close(10_000);
      producer = undefined;
    },
  };
}

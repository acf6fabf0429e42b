import { Queue, Worker, type Job } from 'bullmq';
import type { Cluster, Redis } from 'ioredis';
import { benchPayload, withInFlight } from './payload';
import { paced } from './slotline-system';
import type { BenchSystem, LatencyRun } from './system';
import type { BenchTarget } from './targets';

/**
 * BullMQ 6.7 under the benchmark, configured as its docs advise: a shared ioredis connection for
 * the queue (maxRetriesPerRequest null, which BullMQ requires for workers), jobs added with
 * `removeOnComplete: true`, workers with the defaults for drainDelay (5 s), stalledInterval
 * (30 s), lockDuration (30 s) and maxStalledCount (1). On the cluster the prefix is `{bench}`,
 * the hash tag BullMQ needs there (every key of the queue then lives in one slot).
 */
export function bullmqSystem(target: BenchTarget): BenchSystem {
  const prefix = target.kind === 'cluster' ? '{bench}' : 'bull';
  const jobOpts = { removeOnComplete: true, removeOnFail: false };
  let conn: Redis | Cluster | undefined;
  let queue: Queue | undefined;
  let seq = 0;

  const open = async (): Promise<Queue> => {
    if (!queue) {
      conn = target.bullConnection();
      queue = new Queue(`bench-${process.pid}-${++seq}`, { connection: conn, prefix });
      await queue.waitUntilReady();
    }
    return queue;
  };

  const drain = (q: Queue, total: number, concurrency: number, onStart?: (data: { sentAt: number }) => void) => {
    let done = 0;
    let resolveDone!: () => void;
    const finished = new Promise<void>((r) => (resolveDone = r));
    const workerConn = target.bullConnection();
    const w = new Worker(
      q.name,
      onStart
        ? async (job: Job) => {
            onStart(job.data as { sentAt: number });
          }
        : async () => undefined,
      { connection: workerConn, prefix, concurrency, autorun: false },
    );
    w.on('completed', () => {
      if (++done === total) resolveDone();
    });
    w.on('error', () => undefined);
    const stop = async () => {
      await w.close();
      await workerConn.quit().catch(() => workerConn.disconnect());
    };
    return { w, finished, stop };
  };

  return {
    name: 'bullmq',
    config: {
      prefix,
      jobOptions: jobOpts,
      worker: 'defaults: drainDelay 5 s, stalledInterval 30 s, lockDuration 30 s, maxStalledCount 1',
    },
    async prepare() {
      await open();
    },
    async enqueueOneByOne(total, inFlight) {
      const q = await open();
      const t0 = performance.now();
      await withInFlight(total, inFlight, (i) => q.add('bench', benchPayload(i), jobOpts));
      return performance.now() - t0;
    },
    async enqueueBulk(total, chunk) {
      const q = await open();
      const t0 = performance.now();
      for (let i = 0; i < total; i += chunk) {
        const n = Math.min(chunk, total - i);
        await q.addBulk(
          Array.from({ length: n }, (_, j) => ({ name: 'bench', data: benchPayload(i + j), opts: jobOpts })),
        );
      }
      return performance.now() - t0;
    },
    async process(total, concurrency) {
      const q = await open();
      const { w, finished, stop } = drain(q, total, concurrency);
      await w.waitUntilReady();
      const t0 = performance.now();
      void w.run();
      await finished;
      const ms = performance.now() - t0;
      await stop();
      return ms;
    },
    async latency(rate, seconds, concurrency): Promise<LatencyRun> {
      const q = await open();
      const total = Math.round(rate * seconds);
      const lat: number[] = [];
      const { w, finished, stop } = drain(q, total, concurrency, (d) => lat.push(performance.now() - d.sentAt));
      await w.waitUntilReady();
      void w.run();
      await new Promise((r) => setTimeout(r, 200));
      const sent = await paced(rate, total, (i) => q.add('bench', benchPayload(i, performance.now()), jobOpts));
      await finished;
      await stop();
      return { latencies: lat, sent };
    },
    async close() {
      await queue?.close();
      queue = undefined;
      await conn?.quit().catch(() => conn?.disconnect());
      conn = undefined;
    },
  };
}

import { setTimeout as sleep } from 'node:timers/promises';
import { Queue, Worker, type Job } from 'bullmq';
import type { Cluster, Redis } from 'ioredis';
import { benchPayload, withInFlight } from './payload';
import { paced } from './slotline-system';
import type { BenchSystem, LatencyRun, SystemConfig } from './system';
import type { BenchTarget } from './targets';

/** Distinguishes this process's queue names from an earlier run's on a server that was not flushed. */
const RUN = Math.random().toString(36).slice(2, 8);
let seq = 0;

/** How a BullMQ row differs from the defaults. */
export interface BullmqVariant {
  /** ioredis `enableAutoPipelining` on the queue's and the worker's connections. Default false (ioredis's default). */
  autoPipelining?: boolean;
  /** Queues with different hash tags, producers round-robin, one worker each (cluster). Default 1. */
  queues?: 1 | 3;
}

type Conn = Redis | Cluster;

/** The connection settings that matter here, read from the ioredis client itself. */
export function bullConnectionRecord(conn: Conn): Record<string, unknown> {
  const isCluster = 'nodes' in conn && typeof conn.nodes === 'function';
  const opts = conn.options as { enableAutoPipelining?: boolean; maxRetriesPerRequest?: number | null };
  const socket = isCluster ? ((conn as Cluster).options.redisOptions ?? {}) : opts;
  return {
    client: isCluster ? 'ioredis Cluster' : 'ioredis Redis',
    enableAutoPipelining: opts.enableAutoPipelining ?? false,
    maxRetriesPerRequest: socket.maxRetriesPerRequest,
  };
}

/** A BullMQ worker's options as it resolved them (`worker.opts`), without the connection object. */
export function bullWorkerRecord(w: Worker): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(w.opts)) {
    if (k === 'connection' || typeof v === 'function' || v === undefined) continue;
    out[k] = v;
  }
  return out;
}

/**
 * BullMQ 6.7 under the benchmark, configured as its docs advise: a shared ioredis connection for
 * the queue (maxRetriesPerRequest null, which BullMQ requires for workers), a separate one per
 * worker, jobs added with `removeOnComplete: true`, workers with the defaults for drainDelay (5 s),
 * stalledInterval (30 s), lockDuration (30 s) and maxStalledCount (1). On the cluster the prefix is
 * `{bench}`, the hash tag BullMQ needs there (every key of the queue then lives in one slot); with
 * `queues: 3` the prefixes are `{bench0}`…`{bench2}`, so the three queues can sit on three masters.
 */
export function bullmqSystem(target: BenchTarget, variant: BullmqVariant = {}): BenchSystem {
  const n = variant.queues ?? 1;
  const autoPipelining = variant.autoPipelining ?? false;
  const prefixes =
    n === 1
      ? [target.kind === 'cluster' ? '{bench}' : 'bull']
      : Array.from({ length: n }, (_, i) => (target.kind === 'cluster' ? `{bench${i}}` : `bull${i}`));
  const jobOpts = { removeOnComplete: true, removeOnFail: false };
  let conn: Conn | undefined;
  let queues: Queue[] = [];
  const config: SystemConfig = {
    system: 'bullmq',
    queues: n,
    prefixes,
    producers: n === 1 ? 'one queue' : 'round-robin over the queues (one call or one chunk each)',
    jobOptions: jobOpts,
    workers: {},
  };

  const open = async (): Promise<Queue[]> => {
    if (queues.length === 0) {
      conn = target.bullConnection({ autoPipelining });
      config.connection = bullConnectionRecord(conn);
      const name = `bench-${process.pid}-${RUN}-${++seq}`;
      queues = prefixes.map((prefix) => new Queue(name, { connection: conn!, prefix }));
      await Promise.all(queues.map((q) => q.waitUntilReady()));
    }
    return queues;
  };

  /** Workers at `concurrency` in all: each of the n queues' workers gets ceil(concurrency / n). */
  const drain = (qs: Queue[], total: number, concurrency: number, onStart?: (data: { sentAt: number }) => void) => {
    let done = 0;
    let resolveDone!: () => void;
    const finished = new Promise<void>((r) => (resolveDone = r));
    const each = Math.ceil(concurrency / qs.length);
    const workers = qs.map((q, i) => {
      const workerConn = target.bullConnection({ autoPipelining });
      const w = new Worker(
        q.name,
        onStart
          ? async (job: Job) => {
              onStart(job.data as { sentAt: number });
            }
          : async () => undefined,
        { connection: workerConn, prefix: prefixes[i]!, concurrency: each, autorun: false },
      );
      w.on('completed', () => {
        if (++done === total) resolveDone();
      });
      w.on('error', () => undefined);
      return { w, workerConn };
    });
    config.workers[String(concurrency)] = {
      count: workers.length,
      connection: bullConnectionRecord(workers[0]!.workerConn),
      ...bullWorkerRecord(workers[0]!.w),
    };
    const start = async () => {
      await Promise.all(workers.map(({ w }) => w.waitUntilReady()));
      return () => {
        for (const { w } of workers) void w.run();
      };
    };
    const stop = async () => {
      for (const { w, workerConn } of workers) {
        await w.close();
        await workerConn.quit().catch(() => workerConn.disconnect());
      }
    };
    return { start, finished, stop };
  };

  return {
    id: n === 3 ? 'bullmq-x3' : autoPipelining ? 'bullmq-autopipe' : 'bullmq',
    config,
    async prepare() {
      await open();
    },
    async enqueueOneByOne(total, inFlight) {
      const qs = await open();
      const t0 = performance.now();
      await withInFlight(total, inFlight, (i) => qs[i % n]!.add('bench', benchPayload(i), jobOpts));
      return performance.now() - t0;
    },
    async enqueueBulk(total, chunk) {
      const qs = await open();
      const t0 = performance.now();
      for (let i = 0, k = 0; i < total; i += chunk, k++) {
        const m = Math.min(chunk, total - i);
        await qs[k % n]!.addBulk(
          Array.from({ length: m }, (_, j) => ({ name: 'bench', data: benchPayload(i + j), opts: jobOpts })),
        );
      }
      return performance.now() - t0;
    },
    async process(total, concurrency) {
      const qs = await open();
      const { start, finished, stop } = drain(qs, total, concurrency);
      const run = await start();
      const t0 = performance.now();
      run();
      await finished;
      const ms = performance.now() - t0;
      await stop();
      return ms;
    },
    async latency(rate, seconds, concurrency): Promise<LatencyRun> {
      const qs = await open();
      const total = Math.round(rate * seconds);
      const lat: number[] = [];
      const { start, finished, stop } = drain(qs, total, concurrency, (d) => lat.push(performance.now() - d.sentAt));
      (await start())();
      await sleep(200);
      const sent = await paced(rate, total, (i) =>
        qs[i % n]!.add('bench', benchPayload(i, performance.now()), jobOpts),
      );
      await finished;
      await stop();
      return { latencies: lat, sent };
    },
    async close() {
      for (const q of queues) await q.close();
      queues = [];
      await conn?.quit().catch(() => conn?.disconnect());
      conn = undefined;
    },
  };
}

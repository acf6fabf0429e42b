import type { Cluster } from 'ioredis';
import { partitionKeys, REGISTRY_KEY } from '../src-main/queue/keys';
import { Queue } from '../src-main/queue/queue';
import { Worker } from '../src-main/queue/worker';
import { createConnection } from '../src-main/redis/create-connection';
import type { E2eEnv } from './env';

const clusterSettings = (env: E2eEnv) => ({
  mode: 'cluster' as const,
  nodes: env.ports.map((port) => ({ host: '127.0.0.1', port })),
  tls: false,
});

/**
 * Puts tasks into a state through the real engine: enqueue `count` tasks and run a worker that
 * fails (→ failed) or succeeds (→ completed) until they are all there. Bounded by `timeoutMs`.
 */
export async function seedQueue(
  env: E2eEnv,
  name: string,
  o: {
    count: number;
    outcome: 'failed' | 'completed';
    partitions?: number;
    payload?: (i: number) => unknown;
    ids?: (i: number) => string;
    attempts?: number;
    timeoutMs?: number;
  },
): Promise<void> {
  const handle = await createConnection(clusterSettings(env));
  try {
    const q = await Queue.open(handle, name, {
      partitions: o.partitions ?? 1,
      defaultBackoff: { type: 'fixed', delayMs: 0 },
      // Keep every seeded task: with the default retention (10 000 completed per partition) a
      // seeding slower than the first retention sweep would never reach its count.
      retention: {
        completed: { maxCount: 1_000_000, maxAgeMs: 86_400_000 },
        failed: { maxCount: 1_000_000, maxAgeMs: 86_400_000 },
      },
    });
    for (let i = 0; i < o.count; i += 5000) {
      await q.enqueueBulk(
        Array.from({ length: Math.min(5000, o.count - i) }, (_, j) => ({
          payload: o.payload ? o.payload(i + j) : { n: i + j },
          id: o.ids?.(i + j),
          maxAttempts: o.attempts ?? 1,
        })),
      );
    }
    const w = new Worker(
      q,
      (t) => {
        if (o.outcome === 'failed') throw new Error(`e2e failure of ${t.id} on attempt ${t.attempt}`);
      },
      { concurrency: 50 },
    );
    w.start();
    const deadline = Date.now() + (o.timeoutMs ?? 60_000);
    for (;;) {
      const c = await q.counts();
      if (c[o.outcome] >= o.count) break;
      if (Date.now() > deadline)
        throw new Error(
          `seeding ${name}: only ${c[o.outcome]} of ${o.count} ${o.outcome} after ${o.timeoutMs ?? 60_000} ms`,
        );
      await new Promise((r) => setTimeout(r, 200));
    }
    await w.stop();
  } finally {
    await handle.close();
  }
}

/** Counts a state of a queue straight from Redis (ZCARD of every partition's set). */
export async function countInRedis(
  redis: Cluster,
  queue: string,
  state: 'waiting' | 'failed' | 'completed',
): Promise<number> {
  const raw = await redis.hget(REGISTRY_KEY, queue);
  if (!raw) throw new Error(`queue ${queue} is not registered in ${REGISTRY_KEY}`);
  const def = JSON.parse(raw) as { tags: string[] };
  const key = state === 'waiting' ? 'wait' : state;
  let n = 0;
  for (const tag of def.tags) n += await redis.zcard(partitionKeys(tag)[key]);
  return n;
}

/**
 * A queue with one long task and a worker (in this process) whose handler reports progress and a
 * log line every `stepMs` until its signal aborts. `aborted` resolves with the time (epoch ms) the
 * handler saw its signal abort; `stop` stops the worker and closes the connection.
 */
export async function startWatchedTask(
  env: E2eEnv,
  name: string,
  id: string,
  o: { stepMs?: number; maxSteps?: number } = {},
): Promise<{ queue: Queue; aborted: Promise<number>; stop: () => Promise<void> }> {
  const handle = await createConnection(clusterSettings(env));
  const queue = await Queue.open(handle, name, { partitions: 1 });
  let resolveAborted!: (ms: number) => void;
  const aborted = new Promise<number>((r) => (resolveAborted = r));
  const worker = new Worker(
    queue,
    async (t) => {
      t.signal.addEventListener('abort', () => resolveAborted(Date.now()), { once: true });
      // Bounded: at most maxSteps steps (default 600 × 250 ms = 150 s), then it just finishes.
      for (let step = 1; step <= (o.maxSteps ?? 600) && !t.signal.aborted; step++) {
        t.progress(Math.min(99, step));
        t.log(`step ${step}`);
        await new Promise((r) => setTimeout(r, o.stepMs ?? 250));
      }
      return { steps: 'done' };
    },
    { concurrency: 1 },
  );
  worker.start();
  await queue.enqueue({ watch: true }, { id, maxAttempts: 3 });
  return {
    queue,
    aborted,
    stop: async () => {
      await worker.stop(5000);
      await handle.close();
    },
  };
}

/**
 * A worker (in this process) on queue `name` that completes tasks whose payload says
 * `fixed: true` and fails the rest: what an operator's edit makes right. `stop` ends it.
 */
export async function startFixingWorker(env: E2eEnv, name: string): Promise<{ stop: () => Promise<void> }> {
  const handle = await createConnection(clusterSettings(env));
  const queue = await Queue.open(handle, name, { partitions: 1 });
  const worker = new Worker(
    queue,
    (t) => {
      if ((t.payload as { fixed?: boolean } | null)?.fixed !== true) throw new Error('payload is not fixed');
      return { ok: true };
    },
    { concurrency: 1 },
  );
  worker.start();
  return {
    stop: async () => {
      await worker.stop(5000);
      await handle.close();
    },
  };
}

/**
 * A worker (in this process) on queue `name` (created with one partition if new) that completes
 * every task. Workers fire their queue's schedules, so this is what makes a schedule made in the
 * console fire. `stop` ends it and closes the connection.
 */
export async function startCompletingWorker(
  env: E2eEnv,
  name: string,
): Promise<{ queue: Queue; stop: () => Promise<void> }> {
  const handle = await createConnection(clusterSettings(env));
  const queue = await Queue.open(handle, name, { partitions: 1 });
  const worker = new Worker(queue, () => ({ ok: true }), { concurrency: 5 });
  worker.start();
  return {
    queue,
    stop: async () => {
      await worker.stop(5000);
      await handle.close();
    },
  };
}

/**
 * A queue of the e2e cluster opened in this process, with an optional worker (started and stopped
 * by the spec). `close` stops the worker and the connection.
 */
export async function openQueue(
  env: E2eEnv,
  name: string,
  partitions = 1,
): Promise<{ queue: Queue; startWorker: () => void; stopWorker: () => Promise<void>; close: () => Promise<void> }> {
  const handle = await createConnection(clusterSettings(env));
  const queue = await Queue.open(handle, name, { partitions });
  let worker: Worker | undefined;
  const stopWorker = async () => {
    await worker?.stop(5000);
    worker = undefined;
  };
  return {
    queue,
    startWorker: () => {
      worker ??= new Worker(queue, () => undefined, { concurrency: 20 });
      worker.start();
    },
    stopWorker,
    close: async () => {
      await stopWorker();
      await handle.close();
    },
  };
}

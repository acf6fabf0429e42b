import { createLogger } from '../log/create-logger';
import { Queue } from '../queue/queue';
import { Worker } from '../queue/worker';
import type { RedisHandle } from '../redis/handle';

const log = createLogger('demo');

/** One demo queue: how it is created and how its tasks behave. */
export interface DemoQueueSpec {
  name: string;
  partitions: number;
  /** Tasks enqueued per second. */
  rate: number;
  /** Chance that one attempt fails (0..1). */
  failRate: number;
  /** Handler time range, ms. */
  taskMs: [number, number];
  maxAttempts: number;
}

/** Modest traffic on three queues, one spread over every master; some tasks fail for good. */
export function defaultDemoQueues(masters: number): DemoQueueSpec[] {
  return [
    { name: 'emails', partitions: Math.max(1, masters), rate: 40, failRate: 0.05, taskMs: [20, 120], maxAttempts: 3 },
    { name: 'reports', partitions: 1, rate: 8, failRate: 0.3, taskMs: [100, 600], maxAttempts: 2 },
    { name: 'webhooks', partitions: 1, rate: 15, failRate: 0.15, taskMs: [10, 80], maxAttempts: 1 },
  ];
}

export interface DemoTraffic {
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Starts producers and workers for the given queues. Producers send one small batch every 250 ms
 * (chained timeouts), so the rate holds without a busy loop; enqueue errors during a failover are
 * logged and the producer goes on.
 */
export async function startDemoTraffic(handle: RedisHandle, specs: DemoQueueSpec[]): Promise<DemoTraffic> {
  const workers: Worker[] = [];
  let running = true;
  const producers: Array<Promise<void>> = [];
  for (const spec of specs) {
    const q = await Queue.open(handle, spec.name, {
      partitions: spec.partitions,
      defaultMaxAttempts: spec.maxAttempts,
      defaultBackoff: { type: 'exponential', delayMs: 500, jitter: 0.3 },
    });
    const w = new Worker(
      q,
      async (t) => {
        const [lo, hi] = spec.taskMs;
        await sleep(lo + Math.random() * (hi - lo));
        if (Math.random() < spec.failRate)
          throw new Error(`demo failure in ${spec.name} (attempt ${t.attempt} of ${t.maxAttempts})`);
      },
      { concurrency: 10, leaseMs: 10000 },
    );
    let lastError = '';
    w.on('error', (e: Error) => {
      if (e.message !== lastError) log.warn(`${spec.name} worker: ${e.message}`);
      lastError = e.message;
    });
    workers.push(w.start());
    producers.push(
      (async () => {
        let n = 0;
        let carry = 0;
        while (running) {
          carry += spec.rate / 4;
          const count = Math.floor(carry);
          carry -= count;
          if (count > 0) {
            try {
              await q.enqueueBulk(
                Array.from({ length: count }, () => ({
                  payload: { n: n++, customer: `c-${Math.floor(Math.random() * 500)}`, at: new Date().toISOString() },
                })),
              );
            } catch (e) {
              log.warn(`${spec.name} producer: ${(e as Error).message}`);
            }
          }
          await sleep(250);
        }
      })(),
    );
  }
  log.info(`demo traffic on ${specs.map((s) => `${s.name} (${s.rate}/s, ${s.partitions} partition(s))`).join(', ')}`);
  return {
    async stop() {
      running = false;
      await Promise.all(producers);
      await Promise.all(workers.map((w) => w.stop(3000)));
    },
  };
}

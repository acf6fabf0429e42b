import { setTimeout as sleep } from 'node:timers/promises';
import { createConnection } from '../redis/create-connection';
import type { RedisHandle } from '../redis/handle';
import { Queue, type QueueOptions } from '../queue/queue';
import { Worker, type TaskHandler, type WorkerOptions } from '../queue/worker';
import { redisTarget, uniqueName } from './redis-target';

/** Opens connections, queues and workers for a test file and closes them all afterwards. */
export function queueFixture() {
  const handles: RedisHandle[] = [];
  const workers: Worker[] = [];
  let shared: RedisHandle | undefined;

  return {
    async handle(): Promise<RedisHandle> {
      if (!shared) {
        shared = await createConnection(redisTarget().settings);
        handles.push(shared);
      }
      return shared;
    },
    async queue(options: QueueOptions = {}, name = uniqueName('q')): Promise<Queue> {
      return Queue.open(await this.handle(), name, options);
    },
    worker(q: Queue, handler: TaskHandler, options: WorkerOptions = {}): Worker {
      const w = new Worker(q, handler, { blockTimeoutMs: 200, ...options });
      workers.push(w);
      return w;
    },
    async close(): Promise<void> {
      await Promise.all(workers.map((w) => w.stop(2000)));
      await Promise.all(handles.map((h) => h.close()));
    },
  };
}

/**
 * Polls `check` every 25 ms until it returns true, failing after `timeoutMs` with `what` and, when
 * given, what `state()` says at that moment (so a timeout tells how far it got).
 */
export async function until(
  what: string,
  check: () => Promise<boolean> | boolean,
  timeoutMs = 15000,
  state?: () => string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await sleep(25);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${state ? ` (${state()})` : ''}`);
}

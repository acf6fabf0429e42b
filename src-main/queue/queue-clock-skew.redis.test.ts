import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { queueFixture, until } from '../testing/queue-fixture';
import { redisTarget } from '../testing/redis-target';
import { listTasks } from './queue-admin';
import type { SkewedWorkerConfig, SkewedWorkerMessage } from './test-support/skewed-worker';

const target = redisTarget();
const fx = queueFixture();
const here = path.dirname(fileURLToPath(import.meta.url));
const children: ChildProcess[] = [];

afterAll(async () => {
  for (const c of children) {
    if (c.exitCode !== null || !c.connected) continue;
    c.send('stop');
    const exited = await Promise.race([
      new Promise<boolean>((r) => c.once('exit', () => r(true))),
      sleep(10_000).then(() => false),
    ]);
    if (!exited && c.pid) process.kill(c.pid, 'SIGKILL');
  }
  await fx.close();
});

/** Starts a worker process whose Date.now() is `skewMs` off; resolves once it is consuming. */
function startSkewedWorker(
  cfg: Omit<SkewedWorkerConfig, 'settings'>,
  onMessage: (m: SkewedWorkerMessage) => void,
): Promise<SkewedWorkerMessage & { type: 'ready' }> {
  const child = fork(path.join(here, 'test-support/skewed-worker.ts'), [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, SLOTLINE_SKEWED_WORKER: JSON.stringify({ ...cfg, settings: target.settings }) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    child.on('message', (m: SkewedWorkerMessage) => {
      onMessage(m);
      if (m.type === 'ready') resolve(m);
    });
    child.once('exit', (code) =>
      reject(new Error(`skewed worker ${cfg.name} exited with ${code} before it was ready`)),
    );
  });
}

describe(`leases, delays and sweeps on the server's clock (${target.mode}, needs Redis)`, () => {
  it('two workers whose clocks differ by 60 s run every task once: no duplicates, no lease-lost, no stalls, delays kept', async () => {
    const q = await fx.queue({ partitions: target.mode === 'cluster' ? 3 : 1 });
    const messages: SkewedWorkerMessage[] = [];
    const worker = { concurrency: 4, leaseMs: 3000, stalledIntervalMs: 200, maxStalls: 1 };
    const ready = await Promise.all([
      startSkewedWorker({ queue: q.name, skewMs: -30_000, name: 'slow-clock', handlerMs: 120, worker }, (m) =>
        messages.push(m),
      ),
      startSkewedWorker({ queue: q.name, skewMs: 30_000, name: 'fast-clock', handlerMs: 120, worker }, (m) =>
        messages.push(m),
      ),
    ]);
    // The injection is real: each child's own clock reads 30 s off, in opposite directions.
    expect(ready.map((r) => Math.round((r.skewedNow - r.realNow) / 1000)).sort((a, b) => a - b)).toEqual([-30, 30]);

    const plain = await q.enqueueBulk(Array.from({ length: 60 }, (_, i) => ({ payload: { i } })));
    const delayedAt = Date.now();
    const delayed = await q.enqueueBulk(Array.from({ length: 10 }, (_, i) => ({ payload: { d: i }, delayMs: 2000 })));
    const backoff = await q.enqueueBulk(
      Array.from({ length: 10 }, (_, i) => ({
        payload: { b: i, failFirst: true },
        maxAttempts: 2,
        backoff: { type: 'fixed' as const, delayMs: 1500 },
      })),
    );
    await until(
      'all 80 tasks finished',
      async () => {
        const c = await q.counts();
        return c.completed + c.failed >= 80;
      },
      40_000,
    );
    // Long enough for several more sweeps by both workers: a wrongly swept lease would show now.
    await sleep(1000);

    const runs = messages.filter((m): m is SkewedWorkerMessage & { type: 'ran' } => m.type === 'ran');
    const runsOf = (id: string) => runs.filter((r) => r.id === id);
    const byWorker = new Set(runs.map((r) => r.name));
    expect([...byWorker].sort()).toEqual(['fast-clock', 'slow-clock']);
    for (const r of plain)
      expect(
        runsOf(r.id).map((x) => x.attempt),
        `runs of ${r.id}`,
      ).toEqual([1]);
    for (const r of delayed) {
      expect(
        runsOf(r.id).map((x) => x.attempt),
        `runs of delayed ${r.id}`,
      ).toEqual([1]);
      expect(runsOf(r.id)[0]!.at - delayedAt, `delayed ${r.id} ran early`).toBeGreaterThanOrEqual(1950);
    }
    for (const r of backoff) {
      const [first, second, ...more] = runsOf(r.id);
      expect(more, `extra runs of ${r.id}`).toEqual([]);
      expect([first?.attempt, second?.attempt]).toEqual([1, 2]);
      // Handler time (120 ms) + backoff (1500 ms), measured on the real clock.
      expect(second!.at - first!.at, `backoff of ${r.id}`).toBeGreaterThanOrEqual(1550);
    }
    expect(messages.filter((m) => m.type === 'lease-lost')).toEqual([]);
    expect(messages.filter((m) => m.type === 'stalled')).toEqual([]);
    expect(messages.filter((m) => m.type === 'error')).toEqual([]);
    const counts = await q.counts();
    expect(counts).toMatchObject({ completed: 80, failed: 0, active: 0, waiting: 0, delayed: 0, completedTotal: 80 });
    const page = await listTasks(q, 'completed', { limit: 100 });
    expect(page.tasks.filter((t) => t.stalls !== 0).map((t) => t.id)).toEqual([]);
  }, 90_000);
});

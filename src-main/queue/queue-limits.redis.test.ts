import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { queueFixture, until } from '../testing/queue-fixture';
import { redisTarget } from '../testing/redis-target';
import { QueueArgumentError } from './errors';
import { REGISTRY_KEY } from './keys';
import type { Queue } from './queue';
import { RateLimitError } from './task-context';
import type { LimitWorkerConfig, LimitWorkerMessage } from './test-support/limit-worker';

const target = redisTarget();
const fx = queueFixture();
const here = path.dirname(fileURLToPath(import.meta.url));
const children: ChildProcess[] = [];

afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null && c.pid) process.kill(c.pid, 'SIGKILL');
  await fx.close();
});

/** Most starts in any window of `ms` (a window (t − ms, t] ending at each start). */
function maxInWindow(times: number[], ms: number): number {
  const t = [...times].sort((a, b) => a - b);
  let best = 0;
  let lo = 0;
  for (let hi = 0; hi < t.length; hi++) {
    while (t[lo]! <= t[hi]! - ms) lo++;
    best = Math.max(best, hi - lo + 1);
  }
  return best;
}

async function fill(q: Queue, n: number): Promise<void> {
  for (let i = 0; i < n; i += 500)
    await q.enqueueBulk(Array.from({ length: Math.min(500, n - i) }, (_, j) => ({ payload: { i: i + j } })));
}

describe(`queue-wide rate limit and concurrency cap (${target.mode}, needs Redis)`, () => {
  it('100 per 1000 ms over 3 partitions and 4 workers × 20: 1000 ± 10% starts in 10 s, no 1 s window over 110', async () => {
    const q = await fx.queue({ partitions: 3 });
    await fill(q, 2500);
    expect(await q.setRateLimit({ max: 100, perMs: 1000 })).toEqual({ max: 100, perMs: 1000 });
    const starts: number[] = [];
    const ids: string[] = [];
    const workers = Array.from({ length: 4 }, () =>
      fx.worker(
        q,
        async (t) => {
          starts.push(Date.now());
          ids.push(t.id);
          await sleep(5);
        },
        { concurrency: 20 },
      ),
    );
    const t0 = Date.now();
    workers.forEach((w) => w.start());
    await sleep(4000);
    const mid = await q.limitStatus();
    await sleep(6000);
    await Promise.all(workers.map((w) => w.stop(2000)));
    const inTen = starts.filter((t) => t < t0 + 10_000).length;
    expect(inTen).toBeGreaterThanOrEqual(900);
    expect(inTen).toBeLessThanOrEqual(1100);
    // Windows on the server's clock: each task's startedAt, written by the reserve that leased it
    // (handler-side clocks add this process's event-loop delays, tens of ms on a loaded machine).
    const startedAt: number[] = [];
    for (let i = 0; i < ids.length; i += 100) {
      const tasks = await Promise.all(ids.slice(i, i + 100).map((id) => q.get(id)));
      for (const t of tasks) startedAt.push(t!.startedAt!);
    }
    expect(startedAt).toHaveLength(starts.length);
    expect(maxInWindow(startedAt, 1000)).toBeLessThanOrEqual(110);
    // While saturated, the status says the limit holds tasks back.
    expect(mid.rateLimit).toEqual({ max: 100, perMs: 1000 });
    expect(mid.waiting).toBeGreaterThan(1000);
    expect(mid.startedInWindow).toBeGreaterThan(0);
    expect(mid.startedInWindow).toBeLessThanOrEqual(100);
    expect(mid.rateLimitedWaitsTotal).toBeGreaterThan(0);
    // The same counter reaches QueueCounts, hence the depth samples and Prometheus.
    expect((await q.counts()).rateLimitedWaitsTotal).toBeGreaterThanOrEqual(mid.rateLimitedWaitsTotal);
    expect(workers.reduce((s, w) => s + w.stats.errors, 0)).toBe(0);
  }, 40_000);

  it('cap 5 with 4 workers × 20: never more than 5 active; a SIGKILLed worker’s share comes back within the lease time', async () => {
    const q = await fx.queue({ partitions: 3 });
    await fill(q, 1000);
    expect(await q.setConcurrency(5)).toBe(5);
    const leaseMs = 2000;
    let inFlight = 0;
    let maxInFlight = 0;
    let ran = 0;
    const handler = async () => {
      inFlight++;
      ran++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await sleep(30);
      inFlight--;
    };
    const workers = Array.from({ length: 4 }, () => fx.worker(q, handler, { concurrency: 20, leaseMs }));
    workers.forEach((w) => w.start());
    let maxActive = 0;
    let samples = 0;
    const sampleUntil = Date.now() + 3000;
    while (Date.now() < sampleUntil) {
      const c = await q.counts();
      maxActive = Math.max(maxActive, c.active);
      samples++;
      await sleep(20);
    }
    await Promise.all(workers.map((w) => w.stop(2000)));
    expect(samples).toBeGreaterThan(20);
    expect(ran).toBeGreaterThan(50);
    expect(maxInFlight).toBe(5);
    expect(maxActive).toBeLessThanOrEqual(5);
    const capped = await q.limitStatus();
    expect(capped.concurrencyCappedWaitsTotal).toBeGreaterThan(0);
    expect((await q.counts()).concurrencyCappedWaitsTotal).toBe(capped.concurrencyCappedWaitsTotal);
    expect(capped.active).toBe(0);

    // A worker in its own process takes the whole cap with long tasks, and is killed.
    const child = fork(path.join(here, 'test-support/limit-worker.ts'), [], {
      execArgv: ['--import', 'tsx'],
      env: {
        ...process.env,
        SLOTLINE_LIMIT_WORKER: JSON.stringify({
          settings: target.settings,
          queue: q.name,
          handlerMs: 60_000,
          worker: { concurrency: 20, leaseMs, stalledIntervalMs: 500 },
        } satisfies LimitWorkerConfig),
      },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    children.push(child);
    let childRan = 0;
    child.on('message', (m: LimitWorkerMessage) => {
      if (m.type === 'ran') childRan++;
    });
    await until(
      'the child worker to hold the whole cap',
      () => childRan === 5,
      15_000,
      () => `${childRan} running`,
    );
    inFlight = 0;
    maxInFlight = 0;
    const second = Array.from({ length: 3 }, () => fx.worker(q, handler, { concurrency: 20, leaseMs }));
    second.forEach((w) => w.start());
    await sleep(500);
    // The cap is the child's: the live workers start nothing.
    expect(maxInFlight).toBe(0);
    const killedAt = Date.now();
    process.kill(child.pid!, 'SIGKILL');
    await until(
      'the live workers to reach the cap',
      () => inFlight === 5,
      leaseMs + 3000,
      () => `${inFlight}`,
    );
    const back = Date.now() - killedAt;
    // Its share expires at most leaseMs after its last renewal, which came before the kill.
    expect(back).toBeLessThanOrEqual(leaseMs + 500);
    await sleep(500);
    expect(maxInFlight).toBe(5);
    await Promise.all(second.map((w) => w.stop(2000)));
    expect(childRan).toBe(5);
  }, 40_000);

  it('task.rateLimit(ms) hands the task back without counting an attempt and holds every worker’s starts for ms', async () => {
    const q = await fx.queue({ partitions: target.mode === 'cluster' ? 3 : 1 });
    // A rate limit far above the load: the hold is what stops the starts.
    await q.setRateLimit({ max: 10_000, perMs: 1000 });
    const first = await q.enqueue({ n: 'limit-me' });
    const starts: Array<{ id: string; at: number; attempt: number }> = [];
    let heldAt = 0;
    const handler = (t: { id: string; attempt: number; rateLimit(ms: number): never }) => {
      starts.push({ id: t.id, at: Date.now(), attempt: t.attempt });
      if (t.id === first.id && heldAt === 0) {
        heldAt = Date.now();
        t.rateLimit(1500);
      }
    };
    const workers = [fx.worker(q, handler, { concurrency: 2 }), fx.worker(q, handler, { concurrency: 2 })];
    workers.forEach((w) => w.start());
    await until('the first start', () => heldAt > 0, 10_000);
    await q.enqueueBulk(Array.from({ length: 20 }, (_, i) => ({ payload: { i } })));
    await until('every task done', async () => (await q.counts()).completed === 21, 15_000);
    const after = starts.filter((s) => s.at > heldAt);
    expect(after.length).toBe(21);
    // No start while held (a little slack for the clock read before the hold was written).
    expect(Math.min(...after.map((s) => s.at)) - heldAt).toBeGreaterThanOrEqual(1400);
    const again = starts.filter((s) => s.id === first.id);
    expect(again.map((s) => s.attempt)).toEqual([1, 1]);
    const task = await q.get(first.id);
    expect(task?.state).toBe('completed');
    expect(task?.attemptsMade).toBe(1);
    expect(workers.reduce((s, w) => s + w.stats.rateLimited, 0)).toBe(1);
    expect(workers.reduce((s, w) => s + w.stats.failed + w.stats.retried, 0)).toBe(0);
  }, 30_000);

  it('a thrown RateLimitError on a queue with no limits holds this worker’s starts and counts no attempt', async () => {
    const q = await fx.queue();
    const first = await q.enqueue({ n: 1 });
    const starts: number[] = [];
    let heldAt = 0;
    const w = fx.worker(
      q,
      () => {
        starts.push(Date.now());
        if (heldAt === 0) {
          heldAt = Date.now();
          throw new RateLimitError(800);
        }
      },
      { concurrency: 1 },
    );
    w.start();
    await until('the task completes', async () => (await q.get(first.id))?.state === 'completed', 10_000);
    expect(starts).toHaveLength(2);
    expect(starts[1]! - heldAt).toBeGreaterThanOrEqual(700);
    expect((await q.get(first.id))?.attemptsMade).toBe(1);
    expect(() => new RateLimitError(0)).toThrow(/rateLimit\(0\)/);
  }, 20_000);

  it('a change of limit reaches a running worker within about a second; setRateLimit(null) removes it', async () => {
    const q = await fx.queue({ partitions: 2 });
    await fill(q, 3000);
    const starts: number[] = [];
    const w = fx.worker(q, () => void starts.push(Date.now()), { concurrency: 10 });
    w.start();
    await until('unlimited starts', () => starts.length > 50, 10_000);
    await q.setRateLimit({ max: 5, perMs: 1000 });
    const setAt = Date.now();
    await sleep(1300);
    const from = Date.now();
    await sleep(2000);
    const limited = starts.filter((t) => t >= from && t < from + 2000).length;
    expect(limited).toBeGreaterThan(0);
    expect(limited).toBeLessThanOrEqual(10);
    // What ran between the change and the worker's next definition read.
    expect(starts.filter((t) => t >= setAt + 1100 && t < from).length).toBeLessThanOrEqual(5);
    expect(await q.setRateLimit(null)).toBeNull();
    const offAt = Date.now();
    await until('unlimited again', () => starts.filter((t) => t > offAt).length > 100, 5000);
    expect((await q.limitStatus()).rateLimit).toBeNull();
  }, 30_000);

  it('refuses bad limits naming the value, stores nothing, and refuses a queue that no longer exists', async () => {
    const q = await fx.queue();
    await q.setRateLimit({ max: 7, perMs: 500 });
    await q.setConcurrency(3);
    const bad: Array<[() => Promise<unknown>, RegExp]> = [
      [() => q.setRateLimit({ max: 0, perMs: 1000 }), /max=0/],
      [() => q.setRateLimit({ max: -1, perMs: 1000 }), /max=-1/],
      [() => q.setRateLimit({ max: 1.5, perMs: 1000 }), /max=1.5/],
      [() => q.setRateLimit({ max: 10, perMs: 0 }), /perMs=0/],
      [() => q.setRateLimit({ max: 10, perMs: -5 }), /perMs=-5/],
      [() => q.setRateLimit({ max: 10 } as never), /perMs=undefined/],
      [() => q.setRateLimit({ max: '10', perMs: 100 } as never), /max="10"/],
      [() => q.setRateLimit({ max: 1, perMs: 1, burst: 2 } as never), /burst/],
      [() => q.setRateLimit(5 as never), /rate limit 5/],
      [() => q.setConcurrency(0), /concurrency 0/],
      [() => q.setConcurrency(-2), /concurrency -2/],
      [() => q.setConcurrency(2.5), /concurrency 2.5/],
      [() => q.setConcurrency('3' as never), /concurrency "3"/],
    ];
    for (const [call, msg] of bad) {
      const e = await call().then(
        () => null,
        (err: unknown) => err,
      );
      expect(e).toBeInstanceOf(QueueArgumentError);
      expect((e as Error).message).toMatch(msg);
    }
    const s = await q.limitStatus();
    expect(s.rateLimit).toEqual({ max: 7, perMs: 500 });
    expect(s.concurrency).toBe(3);
    const h = await fx.handle();
    await h.call('HDEL', REGISTRY_KEY, q.name);
    await expect(q.setRateLimit({ max: 1, perMs: 1000 })).rejects.toThrow(/does not exist/);
    await expect(q.setConcurrency(1)).rejects.toThrow(/does not exist/);
    expect(await h.call('HGET', REGISTRY_KEY, q.name)).toBeNull();
  });
});

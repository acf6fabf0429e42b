import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { queueFixture, until } from '../testing/queue-fixture';
import { redisTarget } from '../testing/redis-target';
import { DurabilityError, QueueArgumentError } from './errors';
import { UnrecoverableError } from './worker';

const target = redisTarget();
const fx = queueFixture();
afterAll(() => fx.close());

describe(`task lifecycle (${target.mode}, needs Redis)`, () => {
  it('runs waiting → active → completed and keeps the record', async () => {
    const q = await fx.queue({ partitions: 2 });
    const { id } = await q.enqueue({ hello: 'world', list: [], big: 12345678901234567890n.toString() });
    expect((await q.get(id))?.state).toBe('waiting');
    let seen: unknown;
    const w = fx
      .worker(q, (t) => {
        seen = t.payload;
      })
      .start();
    await until('completion', async () => (await q.counts()).completed === 1);
    await w.stop();
    expect(seen).toEqual({ hello: 'world', list: [], big: '12345678901234567890' });
    const t = await q.get(id);
    expect(t).toMatchObject({ state: 'completed', attemptsMade: 1 });
    expect(t!.finishedAt).toBeGreaterThanOrEqual(t!.startedAt!);
    expect(t!.history).toEqual([expect.objectContaining({ attempt: 1, outcome: 'completed', workerId: w.id })]);
    expect(await q.counts()).toMatchObject({ waiting: 0, active: 0, completed: 1, completedTotal: 1 });
  });

  it('retries: fails twice then succeeds → completed with 3 attempts', async () => {
    const q = await fx.queue({ defaultBackoff: { type: 'fixed', delayMs: 0 } });
    const { id } = await q.enqueue({ n: 1 }, { maxAttempts: 5 });
    let calls = 0;
    fx.worker(q, () => {
      calls++;
      if (calls <= 2) throw new Error(`transient ${calls}`);
    }).start();
    await until('completion', async () => (await q.get(id))?.state === 'completed');
    const t = (await q.get(id))!;
    expect(t.attemptsMade).toBe(3);
    expect(t.history.map((h) => h.outcome)).toEqual(['failed', 'failed', 'completed']);
    expect(t.lastError).toBe('transient 2');
  });

  it('dead-letters a task that always fails, after maxAttempts, with its error kept', async () => {
    const q = await fx.queue({ defaultBackoff: { type: 'fixed', delayMs: 0 } });
    const { id } = await q.enqueue({ n: 2 }, { maxAttempts: 3 });
    fx.worker(q, () => {
      throw new Error('always broken');
    }).start();
    await until('dead letter', async () => (await q.get(id))?.state === 'failed');
    const t = (await q.get(id))!;
    expect(t).toMatchObject({ attemptsMade: 3, lastError: 'always broken' });
    expect(t.lastStack).toMatch(/always broken/);
    expect(await q.counts()).toMatchObject({ failed: 1, failedTotal: 1, waiting: 0, delayed: 0 });
  });

  it('fails for good on UnrecoverableError without using the remaining attempts', async () => {
    const q = await fx.queue();
    const { id } = await q.enqueue({}, { maxAttempts: 5 });
    fx.worker(q, () => {
      throw new UnrecoverableError('bad input');
    }).start();
    await until('dead letter', async () => (await q.get(id))?.state === 'failed');
    expect((await q.get(id))!.attemptsMade).toBe(1);
  });

  it('waits the backoff between attempts', async () => {
    const q = await fx.queue();
    const { id } = await q.enqueue({}, { maxAttempts: 2, backoff: { type: 'fixed', delayMs: 400 } });
    const starts: number[] = [];
    fx.worker(q, () => {
      starts.push(Date.now());
      if (starts.length === 1) throw new Error('first');
    }).start();
    await until('second attempt', async () => (await q.get(id))?.state === 'completed');
    expect(starts.length).toBe(2);
    expect(starts[1]! - starts[0]!).toBeGreaterThanOrEqual(390);
  });

  it('runs a delayed task no earlier than its delay', async () => {
    const q = await fx.queue();
    const at = Date.now();
    const { id } = await q.enqueue({}, { delayMs: 300 });
    expect((await q.get(id))?.state).toBe('delayed');
    let ranAt = 0;
    fx.worker(q, () => {
      ranAt = Date.now();
    }).start();
    await until('delayed run', () => ranAt > 0);
    expect(ranAt - at).toBeGreaterThanOrEqual(295);
  });

  it('runs higher priority first', async () => {
    const q = await fx.queue();
    await q.enqueue('low', { priority: 0 });
    await q.enqueue('high', { priority: 10 });
    await q.enqueue('mid', { priority: 5 });
    const order: unknown[] = [];
    fx.worker(q, (t) => void order.push(t.payload), { concurrency: 1 }).start();
    await until('all three', () => order.length === 3);
    expect(order).toEqual(['high', 'mid', 'low']);
  });

  it('treats a repeated id as the same task (idempotent enqueue)', async () => {
    const q = await fx.queue({ partitions: 3 });
    const a = await q.enqueue({ v: 1 }, { id: 'order-42' });
    const b = await q.enqueue({ v: 2 }, { id: 'order-42' });
    expect(a).toMatchObject({ id: 'order-42', created: true });
    expect(b).toMatchObject({ id: 'order-42', created: false, partition: a.partition });
    expect((await q.get('order-42'))?.payload).toEqual({ v: 1 });
    expect((await q.counts()).waiting).toBe(1);
  });

  it('refuses bad arguments with a clear error', async () => {
    const q = await fx.queue();
    await expect(q.enqueue({}, { priority: 5000 })).rejects.toThrow(
      /priority=5000 .*expected a whole number from 0 to 1000/,
    );
    await expect(q.enqueue({}, { delayMs: -1 })).rejects.toThrow(QueueArgumentError);
    await expect(fx.queue({}, 'bad name{}')).rejects.toThrow(/queue name "bad name\{\}" is not valid/);
    await expect(fx.queue({ partitions: 2 }, q.name)).rejects.toThrow(/already exists with 1 partition\(s\), not 2/);
  });

  it('pauses and resumes', async () => {
    const q = await fx.queue();
    await q.pause();
    await q.enqueue({ p: 1 });
    let ran = 0;
    fx.worker(q, () => void ran++).start();
    await sleep(600);
    expect(ran).toBe(0);
    expect(await q.counts()).toMatchObject({ paused: true, waiting: 1 });
    await q.resume();
    await until('run after resume', () => ran === 1);
    expect((await q.counts()).paused).toBe(false);
  });
});

describe(`leases, fencing and stalls (${target.mode}, needs Redis)`, () => {
  // Each call a new prefix, as a worker's: a prefix used again is the same call re-sent (reserve-11.lua).
  let calls = 0;
  async function reserve(q: Awaited<ReturnType<typeof fx.queue>>, leaseMs: number, worker: string) {
    const r = await q.scripts.reserve(q.partitions[0]!, {
      leaseMs,
      count: 1,
      workerId: worker,
      tokenPrefix: `${worker}:${++calls}`,
      promoteMax: 100,
    });
    return { id: r.leased[0]?.id, token: r.leased[0]?.token };
  }
  async function ack(q: Awaited<ReturnType<typeof fx.queue>>, id: string, token: string) {
    const r = await q.scripts.ack(q.partitions[0]!, [{ id, token }], { remove: false, keep: -1, what: 'test ack' });
    return r.result[0];
  }
  async function sweep(q: Awaited<ReturnType<typeof fx.queue>>, maxStalls: number) {
    const r = await q.scripts.sweepStalled(q.partitions[0]!, { lockMs: 1, maxStalls, limit: 100, sweeperId: 'test' });
    return r ? [r.requeued, r.failed] : -1;
  }

  it('refuses a late ack after the task was leased again (fencing), and changes nothing', async () => {
    const q = await fx.queue();
    const { id } = await q.enqueue({ f: 1 });
    const first = await reserve(q, 50, 'w1');
    expect(first.id).toBe(id);
    await sleep(80);
    expect(await sweep(q, 5)).toEqual([1, 0]);
    const second = await reserve(q, 30000, 'w2');
    expect(second.id).toBe(id);
    expect(second.token).not.toBe(first.token);
    expect(await ack(q, id, first.token!)).toBe(-6);
    expect((await q.get(id))?.state).toBe('active');
    expect(await ack(q, id, second.token!)).toBe(1);
    expect((await q.get(id))?.state).toBe('completed');
    expect(await ack(q, 'no-such-task', 'x')).toBe(-2);
  });

  it('returns a stalled task to waiting, then fails it past maxStalls', async () => {
    const q = await fx.queue();
    const { id } = await q.enqueue({ s: 1 });
    await reserve(q, 20, 'w1');
    await sleep(40);
    expect(await sweep(q, 1)).toEqual([1, 0]);
    expect(await q.get(id)).toMatchObject({ state: 'waiting', stalls: 1 });
    expect((await q.counts()).stalledTotal).toBe(1);
    await reserve(q, 20, 'w1');
    await sleep(40);
    expect(await sweep(q, 1)).toEqual([0, 1]);
    const t = (await q.get(id))!;
    expect(t).toMatchObject({ state: 'failed', stalls: 2 });
    expect(t.lastError).toMatch(/stalled 2 times/);
    expect(t.history.map((h) => h.outcome)).toEqual(['stalled', 'stalled']);
    expect(await q.counts()).toMatchObject({ stalledTotal: 2, failedTotal: 1 });
  });

  it('lets only one sweeper act per interval (the lock)', async () => {
    const q = await fx.queue();
    const run = () =>
      q.scripts.sweepStalled(q.partitions[0]!, { lockMs: 5000, maxStalls: 1, limit: 100, sweeperId: 'x' });
    const [a, b] = await Promise.all([run(), run()]);
    expect([a, b].filter((r) => r === null)).toHaveLength(1);
  });

  it('keeps renewing leases while a graceful stop waits for running handlers', async () => {
    const q = await fx.queue();
    const { id } = await q.enqueue({ slow: true });
    let started = false;
    const lost: string[] = [];
    const w = fx.worker(
      q,
      async () => {
        started = true;
        await sleep(900);
      },
      { leaseMs: 300 },
    );
    w.on('lease-lost', (taskId: string) => lost.push(taskId));
    w.start();
    await until('the handler started', () => started);
    // Another worker's sweeps, every 50 ms, while the stop waits for the handler.
    let sweeping = true;
    const swept: Array<{ requeued: number; failed: number } | null> = [];
    const sweeper = (async () => {
      while (sweeping) {
        swept.push(
          await q.scripts.sweepStalled(q.partitions[0]!, { lockMs: 1, maxStalls: 5, limit: 10, sweeperId: 'other' }),
        );
        await sleep(50);
      }
    })();
    await w.stop(5000);
    sweeping = false;
    await sweeper;
    expect(swept.length).toBeGreaterThan(5);
    expect(swept.filter((r) => r && r.requeued > 0)).toEqual([]);
    expect(lost).toEqual([]);
    expect(await q.get(id)).toMatchObject({ state: 'completed', stalls: 0 });
  });

  it("a live worker's sweep recovers a dead worker's task; the dead worker's late ack is refused", async () => {
    const q = await fx.queue();
    const { id } = await q.enqueue({ orphan: true });
    // A worker that leased the task and then died: its lease is never renewed.
    const dead = await reserve(q, 100, 'dead-worker');
    expect(dead.id).toBe(id);
    const completedBy: string[] = [];
    const live = fx.worker(q, (t) => void completedBy.push(t.id), { stalledIntervalMs: 100, maxStalls: 1 });
    const stalled: unknown[] = [];
    live.on('stalled', (s) => stalled.push(s));
    live.start();
    await until('recovered and completed', async () => (await q.get(id))?.state === 'completed');
    expect(completedBy).toEqual([id]);
    expect(stalled).toEqual([{ partition: 0, requeued: 1, failed: 0 }]);
    expect(await ack(q, id, dead.token!)).toBe(-6);
    const t = (await q.get(id))!;
    expect(t.history.map((h) => h.outcome)).toEqual(['stalled', 'completed']);
  });
});

describe(`durability (${target.mode}, needs Redis)`, () => {
  it(
    target.mode === 'cluster'
      ? 'a durable enqueue is acknowledged by a replica'
      : 'a durable enqueue with no replica fails with a typed error and keeps the task',
    async () => {
      const q = await fx.queue({ durable: { replicas: 1, timeoutMs: 200 } });
      if (target.mode === 'cluster') {
        const r = await q.enqueue({ d: 1 }, { id: 'durable-1' });
        expect(r.created).toBe(true);
      } else {
        const err = await q.enqueue({ d: 1 }, { id: 'durable-1' }).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(DurabilityError);
        expect((err as DurabilityError).message).toMatch(
          /WAIT got 0 of 1 replica acknowledgement\(s\) within 200 ms.*retrying with the same id is safe/,
        );
        expect((await q.get('durable-1'))?.state).toBe('waiting');
        const again = await q.enqueue({ d: 1 }, { id: 'durable-1', durable: false });
        expect(again.created).toBe(false);
      }
    },
  );
});

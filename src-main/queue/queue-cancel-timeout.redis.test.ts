import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { queueFixture, until } from '../testing/queue-fixture';
import { redisTarget } from '../testing/redis-target';
import { TaskNotFoundError } from './errors';
import { logKey } from './keys';
import { cancelState } from './queue-admin';

const target = redisTarget();
const fx = queueFixture();
afterAll(() => fx.close());

describe(`progress, logs, cancellation, timeouts, expiry (${target.mode}, needs Redis)`, () => {
  it('progress is coalesced and readable while active; logs keep the last lines, over-long ones truncated and marked', async () => {
    const q = await fx.queue({ logs: { maxLines: 5, maxLineBytes: 64 } });
    const { id } = await q.enqueue({});
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const h = await fx.handle();
    // Count the report writes (the real script still runs): 50 progress calls must coalesce.
    let writes = 0;
    const report = q.scripts.report.bind(q.scripts);
    q.scripts.report = (...a) => (writes++, report(...a));
    fx.worker(q, async (t) => {
      for (let i = 1; i <= 50; i++) t.progress(i);
      for (let i = 1; i <= 8; i++) t.log(`line ${i}`);
      t.log('y'.repeat(100));
      t.progress({ stage: 'upload', pct: 60 });
      await gate;
    }).start();
    await until(
      'progress object stored',
      async () => (await q.get(id))?.progress !== undefined && typeof (await q.get(id))!.progress === 'object',
    );
    const t = (await q.get(id))!;
    expect(t).toMatchObject({ state: 'active', progress: { stage: 'upload', pct: 60 }, logCount: 9 });
    const page = await q.getLogs(id);
    expect(page.total).toBe(5);
    expect(page.lines.slice(0, 4)).toEqual(['line 5', 'line 6', 'line 7', 'line 8']);
    expect(page.lines[4]).toBe(`${'y'.repeat(64)}…[truncated 36 bytes]`);
    expect(await q.getLogs(id, { start: -2, end: -1 })).toMatchObject({ start: 3, total: 5 });
    expect(writes).toBeLessThanOrEqual(2);
    release();
    await until('completed', async () => (await q.get(id))?.state === 'completed');
    // Logs go with their task.
    expect(await q.scripts.delete(q.partitions[0]!, id)).toBe(true);
    expect(await h.call('EXISTS', logKey(q.partitions[0]!.keys, id))).toBe(0);
    await expect(q.getLogs(id)).rejects.toThrow(TaskNotFoundError);
  });

  it('refuses progress out of range or huge, naming the value and the limit, and stores nothing', async () => {
    const q = await fx.queue();
    const { id } = await q.enqueue({}, { maxAttempts: 1 });
    const errors: string[] = [];
    fx.worker(q, (t) => {
      for (const v of [101, -1, Number.NaN, { blob: 'z'.repeat(5000) }]) {
        try {
          t.progress(v as number);
        } catch (e) {
          errors.push((e as Error).message);
        }
      }
    }).start();
    await until('completed', async () => (await q.get(id))?.state === 'completed');
    expect(errors[0]).toMatch(/progress 101 is out of range: expected a number from 0 to 100/);
    expect(errors[1]).toMatch(/progress -1 is out of range/);
    expect(errors[3]).toMatch(/progress object is 5\d\d\d bytes of JSON, over the limit of 4096 bytes/);
    expect((await q.get(id))!.progress).toBeUndefined();
  });

  it('cancels waiting and delayed tasks: they never run and end cancelled', async () => {
    const q = await fx.queue({ partitions: 2 });
    const a = await q.enqueue({ n: 'a' });
    const b = await q.enqueue({ n: 'b' }, { delayMs: 200 });
    expect(await q.cancel(a.id)).toEqual({ id: a.id, state: 'cancelled' });
    expect(await q.cancel(b.id)).toEqual({ id: b.id, state: 'cancelled' });
    const ran: string[] = [];
    fx.worker(q, (t) => void ran.push(t.id)).start();
    await sleep(600);
    expect(ran).toEqual([]);
    expect((await q.get(a.id))!).toMatchObject({ state: 'cancelled', cancelledAt: expect.any(Number) });
    expect(await q.counts()).toMatchObject({ cancelled: 2, cancelledTotal: 2, waiting: 0, delayed: 0 });
    await expect(q.cancel('nope')).rejects.toThrow(/task "nope" does not exist/);
  });

  it('cancels an active task: its signal aborts within about a second, no retry, ends cancelled', async () => {
    const q = await fx.queue({ defaultBackoff: { type: 'fixed', delayMs: 0 } });
    const { id } = await q.enqueue({}, { maxAttempts: 3 });
    let started = 0;
    let abortedAt = 0;
    const w = fx.worker(q, (t) => {
      started++;
      return new Promise((resolve) => {
        t.signal.addEventListener('abort', () => {
          abortedAt = Date.now();
          resolve('late result');
        });
      });
    });
    w.start();
    await until('active', async () => (await q.get(id))?.state === 'active');
    const t0 = Date.now();
    expect(await q.cancel(id)).toEqual({ id, state: 'active' });
    expect((await q.get(id))!.cancelRequested).toBe(true);
    const final = await q.waitFor(id, { timeoutMs: 5000 });
    expect(final.state).toBe('cancelled');
    expect(abortedAt - t0).toBeLessThan(1500);
    await sleep(300);
    expect(started).toBe(1);
    expect((await q.get(id))!.result).toBeUndefined();
    expect(w.stats.cancelled).toBe(1);
    expect(await q.cancel(id)).toEqual({ id, state: 'cancelled' });
  });

  it('a cancelled task whose worker died ends cancelled at the stall sweep, not back in waiting', async () => {
    const q = await fx.queue();
    const { id } = await q.enqueue({});
    const p = q.partitions[0]!;
    const r = await q.scripts.reserve(p, {
      leaseMs: 100,
      count: 1,
      workerId: 'dead',
      tokenPrefix: 'dead:1',
      promoteMax: 10,
    });
    expect(r.leased.map((l) => l.id)).toEqual([id]);
    expect(await q.cancel(id)).toEqual({ id, state: 'active' });
    await sleep(150);
    expect(await q.scripts.sweepStalled(p, { lockMs: 100, maxStalls: 3, limit: 10, sweeperId: 's' })).toEqual({
      requeued: 0,
      failed: 0,
    });
    expect(await q.get(id)).toMatchObject({ state: 'cancelled' });
    expect((await q.get(id))!.cancelRequested).toBeUndefined();
    expect(await q.counts()).toMatchObject({ waiting: 0, active: 0, cancelled: 1 });
  });

  it('keepCompleted trimming removes the trimmed tasks’ logs too', async () => {
    const q = await fx.queue();
    const ids = (await q.enqueueBulk(Array.from({ length: 20 }, (_, n) => ({ payload: { n } })))).map((r) => r.id);
    const w = fx.worker(q, (t) => t.log('x'), { keepCompleted: 5, concurrency: 1 });
    w.start();
    await until('20 completed', async () => (await q.counts()).completedTotal === 20);
    await w.stop();
    const h = await fx.handle();
    let logs = 0;
    let records = 0;
    for (const id of ids) {
      logs += Number(await h.call('EXISTS', logKey(q.partitions[0]!.keys, id)));
      records += (await q.get(id)) ? 1 : 0;
    }
    expect(records).toBeLessThanOrEqual(15);
    expect(logs).toBe(records);
  });

  it('cancelMany cancels a state in batches, optionally only older tasks', async () => {
    const q = await fx.queue({ partitions: 2 });
    await q.enqueueBulk(Array.from({ length: 250 }, (_, n) => ({ payload: { n } })));
    expect(await q.cancelMany({ state: 'waiting', olderThanMs: 60_000 })).toEqual({ cancelled: 0 });
    expect(await q.cancelMany({ state: 'waiting' })).toEqual({ cancelled: 250 });
    expect(await q.counts()).toMatchObject({ waiting: 0, cancelled: 250 });
    await expect(q.cancelMany({ state: 'completed' as 'waiting' })).rejects.toThrow(
      /state=completed: expected waiting, delayed or active/,
    );
  });

  it('cancelState is a bulk operation with progress (BulkProgress action cancel)', async () => {
    const q = await fx.queue({ partitions: 2 });
    await q.enqueueBulk(Array.from({ length: 230 }, (_, n) => ({ payload: { n }, delayMs: 60_000 })));
    const progress: number[] = [];
    const r = await cancelState(q, 'delayed', { onProgress: (p) => progress.push(p.done) });
    expect(r).toEqual({ done: 230, total: 230, cancelled: false });
    expect(progress.length).toBeGreaterThan(3);
    expect(await q.counts()).toMatchObject({ delayed: 0, cancelled: 230 });
    await expect(cancelState(q, 'failed' as 'waiting')).rejects.toThrow(
      /state=failed: expected waiting, delayed or active/,
    );
  });

  it('a handler that ignores its signal gives its slot back at the deadline; retried; late result discarded and counted', async () => {
    const q = await fx.queue({ defaultBackoff: { type: 'fixed', delayMs: 0 } });
    const slow = await q.enqueue({ slow: true }, { timeoutMs: 300, maxAttempts: 2 });
    const fast = await q.enqueue({ slow: false });
    let attempts = 0;
    const w = fx.worker(
      q,
      async (t) => {
        if (!(t.payload as { slow: boolean }).slow) return 'fast';
        attempts++;
        await sleep(800); // ignores t.signal
        return 'too late';
      },
      { concurrency: 1 },
    );
    w.start();
    // With one slot, the fast task can only run once the slow attempt gave its slot back.
    await until('fast done', async () => (await q.get(fast.id))?.state === 'completed', 5000);
    const final = await q.waitFor(slow.id, { timeoutMs: 10_000 });
    expect(final).toMatchObject({ state: 'failed', failedReason: 'timeout', attemptsMade: 2 });
    expect(final.lastError).toMatch(/ran past its timeout of 300 ms/);
    expect(final.result).toBeUndefined();
    expect(attempts).toBe(2);
    await until('late results counted', async () => ((await q.counts()).lateResultsTotal ?? 0) >= 1, 5000);
    expect((await q.counts()).timedOutTotal).toBe(2);
  });

  it('aborts the signal at the deadline (defaultTimeoutMs)', async () => {
    const q = await fx.queue({ defaultTimeoutMs: 200 });
    const { id } = await q.enqueue({}, { maxAttempts: 1 });
    let reason: unknown;
    fx.worker(
      q,
      (t) => new Promise((_, reject) => t.signal.addEventListener('abort', () => reject((reason = t.signal.reason)))),
    ).start();
    const final = await q.waitFor(id, { timeoutMs: 5000 });
    expect(final.failedReason).toBe('timeout');
    expect((reason as Error).name).toBe('TimeoutError');
  });

  it('expiry: a task not started in time ends failed with reason expired, at reserve or by the sweep', async () => {
    const q = await fx.queue();
    const atReserve = await q.enqueue({ n: 1 }, { expiresInMs: 100 });
    const bySweep = await q.enqueue({ n: 2 }, { expiresInMs: 100, delayMs: 60_000 });
    const keep = await q.enqueue({ n: 3 }, { expiresInMs: 60_000 });
    await expect(q.enqueue({}, { expiresInMs: 0 })).rejects.toThrow(
      /expiresInMs=0 .*expected a whole number of ms > 0/,
    );
    await sleep(250);
    const ran: string[] = [];
    fx.worker(q, (t) => void ran.push(t.id), { stalledIntervalMs: 100 }).start();
    await until('keep done', async () => (await q.get(keep.id))?.state === 'completed');
    await until('swept', async () => (await q.get(bySweep.id))?.state === 'failed');
    expect(ran).toEqual([keep.id]);
    for (const id of [atReserve.id, bySweep.id])
      expect(await q.get(id)).toMatchObject({
        state: 'failed',
        failedReason: 'expired',
        lastError: expect.stringMatching(/expired before it started/),
      });
    expect(await q.counts()).toMatchObject({ expiredTotal: 2, failed: 2 });
  });

  it('expiry in one batch of mixed tasks (bulk and coalesced enqueues): only the tasks that set it get one', async () => {
    // enqueue-9 sends expiries as trailing (position, ms) pairs: a shifted position would show here.
    const q = await fx.queue({ partitions: 1 });
    const h = await fx.handle();
    const bulk = await q.enqueueBulk(
      Array.from({ length: 9 }, (_, n) => ({ payload: { n }, ...(n % 3 === 1 ? { expiresInMs: 60_000 } : {}) })),
    );
    const single = await Promise.all(
      Array.from({ length: 9 }, (_, n) => q.enqueue({ n }, n % 3 === 2 ? { expiresInMs: 60_000 } : {})),
    );
    const key = q.partitions[0]!.keys.expiry;
    for (const [n, r] of bulk.entries())
      expect([n, (await h.call('ZSCORE', key, r.id)) !== null]).toEqual([n, n % 3 === 1]);
    for (const [n, r] of single.entries())
      expect([n, (await h.call('ZSCORE', key, r.id)) !== null]).toEqual([n, n % 3 === 2]);
    expect(Number(await h.call('ZCARD', key))).toBe(6);
  });
});

import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { queueFixture, until } from '../testing/queue-fixture';
import { redisTarget } from '../testing/redis-target';

const target = redisTarget();
const fx = queueFixture();
afterAll(() => fx.close());

describe(`hot path: coalesced enqueue, fast reserve, prefetch (${target.mode}, needs Redis)`, () => {
  it('gives every enqueue of one tick its own result, duplicates and bad arguments included', async () => {
    const q = await fx.queue({ partitions: target.mode === 'cluster' ? 3 : 1 });
    const calls = [
      ...Array.from({ length: 60 }, (_, i) => q.enqueue({ i })),
      q.enqueue({ dup: 1 }, { id: 'same-tick' }),
      q.enqueue({ dup: 2 }, { id: 'same-tick' }),
      q.enqueue({}, { priority: -1 }),
    ];
    const settled = await Promise.allSettled(calls);
    const ok = settled.slice(0, 60).map((s) => (s.status === 'fulfilled' ? s.value : null));
    expect(new Set(ok.map((r) => r?.id)).size).toBe(60);
    expect(ok.every((r) => r?.created === true)).toBe(true);
    expect(settled[60]).toMatchObject({ status: 'fulfilled', value: { id: 'same-tick', created: true } });
    expect(settled[61]).toMatchObject({ status: 'fulfilled', value: { id: 'same-tick', created: false } });
    expect(settled[62]).toMatchObject({
      status: 'rejected',
      reason: expect.objectContaining({ message: expect.stringMatching(/priority=-1/) }),
    });
    expect((await q.counts()).waiting).toBe(61);
    expect((await q.get('same-tick'))?.payload).toEqual({ dup: 1 });
  });

  it('starts a fresh task by editing its record text, and the record stays what get() and retries expect', async () => {
    const q = await fx.queue({ defaultBackoff: { type: 'fixed', delayMs: 0 } });
    const { id } = await q.enqueue(
      { text: 'has "quotes" and "attemptsMade":0, inside', nested: { history: [] } },
      { maxAttempts: 3 },
    );
    const seen: Array<{ attempt: number; payload: unknown }> = [];
    const w = fx
      .worker(q, (t) => {
        seen.push({ attempt: t.attempt, payload: t.payload });
        if (t.attempt === 1) throw new Error('once');
      })
      .start();
    await until('completed on the second attempt', async () => (await q.get(id))?.state === 'completed');
    await w.stop();
    expect(seen.map((s) => s.attempt)).toEqual([1, 2]);
    expect(seen[0]!.payload).toEqual({ text: 'has "quotes" and "attemptsMade":0, inside', nested: { history: [] } });
    const t = (await q.get(id))!;
    expect(t).toMatchObject({ attemptsMade: 2, state: 'completed' });
    expect(t.history.map((h) => [h.attempt, h.outcome, h.workerId])).toEqual([
      [1, 'failed', w.id],
      [2, 'completed', w.id],
    ]);
  });

  it('leases nothing ahead for slow handlers, so a second worker gets its share', async () => {
    const q = await fx.queue();
    await q.enqueueBulk(Array.from({ length: 6 }, (_, i) => ({ payload: { i } })));
    const byWorker = new Map<string, number>();
    const handler = (name: string) => async () => {
      byWorker.set(name, (byWorker.get(name) ?? 0) + 1);
      await sleep(150);
    };
    fx.worker(q, handler('a'), { concurrency: 1 }).start();
    await sleep(400);
    fx.worker(q, handler('b'), { concurrency: 1 }).start();
    await until('all done', async () => (await q.counts()).completed === 6, 10000);
    expect(byWorker.get('b') ?? 0).toBeGreaterThanOrEqual(1);
  });

  it('gives back tasks leased ahead but not started when it stops', async () => {
    const q = await fx.queue();
    await q.enqueueBulk(Array.from({ length: 500 }, (_, i) => ({ payload: { i } })));
    let started = 0;
    const w = fx
      .worker(
        q,
        async () => {
          started++;
          if (started >= 50) await sleep(50);
        },
        { concurrency: 2 },
      )
      .start();
    await until('some started', () => started >= 52);
    await w.stop();
    const c = await q.counts();
    expect(c.active).toBe(0);
    expect(c.waiting + c.completed).toBe(500);
  });
});

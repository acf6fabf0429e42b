import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { queueFixture } from '../testing/queue-fixture';

const fx = queueFixture();
afterAll(() => fx.close());

/** The sum of the counts of the rate window's batches, read straight from the ZSET. */
async function windowSum(key: string): Promise<number> {
  const h = await fx.handle();
  const members = (await h.call('ZRANGE', key, 0, -1)) as string[];
  return members.reduce((s, m) => s + Number(m.split(':')[1]), 0);
}

describe('rate window running sum', () => {
  it('keeps inWindow equal to the sum of the batches through grants, refunds and batches leaving the window', async () => {
    const q = await fx.queue({ partitions: 1 });
    const h = await fx.handle();
    const { rate, lmeta } = q.limiter.keys;
    const ask = (n: number) =>
      q.limiter.acquire({ n, workerId: 'w', rate: { max: 50, perMs: 200 }, cap: null, leaseMs: 30000 });
    const inWindow = async () => Number(await h.call('HGET', lmeta, 'inWindow'));

    const a = await ask(20);
    const b = await ask(20);
    expect([a.granted, b.granted]).toEqual([20, 20]);
    await q.limiter.refund({ batch: a.batch, unused: 5, workerId: 'w', done: 0 });
    expect(await inWindow()).toBe(35);
    expect(await windowSum(rate)).toBe(35);

    const c = await ask(40); // 50 − 35 left
    expect(c).toMatchObject({ granted: 15, why: 'rate' });
    expect(await inWindow()).toBe(50);
    const refused = await ask(1);
    expect(refused.granted).toBe(0);
    expect(refused.waitMs).toBeGreaterThan(0);
    expect(refused.waitMs).toBeLessThanOrEqual(200 + 10 + 1);

    await sleep(260); // every batch is older than perMs + guard (200 + 10)
    const d = await ask(7);
    expect(d.granted).toBe(7);
    expect(await inWindow()).toBe(7);
    expect(await windowSum(rate)).toBe(7);
  });

  it('starts again from zero when the window key is gone (expired or deleted) while inWindow is left', async () => {
    const q = await fx.queue({ partitions: 1 });
    const h = await fx.handle();
    const ask = (n: number) =>
      q.limiter.acquire({ n, workerId: 'w', rate: { max: 10, perMs: 1000 }, cap: null, leaseMs: 30000 });
    expect((await ask(10)).granted).toBe(10);
    await h.call('DEL', q.limiter.keys.rate);
    expect((await ask(10)).granted).toBe(10);
    expect(Number(await h.call('HGET', q.limiter.keys.lmeta, 'inWindow'))).toBe(10);
  });
});

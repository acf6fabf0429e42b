import { afterAll, describe, expect, it } from 'vitest';
import { queueFixture, until } from '../testing/queue-fixture';
import { redisTarget } from '../testing/redis-target';
import { QueueArgumentError } from './errors';

const target = redisTarget();
const fx = queueFixture();
afterAll(() => fx.close());

describe(`an id is one task on every partition (${target.mode}, needs Redis)`, () => {
  it('the same id with different keys never becomes two tasks: a conflicting key is refused, clearly', async () => {
    const q = await fx.queue({ partitions: 3 });
    const refused = await Promise.all(
      Array.from({ length: 10 }, (_, i) => q.enqueue({ i }, { id: 'order-42', key: `customer-${i}` }).catch((e) => e)),
    );
    for (const e of refused) {
      expect(e).toBeInstanceOf(QueueArgumentError);
      expect((e as Error).message).toMatch(
        /task id "order-42" with key "customer-\d": a task with an id is routed by its id.*"\{customer-\d\}order-42"/,
      );
    }
    expect((await q.enqueue({ first: true }, { id: 'order-42' })).created).toBe(true);
    expect((await q.enqueue({ again: true }, { id: 'order-42' })).created).toBe(false);
    const holders = await Promise.all(q.partitions.map((p) => q.handle.call('HEXISTS', p.keys.data, 'order-42')));
    expect(holders.map(Number).reduce((a, b) => a + b, 0)).toBe(1);
    expect((await q.get('order-42'))?.payload).toEqual({ first: true });
  });

  it('an id with the key as its {hash tag} routes with that key: keyed tasks with and without ids keep their order', async () => {
    const q = await fx.queue({ partitions: 3 });
    const r = [
      await q.enqueue('k-1', { key: 'customer-7' }),
      await q.enqueue('k-2', { id: '{customer-7}order-1' }),
      await q.enqueue('k-3', { id: '{customer-7}order-2', key: 'customer-7' }),
      await q.enqueue('k-4', { key: 'customer-7' }),
    ];
    expect(new Set(r.map((x) => x.partition)).size).toBe(1);
    expect((await q.enqueue('dup', { id: '{customer-7}order-1', key: 'customer-7' })).created).toBe(false);
    const order: unknown[] = [];
    fx.worker(q, (t) => void order.push(t.payload), { concurrency: 1, prefetch: 0 }).start();
    await until('four done', () => order.length === 4);
    expect(order).toEqual(['k-1', 'k-2', 'k-3', 'k-4']);
  });

  it('an empty or unclosed brace is no hash tag: the whole id routes', async () => {
    const q = await fx.queue({ partitions: 3 });
    await expect(q.enqueue({}, { id: '{}x', key: '' })).rejects.toThrow(QueueArgumentError);
    await expect(q.enqueue({}, { id: '{abc', key: 'abc' })).rejects.toThrow(QueueArgumentError);
    expect(q.route({ id: '{abc' }).index).toBe(q.route({ key: '{abc' }).index);
  });
});

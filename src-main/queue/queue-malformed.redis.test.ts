import { afterAll, describe, expect, it } from 'vitest';
import { queueFixture, until } from '../testing/queue-fixture';
import { redisTarget } from '../testing/redis-target';
import { MalformedDataError } from './errors';

const target = redisTarget();
const fx = queueFixture();
afterAll(() => fx.close());

describe(`malformed data already in Redis (${target.mode}, needs Redis)`, () => {
  it('a task record with invalid JSON goes to failed, is reported, and does not block the queue', async () => {
    const q = await fx.queue();
    const k = q.partitions[0]!.keys;
    await q.enqueue({ ok: 1 });
    await q.handle.call('HSET', k.data, 'corrupt-1', '{"payload": this is not json');
    await q.handle.call('ZADD', k.wait, '1', 'corrupt-1');
    await q.enqueue({ ok: 2 });
    const errors: Error[] = [];
    const done: string[] = [];
    const w = fx.worker(q, (t) => void done.push(JSON.stringify(t.payload)));
    w.on('error', (e: Error) => errors.push(e));
    w.start();
    await until('both good tasks done', () => done.length === 2);
    expect(done.sort()).toEqual(['{"ok":1}', '{"ok":2}']);
    expect(
      errors.some(
        (e) => e instanceof MalformedDataError && /corrupt-1 are not valid JSON; moved to failed/.test(e.message),
      ),
    ).toBe(true);
    const t = await q.get('corrupt-1');
    expect(t).toMatchObject({ state: 'failed', corrupt: true, raw: '{"payload": this is not json' });
    expect(await q.counts()).toMatchObject({ failed: 1, completed: 2 });
  });

  it('a queue key of the wrong type is named in the error; other partitions keep working', async () => {
    const q = await fx.queue({ partitions: 2 });
    const bad = q.partitions[0]!.keys.wait;
    await q.handle.call('SET', bad, 'I am a string, not a sorted set');
    await expect(q.counts()).rejects.toThrow(MalformedDataError);
    await expect(q.counts()).rejects.toThrow(new RegExp(`partition 0: \\{.*\\}:wait is a string, expected a zset`));
    const k1 = q.partitions[1]!.keys;
    // Enqueue straight into the healthy partition.
    const ids: string[] = [];
    for (let i = 0; ids.length < 5 && i < 200; i++) {
      const id = `healthy-${i}`;
      if (q.route({ id }).index === 1) {
        await q.enqueue({ i }, { id });
        ids.push(id);
      }
    }
    const errors: Error[] = [];
    const done: string[] = [];
    const w = fx.worker(q, (t) => void done.push(t.id));
    w.on('error', (e: Error) => errors.push(e));
    w.start();
    await until('healthy partition drained', () => done.length === 5);
    expect(done.sort()).toEqual(ids.sort());
    await until(
      'the bad key reported',
      () => errors.some((e) => e instanceof MalformedDataError && e.message.includes(bad)),
      5000,
    );
    expect(errors.some((e) => e instanceof MalformedDataError && e.message.includes(bad))).toBe(true);
    expect(Number(await q.handle.call('ZCARD', k1.completed))).toBe(5);
  });
});

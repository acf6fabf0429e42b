import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { WORKERS_KEY } from '../queue/keys';
import { Queue } from '../queue/queue';
import { countLiveWorkers } from '../queue/worker-registry';
import type { RedisHandle } from '../redis/handle';
import { queueFixture } from '../testing/queue-fixture';
import { uniqueName } from '../testing/redis-target';
import { DepthSampler } from './depth-sampler';
import { handleDepthSource } from './handle-depth-source';

const fx = queueFixture();

/** The shared handle, with every command it sends recorded by name. */
function counting(handle: RedisHandle): { handle: RedisHandle; sent: string[] } {
  const sent: string[] = [];
  const wrapped = Object.create(handle) as RedisHandle;
  wrapped.call = (command, ...args) => {
    sent.push(command.toUpperCase());
    return handle.call(command, ...args);
  };
  return { handle: wrapped, sent };
}

describe('handleDepthSource (real Redis)', () => {
  afterAll(() => fx.close());

  it('gives the oldest waiting task over every partition, reading a record only when a head changed', async () => {
    const { handle, sent } = counting(await fx.handle());
    const q = await Queue.open(handle, uniqueName('oldest'), { partitions: 3 });
    const source = handleDepthSource(handle);
    await source.listQueues();
    expect(await source.oldestWaitingAt!(q.name)).toBeNull();

    await q.enqueue({ n: 0 }, { id: 'first' });
    await sleep(20);
    await q.enqueueBulk(Array.from({ length: 9 }, (_, i) => ({ payload: { n: i + 1 } })));
    const first = (await q.get('first'))!;
    sent.length = 0;
    expect(await source.oldestWaitingAt!(q.name)).toBe(first.createdAt);
    expect(sent.filter((c) => c === 'ZRANGE')).toHaveLength(3);
    expect(sent.filter((c) => c === 'HGET')).toHaveLength(3);

    // Same heads: one ZRANGE per partition, no record read.
    sent.length = 0;
    expect(await source.oldestWaitingAt!(q.name)).toBe(first.createdAt);
    expect(sent).toEqual(['ZRANGE', 'ZRANGE', 'ZRANGE']);

    // The oldest leaves the wait set: its partition's new head is read, the others are not.
    await q.cancel('first');
    sent.length = 0;
    const next = await source.oldestWaitingAt!(q.name);
    expect(sent.filter((c) => c === 'HGET').length).toBeLessThanOrEqual(1);
    expect(next).toBeGreaterThan(first.createdAt);
  });

  it('samples carry the age and live workers; heartbeats are counted without removing stale entries', async () => {
    const handle = await fx.handle();
    const q = await Queue.open(handle, uniqueName('sampled'), { partitions: 2 });
    await q.enqueue({ n: 1 });
    const now = Date.now();
    const entry = (id: string, lastSeen: number) =>
      JSON.stringify({ id, queue: q.name, host: 'h', pid: 1, concurrency: 1, active: 0, startedAt: now, lastSeen });
    const ids = [uniqueName('w-fresh'), uniqueName('w-stale'), uniqueName('w-bad')];
    await handle.call('HSET', WORKERS_KEY, ids[0]!, entry(ids[0]!, now), ids[1]!, entry(ids[1]!, now - 20_000));
    await handle.call('HSET', WORKERS_KEY, ids[2]!, '{not json');
    try {
      expect((await countLiveWorkers(handle)).get(q.name)).toBe(1);
      const sampler = new DepthSampler(handleDepthSource(handle));
      const mine = (await sampler.tick()).find((s) => s.queue === q.name)!;
      expect(mine).toMatchObject({ waiting: 1, liveWorkers: 1, oldestWaitingAt: expect.any(Number) });
      expect(mine.at - mine.oldestWaitingAt!).toBeGreaterThanOrEqual(0);
      expect(mine.at - mine.oldestWaitingAt!).toBeLessThan(60_000);
      // Counting writes nothing: the stale and the malformed entries are still there.
      expect(await handle.call('HEXISTS', WORKERS_KEY, ids[1]!)).toBe(1);
      expect(await handle.call('HEXISTS', WORKERS_KEY, ids[2]!)).toBe(1);
    } finally {
      await handle.call('HDEL', WORKERS_KEY, ...ids);
    }
  });
});

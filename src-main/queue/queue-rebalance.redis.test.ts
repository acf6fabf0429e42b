import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { queueFixture, until } from '../testing/queue-fixture';
import { redisTarget } from '../testing/redis-target';
import { QueueArgumentError } from './errors';
import { partitionKeys, REGISTRY_KEY } from './keys';
import { deleteTask, listTasks, purgeState, requeueState, retryEdited } from './queue-admin';
import { Queue } from './queue';
import type { QueueDefinition } from './registry';

const target = redisTarget();
const fx = queueFixture();
afterAll(() => fx.close());

async function stored(q: Queue): Promise<QueueDefinition> {
  return JSON.parse((await q.handle.call('HGET', REGISTRY_KEY, q.name)) as string) as QueueDefinition;
}

/** How many of a partition's fixed keys still exist. */
async function keysLeft(q: Queue, tags: string[]): Promise<number> {
  let n = 0;
  for (const tag of tags) {
    const k = partitionKeys(tag);
    for (const key of [k.wait, k.delayed, k.active, k.completed, k.data, k.meta, k.schedules, k.schedState])
      n += Number(await q.handle.call('EXISTS', key));
  }
  return n;
}

describe(`queue.rebalance: a new generation of partitions (${target.mode}, needs Redis)`, () => {
  it('3 → 6 under load: every acknowledged id completes exactly once, producers switch, retired keys go', async () => {
    const q = await fx.queue({ partitions: 3 });
    const admin = await Queue.open(q.handle, q.name, { mustExist: true });
    const oldTags = [...q.definition.tags];
    const done = new Map<string, number>();
    fx.worker(q, (t) => void done.set(t.id, (done.get(t.id) ?? 0) + 1), { concurrency: 20 }).start();
    const acked: string[] = [];
    const partsOf = new Map<string, number>();
    let stop = false;
    const producer = async (k: number) => {
      // Bounded: at most 1500 tasks or 20 s per producer.
      const deadline = Date.now() + 20_000;
      for (let i = 0; i < 1500 && !stop && Date.now() < deadline; i++) {
        const r = await q.enqueue({ k, i }, i % 3 === 0 ? { id: `p${k}-${i}` } : {});
        acked.push(r.id);
        partsOf.set(r.id, q.partitions.length);
        if (i % 20 === 0) await sleep(5);
      }
    };
    const producers = [producer(0), producer(1)];
    await until('some tasks acknowledged', () => acked.length >= 300);
    const r = await admin.rebalance({ partitions: 6 });
    expect(r).toMatchObject({ generation: 1, partitionsBefore: 3, partitionsAfter: 6 });
    expect(r.tags.some((t) => oldTags.includes(t))).toBe(false);
    // The producer's Queue (not the one that rebalanced) switches within about a second.
    await until('the producer uses 6 partitions', () => q.partitions.length === 6, 5000);
    await sleep(500);
    stop = true;
    await Promise.all(producers);
    const afterSwitch = [...partsOf.values()].filter((n) => n === 6).length;
    expect(afterSwitch).toBeGreaterThan(0);
    await until(
      'every acknowledged id done',
      () => acked.every((id) => done.has(id)),
      30_000,
      () => `${done.size}/${acked.length}`,
    );
    expect(new Set(acked).size).toBe(acked.length);
    expect([...done.values()].filter((n) => n !== 1)).toEqual([]);
    expect(done.size).toBe(acked.length);
    await until('the retired generation is dropped', async () => (await stored(q)).retired === undefined, 20_000);
    expect(await keysLeft(q, oldTags)).toBe(0);
    const c = await q.counts();
    expect([c.waiting, c.delayed, c.active]).toEqual([0, 0, 0]);
    expect((await stored(q)).tags).toEqual(r.tags);
  });

  it('an id living in a retired partition stays one task: idempotent enqueue is a no-op; get and cancel find it', async () => {
    const q = await fx.queue({ partitions: 3 });
    expect((await q.enqueue({ first: true }, { id: 'order-7' })).created).toBe(true);
    expect((await q.enqueue({ first: true }, { id: 'order-8', delayMs: 60_000 })).created).toBe(true);
    await q.rebalance({ partitions: 6 });
    expect((await q.enqueue({ second: true }, { id: 'order-7' })).created).toBe(false);
    const bulk = await q.enqueueBulk([
      { payload: 'again', id: 'order-8' },
      { payload: 'new', id: 'order-9' },
    ]);
    expect(bulk.map((b) => b.created)).toEqual([false, true]);
    const holders = await Promise.all(q.allPartitions.map((p) => q.handle.call('HEXISTS', p.keys.data, 'order-7')));
    expect(holders.map(Number).reduce((a, b) => a + b, 0)).toBe(1);
    expect((await q.get('order-7'))?.payload).toEqual({ first: true });
    expect(await q.cancel('order-8')).toEqual({ id: 'order-8', state: 'cancelled' });
    expect((await q.get('order-8'))?.state).toBe('cancelled');
    expect((await q.getLogs('order-7')).total).toBe(0);
    // The console's single-task actions reach a retired partition too.
    const edited = await retryEdited(q, 'order-8', { edited: true }, 'test');
    expect(edited).toMatchObject({ state: 'waiting', payload: { edited: true } });
    const inRetired = await Promise.all(
      q.retired[0]!.parts.map((p) => q.handle.call('ZSCORE', p.keys.wait, 'order-8')),
    );
    expect(inRetired.filter((x) => x !== null)).toHaveLength(1);
    expect(await deleteTask(q, 'order-8')).toBe(true);
    expect(await q.get('order-8')).toBeNull();
  });

  it('a delayed task in a retired partition is promoted there and runs; then the generation is removed', async () => {
    const q = await fx.queue({ partitions: 3 });
    const { id } = await q.enqueue('later', { delayMs: 1500 });
    await q.rebalance({ partitions: 2 });
    const ran: string[] = [];
    fx.worker(q, (t) => void ran.push(t.id)).start();
    await until('the delayed task ran', () => ran.includes(id), 10_000);
    expect((await q.waitFor(id, { timeoutMs: 5000 })).state).toBe('completed');
    await until('the retired generation is dropped', async () => (await stored(q)).retired === undefined, 15_000);
    expect(q.retired).toEqual([]);
  });

  it('failed tasks keep a retired generation until handled; state-wide lists and bulk actions reach it', async () => {
    const q = await fx.queue({ partitions: 2 });
    const bad = await q.enqueue({ fail: true }, { maxAttempts: 1 });
    const good = await q.enqueue({ fail: false });
    fx.worker(q, (t) => {
      if ((t.payload as { fail: boolean }).fail) throw new Error('boom');
    }).start();
    expect((await q.waitFor(bad.id, { timeoutMs: 5000 })).state).toBe('failed');
    expect((await q.waitFor(good.id, { timeoutMs: 5000 })).state).toBe('completed');
    await q.rebalance({ partitions: 3 });
    // Past the 5 s grace, the generation with a failed task stays.
    await sleep(6500);
    expect((await stored(q)).retired).toHaveLength(1);
    const failed = await listTasks(q, 'failed', { limit: 10 });
    expect(failed.tasks.map((t) => t.id)).toEqual([bad.id]);
    expect((await q.counts()).failed).toBe(1);
    // Requeued by state, it runs in its retired partition (and fails again: maxAttempts 1).
    expect((await requeueState(q, 'failed')).done).toBe(1);
    await until('the requeued task failed again', async () => (await q.get(bad.id))?.state === 'failed', 10_000);
    expect((await purgeState(q, 'failed')).done).toBe(1);
    await until('the retired generation is dropped', async () => (await stored(q)).retired === undefined, 15_000);
  });

  it('a schedule moves to the new generation and keeps firing, no tick twice', async () => {
    const q = await fx.queue({ partitions: 3 });
    const fired: string[] = [];
    fx.worker(q, (t) => void fired.push(t.id)).start();
    await q.upsertSchedule('tick', { every: 300 }, { payload: 'x' });
    await until('two fires', () => fired.length >= 2, 10_000);
    const r = await q.rebalance({ partitions: 6 });
    expect(r.movedSchedules).toBe(1);
    const before = fired.length;
    await until('three more fires', () => fired.length >= before + 3, 10_000);
    const ticks = fired.map((id) => /sched:tick:(\d+)$/.exec(id)?.[1]);
    expect(ticks.every((t) => t !== undefined)).toBe(true);
    expect(new Set(ticks).size).toBe(ticks.length);
    const list = await q.listSchedules();
    expect(list.map((s) => s.id)).toEqual(['tick']);
    const inRetired = await Promise.all(
      q.retired.flatMap((g) => g.parts).map((p) => q.handle.call('HLEN', p.keys.schedules)),
    );
    expect(inRetired.map(Number)).toEqual([0, 0, 0]);
  });

  it('bad input is refused by name and changes nothing', async () => {
    const q = await fx.queue({ partitions: 3 });
    const before = await q.handle.call('HGET', REGISTRY_KEY, q.name);
    for (const partitions of [0, 1025, 2.5, -1]) {
      const e = await q.rebalance({ partitions }).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(QueueArgumentError);
      expect((e as Error).message).toContain(
        `partitions=${partitions} is not valid: expected a whole number from 1 to 1024`,
      );
    }
    expect(await q.handle.call('HGET', REGISTRY_KEY, q.name)).toBe(before);
    await q.handle.call('HDEL', REGISTRY_KEY, q.name);
    const gone = await q.rebalance({ partitions: 6 }).catch((x: unknown) => x);
    expect(gone).toBeInstanceOf(QueueArgumentError);
    expect((gone as Error).message).toContain(`queue ${q.name} does not exist`);
    expect(await q.handle.call('HGET', REGISTRY_KEY, q.name)).toBeNull();
  });
});

import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { queueFixture, until } from '../testing/queue-fixture';
import { redisTarget } from '../testing/redis-target';
import { QueueArgumentError } from './errors';
import type { Queue } from './queue';
import { hashString } from './routing';

const target = redisTarget();
const fx = queueFixture();
afterAll(() => fx.close());

/** Tasks stored in every partition (all states). */
async function stored(q: Queue): Promise<number> {
  const n = await Promise.all(q.partitions.map((p) => q.handle.call('HLEN', p.keys.data)));
  return n.reduce((a: number, b) => a + Number(b), 0);
}

/** The task id a dedupe key holds in partition `i`, or null. */
function holder(q: Queue, i: number, dedupeId: string): Promise<unknown> {
  return q.handle.call('GET', q.partitions[i]!.keys.dedupe + dedupeId);
}

describe(`deduplication (${target.mode}, needs Redis)`, () => {
  it('100 concurrent enqueues with one dedupe id store one task, and all name its id', async () => {
    const q = await fx.queue({ partitions: 3 });
    const rs = await Promise.all(
      Array.from({ length: 100 }, (_, n) => q.enqueue({ n }, { dedupe: { id: 'refresh:user-7' } })),
    );
    const created = rs.filter((r) => r.created);
    expect(created).toHaveLength(1);
    expect(new Set(rs.map((r) => r.id))).toEqual(new Set([created[0]!.id]));
    expect(rs.filter((r) => r.deduplicated)).toHaveLength(99);
    expect(created[0]!.deduplicated).toBeUndefined();
    expect(await stored(q)).toBe(1);
    // Routed by the dedupe id's hash, and its key sits in that partition only.
    const p = hashString('refresh:user-7') % 3;
    expect(new Set(rs.map((r) => r.partition))).toEqual(new Set([p]));
    expect(await holder(q, p, 'refresh:user-7')).toBe(created[0]!.id);
    expect((await q.counts()).waiting).toBe(1);
  });

  it('with ttlMs: holds for ttlMs whatever the state (even cancelled), then the next enqueue creates a task', async () => {
    const q = await fx.queue({ partitions: 2 });
    const a = await q.enqueue('a', { dedupe: { id: 'd', ttlMs: 400 } });
    expect(a.created).toBe(true);
    await q.cancel(a.id);
    const b = await q.enqueue('b', { dedupe: { id: 'd', ttlMs: 400 } });
    expect(b).toMatchObject({ id: a.id, created: false, deduplicated: true });
    const pttl = Number(await q.handle.call('PTTL', q.partitions[a.partition]!.keys.dedupe + 'd'));
    expect(pttl).toBeGreaterThan(0);
    expect(pttl).toBeLessThanOrEqual(400);
    await sleep(450);
    const c = await q.enqueue('c', { dedupe: { id: 'd', ttlMs: 400 } });
    expect(c.created).toBe(true);
    expect(c.id).not.toBe(a.id);
    expect(await stored(q)).toBe(2);
  });

  it('without ttlMs: holds while the task is waiting, delayed or active; completing, failing or cancelling frees it', async () => {
    const q = await fx.queue({ defaultBackoff: { type: 'fixed', delayMs: 0 } });
    // Delayed, then cancelled.
    const d1 = await q.enqueue('x', { delayMs: 60_000, dedupe: { id: 'job' } });
    expect((await q.enqueue('y', { dedupe: { id: 'job' } })).id).toBe(d1.id);
    await q.cancel(d1.id);
    const d2 = await q.enqueue('z', { dedupe: { id: 'job' } });
    expect(d2.created).toBe(true);
    expect(await holder(q, 0, 'job')).toBe(d2.id);

    // Active, then completed.
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const w = fx.worker(q, async (t) => {
      if (t.payload === 'fail') throw new Error('no');
      await gate;
    });
    w.start();
    await until('d2 active', async () => (await q.get(d2.id))?.state === 'active');
    const again = await q.enqueue('z2', { dedupe: { id: 'job' } });
    expect(again).toMatchObject({ id: d2.id, deduplicated: true });
    release();
    await until('d2 completed', async () => (await q.get(d2.id))?.state === 'completed');
    const d3 = await q.enqueue('fail', { maxAttempts: 1, dedupe: { id: 'job' } });
    expect(d3.created).toBe(true);
    await until('d3 failed', async () => (await q.get(d3.id))?.state === 'failed');
    const d4 = await q.enqueue('ok', { dedupe: { id: 'job' } });
    expect(d4.created).toBe(true);
    expect(new Set([d1.id, d2.id, d3.id, d4.id]).size).toBe(4);
    await until('d4 completed', async () => (await q.get(d4.id))?.state === 'completed');
    await w.stop();
  });

  it('a completed task gives its dedupe key up at once, also with removeOnComplete (no key or owner entry is left)', async () => {
    const q = await fx.queue();
    const k = q.partitions[0]!.keys;
    const a = await q.enqueue('a', { dedupe: { id: 'gone' } });
    const w = fx.worker(q, () => undefined, { removeOnComplete: true, stalledIntervalMs: 60_000 });
    w.start();
    await until('a completed', async () => (await q.counts()).completedTotal === 1);
    await w.stop();
    expect(await q.get(a.id)).toBeNull();
    expect(await holder(q, 0, 'gone')).toBeNull();
    expect(await q.handle.call('EXISTS', k.dedupeOwner)).toBe(0);
  });

  it('retention removes a finished task with the dedupe key it still holds, and only that one', async () => {
    const q = await fx.queue({
      retention: { failed: { maxCount: 0, maxAgeMs: 86_400_000 } },
    });
    const k = q.partitions[0]!.keys;
    // Cancelled tasks keep their key (they follow the failed rule) until retention or a takeover.
    const a = await q.enqueue('a', { dedupe: { id: 'r1' } });
    const b = await q.enqueue('b', { dedupe: { id: 'r2' } });
    await q.cancel(a.id);
    await q.cancel(b.id);
    expect(await holder(q, 0, 'r1')).toBe(a.id);
    // r2 is taken over by a new task before the sweep: its key must survive the old task's removal.
    const c = await q.enqueue('c', { dedupe: { id: 'r2' } });
    expect(c.created).toBe(true);
    expect(await q.applyRetention()).toEqual({ removed: 2 });
    expect(await q.get(a.id)).toBeNull();
    expect(await q.get(b.id)).toBeNull();
    expect(await holder(q, 0, 'r1')).toBeNull();
    expect(await holder(q, 0, 'r2')).toBe(c.id);
    expect(await q.handle.call('HKEYS', k.dedupeOwner)).toEqual([c.id]);
  });

  it('a batch with two tasks of one dedupe id stores the first, mixed with expiries and plain tasks', async () => {
    const q = await fx.queue();
    const rs = await q.enqueueBulk([
      { payload: 'plain' },
      { payload: 'first', expiresInMs: 60_000, dedupe: { id: 'b' } },
      { payload: 'second', dedupe: { id: 'b' } },
      { payload: 'expires', expiresInMs: 30_000 },
      { payload: 'other', dedupe: { id: 'c', ttlMs: 60_000 } },
    ]);
    expect(rs.map((r) => r.created)).toEqual([true, true, false, true, true]);
    expect(rs[2]).toMatchObject({ id: rs[1]!.id, deduplicated: true });
    expect(await stored(q)).toBe(4);
    const expiry = q.partitions[0]!.keys.expiry;
    expect(new Set((await q.handle.call('ZRANGE', expiry, 0, -1)) as string[])).toEqual(
      new Set([rs[1]!.id, rs[3]!.id]),
    );
    expect((await q.get(rs[1]!.id))?.payload).toBe('first');
    expect((await q.get(rs[4]!.id))?.payload).toBe('other');

    // The same through coalesced single enqueues (one tick, one script call).
    const cs = await Promise.all([
      q.enqueue('p'),
      q.enqueue('q1', { dedupe: { id: 'co' }, expiresInMs: 20_000 }),
      q.enqueue('q2', { dedupe: { id: 'co' } }),
      q.enqueue('e', { expiresInMs: 10_000 }),
    ]);
    expect(cs.map((r) => r.created)).toEqual([true, true, false, true]);
    expect(cs[2]!.id).toBe(cs[1]!.id);
    expect(await q.handle.call('ZSCORE', expiry, cs[3]!.id)).not.toBeNull();
    expect(await q.handle.call('ZSCORE', expiry, cs[0]!.id)).toBeNull();
  });

  it('with a routing key, routes by the key and keeps the dedupe key in that partition', async () => {
    const q = await fx.queue({ partitions: 3 });
    const byKey = hashString('customer-9') % 3;
    const a = await q.enqueue('a', { key: 'customer-9', dedupe: { id: 'refresh' } });
    const b = await q.enqueue('b', { key: 'customer-9', dedupe: { id: 'refresh' } });
    expect(a.partition).toBe(byKey);
    expect(b).toMatchObject({ id: a.id, partition: byKey, deduplicated: true });
    expect(await holder(q, byKey, 'refresh')).toBe(a.id);
    // An explicit id routes by the id; the dedupe id still holds there.
    const c = await q.enqueue('c', { id: 'task-1', dedupe: { id: 'x' } });
    const d = await q.enqueue('d', { id: 'task-2', dedupe: { id: 'x' } });
    if (hashString('task-1') % 3 === hashString('task-2') % 3) expect(d.id).toBe(c.id);
    else expect(d.created).toBe(true);
  });

  it('refuses bad dedupe options with the value named, storing nothing (not even the good tasks of a bulk)', async () => {
    const q = await fx.queue();
    const cases: Array<[unknown, RegExp]> = [
      [{ id: '' }, /dedupe\.id "" for task .*: expected 1-512 characters of well-formed Unicode \(it has 0\)/],
      [{ id: 'a\ud800b' }, /dedupe\.id .*unpaired UTF-16 surrogate at index 1/],
      [{ id: 'x'.repeat(513) }, /expected 1-512 characters .*\(it has 513\)/],
      [{ id: 7 }, /dedupe\.id 7 for task .*: expected a string/],
      [{ id: 'ok', ttlMs: 0 }, /dedupe\.ttlMs=0 for task .*: expected a whole number of ms from 1/],
      [{ id: 'ok', ttlMs: -5 }, /dedupe\.ttlMs=-5/],
      [{ id: 'ok', ttlMs: 1.5 }, /dedupe\.ttlMs=1\.5/],
      [{ id: 'ok', ttl: 100 }, /dedupe\.ttl for task .*: unknown option/],
      ['ok', /dedupe="ok" for task .*: expected \{ id, ttlMs\? \}/],
    ];
    for (const [dedupe, message] of cases) {
      const e = await q.enqueue('x', { dedupe: dedupe as never }).catch((err: unknown) => err);
      expect(e).toBeInstanceOf(QueueArgumentError);
      expect((e as Error).message).toMatch(message);
    }
    await expect(
      q.enqueueBulk([{ payload: 'good' }, { payload: 'bad', dedupe: { id: 'ok', ttlMs: 0 } }]),
    ).rejects.toThrow(/dedupe\.ttlMs=0/);
    expect(await stored(q)).toBe(0);
    expect(await holder(q, 0, 'ok')).toBeNull();
  });
});

import { afterAll, describe, expect, it } from 'vitest';
import { queueFixture, until } from '../testing/queue-fixture';
import { redisTarget } from '../testing/redis-target';
import { MalformedDataError, QueueArgumentError } from './errors';
import { newRecord } from './task-record';
import { deleteTask, requeueIds } from './queue-admin';

const target = redisTarget();
const fx = queueFixture();
afterAll(() => fx.close());

describe(`task ids and queue names must be well-formed Unicode (${target.mode}, needs Redis)`, () => {
  it('refuses ids with a lone surrogate everywhere they enter, naming the escaped value; nothing is stored', async () => {
    const q = await fx.queue({ partitions: target.mode === 'cluster' ? 3 : 1 });
    // These two collide once encoded (both become U+FFFD), which silently dropped the second.
    for (const id of ['job-\ud800', 'job-\udbff', '\udc00lead', 'tail\ud83d']) {
      const escaped = JSON.stringify(id).slice(1, -1);
      const message = new RegExp(`task id "${escaped.replace(/\\/g, '\\\\')}".*well-formed Unicode`);
      await expect(q.enqueue({ v: 1 }, { id })).rejects.toThrow(QueueArgumentError);
      await expect(q.enqueue({ v: 1 }, { id })).rejects.toThrow(message);
      await expect(q.enqueueBulk([{ payload: 1, id }])).rejects.toThrow(message);
      await expect(q.get(id)).rejects.toThrow(message);
      await expect(deleteTask(q, id)).rejects.toThrow(message);
      await expect(requeueIds(q, ['fine', id])).rejects.toThrow(message);
    }
    expect(await q.counts()).toMatchObject({ waiting: 0, delayed: 0 });
    const stored = await Promise.all(q.partitions.map((p) => q.handle.call('HLEN', p.keys.data)));
    expect(stored.map(Number)).toEqual(q.partitions.map(() => 0));
  });

  it('accepts well-formed ids outside the BMP (surrogate pairs) and keeps them apart', async () => {
    const q = await fx.queue();
    const a = await q.enqueue({ v: 'a' }, { id: 'job-😀' });
    const b = await q.enqueue({ v: 'b' }, { id: 'job-😁' });
    expect([a.created, b.created]).toEqual([true, true]);
    expect((await q.get('job-😀'))?.payload).toEqual({ v: 'a' });
    expect((await q.get('job-😁'))?.payload).toEqual({ v: 'b' });
  });

  it('refuses a queue name with a lone surrogate, naming it escaped', async () => {
    await expect(fx.queue({}, 'emails-\ud800')).rejects.toThrow(/queue name "emails-\\ud800" is not valid/);
  });

  it('a failing task whose record Lua cannot decode keeps its record as it was and goes to failed', async () => {
    const q = await fx.queue();
    const k = q.partitions[0]!.keys;
    // Written by an older version: a lone surrogate inside the record. JSON.parse reads it; Redis's
    // cjson does not. Its shape is enqueue's, so reserve leases it by editing the text.
    const raw = JSON.stringify(
      newRecord({ id: 'legacy-\udc00', payload: { important: 'payload' }, maxAttempts: 3, priority: 0, now: 1 }),
    );
    await q.handle.call('HSET', k.data, 'legacy-1', raw);
    await q.handle.call('ZADD', k.wait, '1', 'legacy-1');
    const errors: Error[] = [];
    const failed: Array<[string, boolean]> = [];
    const w = fx.worker(q, () => {
      throw new Error('handler failed');
    });
    w.on('error', (e: Error) => errors.push(e));
    w.on('failed', (id: string, _e: Error, final: boolean) => failed.push([id, final]));
    w.start();
    await until('the task failed', async () => (await q.get('legacy-1'))?.state === 'failed');
    const after = (await q.handle.call('HGET', k.data, 'legacy-1')) as string;
    const rec = JSON.parse(after) as { payload: string; attemptsMade: number; id: string };
    expect(rec.payload).toBe(JSON.stringify({ important: 'payload' }));
    expect(rec.id).toBe('legacy-\udc00');
    expect(rec.attemptsMade).toBe(1);
    expect((await q.get('legacy-1'))?.payload).toEqual({ important: 'payload' });
    expect(failed).toEqual([['legacy-1', true]]);
    expect(errors.some((e) => e instanceof MalformedDataError && /legacy-1.*kept as it is/.test(e.message))).toBe(true);
    expect(await q.counts()).toMatchObject({ failed: 1, failedTotal: 1, waiting: 0, delayed: 0, active: 0 });
  });
});

import { afterAll, describe, expect, it } from 'vitest';
import type { Task } from '../../shared/types/queue';
import { queueFixture, until } from '../testing/queue-fixture';
import { redisTarget } from '../testing/redis-target';
import {
  deleteTask,
  listTasks,
  promoteDelayed,
  purgeState,
  requeueIds,
  requeueState,
  searchTasks,
} from './queue-admin';

const target = redisTarget();
const fx = queueFixture();
afterAll(() => fx.close());

async function failAll(q: Awaited<ReturnType<typeof fx.queue>>, count: number) {
  await q.enqueueBulk(Array.from({ length: count }, (_, i) => ({ payload: { i }, maxAttempts: 1 })));
  const w = fx.worker(
    q,
    () => {
      throw new Error('nope');
    },
    { concurrency: 20 },
  );
  w.start();
  await until(`${count} failed`, async () => (await q.counts()).failed === count);
  await w.stop();
}

describe(`operator actions (${target.mode}, needs Redis)`, () => {
  it('requeues every failed task with attempts reset and history kept; a healthy worker completes them', async () => {
    const q = await fx.queue({ partitions: 3 });
    await failAll(q, 120);
    const progress: number[] = [];
    const r = await requeueState(q, 'failed', { batchSize: 50, onProgress: (p) => progress.push(p.done) });
    expect(r).toEqual({ done: 120, total: 120, cancelled: false });
    expect(progress.at(-1)).toBe(120);
    expect(progress.length).toBeGreaterThan(3);
    const page = await listTasks(q, 'waiting', { limit: 1 });
    expect(page.tasks[0]).toMatchObject({ attemptsMade: 0, state: 'waiting' });
    expect(page.tasks[0]!.history.map((h) => h.outcome)).toEqual(['failed']);
    fx.worker(q, () => undefined, { concurrency: 20 }).start();
    await until('all completed', async () => (await q.counts()).completed === 120);
    expect(await q.counts()).toMatchObject({ failed: 0, waiting: 0, completed: 120 });
  });

  it('requeues selected ids only', async () => {
    const q = await fx.queue({ partitions: 2 });
    await failAll(q, 10);
    const failed = await listTasks(q, 'failed', { limit: 10 });
    const pick = failed.tasks.slice(0, 3).map((t) => t.id);
    const r = await requeueIds(q, [...pick, 'unknown-id']);
    expect(r.done).toBe(3);
    expect(await q.counts()).toMatchObject({ failed: 7, waiting: 3 });
  });

  it('pages through a state newest first with a cursor, over partitions, without gaps or repeats', async () => {
    const q = await fx.queue({ partitions: 3 });
    await q.enqueueBulk(Array.from({ length: 95 }, (_, i) => ({ payload: { i }, delayMs: 60000 + (i % 7) * 1000 })));
    const seen: Task[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 20; page++) {
      const r = await listTasks(q, 'delayed', { limit: 10, cursor });
      seen.push(...r.tasks);
      if (!r.nextCursor) break;
      cursor = r.nextCursor;
    }
    expect(seen).toHaveLength(95);
    expect(new Set(seen.map((t) => t.id)).size).toBe(95);
    const runAts = seen.map((t) => t.runAt!);
    expect([...runAts].sort((a, b) => b - a)).toEqual(runAts);
    await expect(listTasks(q, 'delayed', { cursor: 'garbage' })).rejects.toThrow(
      /cursor .* is not one this server issued/,
    );
  });

  it('searches by id prefix and by payload text', async () => {
    const q = await fx.queue({ partitions: 2 });
    await q.enqueue({ email: 'ada@example.test' }, { id: 'invoice-001' });
    await q.enqueue({ email: 'bob@example.test' }, { id: 'invoice-002' });
    await q.enqueue({ email: 'carol@example.test' }, { id: 'receipt-003' });
    const byId = await searchTasks(q, 'invoice-');
    expect(byId.tasks.map((t) => t.id).sort()).toEqual(['invoice-001', 'invoice-002']);
    const byPayload = await searchTasks(q, 'carol@');
    expect(byPayload.tasks.map((t) => t.id)).toEqual(['receipt-003']);
    expect(byPayload.nextCursor).toBeNull();
  });

  it('purges a state, or only tasks finished before an age', async () => {
    const q = await fx.queue();
    await q.enqueueBulk(Array.from({ length: 30 }, (_, i) => ({ payload: { i } })));
    fx.worker(q, () => undefined, { concurrency: 10 }).start();
    await until('completed', async () => (await q.counts()).completed === 30);
    expect((await purgeState(q, 'completed', { olderThanMs: 60000 })).done).toBe(0);
    await expect(purgeState(q, 'waiting', { olderThanMs: 1 })).rejects.toThrow(/applies to completed and failed/);
    const r = await purgeState(q, 'completed', { batchSize: 7 });
    expect(r).toEqual({ done: 30, total: 30, cancelled: false });
    expect((await q.counts()).completed).toBe(0);
  });

  it('purges a batch above Lua unpack()’s limit (9000 tasks in one call) and refuses a bad batchSize', async () => {
    const q = await fx.queue();
    await q.enqueueBulk(Array.from({ length: 9000 }, (_, i) => ({ payload: { i } })));
    const r = await purgeState(q, 'waiting', { batchSize: 9000 });
    expect(r).toEqual({ done: 9000, total: 9000, cancelled: false });
    expect((await q.counts()).waiting).toBe(0);
    for (const batchSize of [0, 1.5, 20_000]) {
      await expect(purgeState(q, 'waiting', { batchSize })).rejects.toThrow(
        new RegExp(`batchSize=${batchSize}: expected a whole number of tasks per call from 1 to 10000`),
      );
      await expect(requeueState(q, 'failed', { batchSize })).rejects.toThrow(/batchSize=.*expected a whole number/);
    }
  });

  it('cancels a bulk action between batches and keeps what was done', async () => {
    const q = await fx.queue();
    await q.enqueueBulk(Array.from({ length: 100 }, (_, i) => ({ payload: { i } })));
    const ac = new AbortController();
    const r = await purgeState(q, 'waiting', {
      batchSize: 10,
      signal: ac.signal,
      onProgress: (p) => {
        if (p.done >= 30) ac.abort();
      },
    });
    expect(r.cancelled).toBe(true);
    expect(r.done).toBe(30);
    expect((await q.counts()).waiting).toBe(70);
  });

  it('deletes one task and promotes delayed ones', async () => {
    const q = await fx.queue({ partitions: 2 });
    const { id } = await q.enqueue({ x: 1 }, { delayMs: 3600000 });
    await q.enqueue({ x: 2 }, { delayMs: 3600000 });
    expect(await deleteTask(q, id)).toBe(true);
    expect(await deleteTask(q, id)).toBe(false);
    expect(await q.get(id)).toBeNull();
    const r = await promoteDelayed(q);
    expect(r.done).toBe(1);
    expect(await q.counts()).toMatchObject({ delayed: 0, waiting: 1 });
  });
});

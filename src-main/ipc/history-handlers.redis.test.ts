import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IpcResult } from '../../shared/ipc/contract';
import { QueueHistorySchema, type QueueHistory } from '../../shared/types/history';
import type { AppContext } from '../app/app-context';
import type { Queue } from '../queue/queue';
import { connectedContext } from '../testing/app-context-fixture';
import { queueFixture, until } from '../testing/queue-fixture';
import { redisTarget } from '../testing/redis-target';
import { contextDispatch } from './context-dispatch';
import type { Dispatch } from './dispatch';

const target = redisTarget();

/** The answer's history, checked against the contract's schema; null for an error. */
function historyOf(r: IpcResult<unknown>): QueueHistory | null {
  return r.ok ? QueueHistorySchema.parse(r.data) : null;
}

describe(`queue:history through the real handler table (${target.mode}, needs Redis)`, () => {
  const fx = queueFixture();
  let q: Queue;
  let idle: Queue;
  let rw: AppContext;
  let ro: AppContext;
  let dispatch: Dispatch;
  let readOnly: Dispatch;

  beforeAll(async () => {
    // `idle` exists before any console connects: only the read-only one ever sees it alone.
    [q, idle] = await Promise.all([fx.queue({ partitions: 2 }), fx.queue({ partitions: 2 })]);
    await q.enqueueBulk(Array.from({ length: 7 }, (_, i) => ({ payload: { i } })));
    await idle.enqueueBulk(Array.from({ length: 3 }, (_, i) => ({ payload: { i } })));
    ro = await connectedContext('history-ro', { readOnly: true });
    readOnly = contextDispatch(ro, 'test:history-read-only');
  });
  afterAll(async () => {
    await Promise.all([rw?.close(), ro?.close()]);
    await fx.close();
  });

  it('is allowed read-only, and a read-only console records no depth of its own', async () => {
    // The read-only console samples the queues every 500 ms (fixture) without writing history.
    await until(
      'the read-only sampler saw the idle queue',
      () => (ro.sampler()?.latest(idle.name)?.waiting ?? 0) === 3,
    );
    await until('a few more ticks', () => ro.sampler()!.samples(idle.name).length >= 3);
    const h = historyOf(await readOnly('queue:history', { queue: idle.name, range: '1h' }));
    expect(h?.points).toHaveLength(60);
    expect(h!.points.every((p) => p.waiting === null)).toBe(true);
  });

  it('answers a queue history, with the depth the console recorded, and names a bad range or queue', async () => {
    rw = await connectedContext('history-rw');
    dispatch = contextDispatch(rw, 'test:history');
    // Nothing works q: the console's own recorder writes its depth sample within a sampler tick.
    await until(
      'the console recorded the depth',
      async () => {
        const h = historyOf(await dispatch('queue:history', { queue: q.name, range: '1h' }));
        return h?.points.some((p) => p.waiting === 7) ?? false;
      },
      20_000,
    );
    for (const range of ['24h', '7d'] as const) {
      const h = historyOf(await dispatch('queue:history', { queue: q.name, range }));
      expect(Math.max(...h!.points.map((p) => p.waiting ?? 0)), range).toBe(7);
    }
    const bad = await dispatch('queue:history', { queue: q.name, range: '2d' as never });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    expect(!bad.ok && bad.error.message).toMatch(/^queue:history: range: /);
    const missing = await dispatch('queue:history', { queue: 'no-such-queue-history', range: '1h' });
    expect(missing.ok).toBe(false);
    expect(!missing.ok && missing.error.message).toMatch(/no-such-queue-history/);
  });
});

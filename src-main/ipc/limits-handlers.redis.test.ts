import { connectedContext } from '../testing/app-context-fixture';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppContext } from '../app/app-context';
import type { Queue } from '../queue/queue';
import { queueFixture } from '../testing/queue-fixture';
import { contextDispatch } from './context-dispatch';
import type { Dispatch } from './dispatch';

async function context(readOnly: boolean): Promise<AppContext> {
  return connectedContext('limits', {
    monitor: { intervalMs: 1000, nodeTimeoutMs: 500 },
    sampler: { intervalMs: 1000, discoveryIntervalMs: 2000 },
    readOnly,
  });
}

describe('limits:* channels through the real handler table (issue 14, needs Redis)', () => {
  const fx = queueFixture();
  let q: Queue;
  let rw: AppContext;
  let ro: AppContext;
  let dispatch: Dispatch;
  let readOnly: Dispatch;

  beforeAll(async () => {
    q = await fx.queue();
    await q.enqueue({ n: 1 });
    [rw, ro] = await Promise.all([context(false), context(true)]);
    dispatch = contextDispatch(rw, 'test:limits');
    readOnly = contextDispatch(ro, 'test:limits-read-only');
  });
  afterAll(async () => {
    await Promise.all([rw?.close(), ro?.close()]);
    await fx.close();
  });

  it('gets, sets and removes the rate limit and the cap, answering the stored status', async () => {
    expect(await dispatch('limits:get', { queue: q.name })).toMatchObject({
      ok: true,
      data: { queue: q.name, rateLimit: null, concurrency: null, waiting: 1, limited: false },
    });
    const rate = await dispatch('limits:set-rate', { queue: q.name, limit: { max: 100, perMs: 1000 } });
    expect(rate).toMatchObject({ ok: true, data: { rateLimit: { max: 100, perMs: 1000 } } });
    const cap = await dispatch('limits:set-concurrency', { queue: q.name, concurrency: 5 });
    expect(cap).toMatchObject({ ok: true, data: { rateLimit: { max: 100, perMs: 1000 }, concurrency: 5 } });
    expect(q.rateLimit).toBeNull(); // this process's copy: refreshed by limitStatus
    expect((await q.limitStatus()).concurrency).toBe(5);
    await dispatch('limits:set-rate', { queue: q.name, limit: null });
    const off = await dispatch('limits:set-concurrency', { queue: q.name, concurrency: null });
    expect(off).toMatchObject({ ok: true, data: { rateLimit: null, concurrency: null } });
  });

  it('refuses bad values and unknown queues with a message naming them', async () => {
    const zero = await dispatch('limits:set-rate', { queue: q.name, limit: { max: 0, perMs: 1000 } });
    expect(zero).toMatchObject({
      ok: false,
      error: { code: 'invalid-argument', message: expect.stringMatching(/max=0/) },
    });
    const half = await dispatch('limits:set-concurrency', { queue: q.name, concurrency: 2.5 });
    expect(half).toMatchObject({ ok: false, error: { message: expect.stringMatching(/concurrency 2.5/) } });
    const missing = await dispatch('limits:set-rate', { queue: 'no-such-queue-lim', limit: { max: 1, perMs: 1 } });
    expect(missing).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/no-such-queue-lim does not exist/) },
    });
    expect((await q.limitStatus()).rateLimit).toBeNull();
  });

  it('refuses the mutations in read-only mode, and still answers limits:get', async () => {
    const r = await readOnly('limits:set-rate', { queue: q.name, limit: { max: 1, perMs: 1000 } });
    expect(r).toMatchObject({ ok: false, error: { code: 'read-only' } });
    const c = await readOnly('limits:set-concurrency', { queue: q.name, concurrency: 1 });
    expect(c).toMatchObject({ ok: false, error: { code: 'read-only' } });
    expect(await readOnly('limits:get', { queue: q.name })).toMatchObject({ ok: true, data: { rateLimit: null } });
    const s = await q.limitStatus();
    expect(s.rateLimit).toBeNull();
    expect(s.concurrency).toBeNull();
  });
});

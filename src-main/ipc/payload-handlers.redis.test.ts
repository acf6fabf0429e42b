import { connectedContext } from '../testing/app-context-fixture';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Task } from '../../shared/types/queue';
import { AppContext } from '../app/app-context';
import type { Queue } from '../queue/queue';
import { queueFixture, until } from '../testing/queue-fixture';
import { contextDispatch } from './context-dispatch';
import type { Dispatch } from './dispatch';

const fx = queueFixture();

describe('edit and retry, and payload schemas (real Redis)', () => {
  let ctx: AppContext;
  let dispatch: Dispatch;
  let q: Queue;

  beforeAll(async () => {
    q = await fx.queue();
    ctx = await connectedContext('payload');
    dispatch = contextDispatch(ctx, 'desktop:ops@host');
  });
  afterAll(async () => {
    await ctx?.close();
    await fx.close();
  });

  async function failOne(payload: unknown): Promise<string> {
    const { id } = await q.enqueue(payload, { maxAttempts: 1 });
    const w = fx.worker(q, (t) => {
      if ((t.payload as { fixed?: boolean }).fixed) return 'done';
      throw new Error('bad payload');
    });
    w.start();
    await until('the task failed', async () => (await q.get(id))?.state === 'failed');
    await w.stop();
    return id;
  }

  it('a failed task is edited and retried, then completes; the edit is in its history and in the audit log', async () => {
    const id = await failOne({ to: 'a@example.com' });
    const r = await dispatch('payload:retry-edited', {
      queue: q.name,
      id,
      payload: { to: 'a@example.com', fixed: true },
    });
    expect(r.ok, JSON.stringify(r)).toBe(true);
    const t = (r as { data: Task }).data;
    expect(t).toMatchObject({ state: 'waiting', attemptsMade: 0, payload: { to: 'a@example.com', fixed: true } });
    expect(t.edits).toEqual([{ at: expect.any(Number), by: 'desktop:ops@host', previous: { to: 'a@example.com' } }]);
    const w = fx.worker(q, (task) =>
      (task.payload as { fixed?: boolean }).fixed ? 'done' : Promise.reject(new Error('x')),
    );
    w.start();
    await until('the edited task completed', async () => (await q.get(id))?.state === 'completed');
    await w.stop();
    await until('the edit in the audit log', async () =>
      (await ctx.audit.list({ queue: q.name, action: 'payload:retry-edited' })).entries.some(
        (e) => e.target.id === id && e.who === 'desktop:ops@host' && e.outcome === 'ok',
      ),
    );
  });

  it('refuses to edit a task that is not failed or cancelled, or unknown, and changes nothing', async () => {
    const { id } = await q.enqueue({ n: 1 }, { delayMs: 600_000 });
    const r = await dispatch('payload:retry-edited', { queue: q.name, id, payload: { n: 2 } });
    expect(r).toMatchObject({
      ok: false,
      error: { code: 'invalid-argument', message: expect.stringMatching(/is delayed: only a failed or cancelled/) },
    });
    expect((await q.get(id))!.payload).toEqual({ n: 1 });
    const u = await dispatch('payload:retry-edited', { queue: q.name, id: 'nope', payload: {} });
    expect(u).toMatchObject({ ok: false, error: { code: 'task-not-found' } });
  });

  it('a queue schema guards the console enqueue and edit-and-retry, naming what is wrong; an invalid schema is refused', async () => {
    const bad = await dispatch('payload:set-schema', { queue: q.name, schema: { type: 'nonsense' } });
    expect(bad).toMatchObject({
      ok: false,
      error: { code: 'invalid-argument', message: expect.stringMatching(/not a valid JSON Schema/) },
    });
    expect(await dispatch('payload:schema', { queue: q.name })).toEqual({ ok: true, data: { schema: null } });
    const schema = { type: 'object', properties: { to: { type: 'string' } }, required: ['to'] };
    expect((await dispatch('payload:set-schema', { queue: q.name, schema })).ok).toBe(true);
    expect(await dispatch('payload:check', { queue: q.name, payload: { to: 5 } })).toEqual({
      ok: true,
      data: { errors: ['payload/to: must be string'] },
    });
    const before = (await q.counts()).waiting;
    const refused = await dispatch('queue:enqueue', { queue: q.name, payload: {} });
    expect(refused).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/must have required property 'to'/) },
    });
    expect((await q.counts()).waiting).toBe(before);
    expect((await dispatch('queue:enqueue', { queue: q.name, payload: { to: 'x' }, delayMs: 600_000 })).ok).toBe(true);
    const id = await failOne({ to: 'b@example.com' });
    const e = await dispatch('payload:retry-edited', { queue: q.name, id, payload: { to: 7 } });
    expect(e).toMatchObject({ ok: false, error: { message: expect.stringMatching(/payload\/to: must be string/) } });
    expect((await q.get(id))!.state).toBe('failed');
    expect((await dispatch('payload:set-schema', { queue: q.name, schema: null })).ok).toBe(true);
    expect(await dispatch('payload:schema', { queue: q.name })).toEqual({ ok: true, data: { schema: null } });
  });
});

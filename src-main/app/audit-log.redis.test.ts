import { connectedContext } from '../testing/app-context-fixture';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDIT_MAX_ENTRIES, type AuditEntry } from '../../shared/types/audit';
import { contextDispatch } from '../ipc/context-dispatch';
import type { Dispatch } from '../ipc/dispatch';
import { AUDIT_KEY } from '../queue/keys';
import type { Queue } from '../queue/queue';
import type { RedisHandle } from '../redis/handle';
import { queueFixture, until } from '../testing/queue-fixture';
import { AppContext } from './app-context';

const fx = queueFixture();

async function openContext(readOnly = false): Promise<AppContext> {
  return connectedContext('audit', { readOnly });
}

describe('audit log (real Redis)', () => {
  let ctx: AppContext;
  let viewer: AppContext;
  let dispatch: Dispatch;
  let handle: RedisHandle;
  let q: Queue;

  beforeAll(async () => {
    handle = await fx.handle();
    q = await fx.queue();
    ctx = await openContext();
    viewer = await openContext(true);
    dispatch = contextDispatch(ctx, 'serve:test-session');
  });
  afterAll(async () => {
    await ctx?.close();
    await viewer?.close();
    await fx.close();
  });

  it('records a purge with who, target, filter, count, outcome and duration; another console (read-only) sees it', async () => {
    await q.enqueueBulk(Array.from({ length: 7 }, (_, i) => ({ payload: { i }, delayMs: 600_000 })));
    const r = await dispatch('queue:purge', { queue: q.name, state: 'delayed' });
    expect(r).toMatchObject({ ok: true, data: { total: 7 } });
    let entries: Array<Record<string, unknown>> = [];
    await until('the purge in the audit log', async () => {
      const p = await contextDispatch(viewer, 'serve:viewer')('audit:list', { queue: q.name });
      entries = p.ok ? (p.data as { entries: Array<Record<string, unknown>> }).entries : [];
      return entries.length > 0;
    });
    const [entry] = entries;
    expect(entry).toMatchObject({
      who: 'serve:test-session',
      action: 'queue:purge',
      target: { queue: q.name },
      filter: { state: 'delayed' },
      count: 7,
      outcome: 'ok',
    });
    expect(entry!.durationMs).toBeGreaterThanOrEqual(0);
    expect(entry!.at).toBeGreaterThan(Date.now() - 60_000);
  });

  it('records a failed action with its error, but not a read-only refusal or a read', async () => {
    const r = await dispatch('queue:cancel', { queue: q.name, id: 'no-such-task' });
    expect(r.ok).toBe(false);
    const refused = await contextDispatch(viewer, 'serve:viewer')('queue:pause', { queue: q.name });
    expect(refused).toMatchObject({ ok: false, error: { code: 'read-only' } });
    await dispatch('queue:counts', { queue: q.name });
    let entries: AuditEntry[] = [];
    await until('the failed cancel in the audit log', async () => {
      entries = (await ctx.audit.list({ queue: q.name })).entries;
      return entries.some((e) => e.action === 'queue:cancel');
    });
    const cancel = entries.find((e) => e.action === 'queue:cancel')!;
    expect(cancel).toMatchObject({ outcome: 'error', target: { queue: q.name, id: 'no-such-task' } });
    expect(cancel.error).toMatch(/no-such-task/);
    expect(cancel.count).toBeUndefined();
    expect(entries.map((e) => e.action)).not.toContain('queue:pause');
    expect(entries.map((e) => e.action)).not.toContain('queue:counts');
  });

  it('filters by action and who, pages newest first, and caps the stream', async () => {
    for (let i = 0; i < 5; i++) await dispatch('queue:enqueue', { queue: q.name, payload: { i } });
    const first = await ctx.audit.list({ queue: q.name, action: 'queue:enqueue', limit: 2 });
    expect(first.entries).toHaveLength(2);
    expect(first.entries.every((e) => e.action === 'queue:enqueue' && e.count === 1 && e.target.id)).toBe(true);
    const second = await ctx.audit.list({
      queue: q.name,
      action: 'queue:enqueue',
      limit: 10,
      before: first.nextBefore!,
    });
    expect(second.entries).toHaveLength(3);
    const ids = [...first.entries, ...second.entries].map((e) => e.id);
    expect([...ids].sort().reverse()).toEqual(ids);
    expect((await ctx.audit.list({ queue: q.name, who: 'someone-else' })).entries).toEqual([]);
    const info = (await handle.call('XINFO', 'STREAM', AUDIT_KEY)) as unknown[];
    const length = Number(info[info.indexOf('length') + 1]);
    expect(length).toBeLessThanOrEqual(AUDIT_MAX_ENTRIES + 100);
  });

  it('never stores the payload of an enqueue', async () => {
    await dispatch('queue:enqueue', { queue: q.name, payload: { secret: 'do-not-log-me' } });
    const raw = (await handle.call('XREVRANGE', AUDIT_KEY, '+', '-', 'COUNT', 20)) as Array<[string, string[]]>;
    expect(JSON.stringify(raw)).not.toContain('do-not-log-me');
    expect(JSON.stringify(raw)).toContain(q.name);
  });
});

import { connectedContext } from '../testing/app-context-fixture';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert, AlertWebhookBody } from '../../shared/types/alerts';
import { contextDispatch } from '../ipc/context-dispatch';
import type { Dispatch } from '../ipc/dispatch';
import type { Queue } from '../queue/queue';
import type { RedisHandle } from '../redis/handle';
import { queueFixture, until } from '../testing/queue-fixture';
import { AlertStore } from './alert-store';
import { signBody } from './alert-webhook';
import { AppContext } from './app-context';

const fx = queueFixture();

async function openContext(readOnly = false): Promise<AppContext> {
  return connectedContext('alerts', {
    readOnly,
    sampler: { intervalMs: 300, discoveryIntervalMs: 500 },
    alerts: { rulesRefreshMs: 300, retry: { baseDelayMs: 20, maxDelayMs: 100 } },
  });
}

/** A real webhook receiver on 127.0.0.1 that fails its first `failFirst` requests with 503. */
async function receiver(failFirst: number) {
  const got: Array<{ body: string; signature: string | undefined }> = [];
  let seen = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen++;
      if (seen <= failFirst) {
        res.statusCode = 503;
        return res.end();
      }
      got.push({
        body: Buffer.concat(chunks).toString('utf8'),
        signature: req.headers['x-slotline-signature'] as string,
      });
      res.end('ok');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, got, server, requests: () => seen };
}

describe('alerts (real Redis)', () => {
  let ctx: AppContext;
  let viewer: AppContext;
  let dispatch: Dispatch;
  let handle: RedisHandle;
  let q: Queue;
  let hook: Awaited<ReturnType<typeof receiver>>;
  const notified: string[] = [];

  beforeAll(async () => {
    handle = await fx.handle();
    q = await fx.queue();
    hook = await receiver(2);
    ctx = await openContext();
    ctx.notifiers.add({ notify: (n) => notified.push(n.title) });
    viewer = await openContext(true);
    dispatch = contextDispatch(ctx, 'serve:test-session');
  });
  afterAll(async () => {
    await ctx?.close();
    await viewer?.close();
    await new Promise((r) => hook?.server.close(r));
    await fx.close();
  });

  it('a backlog rule fires once across two consoles, is delivered signed to a webhook that fails twice, acked, snoozed, and resolves when the queue drains', async () => {
    const up = await dispatch('alerts:upsert-rule', {
      name: 'backlog',
      queue: q.name,
      condition: { kind: 'backlog', threshold: 3, forMs: 0 },
      webhook: { url: hook.url, secret: 'k3y' },
    });
    expect(up).toMatchObject({ ok: true, data: { queue: q.name, webhook: { url: hook.url, hasSecret: true } } });
    expect(JSON.stringify(up)).not.toContain('k3y');
    const ruleId = (up as { data: { id: string } }).data.id;

    await q.enqueueBulk(Array.from({ length: 5 }, (_, i) => ({ payload: { i } })));
    let firing: Alert | undefined;
    await until('the alert firing', async () => {
      const r = await contextDispatch(viewer, 'serve:viewer')('alerts:active', {});
      firing = r.ok ? (r.data as Alert[]).find((a) => a.ruleId === ruleId && a.state === 'firing') : undefined;
      return firing !== undefined;
    });
    expect(firing).toMatchObject({ subject: q.name, value: 5, key: `${ruleId}|${q.name}` });

    await until('the webhook delivered', async () => hook.got.length === 1);
    expect(hook.requests()).toBe(3); // 503, 503, then 200
    const body = JSON.parse(hook.got[0]!.body) as AlertWebhookBody;
    expect(body).toMatchObject({ event: 'firing', alert: { key: firing!.key }, rule: { id: ruleId, queue: q.name } });
    expect(hook.got[0]!.signature).toBe(signBody('k3y', hook.got[0]!.body));
    // This console notifies on its own evaluation, which may come a round after the other one's.
    await until('the desktop notification', async () => notified.length > 0);
    expect(notified).toEqual(['Slotline alert firing: backlog']);

    // The read-only console sees it but may not change rules or ack.
    const refused = await contextDispatch(viewer, 'serve:viewer')('alerts:ack', { key: firing!.key });
    expect(refused).toMatchObject({ ok: false, error: { code: 'read-only' } });
    expect(
      await contextDispatch(viewer, 'serve:viewer')('alerts:upsert-rule', {
        name: 'x',
        condition: { kind: 'failover' },
      }),
    ).toMatchObject({ ok: false, error: { code: 'read-only' } });

    expect(await dispatch('alerts:ack', { key: firing!.key })).toMatchObject({
      ok: true,
      data: { ackedBy: 'serve:test-session' },
    });
    const until1 = Date.now() + 60_000;
    expect(await dispatch('alerts:snooze', { key: firing!.key, until: until1 })).toMatchObject({
      ok: true,
      data: { snoozedUntil: until1, ackedBy: 'serve:test-session' },
    });

    // Drain without a worker.
    for (const p of q.partitions) await q.handle.call('DEL', p.keys.wait);
    await until('the alert resolved', async () => {
      const h = await dispatch('alerts:history', { limit: 20 });
      return (
        h.ok &&
        (h.data as Array<{ event: string; alert: Alert }>).some(
          (e) => e.event === 'resolved' && e.alert.ruleId === ruleId,
        )
      );
    });
    const h = await dispatch('alerts:history', { limit: 20 });
    const mine = (h as { data: Array<{ event: string; alert: Alert; who?: string }> }).data.filter(
      (e) => e.alert.ruleId === ruleId,
    );
    expect(mine.map((e) => e.event)).toEqual(['resolved', 'snoozed', 'acked', 'firing']);
    expect(mine[0]!.alert).toMatchObject({ state: 'resolved', ackedBy: 'serve:test-session' });
    expect(mine[2]!.who).toBe('serve:test-session');
    // Snoozed: the resolve is recorded but not delivered (no second POST, no second notification).
    await Promise.all([...ctx.alerts().deliveries]);
    expect(hook.got).toHaveLength(1);
    expect(notified).toHaveLength(1);
    const active = await dispatch('alerts:active', {});
    expect((active as { data: Alert[] }).data.filter((a) => a.ruleId === ruleId)).toEqual([]);

    // The rule changes are in the shared audit log.
    await until('the upsert in the audit log', async () => {
      const a = await dispatch('audit:list', { action: 'alerts:upsert-rule' });
      return a.ok && (a.data as { entries: unknown[] }).entries.length > 0;
    });
    expect(await dispatch('alerts:remove-rule', { id: ruleId })).toMatchObject({ ok: true, data: { removed: true } });
  });

  it('oldest-waiting reads the head task enqueue time per partition, and no-worker fires for a queue without heartbeats', async () => {
    const q2 = await fx.queue({ partitions: 2 });
    await q2.enqueueBulk(Array.from({ length: 4 }, (_, i) => ({ payload: { i } })));
    const enqueuedAt = Date.now();
    const oldest = await dispatch('alerts:upsert-rule', {
      name: 'old',
      queue: q2.name,
      condition: { kind: 'oldest-waiting', ageMs: 300, forMs: 0 },
      notify: false,
    });
    const idle = await dispatch('alerts:upsert-rule', {
      name: 'idle',
      queue: q2.name,
      condition: { kind: 'no-worker', forMs: 0 },
      notify: false,
    });
    const ids = [oldest, idle].map((r) => (r as { data: { id: string } }).data.id);
    let active: Alert[] = [];
    await until('both firing', async () => {
      const r = await dispatch('alerts:active', {});
      active = r.ok ? (r.data as Alert[]).filter((a) => ids.includes(a.ruleId) && a.state === 'firing') : [];
      return active.length === 2;
    });
    const age = active.find((a) => a.ruleId === ids[0])!;
    expect(age.subject).toBe(q2.name);
    expect(age.value).toBeGreaterThan(300);
    // The age is measured from the enqueue, not from when the rule was made.
    expect(age.value!).toBeGreaterThanOrEqual(age.firedAt! - enqueuedAt - 50);
    expect(active.find((a) => a.ruleId === ids[1])).toMatchObject({
      value: 0,
      message: expect.stringContaining('no live worker'),
    });
    for (const id of ids) await dispatch('alerts:remove-rule', { id });
    expect((await new AlertStore(handle).firing()).filter((a) => ids.includes(a.ruleId))).toEqual([]);
  });

  it('validates rules with a message naming the field, keeps a webhook secret across an update, and refuses unknown alerts', async () => {
    const store = new AlertStore(handle);
    await expect(store.upsert({ name: 'x', condition: { kind: 'backlog', threshold: -1, forMs: 0 } })).rejects.toThrow(
      /condition.threshold/,
    );
    await expect(
      store.upsert({ name: 'x', queue: 'q', condition: { kind: 'cluster-state', forMs: 0 } }),
    ).rejects.toThrow(/watches the cluster/);
    const r = await store.upsert({
      name: 'lag',
      condition: { kind: 'replication-lag', bytes: 1000, forMs: 5000 },
      webhook: { url: 'http://127.0.0.1:1/x', secret: 's' },
    });
    const base = { id: r.id, name: r.name, condition: r.condition };
    const again = await store.upsert({ ...base, name: 'lag 2', webhook: { url: 'http://127.0.0.1:1/y' } });
    expect(again.webhook).toEqual({ url: 'http://127.0.0.1:1/y', secret: 's' });
    const cleared = await store.upsert({ ...base, webhook: { url: 'http://127.0.0.1:1/y', clearSecret: true } });
    expect(cleared.webhook).toEqual({ url: 'http://127.0.0.1:1/y' });
    expect((await store.rules()).find((x) => x.id === r.id)?.name).toBe('lag');
    expect((await store.rules()).find((x) => x.id === r.id)?.webhook).toEqual({ url: 'http://127.0.0.1:1/y' });
    await expect(store.ack('nope|q', 'me')).rejects.toThrow(/no firing alert "nope\|q"/);
    await expect(store.snooze('nope|q', Date.now() - 1, 'me')).rejects.toThrow(/in the future/);
    expect(await store.remove(r.id)).toBe(true);
    expect(await store.remove(r.id)).toBe(false);
  });
});

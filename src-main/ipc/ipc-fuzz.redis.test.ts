import { connectedContext } from '../testing/app-context-fixture';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppContext } from '../app/app-context';
import type { RedisHandle } from '../redis/handle';
import { startServe, type ServeHandle } from '../server/serve';
import { queueFixture } from '../testing/queue-fixture';
import { contextDispatch } from './context-dispatch';
import { LEAKS, shapeCases, type Case } from './test-support/ipc-fuzz-cases';
import { domainCases } from './test-support/ipc-fuzz-domain-cases';
import { changedKeys, digestAll } from '../testing/redis-digest';
import type { Dispatch } from './dispatch';

describe('malformed IPC payloads against the real handler table', () => {
  const fx = queueFixture();
  let ctx: AppContext;
  let dispatch: Dispatch;
  let serve: ServeHandle;
  let handle: RedisHandle;
  let queue: string;

  beforeAll(async () => {
    handle = await fx.handle();
    const q = await fx.queue();
    queue = q.name;
    for (let i = 0; i < 5; i++) await q.enqueue({ n: i }, { id: `seed-${i}` });
    ctx = await connectedContext('fuzz', {
      monitor: { intervalMs: 250, nodeTimeoutMs: 500 },
      sampler: { intervalMs: 250, discoveryIntervalMs: 500 },
    });
    dispatch = contextDispatch(ctx, 'test:ipc-fuzz');
    const webRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'sl-fuzz-web-'));
    fs.writeFileSync(path.join(webRoot, 'index.html'), '<!doctype html><title>Slotline console</title>');
    serve = await startServe({ port: 0, webRoot, context: ctx });
  });

  afterAll(async () => {
    await serve?.stop();
    await ctx?.close();
    await fx.close();
  });

  /**
   * The error must be an envelope with a code and a message that says what was wrong, and nothing
   * internal. Soft checks, so one run lists every case that fails, not only the first.
   */
  function checkRefusal(c: Case, r: unknown) {
    expect
      .soft(r, c.name)
      .toMatchObject({ ok: false, error: { code: expect.any(String), message: expect.any(String) } });
    const error = (r as { error?: { code: string; message: string } }).error;
    if (!error) return;
    const { code, message } = error;
    expect.soft(code, c.name).toMatch(/^[a-z][a-z-]+$/);
    if (c.code) expect.soft(code, c.name).toBe(c.code);
    expect.soft(code, `${c.name}: internal error ${message}`).not.toBe('internal');
    expect.soft(message.length, c.name).toBeLessThanOrEqual(501);
    expect.soft(message, c.name).not.toMatch(LEAKS);
    expect.soft(message, c.name).toMatch(c.says);
    expect.soft(message, c.name).not.toContain('pa/ss');
  }

  it('refuses 50 or more malformed requests with a clear { code, message }, and Redis is unchanged', async () => {
    const all = [...shapeCases(queue), ...domainCases(queue)];
    expect(all.length).toBeGreaterThanOrEqual(50);
    const before = await digestAll(handle);
    expect(before.keys).toBeGreaterThan(0);
    const statusBefore = ctx.connection.status();
    for (const c of all) checkRefusal(c, await dispatch(c.channel, c.request));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted')).toBe(false);
    // The console is still alive and still on the connection it had.
    expect(await dispatch('app:info', {})).toMatchObject({ ok: true });
    expect(ctx.connection.status()).toEqual(statusBefore);
    expect(await dispatch('queue:counts', { queue })).toMatchObject({ ok: true, data: { waiting: 5 } });
    const after = await digestAll(handle);
    expect(changedKeys(before, after), 'keys changed by the fuzz').toEqual([]);
    expect(after.digest).toBe(before.digest);
    console.log(`[ipc-fuzz] ${all.length} malformed requests refused; ${before.keys} keys, digest unchanged`);
  });

  it('refuses the same payloads sent as JSON to serve’s /api/invoke, which dispatches into the same table', async () => {
    const all = [...shapeCases(queue), ...domainCases(queue)].filter((c) => {
      if (typeof c.channel !== 'string' || c.channel.length > 1000) return false;
      try {
        encodeURIComponent(c.channel);
        JSON.stringify(c.request);
        return c.json !== false;
      } catch {
        return false; // a lone surrogate in the URL path, or a BigInt: not expressible over HTTP+JSON
      }
    });
    expect(all.length).toBeGreaterThanOrEqual(50);
    const before = await digestAll(handle);
    let sent = 0;
    for (const c of all) {
      const body = JSON.stringify(c.request);
      const res = await fetch(`${serve.baseUrl}/api/invoke/${encodeURIComponent(c.channel as string)}`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${serve.token}`, 'Content-Type': 'application/json' },
        body,
      });
      sent++;
      checkRefusal(c, await res.json());
    }
    expect(sent).toBeGreaterThanOrEqual(50);
    expect(await digestAll(handle)).toEqual(before);
  });
});

import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionProfile } from '../../shared/ipc/contract';
import { AppContext } from '../app/app-context';
import { MemorySecretBox } from '../app/secret-box';
import { createDispatch, type Dispatch } from './dispatch';
import { createHandlerTable } from './handler-table';

const SAVED = 's3cret-from-profile';

/**
 * A fake Redis: a TCP listener that records every byte any client sends and answers each chunk
 * with an error, so a connect attempt ends quickly. What a real client would send a real server
 * (AUTH/HELLO with the password) is exactly what lands here.
 */
async function fakeRedis() {
  const chunks: Buffer[] = [];
  let connections = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    connections++;
    sockets.add(socket);
    socket.on('data', (d) => {
      chunks.push(d);
      socket.write('-ERR this is a fake redis\r\n');
    });
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    received: () => Buffer.concat(chunks).toString('latin1'),
    connections: () => connections,
    reset() {
      chunks.length = 0;
      connections = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

describe('saved passwords go only to the target they were saved for (F1), through the real handler table', () => {
  let ctx: AppContext;
  let dispatch: Dispatch;
  let home: Awaited<ReturnType<typeof fakeRedis>>;
  let elsewhere: Awaited<ReturnType<typeof fakeRedis>>;
  let profile: ConnectionProfile;

  beforeAll(async () => {
    home = await fakeRedis();
    elsewhere = await fakeRedis();
    ctx = await AppContext.create({
      transport: 'web',
      dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'sl-f1-')),
      secretBox: new MemorySecretBox(),
      connectTimeoutMs: 1500,
    });
    dispatch = createDispatch(createHandlerTable(ctx), { readOnly: false });
  });

  afterEach(async () => {
    await dispatch('connection:disconnect', {});
    home.reset();
    elsewhere.reset();
  });

  afterAll(async () => {
    await ctx?.close();
    await home?.close();
    await elsewhere?.close();
  });

  const save = async (extra: Record<string, unknown> = {}) => {
    const r = await dispatch('connection:save-profile', {
      name: 'prod',
      mode: 'single',
      url: home.url,
      tls: false,
      password: SAVED,
      ...extra,
    });
    expect(r.ok, JSON.stringify(r)).toBe(true);
    return (r as { data: ConnectionProfile }).data;
  };

  it('sends the saved password to the host it was saved for (the recorder sees passwords)', async () => {
    profile = await save();
    expect(profile.hasPassword).toBe(true);
    const r = await dispatch('connection:test', {
      id: profile.id,
      name: 'prod',
      mode: 'single',
      url: home.url,
      tls: false,
    });
    expect(r.ok).toBe(false);
    expect(home.received()).toContain(SAVED);
  });

  it.each(['connection:test', 'connection:connect'] as const)(
    '%s with a changed host and no typed password is refused, and the password never reaches that host',
    async (channel) => {
      profile = await save();
      const r = await dispatch(channel, {
        id: profile.id,
        name: 'prod',
        mode: 'single',
        url: elsewhere.url,
        tls: false,
      });
      expect(r).toMatchObject({ ok: false, error: { code: 'password-target-changed' } });
      const message = (r as { error: { message: string } }).error.message;
      expect(message).toContain('type the password to use it with a changed address');
      expect(message).toContain(`127.0.0.1:${home.port}`);
      expect(message).not.toContain(SAVED);
      expect(elsewhere.connections()).toBe(0);
      expect(elsewhere.received()).not.toContain(SAVED);
      expect(home.received()).not.toContain(SAVED);
    },
  );

  it.each([
    ['the user', { username: 'admin' }],
    ['TLS', { tls: true }],
    ['the database', { url: 'DB' }],
    ['the mode (cluster seeds on the same host)', { mode: 'cluster', url: undefined, nodes: 'HOSTPORT' }],
  ])('refuses a change of %s with the saved password', async (_what, change) => {
    profile = await save();
    const patch: Record<string, unknown> = { ...change };
    if (patch.url === 'DB') patch.url = `${home.url}/3`;
    if (patch.nodes === 'HOSTPORT') patch.nodes = `127.0.0.1:${home.port}`;
    const r = await dispatch('connection:test', {
      id: profile.id,
      name: 'prod',
      mode: 'single',
      url: home.url,
      tls: false,
      ...patch,
    });
    expect(r).toMatchObject({ ok: false, error: { code: 'password-target-changed' } });
    expect(home.received()).not.toContain(SAVED);
  });

  it('a typed password goes to the changed host, and the saved one does not', async () => {
    profile = await save();
    await dispatch('connection:test', {
      id: profile.id,
      name: 'prod',
      mode: 'single',
      url: elsewhere.url,
      tls: false,
      password: 'typed-now',
    });
    expect(elsewhere.received()).toContain('typed-now');
    expect(elsewhere.received()).not.toContain(SAVED);
  });

  it('saving a changed address without a password drops the saved one, so it is never sent there', async () => {
    profile = await save();
    const moved = await dispatch('connection:save-profile', {
      id: profile.id,
      name: 'prod',
      mode: 'single',
      url: elsewhere.url,
      tls: false,
    });
    expect(moved).toMatchObject({ ok: true, data: { hasPassword: false, url: elsewhere.url } });
    expect(await ctx.profiles.password(profile.id)).toBeUndefined();
    await dispatch('connection:connect', {
      id: profile.id,
      name: 'prod',
      mode: 'single',
      url: elsewhere.url,
      tls: false,
    });
    expect(elsewhere.connections()).toBeGreaterThan(0);
    expect(elsewhere.received()).not.toContain(SAVED);
  });

  it('saving the same address under a new name keeps the saved password', async () => {
    profile = await save();
    const renamed = await dispatch('connection:save-profile', {
      id: profile.id,
      name: 'prod-2',
      mode: 'single',
      url: home.url,
      tls: false,
    });
    expect(renamed).toMatchObject({ ok: true, data: { hasPassword: true, name: 'prod-2' } });
    expect(await ctx.profiles.password(profile.id)).toBe(SAVED);
  });
});

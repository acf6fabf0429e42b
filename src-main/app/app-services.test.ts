import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ConnectionStatus } from '../../shared/ipc/contract';
import type { BulkProgress } from '../../shared/types/queue';
import { ConnectionError } from '../redis/connection-error';
import type { ConnectionStateEvent, RedisHandle } from '../redis/handle';
import { BulkOperations } from './bulk-operations';
import { ConnectionManager } from './connection-manager';
import { ProfileStore } from './profile-store';
import { FileSecretBox, MemorySecretBox } from './secret-box';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'sl-app-'));

describe('BulkOperations', () => {
  it('answers with id and total at the first progress, then reports progress until finished', async () => {
    const events: BulkProgress[] = [];
    const bulk = new BulkOperations((p) => events.push(p), { throttleMs: 0 });
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const started = await bulk.start({ queue: 'q', action: 'purge', state: 'failed' }, async (o) => {
      o.onProgress?.({ done: 0, total: 3 });
      await gate;
      o.onProgress?.({ done: 3, total: 3 });
      return { done: 3, total: 3, cancelled: false };
    });
    expect(started.total).toBe(3);
    expect(bulk.size).toBe(1);
    release();
    await new Promise((r) => setTimeout(r, 10));
    expect(events.at(-1)).toMatchObject({
      operationId: started.operationId,
      queue: 'q',
      action: 'purge',
      state: 'failed',
      done: 3,
      finished: true,
      cancelled: false,
    });
    expect(bulk.size).toBe(0);
  });

  it('throttles progress events in time, but sends at least one per tenth of the work', async () => {
    const events: BulkProgress[] = [];
    const bulk = new BulkOperations((p) => events.push(p), { throttleMs: 60_000, now: () => 1000 });
    await bulk.start({ queue: 'q', action: 'purge' }, async (o) => {
      for (let done = 0; done <= 100; done++) o.onProgress?.({ done, total: 100 });
      return { done: 100, total: 100, cancelled: false };
    });
    await new Promise((r) => setTimeout(r, 10));
    const running = events.filter((e) => !e.finished).map((e) => e.done);
    expect(running).toEqual([0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100]);
    expect(events.at(-1)).toMatchObject({ finished: true, done: 100 });
  });

  it('cancels through the signal, and reports a failure after start as an event with a redacted message', async () => {
    const events: BulkProgress[] = [];
    const bulk = new BulkOperations((p) => events.push(p), { throttleMs: 0, redact: (t) => t.replace('pw', '***') });
    const { operationId } = await bulk.start({ queue: 'q', action: 'requeue' }, async (o) => {
      o.onProgress?.({ done: 0, total: 10 });
      while (!o.signal?.aborted) await new Promise((r) => setTimeout(r, 5));
      return { done: 2, total: 10, cancelled: true };
    });
    expect(bulk.cancel(operationId)).toBe(true);
    await new Promise((r) => setTimeout(r, 30));
    expect(events.at(-1)).toMatchObject({ operationId, finished: true, cancelled: true, done: 2 });
    expect(bulk.cancel(operationId)).toBe(false);

    const failing = await bulk.start({ queue: 'q', action: 'promote' }, async (o) => {
      o.onProgress?.({ done: 0, total: 5 });
      throw new Error('CLUSTERDOWN at redis with pw');
    });
    await new Promise((r) => setTimeout(r, 10));
    expect(events.at(-1)).toMatchObject({
      operationId: failing.operationId,
      finished: true,
      error: 'CLUSTERDOWN at redis with ***',
    });
    await expect(
      bulk.start({ queue: 'q', action: 'promote' }, async () => Promise.reject(new Error('no such queue'))),
    ).rejects.toThrow('no such queue');
  });
});

describe('ProfileStore', () => {
  it('keeps passwords out of the profiles file and out of what the renderer sees', async () => {
    const dir = tmp();
    const secrets = new FileSecretBox(path.join(dir, 'secrets.json'));
    const store = new ProfileStore(path.join(dir, 'profiles.json'), secrets);
    const saved = await store.save({
      name: 'prod',
      mode: 'single',
      url: 'redis://app:hunter2@10.0.0.1:6379',
      tls: false,
    });
    expect(saved).toMatchObject({ name: 'prod', url: 'redis://10.0.0.1:6379', username: 'app', hasPassword: true });
    expect(JSON.stringify(saved)).not.toContain('hunter2');
    expect(fs.readFileSync(path.join(dir, 'profiles.json'), 'utf8')).not.toContain('hunter2');
    expect(fs.statSync(path.join(dir, 'secrets.json')).mode & 0o777).toBe(0o600);
    expect(await store.password(saved.id)).toBe('hunter2');

    const cluster = await store.save({
      name: 'c',
      mode: 'cluster',
      nodes: '127.0.0.1:7000',
      tls: false,
      password: 's3',
    });
    await store.save({ ...cluster, id: cluster.id, name: 'c2' });
    expect(await store.password(cluster.id)).toBe('s3');
    await store.save({ ...cluster, id: cluster.id, password: '' });
    expect((await store.list()).map((p) => [p.name, p.hasPassword])).toEqual([
      ['prod', true],
      ['c', false],
    ]);
    expect(await store.delete(saved.id)).toBe(true);
    expect(await store.delete(saved.id)).toBe(false);
    expect(await store.password(saved.id)).toBeUndefined();
  });

  it('refuses a profile that would not connect, naming the problem', async () => {
    const store = new ProfileStore(path.join(tmp(), 'profiles.json'), new MemorySecretBox());
    await expect(store.save({ name: 'x', mode: 'cluster', nodes: '127.0.0.1', tls: false })).rejects.toThrow(
      /has no port/,
    );
    await expect(store.save({ name: 'x', mode: 'single', url: 'http://x', tls: false })).rejects.toThrow(
      /expected redis:\/\//,
    );
    expect(await store.list()).toEqual([]);
  });
});

/** A handle that only reports states, for the manager's bookkeeping. */
function fakeHandle(kind: 'single' | 'cluster' = 'single') {
  const listeners = new Set<(e: ConnectionStateEvent) => void>();
  let closed = false;
  const handle = {
    kind,
    description: 'fake',
    masters: () => [{}, {}, {}],
    onStateChange(l: (e: ConnectionStateEvent) => void) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    async close() {
      closed = true;
    },
    disconnect() {
      closed = true;
    },
  } as unknown as RedisHandle;
  return {
    handle,
    emit: (e: ConnectionStateEvent) => listeners.forEach((l) => l(e)),
    isClosed: () => closed,
  };
}

describe('ConnectionManager', () => {
  const settings = { mode: 'single' as const, url: 'redis://127.0.0.1:6379', tls: false, password: 'pw-123' };

  it('reports connecting, ready, reconnecting with retryAt, and disconnected', async () => {
    const fake = fakeHandle();
    const seen: ConnectionStatus[] = [];
    const m = new ConnectionManager({ connect: async () => fake.handle, now: () => 1000 });
    m.onStatus((s) => seen.push(s));
    const handles: Array<RedisHandle | undefined> = [];
    m.onHandle((h) => void handles.push(h));
    await m.connect(settings, 'p1');
    expect(seen.map((s) => s.state)).toEqual(['connecting', 'ready']);
    expect(seen[1]).toMatchObject({ mode: 'single', description: 'single redis://127.0.0.1:6379', profileId: 'p1' });
    fake.emit({ state: 'reconnecting', retryInMs: 400 });
    expect(m.status()).toMatchObject({ state: 'reconnecting', retryAt: 1400 });
    fake.emit({ state: 'ready' });
    m.noteReachability({ ok: false, retryInMs: 2000, error: 'no node answered' });
    expect(m.status()).toMatchObject({ state: 'reconnecting', retryAt: 3000, error: { message: 'no node answered' } });
    m.noteReachability({ ok: true });
    expect(m.status().state).toBe('ready');
    expect(m.secrets()).toEqual(['pw-123']);
    await m.disconnect();
    expect(fake.isClosed()).toBe(true);
    expect(handles).toEqual([fake.handle, undefined]);
    expect(m.status()).toEqual({ state: 'disconnected' });
  });

  it('reports a failed connect as an error status without the password, and rethrows', async () => {
    const m = new ConnectionManager({
      connect: async () => {
        throw new ConnectionError('auth-failed', 'authentication failed: WRONGPASS pw-123 is wrong');
      },
    });
    await expect(m.connect(settings)).rejects.toThrow(ConnectionError);
    expect(m.status()).toMatchObject({ state: 'error', error: { code: 'auth-failed' } });
    expect(JSON.stringify(m.status())).not.toContain('pw-123');
  });

  it('tests a connection without replacing the current one', async () => {
    const current = fakeHandle();
    const probe = fakeHandle('cluster');
    const queue = [current.handle, probe.handle];
    const m = new ConnectionManager({ connect: async () => queue.shift()! });
    await m.connect(settings);
    expect(await m.test({ mode: 'cluster', nodes: [{ host: '127.0.0.1', port: 7000 }], tls: false })).toEqual({
      mode: 'cluster',
      description: 'fake',
      masters: 3,
    });
    expect(probe.isClosed()).toBe(true);
    expect(m.handle()).toBe(current.handle);
  });
});

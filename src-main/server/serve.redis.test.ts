import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNELS, MUTATING_CHANNELS, type Channel } from '../../shared/ipc/contract';
import type { BulkProgress, DepthSample, QueueCounts } from '../../shared/types/queue';
import type { TopologySnapshot } from '../../shared/types/topology';
import type { RedisHandle } from '../redis/handle';
import { Queue } from '../queue/queue';
import { queueFixture, until } from '../testing/queue-fixture';
import { digestAll } from '../testing/redis-digest';
import { redisTarget } from '../testing/redis-target';
import { startExporter } from './exporter';
import type { ServeHandle } from './serve';
import { auth, serveFor, tempDir } from './serve-test-support';
import { ServeClient } from './serve-client';

const target = redisTarget();

async function post(s: ServeHandle, channel: string, body: unknown, headers: Record<string, string> = auth(s.token)) {
  const res = await fetch(`${s.baseUrl}/api/invoke/${channel}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return {
    status: res.status,
    body: (await res.json().catch(() => null)) as {
      ok: boolean;
      data?: unknown;
      error?: { code: string; message: string };
    } | null,
  };
}

/**
 * Everything a stray write would change: every key on every master (the shared digest, without
 * what consoles and workers write or expire on their own), and the test queue's counts.
 */
async function fingerprint(handle: RedisHandle, q: Queue): Promise<string> {
  const { keys, digest } = await digestAll(handle);
  const counts: QueueCounts = await q.counts();
  return JSON.stringify({ keys, digest, counts });
}

/** A syntactically valid request for each mutating channel, so read-only is what refuses it. */
function validMutation(c: Channel, queue: string, anId: string): unknown {
  switch (c) {
    case 'topology:failover':
      return { replicaId: 'abc' };
    case 'queue:requeue':
      return { queue, state: 'delayed' };
    case 'queue:purge':
      return { queue, state: 'delayed' };
    case 'queue:cancel-bulk':
      return { operationId: 'x' };
    case 'queue:enqueue':
      return { queue, payload: { a: 1 } };
    case 'queue:delete':
      return { queue, id: anId };
    default:
      return { queue };
  }
}

describe(`slotline serve over HTTP and WebSocket against ${target.mode} Redis (needs Redis)`, () => {
  const fx = queueFixture();
  let server: ServeHandle;
  let readOnlyServer: ServeHandle;
  let client: ServeClient;
  let handle: RedisHandle;

  beforeAll(async () => {
    handle = await fx.handle();
    server = await serveFor(target.settings);
    readOnlyServer = await serveFor(target.settings, true);
    client = await ServeClient.connect(server.baseUrl, server.token);
  });

  afterAll(async () => {
    client?.close();
    await server?.stop();
    await readOnlyServer?.stop();
    await fx.close();
  });

  it('serves the page, and answers app:info and connection:current', async () => {
    const page = await fetch(`${server.baseUrl}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await page.text()).toContain('Slotline console');
    expect((await fetch(`${server.baseUrl}/../../etc/passwd`)).status).toBe(404);
    expect(await client.invoke('app:info', {})).toMatchObject({
      ok: true,
      data: { name: 'Slotline', readOnly: false, transport: 'web' },
    });
    expect(await client.invoke('connection:current', {})).toMatchObject({
      ok: true,
      data: { state: 'ready', mode: target.mode },
    });
    expect(server.url).toBe(`${server.baseUrl}/#token=${server.token}`);
  });

  it('returns a topology snapshot with all 16384 slots covered', async () => {
    let snap: TopologySnapshot | null = null;
    await until(
      'a snapshot covering every slot',
      async () => {
        const r = await client.invoke<TopologySnapshot | null>('topology:snapshot', {});
        snap = r.ok ? r.data : null;
        return snap?.coverage.ok === 16384;
      },
      15000,
    );
    expect(snap!).toMatchObject({
      mode: target.mode,
      clusterState: 'ok',
      reachable: true,
      coverage: { assigned: 16384, unassigned: 0 },
    });
    expect(snap!.shards.filter((s) => s.slots.length > 0)).toHaveLength(target.mode === 'cluster' ? 3 : 1);
    await client.waitForEvent<TopologySnapshot>('topology:changed', (s) => s.coverage.ok === 16384, 5000);
  });

  it('requeues and purges through the console, reporting progress over the WebSocket', async () => {
    const q = await fx.queue({ partitions: 2 });
    await q.enqueueBulk(Array.from({ length: 1200 }, (_, i) => ({ payload: { i }, delayMs: 3_600_000 })));
    expect((await q.counts()).delayed).toBe(1200);

    const started = await client.invoke<{ operationId: string; total: number }>('queue:requeue', {
      queue: q.name,
      state: 'delayed',
    });
    expect(started).toMatchObject({ ok: true, data: { total: 1200 } });
    const opId = started.ok ? started.data.operationId : '';
    const done = await client.waitForEvent<BulkProgress>(
      'task:bulk-progress',
      (p) => p.operationId === opId && p.finished,
      15000,
    );
    expect(done).toMatchObject({
      queue: q.name,
      action: 'requeue',
      state: 'delayed',
      done: 1200,
      total: 1200,
      cancelled: false,
    });
    expect(done.error).toBeUndefined();
    expect(await q.counts()).toMatchObject({ delayed: 0, waiting: 1200 });

    const purge = await client.invoke<{ operationId: string; total: number }>('queue:purge', {
      queue: q.name,
      state: 'waiting',
    });
    expect(purge).toMatchObject({ ok: true, data: { total: 1200 } });
    const purgeId = purge.ok ? purge.data.operationId : '';
    await client.waitForEvent<BulkProgress>(
      'task:bulk-progress',
      (p) => p.operationId === purgeId && p.finished && p.done === 1200,
      15000,
    );
    const progress = client.events.filter((e) => (e.payload as BulkProgress).operationId === purgeId);
    expect(progress.length).toBeGreaterThanOrEqual(2);
    expect((await q.counts()).waiting).toBe(0);

    const depth = await client.waitForEvent<DepthSample[]>(
      'queue:depth',
      // An earlier sample (all 1200 still delayed, none waiting) must not satisfy this.
      (b) => b.some((s) => s.queue === q.name && s.waiting === 0 && s.delayed === 0),
      5000,
    );
    expect(depth.find((s) => s.queue === q.name)).toMatchObject({ delayed: 0, waiting: 0 });
    const history = await client.invoke<DepthSample[]>('metrics:depth', { queue: q.name });
    expect(history.ok && history.data.length).toBeGreaterThan(0);
  });

  it('lists, reads and searches tasks', async () => {
    const q = await fx.queue();
    await q.enqueue({ to: 'ada@example.com' }, { id: 'task-ada' });
    const list = await client.invoke<Array<{ name: string }>>('queue:list', {});
    expect(list.ok && list.data.some((x) => x.name === q.name)).toBe(true);
    expect(await client.invoke('queue:get', { queue: q.name, id: 'task-ada' })).toMatchObject({
      ok: true,
      data: { id: 'task-ada', state: 'waiting' },
    });
    expect(await client.invoke('queue:tasks', { queue: q.name, state: 'waiting' })).toMatchObject({
      ok: true,
      data: { tasks: [{ id: 'task-ada' }] },
    });
    const found = await client.invoke<{ tasks: Array<{ id: string }> }>('queue:search', {
      queue: q.name,
      query: 'ada@',
    });
    expect(found.ok && found.data.tasks.map((t) => t.id)).toEqual(['task-ada']);
    expect(await client.invoke('queue:counts', { queue: 'no-such-queue-here' })).toMatchObject({
      ok: false,
      error: { code: 'invalid-argument' },
    });
  });

  it('refuses every mutating channel when read-only, and Redis stays unchanged', async () => {
    const q = await fx.queue();
    const { id } = await q.enqueue({ keep: true }, { delayMs: 3_600_000 });
    const before = await fingerprint(handle, q);
    const ro = await ServeClient.connect(readOnlyServer.baseUrl, readOnlyServer.token);
    try {
      expect(await ro.invoke('app:info', {})).toMatchObject({ ok: true, data: { readOnly: true } });
      for (const c of MUTATING_CHANNELS) {
        const req = validMutation(c, q.name, id);
        expect(await ro.invoke(c, req), c).toMatchObject({ ok: false, error: { code: 'read-only' } });
        const http = await post(readOnlyServer, c, req);
        expect(http.body, c).toMatchObject({ ok: false, error: { code: 'read-only' } });
      }
      expect(await ro.invoke('queue:counts', { queue: q.name })).toMatchObject({ ok: true, data: { delayed: 1 } });
    } finally {
      ro.close();
    }
    expect(await fingerprint(handle, q)).toBe(before);
  });

  it('survives 100+ malformed requests over HTTP and WebSocket, and Redis stays unchanged', async () => {
    const q = await fx.queue();
    await q.enqueue({ keep: true });
    const before = await fingerprint(handle, q);
    let seed = 42;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const huge = 'x'.repeat(200_000);
    const badRequests: unknown[] = [
      null,
      42,
      'str',
      [],
      [1, 2],
      true,
      { queue: 123 },
      { queue: huge },
      { queue: q.name, extra: 1 },
      { queue: '../../etc/passwd' },
      { queue: q.name, state: 'nope' },
      { queue: q.name, ids: [] },
      { queue: q.name, ids: 'all' },
      { queue: q.name, state: 'waiting', limit: -1 },
      { queue: q.name, id: '' },
      { __proto__: { polluted: true } },
      { constructor: { prototype: { x: 1 } } },
      { replicaId: 5 },
      { operationId: 7 },
      { queue: q.name, payload: 1, delayMs: -5 },
    ];
    const channels = [
      ...CHANNELS,
      'queue:drop',
      'constructor',
      '__proto__',
      'toString',
      huge.slice(0, 5000),
      '',
      'queue:',
      ':',
    ];
    const outcomes: string[] = [];
    for (let i = 0; i < 120; i++) {
      const channel = channels[rand(channels.length)]!;
      const request = badRequests[rand(badRequests.length)];
      const r = await client.invoke(channel, request);
      outcomes.push(r.ok ? `ok:${channel}` : r.error.code);
    }
    // Requests no schema accepts: each must come back as invalid-request, never an exception.
    expect(outcomes.filter((o) => o.startsWith('ok:'))).toEqual([]);
    expect(new Set(outcomes)).toEqual(new Set(['invalid-request']));

    const junkFrames = [
      '',
      'not json',
      '{',
      '[]',
      'null',
      '{"type":"invoke"}',
      '{"type":"invoke","id":-1}',
      `{"type":"invoke","id":1,"channel":${JSON.stringify(huge)}}`,
      huge,
    ];
    for (const f of junkFrames) client.sendRaw(f);
    client.sendRaw(Buffer.from([0, 1, 2, 255]));
    // JSON drops an undefined `request`: the frame breaks the protocol, and says so by id.
    expect(await client.invoke('queue:list', undefined)).toMatchObject({
      ok: false,
      error: { code: 'invalid-request' },
    });
    expect(await client.invoke('queue:list', {})).toMatchObject({ ok: true });

    for (let i = 0; i < 30; i++) {
      const channel = encodeURIComponent(channels[rand(channels.length)]!.slice(0, 200));
      const body =
        i % 3 === 0
          ? '{"unterminated'
          : i % 3 === 1
            ? JSON.stringify(badRequests[rand(badRequests.length)])
            : '\u0000\u0001binary';
      const r = await post(server, channel, body);
      expect([200, 400, 404]).toContain(r.status);
      expect(r.body?.ok).toBe(false);
    }
    const tooBig = await fetch(`${server.baseUrl}/api/invoke/queue:list`, {
      method: 'POST',
      headers: auth(server.token),
      body: 'x'.repeat(2 << 20),
    }).catch(() => null);
    if (tooBig) expect(tooBig.status).toBe(413);

    expect(await client.invoke('app:info', {})).toMatchObject({ ok: true });
    expect((await post(server, 'app:info', {})).status).toBe(200);
    expect(await fingerprint(handle, q)).toBe(before);
  });

  it('answers 401 without or with a wrong token, and 403 to a foreign origin', async () => {
    const base = server.baseUrl;
    expect((await fetch(`${base}/api/session`)).status).toBe(401);
    expect((await fetch(`${base}/api/session`, { headers: auth('wrong') })).status).toBe(401);
    expect((await fetch(`${base}/api/session`, { headers: auth(server.token + 'x') })).status).toBe(401);
    expect((await fetch(`${base}/api/session`, { headers: auth(server.token) })).status).toBe(200);
    expect((await post(server, 'app:info', {}, {})).status).toBe(401);
    expect((await post(server, 'app:info', {}, auth(readOnlyServer.token))).status).toBe(401);
    expect((await fetch(`${base}/metrics`)).status).toBe(401);
    await expect(ServeClient.connect(base, '')).rejects.toMatchObject({ statusCode: 401 });
    await expect(ServeClient.connect(base, 'wrong')).rejects.toMatchObject({ statusCode: 401 });

    const foreign = { ...auth(server.token), Origin: 'http://evil.example' };
    expect((await fetch(`${base}/api/session`, { headers: foreign })).status).toBe(403);
    expect((await post(server, 'queue:list', {}, foreign)).status).toBe(403);
    expect(
      (await fetch(`${base}/api/session`, { headers: { ...auth(server.token), 'Sec-Fetch-Site': 'cross-site' } }))
        .status,
    ).toBe(403);
    expect((await fetch(`${base}/metrics`, { headers: foreign })).status).toBe(403);
    await expect(ServeClient.connect(base, server.token, { origin: 'http://evil.example' })).rejects.toMatchObject({
      statusCode: 403,
    });
    const same = await ServeClient.connect(base, server.token, { origin: base });
    expect(await same.invoke('app:info', {})).toMatchObject({ ok: true });
    same.close();
  });

  it('exposes the gauges on /metrics with the token', async () => {
    const q = await fx.queue();
    await q.enqueue({ m: 1 });
    await until(
      'the sampler to see the queue',
      async () =>
        (await (await fetch(`${server.baseUrl}/metrics`, { headers: auth(server.token) })).text()).includes(
          `queue="${q.name}"`,
        ),
      10000,
    );
    const res = await fetch(`${server.baseUrl}/metrics`, { headers: auth(server.token) });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toContain('slotline_cluster_state_ok 1');
    expect(text).toContain('slotline_slots{status="ok"} 16384');
    expect(text).toMatch(/slotline_nodes\{role="master",status="up"\} [13]/);
    expect(text).toContain(`slotline_queue_depth{queue="${q.name}",state="waiting"} 1`);
    expect(text).toContain('# TYPE slotline_failovers_total counter');
    expect(text).toContain('# TYPE slotline_workers_alive gauge');
  });

  it('runs the exporter: /metrics without a token, nothing else', async () => {
    const exporter = await startExporter({
      port: 0,
      settings: target.settings,
      contextOptions: { dataDir: tempDir('sl-exp'), sampler: { intervalMs: 250 } },
    });
    try {
      await until(
        'the exporter to have a snapshot',
        async () => (await (await fetch(exporter.url)).text()).includes('slotline_slots{status="ok"} 16384'),
        10000,
      );
      expect(exporter.context.readOnly).toBe(true);
      expect((await fetch(exporter.url.replace('/metrics', '/api/session'))).status).toBe(404);
    } finally {
      await exporter.stop();
    }
  });

  it('the exporter refuses a DNS-rebinding Host, unless remote access was allowed', async () => {
    const dataDir = tempDir('sl-exp-host');
    const strict = await startExporter({ port: 0, settings: target.settings, contextOptions: { dataDir } });
    const remote = await startExporter({
      port: 0,
      allowRemote: true,
      settings: target.settings,
      contextOptions: { dataDir: tempDir('sl-exp-host2') },
    });
    try {
      const get = (url: string, host: string) =>
        new Promise<number>((resolve, reject) => {
          const u = new URL(url);
          http
            .get({ host: u.hostname, port: u.port, path: u.pathname, headers: { Host: host } }, (res) => {
              res.resume();
              resolve(res.statusCode ?? 0);
            })
            .on('error', reject);
        });
      const port = new URL(strict.url).port;
      expect(await get(strict.url, `evil.example:${port}`)).toBe(403);
      expect(await get(strict.url, 'evil.example')).toBe(403);
      expect(await get(strict.url, `127.0.0.1:${port}`)).toBe(200);
      expect(await get(strict.url, `localhost:${port}`)).toBe(200);
      expect(await get(remote.url, 'evil.example')).toBe(200);
    } finally {
      await strict.stop();
      await remote.stop();
    }
  });

  if (target.mode === 'single') {
    it('refuses topology:failover on a single server', async () => {
      expect(await client.invoke('topology:failover', { replicaId: 'x' })).toMatchObject({
        ok: false,
        error: { code: 'not-a-cluster' },
      });
    });
  } else {
    it('refuses topology:failover for a master or an unknown node', async () => {
      const snap = await client.invoke<TopologySnapshot>('topology:snapshot', {});
      const masterId = snap.ok ? snap.data.shards.find((s) => s.slots.length > 0)!.master.id : '';
      expect(await client.invoke('topology:failover', { replicaId: masterId })).toMatchObject({
        ok: false,
        error: { code: 'not-a-replica' },
      });
      expect(await client.invoke('topology:failover', { replicaId: 'nope' })).toMatchObject({
        ok: false,
        error: { code: 'unknown-node' },
      });
    });
  }
});

import { setTimeout as sleep } from 'node:timers/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalRedis, type LocalRedis } from '../harness/local-single';
import { stopNode } from '../harness/redis-process';
import { redisTarget, uniqueName } from '../testing/redis-target';
import { createConnection } from './create-connection';
import type { ConnectionStateEvent, RedisHandle } from './handle';
import type { IoRedisHandle } from './ioredis-handle';

const target = redisTarget();

describe(`the handle (${target.mode}, needs Redis)`, () => {
  let handle: RedisHandle;
  beforeAll(async () => {
    handle = await createConnection(target.settings);
  });
  afterAll(async () => {
    await handle?.close();
  });

  it('duplicate({ blocking }) really gets its options: auto-pipelining off, same deployment', async () => {
    expect((handle as IoRedisHandle).clientOptions().enableAutoPipelining).toBe(true);
    const dup = handle.duplicate({ blocking: true });
    try {
      // On a cluster the options used to be passed where the startup nodes go, and were dropped.
      expect((dup as IoRedisHandle).clientOptions().enableAutoPipelining).toBe(false);
      expect(dup.kind).toBe(target.mode);
      const key = uniqueName('dup');
      await dup.call('SET', key, 'v');
      expect(await handle.call('GET', key)).toBe('v');
    } finally {
      await dup.close();
    }
  });

  it('runs a script by EVALSHA, and again by its text after SCRIPT FLUSH (NOSCRIPT), batched or alone', async () => {
    const name = uniqueName('echo').replace(/[^a-z0-9]/gi, '');
    handle.defineScripts([{ name, numberOfKeys: 1, lua: "redis.call('SET', KEYS[1], ARGV[1]); return ARGV[1]" }]);
    const key = `{${uniqueName('script')}}:k`;
    expect(await handle.runScript(name, [key], ['one'])).toBe('one');
    for (const m of handle.masters()) await m.call('SCRIPT', 'FLUSH');
    // Twenty in one auto-pipelined batch: each gets NOSCRIPT and is sent again with its text.
    const many = await Promise.all(Array.from({ length: 20 }, (_, i) => handle.runScript(name, [key], [`v${i}`])));
    expect(many).toEqual(Array.from({ length: 20 }, (_, i) => `v${i}`));
    expect(await handle.call('GET', key)).toBe('v19');
    expect(await handle.runScript(name, [key], ['two'])).toBe('two');
    expect(() => handle.runScript(name, [key, key], ['x'])).toThrow(`script ${name}: 2 keys given, expected 1`);
    expect(() => handle.runScript('no-such-script', [key], [])).toThrow('script no-such-script is not defined');
  });

  it('gives each call of one batch its own reply, over keys on every master, with number and Buffer arguments, and one failing call fails alone', async () => {
    const name = uniqueName('join').replace(/[^a-z0-9]/gi, '');
    const lua = [
      "if ARGV[1] == 'fail' then return redis.error_reply('ERR asked to fail') end",
      "redis.call('SET', KEYS[1], table.concat(ARGV, ','))",
      "return KEYS[1] .. '=' .. table.concat(ARGV, ',')",
    ].join('\n');
    handle.defineScripts([{ name, numberOfKeys: 1, lua }]);
    // Loaded on every master first, so the batch runs as EVALSHA (a NOSCRIPT reply is sent again alone).
    for (const m of handle.masters()) await m.call('SCRIPT', 'LOAD', lua);
    // Sixty tags spread over the slots, so (on a cluster) every master gets a share of the batch.
    const keys = Array.from({ length: 60 }, (_, i) => `{${uniqueName(`b${i}`)}}:k`);
    const calls = keys.map((k, i) =>
      handle.runScript(name, [k], i === 7 ? ['fail'] : [`s${i}`, i, Buffer.from(`b${i}`)]).then(
        (v) => ({ ok: v }),
        (e: unknown) => ({ err: (e as Error).message }),
      ),
    );
    const out = await Promise.all(calls);
    out.forEach((r, i) => {
      if (i === 7) expect(r).toEqual({ err: expect.stringContaining('asked to fail') });
      else expect(r).toEqual({ ok: `${keys[i]}=s${i},${i},b${i}` });
    });
    expect(await handle.call('GET', keys[3]!)).toBe('s3,3,b3');
    expect(await handle.call('EXISTS', keys[7]!)).toBe(0);
  });

  it('exposes where it points as structured endpoints', () => {
    const expected =
      target.settings.mode === 'cluster'
        ? target.settings.nodes.map((n) => ({ host: n.host, port: n.port }))
        : [{ host: '127.0.0.1', port: target.ports[0] }];
    expect(handle.endpoints).toEqual(expected);
  });

  it('pools blocking connections per master and reuses them across keys of that master', async () => {
    const pool = handle.blockingClients();
    try {
      const key = `{${uniqueName('a')}}:m`;
      const a = pool.acquire(key);
      expect(await a.call('BLPOP', key, '0.01')).toBeNull();
      a.release();
      const counts = pool.openConnections();
      expect(Object.values(counts)).toEqual([1]);
      // The same master again: the idle connection is reused, not a new one opened.
      const again = pool.acquire(`{${uniqueName('b')}}:m`);
      if (again.address === a.address) expect(pool.openConnections()).toEqual(counts);
      again.release();
    } finally {
      pool.close();
    }
    expect(pool.openConnections()).toEqual({});
  });
});

if (target.mode === 'single')
  describe('state events of a handle whose server goes away (single, needs Redis)', () => {
    let server: LocalRedis;
    beforeAll(async () => {
      server = await startLocalRedis({ dir: path.join(os.tmpdir(), uniqueName('sl-state')) });
    });
    afterAll(async () => {
      await server?.stop();
    });

    it('reports reconnecting with the retry delay as a number, not as text', async () => {
      const h = await createConnection({ mode: 'single', url: server.url, tls: false });
      const events: ConnectionStateEvent[] = [];
      h.onStateChange((e) => events.push(e));
      try {
        await stopNode(server);
        for (let i = 0; i < 100 && !events.some((e) => e.retryInMs !== undefined); i++) await sleep(20);
        const retry = events.find((e) => e.retryInMs !== undefined);
        expect(retry).toMatchObject({ state: 'reconnecting' });
        expect(typeof retry!.retryInMs).toBe('number');
        expect(retry!.retryInMs).toBeGreaterThan(0);
        expect(events.find((e) => e.error !== undefined)?.error).toMatch(/closed|ECONNREFUSED/);
      } finally {
        h.disconnect();
      }
    });
  });

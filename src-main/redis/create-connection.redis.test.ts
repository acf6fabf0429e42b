import { setTimeout as sleep } from 'node:timers/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findFreePortRange } from '../harness/free-port';
import { startLocalCluster, type LocalCluster } from '../harness/local-cluster';
import { startLocalRedis, type LocalRedis } from '../harness/local-single';
import { nodeCommand } from '../harness/redis-cli';
import { redisTarget, uniqueName } from '../testing/redis-target';
import type { ConnectionSettings } from '../../shared/settings/connection-settings';
import { ConnectionError } from './connection-error';
import { createConnection } from './create-connection';

const target = redisTarget();

async function connectError(settings: ConnectionSettings): Promise<ConnectionError> {
  try {
    const h = await createConnection(settings, { timeoutMs: 4000 });
    await h.close();
  } catch (e) {
    if (e instanceof ConnectionError) return e;
    throw e;
  }
  throw new Error('expected the connection to fail');
}

describe(`connection (${target.mode}, needs Redis)`, () => {
  it('connects, reports its kind and reads back a write', async () => {
    const h = await createConnection(target.settings);
    try {
      expect(h.kind).toBe(target.mode);
      const key = uniqueName('conn');
      await h.call('SET', key, 'v1');
      expect(await h.call('GET', key)).toBe('v1');
      expect(h.masters().length).toBe(target.mode === 'cluster' ? 3 : 1);
      expect(h.state()).toBe('ready');
    } finally {
      await h.close();
    }
  });

  describe('with a password-protected server', () => {
    let protectedRedis: LocalRedis;
    beforeAll(async () => {
      protectedRedis = await startLocalRedis({
        dir: path.join(os.tmpdir(), uniqueName('sl-auth')),
        password: 'right-pw',
      });
    });
    afterAll(async () => protectedRedis?.stop());

    it('fails with auth-failed on a wrong password, without showing it', async () => {
      const settings: ConnectionSettings =
        target.mode === 'single'
          ? { mode: 'single', url: protectedRedis.url, password: 'wrong-pw', tls: false }
          : {
              mode: 'cluster',
              nodes: [{ host: '127.0.0.1', port: protectedRedis.port }],
              password: 'wrong-pw',
              tls: false,
            };
      const err = await connectError(settings);
      expect(err.code).toBe('auth-failed');
      expect(err.message).toMatch(/authentication to .* failed/);
      expect(err.message).not.toContain('wrong-pw');
    });

    it('connects with the right password', async () => {
      const h = await createConnection({ mode: 'single', url: protectedRedis.url, password: 'right-pw', tls: false });
      expect(await h.call('PING')).toBe('PONG');
      await h.close();
    });
  });

  it('fails with unreachable when nothing listens', async () => {
    const port = await findFreePortRange(1);
    const settings: ConnectionSettings =
      target.mode === 'single'
        ? { mode: 'single', url: `redis://127.0.0.1:${port}`, tls: false }
        : { mode: 'cluster', nodes: [{ host: '127.0.0.1', port }], tls: false };
    const err = await connectError(settings);
    expect(['unreachable', 'timeout']).toContain(err.code);
    expect(err.message).toContain(`127.0.0.1:${port}`);
  });

  it('names a mode mismatch', async () => {
    const port = target.ports[0]!;
    if (target.mode === 'single') {
      const err = await connectError({ mode: 'cluster', nodes: [{ host: '127.0.0.1', port }], tls: false });
      expect(err.code).toBe('not-a-cluster');
      expect(err.message).toMatch(/is not a cluster node .*REDIS_URL=redis:\/\/127\.0\.0\.1:\d+/);
    } else {
      const err = await connectError({ mode: 'single', url: `redis://127.0.0.1:${port}`, tls: false });
      expect(err.code).toBe('is-cluster-node');
      expect(err.message).toMatch(/set REDIS_CLUSTER_ENABLED=true/);
    }
  });
});

/**
 * Writes keep going while the server is out of reach; every write that was acknowledged must be
 * readable afterwards. Cluster: SIGKILL a master and let its replica take over. Single: pause the
 * server's writes (a restart of an unpersisted single server would lose data by design).
 */
describe(`writes through an outage (${target.mode}, needs Redis)`, () => {
  let cluster: LocalCluster | undefined;
  let single: LocalRedis | undefined;

  beforeAll(async () => {
    if (target.mode === 'cluster') {
      cluster = await startLocalCluster({ dir: path.join(os.tmpdir(), uniqueName('sl-kill')), nodeTimeoutMs: 2000 });
    } else {
      single = await startLocalRedis({ dir: path.join(os.tmpdir(), uniqueName('sl-pause')) });
    }
  });
  afterAll(async () => {
    await cluster?.stop();
    await single?.stop();
  });

  it('waits instead of failing, and loses no acknowledged write', async () => {
    const settings: ConnectionSettings = cluster ? cluster.settings : { mode: 'single', url: single!.url, tls: false };
    const h = await createConnection(settings);
    const acked = new Map<string, string>();
    let failed = 0;
    let stop = false;
    const prefix = uniqueName('w');
    const writer = async (w: number) => {
      for (let i = 0; !stop && i < 100000; i++) {
        const key = `${prefix}:${w}:${i}`;
        try {
          await h.call('SET', key, String(i));
          acked.set(key, String(i));
        } catch {
          failed++;
        }
      }
    };
    const writers = Array.from({ length: 4 }, (_, w) => writer(w));
    await sleep(500);
    const before = acked.size;
    if (cluster) {
      const master = (await cluster.status()).find((s) => s.role === 'master')!;
      await cluster.kill(master.port);
      // Bounded: promotion takes node-timeout plus an election (measured 3–5 s here).
      const deadline = Date.now() + 20000;
      let promoted = false;
      while (!promoted && Date.now() < deadline) {
        await sleep(200);
        const st = await cluster.status();
        promoted = st.filter((s) => s.alive && s.role === 'master').length === 3;
      }
      expect(promoted).toBe(true);
    } else {
      await nodeCommand(single!.port, 'CLIENT', 'PAUSE', '1500', 'WRITE');
      await sleep(1700);
    }
    const atRecovery = acked.size;
    await sleep(1000);
    stop = true;
    await Promise.all(writers);
    expect(failed).toBe(0);
    expect(acked.size).toBeGreaterThan(atRecovery); // writes resumed after the outage
    expect(atRecovery).toBeGreaterThan(before);
    const keys = [...acked.keys()];
    for (let i = 0; i < keys.length; i += 500) {
      const chunk = keys.slice(i, i + 500);
      const values = await Promise.all(chunk.map((k) => h.call('GET', k)));
      chunk.forEach((k, j) => expect(values[j], k).toBe(acked.get(k)));
    }
    await h.close();
  });
});

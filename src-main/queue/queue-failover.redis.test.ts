import { setTimeout as sleep } from 'node:timers/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalCluster, type LocalCluster } from '../harness/local-cluster';
import { startLocalRedis, type LocalRedis } from '../harness/local-single';
import { nodeCommand, parseInfoLines } from '../harness/redis-cli';
import { restartRedisServer } from '../harness/redis-process';
import { createConnection } from '../redis/create-connection';
import type { RedisHandle } from '../redis/handle';
import { until } from '../testing/queue-fixture';
import { redisTarget, uniqueName } from '../testing/redis-target';
import { DurabilityError } from './errors';
import { Queue } from './queue';
import { Worker } from './worker';

/**
 * These tests kill or stop servers, so they start their own (never the suite's shared one).
 * Cluster: partition spread, durable writes with sleeping replicas, and a blocked worker that
 * survives a master kill. Single: a blocked worker that survives a server restart.
 */
const target = redisTarget();

/** The port of the master that owns `key`'s slot, from CLUSTER NODES. */
async function ownerPort(handle: RedisHandle, cluster: LocalCluster, key: string): Promise<number> {
  const slot = Number(await handle.call('CLUSTER', 'KEYSLOT', key));
  const nodes = String(await nodeCommand(cluster.ports[0]!, 'CLUSTER', 'NODES'));
  const owner = nodes
    .split('\n')
    .map((l) => l.split(' '))
    .find(
      (p) =>
        p[2]?.includes('master') &&
        !p[2]?.includes('fail') &&
        p.slice(8).some((r) => {
          const [a, b] = r.split('-').map(Number);
          return slot >= a! && slot <= (b ?? a!);
        }),
    )!;
  return Number(owner[1]!.split('@')[0]!.split(':')[1]);
}

function totalCalls(commandstats: string): number {
  let sum = 0;
  for (const m of commandstats.matchAll(/^cmdstat_[^:]+:calls=(\d+)/gm)) sum += Number(m[1]);
  return sum;
}

if (target.mode === 'cluster') {
  describe('on a cluster of its own (cluster, needs Redis)', () => {
    let cluster: LocalCluster;
    let handle: RedisHandle;
    const workers: Worker[] = [];

    beforeAll(async () => {
      cluster = await startLocalCluster({ dir: path.join(os.tmpdir(), uniqueName('sl-qfail')), nodeTimeoutMs: 2000 });
      handle = await createConnection(cluster.settings);
    });
    afterAll(async () => {
      await Promise.all(workers.map((w) => w.stop(2000)));
      await handle?.close();
      await cluster?.stop();
    });

    it('spreads a 3-partition queue so every master carries the same load (commandstats within 10%)', async () => {
      const q = await Queue.open(handle, uniqueName('spread'), { partitions: 3 });
      const masters = (await cluster.status()).filter((s) => s.role === 'master').map((s) => s.port);
      expect(masters).toHaveLength(3);
      for (const p of masters) await nodeCommand(p, 'CONFIG', 'RESETSTAT');
      for (let i = 0; i < 3000; i += 100)
        await Promise.all(Array.from({ length: 100 }, (_, j) => q.enqueue({ n: i + j })));
      const w = new Worker(q, () => undefined, { concurrency: 30, heartbeatMs: 60000, stalledIntervalMs: 60000 });
      workers.push(w);
      w.start();
      await until('3000 completed', async () => (await q.counts()).completed === 3000, 60000);
      await w.stop();
      const calls = await Promise.all(
        masters.map(async (p) => totalCalls(await nodeCommand(p, 'INFO', 'commandstats'))),
      );
      const mean = calls.reduce((a, b) => a + b, 0) / calls.length;
      for (const c of calls)
        expect(Math.abs(c - mean) / mean, `calls per master: ${calls.join(', ')}`).toBeLessThanOrEqual(0.1);
    }, 90_000);

    it('a durable enqueue whose replicas do not answer gets a typed error, and the task is still there', async () => {
      const q = await Queue.open(handle, uniqueName('durable'), { durable: { replicas: 1, timeoutMs: 200 } });
      expect((await q.enqueue({ ok: true })).created).toBe(true);
      const replicas = (await cluster.status()).filter((s) => s.role === 'replica').map((s) => s.port);
      // DEBUG SLEEP blocks each replica for 2 s: alive, but not acknowledging anything. Sent over
      // open connections (no process start), then given time to arrive.
      const sleeping = replicas.map((p) =>
        handle
          .node('127.0.0.1', p)
          .call('DEBUG', 'SLEEP', '2')
          .catch(() => undefined),
      );
      await sleep(300);
      const err = await q.enqueue({ n: 1 }, { id: 'while-replicas-sleep' }).catch((e: unknown) => e);
      await Promise.all(sleeping);
      expect(err).toBeInstanceOf(DurabilityError);
      expect((err as DurabilityError).code).toBe('durability-timeout');
      expect((await q.get('while-replicas-sleep'))?.state).toBe('waiting');
    }, 30_000);

    // First of the kills: a master grants no vote for the same shard's failover within
    // 2 × cluster-node-timeout of the last one, so after an earlier kill in this file the 12 s
    // failover below could take 24 s longer than the ack retry budget.
    it('acks in flight during a master kill complete every task once: no second run, no stall, no lease-lost', async () => {
      const q = await Queue.open(handle, uniqueName('ack-kill'), { partitions: 1 });
      const total = 1500;
      await q.enqueueBulk(Array.from({ length: total }, (_, i) => ({ payload: { i } })));
      const runs = new Map<string, number>();
      const lost: string[] = [];
      const stalled: unknown[] = [];
      const completed = new Set<string>();
      // A failover slower than ioredis's own redirection budget (100 × 100 ms): the nodes take
      // 12 s to mark the master failed, as a default cluster-node-timeout (15 s) would. Leases
      // outlast it, so only a dropped ack could make a task run again, once its lease expires.
      const ports = (await cluster.status()).filter((s) => s.alive).map((s) => s.port);
      for (const p of ports) await nodeCommand(p, 'CONFIG', 'SET', 'cluster-node-timeout', '12000');
      const w = new Worker(
        q,
        async (t) => {
          runs.set(t.id, (runs.get(t.id) ?? 0) + 1);
          await sleep(5);
        },
        { concurrency: 20, leaseMs: 30000, stalledIntervalMs: 250, maxStalls: 5 },
      );
      workers.push(w);
      w.on('lease-lost', (id: string) => lost.push(id));
      w.on('stalled', (s) => stalled.push(s));
      w.on('completed', (id: string) => completed.add(id));
      w.start();
      await until('a tenth done', () => completed.size >= total / 10, 30000);
      const port = await ownerPort(handle, cluster, q.partitions[0]!.keys.data);
      await cluster.kill(port);
      const doneAtKill = completed.size;
      const killedAt = Date.now();
      await until(
        'all completed',
        async () => (await q.counts().catch(() => null))?.completed === total && completed.size === total,
        45000,
        () => `${completed.size} completed events, ${lost.length} lease-lost, ${stalled.length} stalled`,
      );
      // Until a lease after the kill has expired: a task whose ack was dropped is swept and runs again by then.
      await sleep(Math.max(0, killedAt + 30000 + 1500 - Date.now()));
      for (const p of ports.filter((x) => x !== port))
        await nodeCommand(p, 'CONFIG', 'SET', 'cluster-node-timeout', '2000');
      expect(doneAtKill).toBeLessThan(total);
      expect([...runs.values()].filter((n) => n > 1)).toEqual([]);
      expect(runs.size).toBe(total);
      expect(lost).toEqual([]);
      expect(stalled).toEqual([]);
      expect(await q.counts()).toMatchObject({ completed: total, active: 0, waiting: 0, failed: 0 });
      await cluster.restart(port);
      await cluster.waitReady();
    }, 150_000);
    it('a blocked worker survives a master kill and goes on consuming', async () => {
      const q = await Queue.open(handle, uniqueName('failover'), { partitions: 3 });
      const done = new Set<string>();
      const w = new Worker(q, (t) => void done.add(t.id), { concurrency: 10, blockTimeoutMs: 1000 });
      workers.push(w);
      w.start();
      const first = await q.enqueueBulk(Array.from({ length: 30 }, (_, i) => ({ payload: { i } })));
      await until('first batch', () => first.every((r) => done.has(r.id)));
      // Idle now: every partition loop is blocked in BLPOP. Kill the master of partition 0.
      const port = await ownerPort(handle, cluster, q.partitions[0]!.keys.marker);
      await cluster.kill(port);
      const killedAt = Date.now();
      // Enqueue during the failover: these writes wait and then land.
      const during = await q.enqueueBulk(Array.from({ length: 30 }, (_, i) => ({ payload: { during: i } })));
      await until(
        'promotion',
        async () => (await cluster.status()).filter((s) => s.alive && s.role === 'master').length === 3,
        20000,
      );
      const after = await q.enqueueBulk(Array.from({ length: 30 }, (_, i) => ({ payload: { after: i } })));
      await until('all tasks after the kill done', () => [...during, ...after].every((r) => done.has(r.id)), 30000);
      expect(Date.now() - killedAt).toBeLessThan(30000);
      expect((await q.counts()).completed).toBe(90);
      await cluster.restart(port);
      await cluster.waitReady();
      const rejoined = (await cluster.status()).find((s) => s.port === port);
      expect(rejoined?.role).toBe('replica');
      expect(parseInfoLines(await nodeCommand(port, 'INFO', 'replication')).role).toBe('slave');
    }, 90_000);
  });
} else {
  describe('on a server of its own (single, needs Redis)', () => {
    let redis: LocalRedis;
    let handle: RedisHandle;
    let worker: Worker | undefined;
    beforeAll(async () => {
      redis = await startLocalRedis({ dir: path.join(os.tmpdir(), uniqueName('sl-restart')) });
      handle = await createConnection({ mode: 'single', url: redis.url, tls: false });
    });
    afterAll(async () => {
      await worker?.stop(2000);
      await handle?.close();
      await redis?.stop();
    });

    it('a blocked worker survives a server restart and goes on consuming', async () => {
      const q = await Queue.open(handle, uniqueName('restart'));
      const done = new Set<string>();
      worker = new Worker(q, (t) => void done.add(t.id), { blockTimeoutMs: 1000 });
      worker.start();
      const a = await q.enqueue({ before: true });
      await until('before restart', () => done.has(a.id));
      process.kill(redis.pid, 'SIGKILL');
      await sleep(500);
      const restarted = await restartRedisServer(redis.port, redis.dir);
      redis.pid = restarted.pid;
      // The registry was lost with the unpersisted server; the queue keys are recreated on use.
      const b = await q.enqueue({ after: true });
      await until('after restart', () => done.has(b.id), 20000);
    }, 60_000);
  });
}

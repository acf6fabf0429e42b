import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findFreePortRange } from '../harness/free-port';
import { startLocalCluster, type LocalCluster } from '../harness/local-cluster';
import { nodeCommand } from '../harness/redis-cli';
import { startLocalRedis, type LocalRedis } from '../harness/local-single';
import { startRedisServer, stopNode, type RedisNodeProcess } from '../harness/redis-process';
import { createConnection } from '../redis/create-connection';
import type { RedisHandle } from '../redis/handle';
import { until } from '../testing/queue-fixture';
import { redisTarget, uniqueName } from '../testing/redis-target';
import { TopologyMonitor } from './topology-monitor';

const target = redisTarget();

if (target.mode === 'cluster')
  describe('probe clients of a node that left the cluster (cluster of its own, needs Redis)', () => {
    const dir = path.join(os.tmpdir(), uniqueName('sl-evict'));
    let cluster: LocalCluster;
    let extra: RedisNodeProcess;
    let handle: RedisHandle;
    let monitor: TopologyMonitor;
    let listener: net.Server | undefined;

    beforeAll(async () => {
      cluster = await startLocalCluster({ dir, masters: 3, replicasPerMaster: 0 });
      const port = await findFreePortRange(1);
      extra = await startRedisServer({ port, dir: path.join(dir, `extra-${port}`), cluster: true });
      await nodeCommand(cluster.ports[0]!, 'CLUSTER', 'MEET', '127.0.0.1', String(port));
      handle = await createConnection(cluster.settings);
      monitor = new TopologyMonitor(handle, { intervalMs: 200, nodeTimeoutMs: 500 });
      monitor.start();
    });
    afterAll(async () => {
      listener?.close();
      await monitor?.stop();
      await handle?.close();
      if (extra) await stopNode(extra).catch(() => undefined);
      await cluster?.stop();
    });

    it('closes them once the node is forgotten, so nothing reconnects to its address', async () => {
      const address = `127.0.0.1:${extra.port}`;
      await until('the monitor to probe the new node', () => handle.nodeAddresses().includes(address), 20000);
      const id = (await nodeCommand(extra.port, 'CLUSTER', 'MYID')).trim();
      await stopNode(extra);
      for (const p of cluster.ports) await nodeCommand(p, 'CLUSTER', 'FORGET', id);
      await until('its probe client to be closed', () => !handle.nodeAddresses().includes(address), 10000);
      // Listen where the node was: a client still reconnecting (every ≤ 2 s) would show up here.
      let connections = 0;
      listener = net.createServer((s) => {
        connections++;
        s.destroy();
      });
      await new Promise<void>((r) => listener!.listen(extra.port, '127.0.0.1', r));
      await sleep(5000);
      expect(connections).toBe(0);
      expect(
        monitor
          .snapshot()!
          .shards.flatMap((s) => [s.master, ...s.replicas])
          .map((n) => n.address),
      ).not.toContain(address);
    });
  });

if (target.mode === 'single')
  describe('probe clients of a replica that went away (single server of its own, needs Redis)', () => {
    const dir = path.join(os.tmpdir(), uniqueName('sl-evict-single'));
    let primary: LocalRedis;
    let replica: LocalRedis;
    let handle: RedisHandle;
    let monitor: TopologyMonitor;
    let listener: net.Server | undefined;

    beforeAll(async () => {
      primary = await startLocalRedis({ dir: path.join(dir, 'primary') });
      replica = await startLocalRedis({
        dir: path.join(dir, 'replica'),
        extraConfig: [`replicaof 127.0.0.1 ${primary.port}`],
      });
      handle = await createConnection({ mode: 'single', url: primary.url, tls: false });
      monitor = new TopologyMonitor(handle, { intervalMs: 200, nodeTimeoutMs: 500 });
      monitor.start();
    });
    afterAll(async () => {
      listener?.close();
      await monitor?.stop();
      await handle?.close();
      await replica?.stop().catch(() => undefined);
      await primary?.stop();
    });

    it('closes it once INFO no longer lists the replica, so nothing reconnects to its address', async () => {
      const address = `127.0.0.1:${replica.port}`;
      await until('the monitor to probe the replica', () => handle.nodeAddresses().includes(address), 20000);
      await stopNode(replica);
      await until('its probe client to be closed', () => !handle.nodeAddresses().includes(address), 10000);
      let connections = 0;
      listener = net.createServer((s) => {
        connections++;
        s.destroy();
      });
      await new Promise<void>((r) => listener!.listen(replica.port, '127.0.0.1', r));
      await sleep(5000);
      expect(connections).toBe(0);
    });
  });

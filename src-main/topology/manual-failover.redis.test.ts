import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalCluster, type LocalCluster } from '../harness/local-cluster';
import { nodeCommand } from '../harness/redis-cli';
import { createConnection } from '../redis/create-connection';
import type { RedisHandle } from '../redis/handle';
import { until } from '../testing/queue-fixture';
import { redisTarget, uniqueName } from '../testing/redis-target';
import { parseHostPort } from '../../shared/host-port';
import { manualFailover } from './manual-failover';
import { TopologyMonitor } from './topology-monitor';

const target = redisTarget();

if (target.mode === 'cluster')
  describe('manual failover on a cluster of its own (needs Redis)', () => {
    let cluster: LocalCluster;
    let handle: RedisHandle;
    let monitor: TopologyMonitor;

    beforeAll(async () => {
      cluster = await startLocalCluster({ dir: path.join(os.tmpdir(), uniqueName('sl-manual-fo')) });
      handle = await createConnection(cluster.settings);
      monitor = new TopologyMonitor(handle, { intervalMs: 200 });
      monitor.start();
      await until('a snapshot with replicas', () => !!monitor.snapshot()?.shards.some((s) => s.replicas.length > 0));
    });
    afterAll(async () => {
      await monitor?.stop();
      await handle?.close();
      await cluster?.stop();
    });

    it('promotes the chosen replica, and then refuses it as a master', async () => {
      const shard = monitor.snapshot()!.shards.find((s) => s.slots.length > 0 && s.replicas.length === 1)!;
      const replica = shard.replicas[0]!;
      const r = await manualFailover({ handle, snapshot: monitor.snapshot(), replicaId: replica.id });
      expect(r).toEqual({ replicaId: replica.id, address: replica.address });
      const port = parseHostPort(replica.address).port;
      await until('the replica to report role master', async () =>
        (await nodeCommand(port, 'ROLE')).startsWith('master'),
      );
      // The monitor's snapshot may still call it a replica: the node's own ROLE answer decides.
      await expect(manualFailover({ handle, snapshot: monitor.snapshot(), replicaId: replica.id })).rejects.toThrow(
        /is a master|reports role master/,
      );
    });
  });

if (target.mode === 'single')
  describe('manual failover on a single server (needs Redis)', () => {
    it('refuses with not-a-cluster and leaves the server a master', async () => {
      const handle = await createConnection(target.settings);
      try {
        await expect(manualFailover({ handle, snapshot: null, replicaId: 'x' })).rejects.toMatchObject({
          code: 'not-a-cluster',
        });
        expect((await nodeCommand(target.ports[0]!, 'ROLE')).startsWith('master')).toBe(true);
      } finally {
        await handle.close();
      }
    });
  });

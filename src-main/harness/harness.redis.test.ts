import { setTimeout as sleep } from 'node:timers/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { redisTarget, uniqueName } from '../testing/redis-target';
import { LocalCluster, startLocalCluster } from './local-cluster';
import { startLocalRedis } from './local-single';
import { isRedisOnPort, restartRedisServer } from './redis-process';

/** The harness stops exactly what it started, even after a node was restarted elsewhere. */
const target = redisTarget();

if (target.mode === 'single') {
  describe('local redis-server (single, needs Redis)', () => {
    it('stop() stops the server after a restart under a new PID', async () => {
      const redis = await startLocalRedis({ dir: path.join(os.tmpdir(), uniqueName('sl-harness')) });
      process.kill(redis.pid, 'SIGKILL');
      await sleep(200);
      const again = await restartRedisServer(redis.port, redis.dir);
      redis.pid = again.pid;
      expect(isRedisOnPort(again.pid, redis.port)).toBe(true);
      await redis.stop();
      expect(isRedisOnPort(again.pid, redis.port)).toBe(false);
    });
  });
} else {
  describe('local cluster (cluster, needs Redis)', () => {
    it('stop() also stops a node that another process restarted', async () => {
      const cluster = await startLocalCluster({
        dir: path.join(os.tmpdir(), uniqueName('sl-harness')),
        masters: 1,
        replicasPerMaster: 1,
      });
      const port = cluster.ports[1]!;
      const elsewhere = LocalCluster.open(cluster.state.dir);
      await elsewhere.kill(port);
      const restarted = await elsewhere.restart(port);
      expect(isRedisOnPort(restarted.pid, port)).toBe(true);
      await cluster.stop();
      expect(isRedisOnPort(restarted.pid, port)).toBe(false);
      expect(cluster.state.nodes.every((n) => !isRedisOnPort(n.pid, n.port))).toBe(true);
    });
  });
}

import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisTarget, uniqueName } from '../testing/redis-target';
import { addMaster, rebalance, removeMaster } from './cluster-ops';
import { LocalCluster, startLocalCluster } from './local-cluster';
import { nodeCommand, redisCli } from './redis-cli';
import { isRedisOnPort } from './redis-process';
import { openSlots } from './slot-moves';

/** add-master, rebalance and remove-master on a cluster of this file's own, and their refusals. */
const target = redisTarget();

if (target.mode === 'single') {
  describe('cluster operations (cluster, needs Redis)', () => {
    it('is skipped on a single Redis', () => {
      console.log('[skip] cluster-ops: add/remove masters needs the redis-cluster project');
      expect(target.mode).toBe('single');
    });
  });
} else {
  describe('cluster operations (cluster, needs Redis)', () => {
    let cluster: LocalCluster;
    beforeAll(async () => {
      cluster = await startLocalCluster({
        dir: path.join(os.tmpdir(), uniqueName('sl-ops')),
        masters: 1,
        replicasPerMaster: 0,
      });
    });
    afterAll(async () => {
      await cluster?.stop();
    });

    const masterSlots = async () =>
      Object.fromEntries(
        (await cluster.status()).filter((s) => s.role === 'master').map((s) => [s.port, s.slots] as const),
      );

    it('refuses the last master, an unknown port and taken ports, and changes nothing', async () => {
      const first = cluster.ports[0]!;
      await expect(removeMaster(cluster, first)).rejects.toThrow(`node ${first} is the last master`);
      await expect(removeMaster(cluster, 1)).rejects.toThrow('port 1 is not a node of the cluster');
      await expect(addMaster(cluster, { basePort: first, replicas: 0 })).rejects.toThrow(
        `port ${first} on 127.0.0.1 is already in use`,
      );
      expect(cluster.ports).toEqual([first]);
      expect(LocalCluster.open(cluster.state.dir).ports).toEqual([first]);
      expect(await masterSlots()).toEqual({ [first]: 16384 });
    });

    it('adds a master with a replica, rebalances onto it, and removes it with its keys kept', async () => {
      const first = cluster.ports[0]!;
      const keys = Array.from({ length: 40 }, (_, i) => `ops-key-${i}`);
      for (const k of keys) await redisCli(['-c', '-p', String(first), 'SET', k, k]);

      const added = await addMaster(cluster, { replicas: 1 });
      expect(added).toHaveLength(2);
      const [master, replica] = added;
      expect(LocalCluster.open(cluster.state.dir).ports).toEqual([first, master!.port, replica!.port]);
      const status = await cluster.status();
      expect(status.find((s) => s.port === replica!.port)).toMatchObject({ role: 'replica', masterPort: master!.port });
      await expect(removeMaster(cluster, replica!.port)).rejects.toThrow(
        `node ${replica!.port} is a replica, not a master`,
      );

      await rebalance(cluster);
      const spread = await masterSlots();
      expect(spread[master!.port]).toBeGreaterThan(8000);
      expect(spread[first]).toBeGreaterThan(8000);

      const removed = await removeMaster(cluster, master!.port);
      expect(removed.map((n) => n.port).sort()).toEqual([master!.port, replica!.port].sort());
      for (const n of removed) expect(isRedisOnPort(n.pid, n.port)).toBe(false);
      expect(LocalCluster.open(cluster.state.dir).ports).toEqual([first]);
      expect(await masterSlots()).toEqual({ [first]: 16384 });
      for (const k of keys) expect((await redisCli(['-c', '-p', String(first), 'GET', k])).trim()).toBe(k);
    });

    it('a rebalance that meets a slot left open closes it with --cluster fix and tries again', async () => {
      const first = cluster.ports[0]!;
      const [master] = await addMaster(cluster, { replicas: 0 });
      const firstId = (await nodeCommand(first, 'CLUSTER', 'MYID')).trim();
      // What an interrupted move leaves behind: the target still IMPORTING a slot it never got.
      expect((await nodeCommand(master!.port, 'CLUSTER', 'SETSLOT', '100', 'IMPORTING', firstId)).trim()).toBe('OK');
      expect(await openSlots(cluster)).toEqual([
        { slot: 100, port: master!.port, state: 'importing', peerId: firstId },
      ]);
      const lines: string[] = [];
      const r = await rebalance(cluster, { log: (l) => lines.push(l) });
      console.log(`[cluster-ops] ${lines.join('\n[cluster-ops] ')}`);
      expect(r.fixes).toBe(1);
      expect(r.attempts).toBe(2);
      expect(r.failures[0]).toMatch(/open|fix/i);
      expect(lines.join('\n')).toMatch(/attempt 1\/4 failed[\s\S]*slots left open: 100 importing on/);
      expect(await openSlots(cluster)).toEqual([]);
      const spread = await masterSlots();
      expect(spread[master!.port]).toBeGreaterThan(8000);
      await removeMaster(cluster, master!.port);
      expect(await masterSlots()).toEqual({ [first]: 16384 });
    });
  });
}

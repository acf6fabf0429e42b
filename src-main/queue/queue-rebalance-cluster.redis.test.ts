import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMaster, rebalance } from '../harness/cluster-ops';
import { startLocalCluster, type LocalCluster } from '../harness/local-cluster';
import { createConnection } from '../redis/create-connection';
import type { RedisHandle } from '../redis/handle';
import { until } from '../testing/queue-fixture';
import { redisTarget, uniqueName } from '../testing/redis-target';
import { partitionsPerMaster } from './partition-plan';
import { Queue } from './queue';
import { masterSlots } from './registry';
import { Worker } from './worker';

/**
 * The short reshard: a cluster of this file's own goes from 2 masters to 3 (add-master, then a
 * slot rebalance, with 2000 tasks stored), then the queue is rebalanced to one partition per
 * master while producers and a worker run. Slot moves under live traffic are the reshard tests'
 * subject (queue-reshard.redis.test.ts); here `redis-cli --cluster rebalance` under load was
 * refused in 2 of 3 runs, so the slots move before the load starts.
 */
const target = redisTarget();

if (target.mode === 'single') {
  describe('queue rebalance after add-master (cluster, needs Redis)', () => {
    it('is skipped on a single Redis', () => {
      console.log('[skip] queue-rebalance-cluster: adding a master needs the redis-cluster project');
      expect(target.mode).toBe('single');
    });
  });
} else {
  describe('queue rebalance after add-master (cluster, needs Redis)', () => {
    let cluster: LocalCluster;
    let handle: RedisHandle;
    let worker: Worker | undefined;
    beforeAll(async () => {
      cluster = await startLocalCluster({
        dir: path.join(os.tmpdir(), uniqueName('sl-rebal')),
        masters: 2,
        replicasPerMaster: 0,
      });
      handle = await createConnection(cluster.settings);
    });
    afterAll(async () => {
      await worker?.stop(2000);
      await handle?.close();
      await cluster?.stop();
    });

    it('2 → 3 masters, then 2 → 3 partitions: one partition per master, every acknowledged id once', async () => {
      const q = await Queue.open(handle, uniqueName('rq'), { partitions: 2 });
      const done = new Map<string, number>();
      // Tasks already stored before the slots move; they must come through on their new masters.
      const acked: string[] = (
        await q.enqueueBulk(Array.from({ length: 2000 }, (_, i) => ({ payload: { pre: i }, id: `pre-${i}` })))
      ).map((x) => x.id);
      await addMaster(cluster, { replicas: 0 });
      // The new master must be known to every node before redis-cli agrees to move slots to it.
      for (let attempt = 1; ; attempt++) {
        try {
          await rebalance(cluster);
          break;
        } catch (e) {
          if (attempt >= 5) throw e;
          console.log(
            `[queue-rebalance-cluster] slot rebalance attempt ${attempt} refused: ${(e as Error).message.slice(-300)}`,
          );
          await sleep(1000);
        }
      }
      const masters = await masterSlots(handle);
      expect(masters).toHaveLength(3);
      worker = new Worker(q, (t) => void done.set(t.id, (done.get(t.id) ?? 0) + 1), {
        concurrency: 10,
        blockTimeoutMs: 200,
      }).start();
      let stop = false;
      // Bounded: at most 20 000 tasks or 90 s.
      const producing = (async () => {
        const deadline = Date.now() + 90_000;
        for (let i = 0; i < 20_000 && !stop && Date.now() < deadline; i++) {
          acked.push((await q.enqueue({ i }, i % 4 === 0 ? { id: `t-${i}` } : {})).id);
          if (i % 10 === 0) await sleep(5);
        }
      })();
      await sleep(300);
      const r = await q.rebalance({ partitions: 3 });
      expect([...partitionsPerMaster(r.tags, masters).values()].sort()).toEqual([1, 1, 1]);
      await sleep(1500);
      stop = true;
      await producing;
      await until(
        'every acknowledged id done',
        () => acked.every((id) => done.has(id)),
        30_000,
        () => `${done.size}/${acked.length}`,
      );
      expect([...done.values()].filter((n) => n !== 1)).toEqual([]);
      expect(done.size).toBe(acked.length);
      await until('the retired generation is dropped', () => q.retired.length === 0, 20_000);
      console.log(
        `[queue-rebalance-cluster] ${acked.length} tasks through add-master, slot rebalance and queue rebalance`,
      );
    }, 180_000);
  });
}

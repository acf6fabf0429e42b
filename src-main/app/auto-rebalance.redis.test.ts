import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMaster } from '../harness/cluster-ops';
import { startLocalCluster, type LocalCluster } from '../harness/local-cluster';
import { nodeCommand, redisCli } from '../harness/redis-cli';
import { REGISTRY_KEY } from '../queue/keys';
import { partitionsPerMaster, slotOf } from '../queue/partition-plan';
import { Queue } from '../queue/queue';
import { masterSlots, type QueueDefinition } from '../queue/registry';
import { Worker } from '../queue/worker';
import { createConnection } from '../redis/create-connection';
import type { RedisHandle } from '../redis/handle';
import { connectedContext } from '../testing/app-context-fixture';
import { until } from '../testing/queue-fixture';
import { redisTarget, uniqueName } from '../testing/redis-target';
import type { AppContext } from './app-context';
import { AUTO_REBALANCE_ACTOR } from './auto-rebalancer';

/**
 * The automatic rebalance on a cluster of this file's own: a queue of 6 partitions on 2 masters
 * (3 each), then a third master gets slots that hold none of them, so each old master owns 3,
 * more than ceil(6/3). A console with the option on rebalances the queue by itself, audits it as
 * `auto-rebalance`, and puts it on the timeline; every task still completes once.
 */
const target = redisTarget();

if (target.mode === 'single') {
  describe('automatic queue rebalance after a master was added (cluster, needs Redis)', () => {
    it('is skipped on a single Redis', () => {
      console.log('[skip] auto-rebalance: adding a master needs the redis-cluster project');
      expect(target.mode).toBe('single');
    });
  });
} else {
  describe('automatic queue rebalance after a master was added (cluster, needs Redis)', () => {
    let cluster: LocalCluster;
    let handle: RedisHandle;
    let ctx: AppContext | undefined;
    let worker: Worker | undefined;
    beforeAll(async () => {
      cluster = await startLocalCluster({
        dir: path.join(os.tmpdir(), uniqueName('sl-auto')),
        masters: 2,
        replicasPerMaster: 0,
      });
      handle = await createConnection(cluster.settings);
    });
    afterAll(async () => {
      await worker?.stop(2000);
      await ctx?.close();
      await handle?.close();
      await cluster?.stop();
    });

    const definition = async (name: string) =>
      JSON.parse((await handle.call('HGET', REGISTRY_KEY, name)) as string) as QueueDefinition;

    it('rebalances a queue whose partitions a new master does not hold, once, audited and on the timeline', async () => {
      const q = await Queue.open(handle, uniqueName('auto'), { partitions: 6 });
      const ids = (
        await q.enqueueBulk(Array.from({ length: 300 }, (_, i) => ({ payload: { i }, id: `pre-${i}` })))
      ).map((r) => r.id);
      ctx = await connectedContext(
        'auto-rebalance',
        { connectTimeoutMs: 5000 },
        { settings: cluster.settings, autoRebalance: { enabled: true, minIntervalMs: 60_000 } },
      );
      // It looks, and leaves an even queue alone.
      await until(
        'the first decision',
        () => ctx!.autoRebalanceStatus(q.name).decision === 'no rebalance: the partitions are spread evenly',
        20_000,
        () => JSON.stringify(ctx!.autoRebalanceStatus(q.name)),
      );

      const [added] = await addMaster(cluster, { replicas: 0 });
      const newId = (await nodeCommand(added!.port, 'CLUSTER', 'MYID')).trim();
      // Move the lowest slots of one master (reshard takes them from the bottom) up to the first
      // slot a partition uses there, so the new master gets slots but none of the partitions.
      const before = await masterSlots(handle);
      const tagSlots = q.partitions.map((p) => slotOf(p.keys.tag));
      const choice = before
        .map((m) => {
          const low = Math.min(...m.ranges.map((r) => r[0]));
          const mine = tagSlots.filter((s) => m.ranges.some(([a, b]) => s >= a && s <= b));
          return { id: m.id, count: Math.min(1000, Math.min(...mine) - low) };
        })
        .sort((a, b) => b.count - a.count)[0]!;
      expect(choice.count, 'slots below every partition of one master').toBeGreaterThan(0);
      const seed = `127.0.0.1:${cluster.ports[0]}`;
      for (let attempt = 1; ; attempt++) {
        try {
          await redisCli(
            [
              '--cluster',
              'reshard',
              seed,
              '--cluster-from',
              choice.id,
              '--cluster-to',
              newId,
              '--cluster-slots',
              String(choice.count),
              '--cluster-yes',
            ],
            120_000,
          );
          break;
        } catch (e) {
          // The new master must be known to every node before redis-cli moves slots to it.
          if (attempt >= 5) throw e;
          console.log(`[auto-rebalance] reshard attempt ${attempt} refused: ${(e as Error).message.slice(-300)}`);
          await sleep(1000);
        }
      }
      await cluster.waitReady();
      const after = await masterSlots(handle);
      expect(after).toHaveLength(3);
      expect(partitionsPerMaster(q.definition.tags, after).get(newId), 'the new master holds no partition').toBe(0);

      await until(
        'the automatic rebalance',
        async () => ((await definition(q.name)).generation ?? 0) >= 1,
        60_000,
        () => JSON.stringify(ctx!.autoRebalanceStatus(q.name)),
      );
      const def = await definition(q.name);
      expect(def.generation).toBe(1);
      expect([...partitionsPerMaster(def.tags, await masterSlots(handle)).values()].sort()).toEqual([2, 2, 2]);
      // The definition is written before the rebalancer records its outcome.
      await until('the outcome recorded', () => ctx!.autoRebalanceStatus(q.name).lastOutcome !== 'running', 10_000);
      expect(ctx.autoRebalanceStatus(q.name)).toMatchObject({
        enabled: true,
        lastOutcome: 'generation 1: 6 → 6 partitions',
      });

      await until('the audit record', async () => {
        const page = await ctx!.audit.list({ queue: q.name, who: AUTO_REBALANCE_ACTOR });
        return page.entries.length > 0;
      });
      const [entry] = (await ctx.audit.list({ queue: q.name, who: AUTO_REBALANCE_ACTOR })).entries;
      expect(entry).toMatchObject({
        action: 'queue:rebalance',
        outcome: 'ok',
        target: { queue: q.name },
        filter: {
          generation: 1,
          partitions: 6,
          reason: expect.stringMatching(/owns 3 of 6 partitions: more than ceil\(6\/3\) = 2/),
        },
      });
      await until(
        'the rebalance on the timeline',
        () => ctx!.history.list().some((e) => e.id === `queue-rebalanced:${q.name}:1`),
        10_000,
      );

      // Everything stored before still completes, once; the retired generation drains and goes.
      const done = new Map<string, number>();
      await q.refreshDefinition();
      worker = new Worker(q, (t) => void done.set(t.id, (done.get(t.id) ?? 0) + 1), {
        concurrency: 10,
        blockTimeoutMs: 200,
      }).start();
      for (let i = 0; i < 60; i++) ids.push((await q.enqueue({ after: i })).id);
      await until(
        'every task done',
        () => ids.every((id) => done.has(id)),
        30_000,
        () => `${done.size}/${ids.length}`,
      );
      expect([...done.values()].filter((n) => n !== 1)).toEqual([]);
      await until('the retired generation is dropped', async () => !(await definition(q.name)).retired, 30_000);
      // Still one rebalance: the interval holds the next (and the spread is even now).
      expect((await definition(q.name)).generation).toBe(1);
      expect((await ctx.audit.list({ queue: q.name, who: AUTO_REBALANCE_ACTOR })).entries).toHaveLength(1);
    }, 240_000);
  });
}

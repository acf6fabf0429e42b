import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalCluster, type LocalCluster } from '../harness/local-cluster';
import { nodeCommand } from '../harness/redis-cli';
import { createConnection } from '../redis/create-connection';
import type { RedisHandle } from '../redis/handle';
import { queueFixture } from '../testing/queue-fixture';
import { redisTarget, uniqueName } from '../testing/redis-target';
import { TaskFailedError, WaitTimeoutError } from './errors';
import { Queue } from './queue';
import { Worker } from './worker';

/**
 * Waits survive what breaks pub/sub-only waiting: a reconnect of the waiting connection (both
 * modes) and, on a cluster of the test's own, a master kill while the waits are pending.
 */
const target = redisTarget();
const fx = queueFixture();
afterAll(() => fx.close());

describe(`waits across reconnects (${target.mode}, needs Redis)`, () => {
  it('50 waits resolve after the waiting connection is killed mid-wait', async () => {
    const q = await fx.queue({ partitions: 2 });
    const ids = (await q.enqueueBulk(Array.from({ length: 50 }, (_, n) => ({ payload: { n } })))).map((r) => r.id);
    const waits = ids.map((id) => q.waitFor(id, { timeoutMs: 30_000 }));
    await sleep(250);
    // Kill the waiter's own connections (by CLIENT ID, so other test files are untouched).
    const nodes = q.handle.kind === 'cluster' ? q.handle.masters() : [q.handle];
    const killer = await createConnection(redisTarget().settings);
    try {
      for (const n of nodes) {
        const cid = Number(await n.call('CLIENT', 'ID'));
        const owner = 'address' in n ? killer.masters().find((m) => m.address === n.address)! : killer;
        await owner.call('CLIENT', 'KILL', 'ID', cid);
      }
      // Finish the tasks from another connection while the waiter reconnects.
      const w = new Worker(await Queue.open(killer, q.name), (t) => (t.payload as { n: number }).n, {
        blockTimeoutMs: 200,
      });
      w.start();
      const tasks = await Promise.all(waits);
      await w.stop();
      expect(tasks.map((t) => t.result)).toEqual(ids.map((_, n) => n));
    } finally {
      await killer.close();
    }
  }, 60_000);
});

if (target.mode === 'cluster') {
  describe('enqueueAndWait across a master kill (cluster of its own, needs Redis)', () => {
    let cluster: LocalCluster;
    let handle: RedisHandle;
    let worker: Worker | undefined;

    beforeAll(async () => {
      cluster = await startLocalCluster({
        dir: path.join(os.tmpdir(), uniqueName('sl-waitkill')),
        nodeTimeoutMs: 2000,
      });
      handle = await createConnection(cluster.settings);
    }, 60_000);
    afterAll(async () => {
      await worker?.stop(2000);
      await handle?.close();
      await cluster?.stop();
    });

    it('every wait resolves with its result or fails clearly by its timeout; none hangs', async () => {
      const q = await Queue.open(handle, uniqueName('waitkill'), { partitions: 1 });
      const slot = Number(await handle.call('CLUSTER', 'KEYSLOT', q.partitions[0]!.keys.wait));
      const nodes = String(await nodeCommand(cluster.ports[0]!, 'CLUSTER', 'NODES'));
      const owner = nodes
        .split('\n')
        .map((l) => l.split(' '))
        .find(
          (p) =>
            p[2]?.includes('master') &&
            p.slice(8).some((r) => {
              const [a, b] = r.split('-').map(Number);
              return slot >= a! && slot <= (b ?? a!);
            }),
        )!;
      const port = Number(owner[1]!.split('@')[0]!.split(':')[1]);
      worker = new Worker(
        q,
        async (t) => {
          await sleep(50);
          return { n: (t.payload as { n: number }).n };
        },
        { concurrency: 20, blockTimeoutMs: 500, leaseMs: 5000, stalledIntervalMs: 1000 },
      );
      worker.start();
      const outcomes = { resolved: 0, failedClearly: 0, wrong: 0 };
      const run = async (n: number) => {
        try {
          const r = (await q.enqueueAndWait({ n }, { timeoutMs: 40_000 })) as { n: number };
          if (r.n === n) outcomes.resolved++;
          else outcomes.wrong++;
        } catch (e) {
          if (e instanceof WaitTimeoutError || e instanceof TaskFailedError || (e as { code?: string }).code)
            outcomes.failedClearly++;
          else outcomes.wrong++;
        }
      };
      const calls: Array<Promise<void>> = [];
      for (let i = 0; i < 100; i++) calls.push(run(i));
      await sleep(200);
      await cluster.kill(port);
      for (let i = 100; i < 200; i++) {
        calls.push(run(i));
        await sleep(20);
      }
      const t0 = Date.now();
      await Promise.all(calls);
      console.log(
        `waits across a master kill: ${JSON.stringify(outcomes)} in ${Date.now() - t0} ms after the last call`,
      );
      expect(outcomes.resolved + outcomes.failedClearly).toBe(200);
      expect(outcomes.wrong).toBe(0);
      // The replica takes over within seconds: nearly every wait gets its result.
      expect(outcomes.resolved).toBeGreaterThan(150);
      await cluster.restart(port);
    }, 120_000);
  });
}

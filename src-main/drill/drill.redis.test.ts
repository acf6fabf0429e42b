import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { createConnection } from '../redis/create-connection';
import type { RedisHandle } from '../redis/handle';
import { Queue } from '../queue/queue';
import { redisTarget, uniqueName } from '../testing/redis-target';
import { DrillLoad } from './drill-load';
import { listUnfinished, lookUpStates } from './final-states';
import { Ledger } from './ledger';
import { idsToLookUp, reconcile } from './reconcile';
import { runDrill } from './run-drill';

const target = redisTarget();

if (target.mode === 'cluster') {
  describe('failover drill on a cluster of its own (cluster, needs Redis)', () => {
    it('one master kill under load: no durable task lost, none stuck, every acked task completed', async () => {
      const report = await runDrill({
        kills: 1,
        intervalS: 1,
        rate: 300,
        concurrency: 20,
        partitions: 3,
        drainMs: 20000,
      });
      const r = report.reconciliation;
      expect(report.kills).toHaveLength(1);
      const k = report.kills[0]!;
      expect(k.error, JSON.stringify(k)).toBeUndefined();
      expect(k.promotedMs).toBeGreaterThan(0);
      expect(k.rejoinedAs).toBe('replica');
      expect(k.rejoinedMasterPort).toBe(k.newMasterPort);
      expect(r.enqueued.durable.acked + r.enqueued.plain.acked).toBeGreaterThan(1000);
      expect(r.lost.durable).toBe(0);
      expect(r.stuck.total).toBe(0);
      expect(r.ackedNotCompleted, JSON.stringify(r)).toBe(0);
      expect(r.unchecked).toBe(0);
      expect(report.problems).toEqual([]);
      expect(report.waits.started).toBeGreaterThan(50);
      expect(report.waits.hung).toBe(0);
      expect(report.waits.wrongResult).toBe(0);
      expect(report.waits.resolved + report.waits.failedClearly).toBe(report.waits.started);
    }, 60_000);
  });
} else {
  // A single server has no replica and no failover: what can be checked here is the load and the
  // reconciliation, with every durable enqueue unconfirmed (WAIT 1 on a server with no replica).
  describe('drill load and reconciliation on the shared server (single, needs Redis)', () => {
    const handles: RedisHandle[] = [];
    afterAll(async () => {
      await Promise.all(handles.map((h) => h.close()));
    });

    it('plain enqueues are acked and completed once; durable ones are unconfirmed yet stored and run', async () => {
      // Producers and workers on their own connections, as in the drill: WAIT holds the connection
      // it runs on for its whole timeout, so it is short here (20 ms, at 50 durable enqueues/s).
      handles.push(await createConnection(target.settings), await createConnection(target.settings));
      const name = uniqueName('drill');
      const pq = await Queue.open(handles[0]!, name, { partitions: 2 });
      const wq = await Queue.open(handles[1]!, name, { partitions: 2 });
      const ledger = new Ledger(2);
      const load = new DrillLoad(pq, wq, ledger, {
        rate: 100,
        concurrency: 10,
        durable: { replicas: 1, timeoutMs: 20 },
        idPrefix: name,
      });
      load.start();
      await sleep(2000);
      expect(await load.stopProducers(10000)).toBe(0);
      expect(await load.drain(15000)).toBe(true);
      await load.stopWorkers();
      const r = reconcile(
        ledger.entries.values(),
        await lookUpStates(pq, idsToLookUp(ledger.entries.values())),
        await listUnfinished(pq),
      );
      expect(r.enqueued.plain.attempted).toBeGreaterThan(50);
      expect(r.enqueued.plain.acked).toBe(r.enqueued.plain.attempted);
      expect(r.enqueued.durable.unconfirmed).toBe(r.enqueued.durable.attempted);
      expect(r.unconfirmed.present).toBe(r.unconfirmed.total);
      expect(r.unconfirmed.processed).toBe(r.unconfirmed.total);
      expect(r.lost).toEqual({ durable: 0, plain: 0, sample: [] });
      expect(r.duplicates.tasks).toBe(0);
      expect(r.stuck.total).toBe(0);
      expect(r.ackedNotCompleted).toBe(0);
      expect(load.producerErrors.count).toBe(0);
    }, 30_000);
  });
}

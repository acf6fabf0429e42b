import { describe, expect, it } from 'vitest';
import { redisTarget } from '../testing/redis-target';
import { formatReshardReport } from './format-reshard-report';
import { runReshardDrill } from './run-reshard-drill';

/**
 * The reshard drill, short: on a 3+3 cluster of its own, under light load, add 1 master (with a
 * replica), rebalance the slots onto it, rebalance the queue to 4 partitions and let the retired
 * ones drain; nothing acknowledged lost, nothing stuck, the load within 10% over the 4 masters.
 * The full drill (3 → 6 → 3) is `slotline drill --mode reshard`.
 */
const target = redisTarget();

if (target.mode === 'single') {
  describe('reshard drill, short (cluster, needs Redis)', () => {
    it('is skipped on a single Redis', () => {
      console.log('[skip] reshard-drill: adding masters needs the redis-cluster project (it starts its own cluster)');
      expect(target.mode).toBe('single');
    });
  });
} else {
  describe('reshard drill, short (cluster, needs Redis)', () => {
    it('add 1 master → rebalance slots → queue to 4 partitions: 0 lost, 0 stuck, load within 10%', async () => {
      const r = await runReshardDrill({
        addMasters: 1,
        scaleIn: false,
        rate: 100,
        concurrency: 10,
        spreadWindowS: 8,
        reportOnlySpreads: false,
        drainMs: 30_000,
      });
      console.log(formatReshardReport(r));
      expect(r.steps.map((s) => [s.kind, s.error])).toEqual([
        ['add-masters', undefined],
        ['rebalance-slots', undefined],
        ['rebalance-queue', undefined],
      ]);
      const [, slots, queue] = r.steps as [unknown, (typeof r.steps)[number], (typeof r.steps)[number]];
      expect(slots.masters).toBe(4);
      // redis-cli moves to the even share (4096 each), give or take its 2% threshold.
      expect(slots.slotSpread?.masters).toHaveLength(4);
      expect(slots.slotSpread?.maxDeviation).toBeLessThanOrEqual(0.02);
      expect(slots.attempts).toBeGreaterThanOrEqual(1);
      const spread = queue.loadSpread!;
      expect(spread.checked).toBe(true);
      expect(spread.masters.map((m) => m.partitions)).toEqual([1, 1, 1, 1]);
      expect(spread.masters.every((m) => m.calls > 0)).toBe(true);
      expect(spread.maxDeviation).toBeLessThanOrEqual(0.1);
      const rec = r.reconciliation;
      expect(rec.enqueued.durable.acked + rec.enqueued.plain.acked).toBeGreaterThan(1000);
      expect(rec.lost).toEqual({ durable: 0, plain: 0, sample: [] });
      expect(rec.stuck.total).toBe(0);
      expect(rec.ackedNotCompleted, JSON.stringify(rec)).toBe(0);
      expect(r.waits.hung).toBe(0);
      expect(r.problems).toEqual([]);
      expect(r.ok).toBe(true);
    }, 180_000);
  });
}

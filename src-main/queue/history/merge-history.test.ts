import { describe, expect, it } from 'vitest';
import { RANGE_PLANS } from './history-layout';
import { latencyBucket } from './latency-buckets';
import { mergeHistory } from './merge-history';

const row = (o: Record<string, number>) => new Map(Object.entries(o));

describe('mergeHistory', () => {
  it('sums partitions per point by index, depth over the sampled ones, the largest age', () => {
    const plan = { ...RANGE_PLANS['1h'], points: 3 };
    const { stepMs, points } = mergeHistory(plan, [
      // Partition A read a moment before B, which saw the next minute already.
      { now: 0, first: 100, rows: [row({ c: 2, d: 5, o: 900 }), row({ c: 1, f: 1, e: 2 }), row({ d: 1 })] },
      {
        now: 0,
        first: 101,
        rows: [row({ c: 3, d: 7, o: 1200 }), row({ d: 2 }), row({ c: 4, [`w${latencyBucket(40)}`]: 4 })],
      },
    ]);
    expect(stepMs).toBe(60_000);
    expect(points.map((p) => p.at)).toEqual([101, 102, 103].map((m) => m * 60_000));
    expect(points.map((p) => [p.completed, p.failed, p.retried, p.waiting, p.oldestWaitingMs])).toEqual([
      [4, 1, 2, 7, 1200],
      [0, 0, 0, 3, null],
      [4, 0, 0, null, null],
    ]);
    expect(points[2]!.waitP50).toBeGreaterThanOrEqual(32);
    expect(points[2]!.waitP50).toBeLessThan(45.26);
    expect(points[0]!.waitP50).toBeNull();
  });

  it('answers empty points for a queue without history and skips fields it does not know', () => {
    const { points } = mergeHistory(RANGE_PLANS['7d'], [{ now: 0, first: 7, rows: [row({ zz: 3, w999: 1, c: 1 })] }]);
    expect(points).toHaveLength(336);
    expect(points[points.length - 1]).toMatchObject({ completed: 1, waitP50: null, waiting: null });
    expect(mergeHistory(RANGE_PLANS['24h'], []).points).toHaveLength(288);
  });
});

import { describe, expect, it } from 'vitest';
import { bucketHigh, bucketLow, LATENCY_BUCKETS, latencyBucket, quantile, readySince } from './latency-buckets';

describe('latency buckets', () => {
  it('puts each latency in the bucket whose bounds hold it, √2 apart', () => {
    for (const ms of [0, 0.4, 1, 1.3, 1.5, 2, 3, 7.9, 100, 1234.5, 60_000, 3_600_000, 100_000_000]) {
      const k = latencyBucket(ms);
      expect(bucketLow(k)).toBeLessThanOrEqual(ms);
      expect(ms).toBeLessThan(bucketHigh(k));
    }
    expect(bucketHigh(5) / bucketLow(5)).toBeCloseTo(Math.SQRT2, 10);
    expect([latencyBucket(-5), latencyBucket(NaN), latencyBucket(0.99), latencyBucket(1)]).toEqual([0, 0, 0, 1]);
    // Beyond 2^27 ms (37 h) everything is in the last bucket.
    expect(latencyBucket(2 ** 27)).toBe(LATENCY_BUCKETS - 1);
    expect(latencyBucket(1e12)).toBe(LATENCY_BUCKETS - 1);
    expect(latencyBucket(2 ** 27 - 1)).toBe(LATENCY_BUCKETS - 2);
  });

  it('reads a quantile inside the bucket of the true (nearest-rank) value, null when empty', () => {
    const values = Array.from({ length: 200 }, (_, i) => 3 + ((i * 37) % 500));
    const counts = new Array<number>(LATENCY_BUCKETS).fill(0);
    for (const v of values) counts[latencyBucket(v)]!++;
    const sorted = [...values].sort((a, b) => a - b);
    for (const q of [0.5, 0.95, 0.99, 1]) {
      const truth = sorted[Math.ceil(q * sorted.length) - 1]!;
      const got = quantile(counts, q)!;
      expect(latencyBucket(got) === latencyBucket(truth) || got === bucketHigh(latencyBucket(truth))).toBe(true);
    }
    expect(quantile(new Array(LATENCY_BUCKETS).fill(0), 0.5)).toBeNull();
    const top = new Array<number>(LATENCY_BUCKETS).fill(0);
    top[LATENCY_BUCKETS - 1] = 3;
    expect(quantile(top, 0.95)).toBe(bucketLow(LATENCY_BUCKETS - 1));
  });

  it('counts a wait from readyAt when the record has one, else from createdAt', () => {
    expect(readySince({ createdAt: 10, readyAt: 50 })).toBe(50);
    expect(readySince({ createdAt: 10 })).toBe(10);
    expect(readySince({})).toBeUndefined();
  });
});

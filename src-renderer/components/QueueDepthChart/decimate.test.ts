import { describe, expect, it } from 'vitest';
import { minMaxBuckets } from './decimate';

const series = (values: (number | null)[]) => values.map((v, i) => ({ at: i * 1000, v }));
const val = (p: { v: number | null }) => p.v;

describe('minMaxBuckets', () => {
  it('keeps everything when there are no more points than two per bucket', () => {
    expect(minMaxBuckets(series([1, 2, 3, 4]), [0, 4000], 2, val)).toEqual([0, 1, 2, 3]);
  });

  it('keeps the low and the high of each bucket, in time order, and the newest point', () => {
    // 12 points, 3 buckets of 4 s each.
    const pts = series([5, 9, 1, 5, 5, 5, 5, 5, 2, 8, 3, 4]);
    expect(minMaxBuckets(pts, [0, 12000], 3, val)).toEqual([1, 2, 4, 8, 9, 11]);
  });

  it('keeps a one-sample spike among 3600 flat points, within 2 points a bucket', () => {
    const values = Array.from({ length: 3600 }, (_, i) => (i === 1234 ? 5000 : 10));
    const kept = minMaxBuckets(series(values), [0, 3_600_000], 180, val);
    expect(kept).toContain(1234);
    expect(kept.length).toBeLessThanOrEqual(2 * 180 + 1);
  });

  it('keeps every gap point', () => {
    const values = Array.from({ length: 100 }, (_, i) => (i >= 40 && i < 43 ? null : i % 7));
    const kept = minMaxBuckets(series(values), [0, 100_000], 5, val);
    expect(kept).toEqual(expect.arrayContaining([40, 41, 42, 99]));
    expect(kept).toEqual([...kept].sort((a, b) => a - b));
  });
});

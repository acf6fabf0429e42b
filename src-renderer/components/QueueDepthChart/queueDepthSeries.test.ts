import { describe, expect, it } from 'vitest';
import { depthSample, failoverEvents } from '../../testing/fixtures';
import type { DepthPoint } from '../../store/live-state';
import { queueDepthSeries } from './queueDepthSeries';

describe('queueDepthSeries', () => {
  it('keeps only the window, decimated to at most maxPoints rows that still span all of it', () => {
    const points = Array.from({ length: 100 }, (_, i) => depthSample(i * 1000));
    const { rows, domain } = queueDepthSeries(points, [], 50_000, 99_000, 20);
    expect(rows.length).toBeLessThanOrEqual(20);
    // A flat series keeps one row per bucket (9 buckets of 20 rows' worth).
    expect(rows.length).toBeGreaterThanOrEqual(9);
    expect(rows.at(-1)!.at).toBe(99_000);
    expect(rows[0]!.at).toBeLessThan(53_000);
    expect(domain).toEqual([49_000, 99_000]);
  });
  it('shows the whole hour of one-per-second samples in the 60-minute window', () => {
    const points = Array.from({ length: 3600 }, (_, i) => depthSample(i * 1000));
    const { rows } = queueDepthSeries(points, [], 60 * 60_000, 3_599_000);
    expect(rows.length).toBeLessThanOrEqual(360);
    expect(rows[0]!.at).toBeLessThan(10_000);
  });
  it('keeps a one-second spike in the hour that even thinning would drop', () => {
    const points = Array.from({ length: 3600 }, (_, i) => ({
      ...depthSample(i * 1000),
      waiting: i === 1801 ? 9000 : 3,
    }));
    const { rows } = queueDepthSeries(points, [], 60 * 60_000, 3_599_000);
    expect(rows.length).toBeLessThanOrEqual(360);
    expect(Math.max(...rows.map((r) => r.waiting ?? 0))).toBe(9000);
  });
  it('turns a gap into a null row so the chart breaks there', () => {
    const points: DepthPoint[] = [depthSample(1000), { queue: 'emails', at: 2000, gap: true }, depthSample(3000)];
    const { rows } = queueDepthSeries(points, [], 60_000, 3000);
    expect(rows.map((r) => r.waiting)).toEqual([10, null, 10]);
  });
  it('marks failed and promoted events inside the window only', () => {
    const { markers } = queueDepthSeries([], failoverEvents(), 5000, 1_010_000);
    expect(markers).toEqual([
      { at: 1_007_600, label: 'failed 127.0.0.1:7000' },
      { at: 1_009_000, label: 'promoted 127.0.0.1:7003' },
    ]);
  });
});

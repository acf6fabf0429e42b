import { describe, expect, it } from 'vitest';
import type { DepthPoint } from '../../store/live-state';
import { depthSample } from '../../testing/fixtures';
import { clusterThroughputSeries, firstAtOrAfter } from './clusterThroughputSeries';
import { throughputGeometry } from './throughputGeometry';

const at = (t: number, queue: string, ok: number, bad: number): DepthPoint => ({
  ...depthSample(t, queue),
  completedPerSec: ok,
  failedPerSec: bad,
});

describe('clusterThroughputSeries', () => {
  it('sums the queues per bucket, each queue as the mean of its samples there', () => {
    const depth = {
      // Sampled in the same ticks, a few ms apart.
      a: [at(1000, 'a', 10, 1), at(2003, 'a', 20, 1), at(3001, 'a', 30, 0)],
      b: [at(1004, 'b', 5, 0), at(2000, 'b', 5, 2), at(3006, 'b', 5, 0)],
    };
    const rows = clusterThroughputSeries(depth, 0, 4000, 2);
    expect(rows).toEqual([
      // Bucket [0, 2000): a 10, b 5 (b's 2000 falls in the next one).
      { at: 1000, completedPerSec: 15, failedPerSec: 1 },
      // Bucket [2000, 4000): a mean(20, 30) = 25, b mean(5, 5) = 5; failed a 0.5 + b 1.
      { at: 3000, completedPerSec: 30, failedPerSec: 1.5 },
    ]);
  });

  it('leaves a bucket nobody was sampled in (or only a gap) empty, so the line breaks', () => {
    const depth: Record<string, DepthPoint[]> = {
      a: [at(500, 'a', 4, 0), { queue: 'a', at: 1500, gap: true }, at(3500, 'a', 6, 1)],
    };
    const rows = clusterThroughputSeries(depth, 0, 4000, 4);
    expect(rows.map((r) => r.completedPerSec)).toEqual([4, null, null, 6]);
    const g = throughputGeometry(rows, [0, 4000], { left: 0, top: 0, width: 400, height: 100 });
    expect(g.max).toBe(10);
    expect(g.lines.completedPerSec).toEqual([[[50, 60]], [[350, 40]]]);
    expect(g.lines.failedPerSec).toEqual([[[50, 100]], [[350, 90]]]);
  });

  it('ignores samples outside the window and finds its start by binary search', () => {
    const points = [100, 200, 300, 400].map((t) => at(t, 'a', t, 0));
    expect(firstAtOrAfter(points, 250)).toBe(2);
    expect(firstAtOrAfter(points, 0)).toBe(0);
    expect(firstAtOrAfter(points, 500)).toBe(4);
    expect(clusterThroughputSeries({ a: points }, 200, 300, 1)).toEqual([
      { at: 250, completedPerSec: 250, failedPerSec: 0 },
    ]);
  });
});

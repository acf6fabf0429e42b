import { describe, expect, it } from 'vitest';
import type { TopologyEvent } from '../../../shared/types/topology';
import { failoverEvents } from '../../testing/fixtures';
import { promotionSpans, timelineSeries } from './failoverTimelineSeries';
import { dotAt, laneCounts, timelineDomain, timelineGeometry, timeTicks } from './timelineGeometry';

const box = { left: 100, top: 0, width: 1000, height: 120 };
const suspected = (id: string, at: number): TopologyEvent => ({
  id,
  at,
  type: 'node-suspected',
  nodeId: 'm0',
  address: '127.0.0.1:7000',
  role: 'master',
});

describe('timelineGeometry', () => {
  it('pads the domain 2 s either side of the events and puts lane 0 at the bottom', () => {
    const series = timelineSeries(failoverEvents());
    expect(timelineDomain(series)).toEqual([1_003_200, 1_022_000]);
    const g = timelineGeometry(series, promotionSpans(failoverEvents()), box);
    // Six lanes of 20 px: centre lines 110 (other) up to 10 (rebalanced).
    expect(g.laneY).toEqual([110, 90, 70, 50, 30, 10]);
    const promoted = g.dots.find((d) => d.lane === 'promoted')!;
    expect(promoted.y).toBe(50);
    expect(promoted.x).toBeCloseTo(100 + ((1_009_000 - 1_003_200) / 18_800) * 1000, 6);
    expect(g.dots).toHaveLength(4);
  });

  it('shades a promotion span from first suspicion to promotion, in px', () => {
    const g = timelineGeometry(timelineSeries(failoverEvents()), promotionSpans(failoverEvents()), box);
    const x = (at: number) => 100 + ((at - 1_003_200) / 18_800) * 1000;
    expect(g.spans).toHaveLength(1);
    expect(g.spans[0]!.x).toBeCloseTo(x(1_005_200), 6);
    expect(g.spans[0]!.width).toBeCloseTo(x(1_009_000) - x(1_005_200), 6);
  });

  it('merges events of one lane a few px apart into one dot that keeps every event, oldest first', () => {
    // 300 suspicions 10 ms apart, then one an hour later: 3 s of a one-hour axis is under a pixel.
    const burst = Array.from({ length: 300 }, (_, i) => suspected(`s${i}`, 1_000_000 + (299 - i) * 10));
    const series = timelineSeries([...burst, suspected('late', 4_600_000)]);
    const g = timelineGeometry(series, [], box);
    expect(g.dots).toHaveLength(2);
    expect(g.dots[0]!.points).toHaveLength(300);
    expect(g.dots[0]!.points[0]!.id).toBe('s299');
    expect(g.dots[1]!.points.map((p) => p.id)).toEqual(['late']);
    // The same burst on a 6-s axis is spread out again: no merging where the dots are apart.
    expect(timelineGeometry(timelineSeries(burst.slice(0, 3)), [], { ...box, width: 6000 }).dots).toHaveLength(3);
  });

  it('has an empty domain [0, 1] and no dots without events', () => {
    const g = timelineGeometry(timelineSeries([]), [], box);
    expect(g.domain).toEqual([0, 1]);
    expect(g.dots).toEqual([]);
  });
});

describe('timeTicks', () => {
  it('takes the finest whole step that fits, aligned to it', () => {
    expect(timeTicks([1_003_200, 1_022_000], 9)).toEqual([1_005_000, 1_010_000, 1_015_000, 1_020_000]);
    // An hour and a bit, 8 ticks at most: 10-minute steps on the minute.
    const ticks = timeTicks([3_590_000, 7_300_000], 8);
    expect(ticks).toEqual([3_600_000, 4_200_000, 4_800_000, 5_400_000, 6_000_000, 6_600_000, 7_200_000]);
  });
  it('steps in whole hours past a day', () => {
    const day = 86_400_000;
    const ticks = timeTicks([0, 10 * day], 4);
    expect(ticks.length).toBeLessThanOrEqual(5);
    expect(ticks.every((t) => t % 3_600_000 === 0)).toBe(true);
  });
});

describe('dotAt and laneCounts', () => {
  it('finds the nearest dot within the radius, and none farther', () => {
    const g = timelineGeometry(timelineSeries(failoverEvents()), [], box);
    const promoted = g.dots.find((d) => d.lane === 'promoted')!;
    expect(dotAt(g.dots, promoted.x + 3, promoted.y - 3)).toBe(promoted);
    expect(dotAt(g.dots, promoted.x + 30, promoted.y)).toBeUndefined();
  });
  it('counts events per lane, top lane first', () => {
    expect(laneCounts(timelineSeries(failoverEvents()))).toBe('1 rejoined, 1 promoted, 1 failed, 1 suspected');
  });
});

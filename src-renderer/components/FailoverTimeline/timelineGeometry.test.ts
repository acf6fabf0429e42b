import { describe, expect, it } from 'vitest';
import { failoverEvents } from '../../testing/fixtures';
import { promotionSpans, timelineSeries } from './failoverTimelineSeries';
import { nearestPoint, timelineGeometry } from './timelineGeometry';

const box = { left: 0, top: 0, width: 1000, height: 100 };

describe('timelineGeometry', () => {
  it('spans the events with 2 s either side and puts each lane on its line, bottom up', () => {
    const events = failoverEvents();
    const g = timelineGeometry(timelineSeries(events), promotionSpans(events), box);
    // 1_005_200 … 1_020_000, plus 2 s each side: 18.8 s over 1000 px.
    expect(g.domain).toEqual([1_003_200, 1_022_000]);
    // Six lanes (queue rebalances on top): 100 / 5 = 20 px apart.
    expect(g.laneY).toEqual({ other: 100, suspected: 80, failed: 60, promoted: 40, rejoined: 20, rebalanced: 0 });
    const byId = Object.fromEntries(g.points.map((p) => [p.id, p]));
    expect(byId.e1).toMatchObject({ px: (2000 / 18_800) * 1000, py: 80 });
    expect(byId.e4!.px).toBeCloseTo((16_800 / 18_800) * 1000);
    expect(g.spans).toHaveLength(1);
    expect(g.spans[0]![1] - g.spans[0]![0]).toBeCloseTo((3800 / 18_800) * 1000);
  });

  it('finds the point under the pointer, and none when it is too far', () => {
    const events = failoverEvents();
    const g = timelineGeometry(timelineSeries(events), [], box);
    const e2 = g.points.find((p) => p.id === 'e2')!;
    expect(nearestPoint(g.points, e2.px + 3, e2.py - 3)?.id).toBe('e2');
    expect(nearestPoint(g.points, e2.px + 20, e2.py)).toBeUndefined();
  });

  it('draws nothing out of range without events', () => {
    const g = timelineGeometry(timelineSeries([]), [], box);
    expect(g).toMatchObject({ domain: [0, 1], points: [], spans: [] });
  });
});

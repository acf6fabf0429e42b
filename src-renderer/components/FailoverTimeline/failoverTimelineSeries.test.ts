import { describe, expect, it } from 'vitest';
import { failoverEvents, rebalanceEvent } from '../../testing/fixtures';
import {
  describeEvent,
  describeEventBrief,
  filterEvents,
  lastPromotion,
  promotionSpans,
  timelineSeries,
} from './failoverTimelineSeries';
import { promotionEvent } from '../../testing/fixtures';

describe('failover timeline shaping', () => {
  it('puts suspected → failed → promoted → rejoined on rising lanes', () => {
    const series = timelineSeries(failoverEvents());
    expect(series.suspected.map((p) => p.y)).toEqual([1]);
    expect(series.failed.map((p) => p.y)).toEqual([2]);
    expect(series.promoted[0]).toMatchObject({ y: 3, label: expect.stringContaining('3.8 s') });
    expect(series.rejoined.map((p) => p.y)).toEqual([4]);
  });
  it('spans a promotion from first suspicion', () => {
    expect(promotionSpans(failoverEvents())).toEqual([{ id: 'e3', from: 1_005_200, to: 1_009_000, durationMs: 3800 }]);
  });
  it('filters by type and text and finds the last promotion', () => {
    expect(filterEvents(failoverEvents(), 'node-failed', '').map((e) => e.id)).toEqual(['e2']);
    expect(filterEvents(failoverEvents(), 'all', '7003').map((e) => e.id)).toEqual(['e3', 'e4']);
    expect(lastPromotion(failoverEvents())?.id).toBe('e3');
  });
  it('describes a migration with its ranges, source, target and duration', () => {
    const moved = {
      id: 'm1',
      at: 5,
      type: 'slots-moved',
      fromId: 'a',
      fromAddress: '127.0.0.1:7000',
      toId: 'b',
      toAddress: '127.0.0.1:7001',
      slots: [[0, 99]],
    } as const;
    expect(describeEvent({ ...moved, slots: [[0, 99]], durationMs: 2500 })).toBe(
      'slots 0–99 moved 127.0.0.1:7000 → 127.0.0.1:7001 (migration took 2.5 s)',
    );
    expect(describeEvent({ ...moved, slots: [[0, 99]] })).toBe('slots 0–99 moved 127.0.0.1:7000 → 127.0.0.1:7001');
  });
  it('puts queue rebalances on their own top lane, described with generation and partitions', () => {
    const series = timelineSeries([...failoverEvents(), rebalanceEvent()]);
    expect(series.rebalanced).toEqual([
      {
        id: 'queue-rebalanced:emails:1',
        x: 1_020_000,
        y: 5,
        lane: 'rebalanced',
        label: 'queue emails rebalanced: generation 0 → 1, partitions 3 → 4',
      },
    ]);
    expect(series.other.map((p) => p.id)).not.toContain('queue-rebalanced:emails:1');
  });
  it("keeps the overview's sentence short: three ranges, then how many more and how many slots", () => {
    const many = {
      ...promotionEvent(),
      slots: Array.from({ length: 1024 }, (_, i) => [i * 16, i * 16 + 7] as [number, number]),
    };
    expect(describeEventBrief(many)).toBe(
      '127.0.0.1:7003 promoted over 127.0.0.1:7000 (slots 0–7, 16–23, 32–39 and 1,021 more ranges, 8,192 slots in all) in 3.8 s',
    );
    expect(describeEventBrief(promotionEvent())).toBe(describeEvent(promotionEvent()));
    expect(describeEvent(many)).toContain(', 16368–16375)');
  });
});

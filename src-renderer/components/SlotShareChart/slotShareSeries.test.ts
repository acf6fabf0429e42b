import { describe, expect, it } from 'vitest';
import { ownedRanges } from '../../lib/slot-ownership';
import { snapshot3x3 } from '../../testing/fixtures';
import { shareSignature, slotShareSeries } from './slotShareSeries';

describe('slotShareSeries', () => {
  it('gives each master its share and colour', () => {
    const series = slotShareSeries(ownedRanges(snapshot3x3()), { m0: 0, m1: 1, m2: 2 });
    expect(series.map((s) => [s.address, s.slots, s.fill])).toEqual([
      ['127.0.0.1:7001', 5462, 'var(--owner-1)'],
      ['127.0.0.1:7000', 5461, 'var(--owner-0)'],
      ['127.0.0.1:7002', 5461, 'var(--owner-2)'],
    ]);
    expect(series[0]!.share).toBe(33.3);
  });
  it('puts unassigned slots last', () => {
    const snap = snapshot3x3();
    snap.shards[0]!.slots = [];
    expect(slotShareSeries(ownedRanges(snap), {}).at(-1)).toMatchObject({ ownerId: 'unassigned', slots: 5461 });
  });
  it('gives the same signature to series that draw the same chart, another to any change', () => {
    const ranges = ownedRanges(snapshot3x3());
    const colors = { m0: 0, m1: 1, m2: 2 };
    const a = slotShareSeries(ranges, colors);
    expect(shareSignature(slotShareSeries(ownedRanges(snapshot3x3(2_000_000)), { ...colors }))).toBe(shareSignature(a));
    expect(shareSignature(slotShareSeries(ranges, { ...colors, m2: 5 }))).not.toBe(shareSignature(a));
    const moved = snapshot3x3();
    moved.shards[0]!.slots = [[0, 5459]];
    moved.shards[1]!.slots = [[5460, 10922]];
    expect(shareSignature(slotShareSeries(ownedRanges(moved), colors))).not.toBe(shareSignature(a));
  });
});

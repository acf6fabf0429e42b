import { describe, expect, it } from 'vitest';
import { ownedRanges } from '../../lib/slot-ownership';
import { promotedSnapshot, snapshot3x3 } from '../../testing/fixtures';
import { ownershipStrip } from './ownershipStrip';

describe('ownershipStrip', () => {
  it('spans the width with one segment per run and lists each master with its slots', () => {
    const m = ownershipStrip(ownedRanges(snapshot3x3()), { m0: 0, m1: 1, m2: 2 }, 1024);
    expect(m.segments.map((s) => [s.x0, s.x1, s.ownerId, s.color])).toEqual([
      [0, 342, 'm0', 0],
      [341, 683, 'm1', 1],
      [682, 1024, 'm2', 2],
    ]);
    expect(m.owners.map((o) => [o.address, o.slots])).toEqual([
      ['127.0.0.1:7000', 5461],
      ['127.0.0.1:7001', 5462],
      ['127.0.0.1:7002', 5461],
    ]);
    expect(m).toMatchObject({ covered: 16384, unassigned: 0, failingSlots: 0 });
  });

  it('counts slots of a failing owner and unassigned ones, and keeps a single slot 1 px wide', () => {
    const snap = promotedSnapshot();
    snap.shards[1]!.master.health = 'pfail';
    snap.shards[2]!.slots = [
      [10923, 12000],
      [12002, 16383],
    ];
    const m = ownershipStrip(ownedRanges(snap), {}, 200);
    expect(m.failingSlots).toBe(5462);
    expect(m.unassigned).toBe(1);
    const gap = m.segments.find((s) => s.ownerId === null)!;
    expect(gap.x1 - gap.x0).toBe(1);
    expect(m.segments.find((s) => s.ownerId === 'm1')!.failing).toBe(true);
    // The promoted replica owns the first range now, and leads the legend as it leads the strip.
    expect(m.owners.map((o) => o.address)).toEqual(['127.0.0.1:7003', '127.0.0.1:7001', '127.0.0.1:7002']);
  });
});

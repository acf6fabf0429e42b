import { describe, expect, it } from 'vitest';
import { coveredSlots, layoutRows, ownedRanges, rangeOfSlot, sameOwnership, sameRanges } from './slot-ownership';
import { promotedSnapshot, snapshot3x3 } from '../testing/fixtures';

describe('ownedRanges', () => {
  it('covers all 16384 slots of a 3+3 cluster with three owners', () => {
    const ranges = ownedRanges(snapshot3x3());
    expect(coveredSlots(ranges)).toBe(16384);
    expect(new Set(ranges.map((r) => r.ownerId)).size).toBe(3);
    expect(rangeOfSlot(ranges, 6000)?.ownerAddress).toBe('127.0.0.1:7001');
  });
  it('fills unassigned gaps so the map stays complete', () => {
    const snap = snapshot3x3();
    snap.shards[0]!.slots = [[0, 99]];
    const ranges = ownedRanges(snap);
    expect(ranges.find((r) => r.ownerId === null)).toMatchObject({ start: 100, end: 5460 });
    expect(coveredSlots(ranges)).toBe(16384 - 5361);
  });
  it('sees through new snapshot objects with the same ownership, not through a promotion or a failing owner', () => {
    const ranges = ownedRanges(snapshot3x3());
    expect(sameRanges(ranges, ownedRanges(snapshot3x3(2_000_000)))).toBe(true);
    expect(sameRanges(ranges, ownedRanges(promotedSnapshot()))).toBe(false);
    const failing = snapshot3x3();
    failing.shards[1]!.master.health = 'pfail';
    expect(sameRanges(ranges, ownedRanges(failing))).toBe(false);
  });
  it('is all unassigned with no snapshot', () => {
    expect(ownedRanges(null)).toEqual([expect.objectContaining({ start: 0, end: 16383, ownerId: null })]);
  });
});

describe('layoutRows', () => {
  it('wraps a range across grid rows', () => {
    expect(layoutRows([{ start: 120, end: 260 }], 128)).toEqual([
      { x: 120, y: 0, width: 8, index: 0 },
      { x: 0, y: 1, width: 128, index: 0 },
      { x: 0, y: 2, width: 5, index: 0 },
    ]);
  });
});

describe('sameOwnership', () => {
  it('holds for snapshots that differ in figures only', () => {
    const next = snapshot3x3(2_000_000);
    next.shards[0]!.master.opsPerSec = 999;
    next.shards[1]!.replicas[0]!.lagBytes = 4096;
    expect(sameOwnership(snapshot3x3(), next)).toBe(true);
    expect(sameOwnership(null, null)).toBe(true);
  });
  it('breaks on an owner, its health or address, a replica, a slot bound, or shard order', () => {
    const base = snapshot3x3();
    const changed = (edit: (s: ReturnType<typeof snapshot3x3>) => void) => {
      const s = snapshot3x3();
      edit(s);
      return sameOwnership(base, s);
    };
    expect(sameOwnership(base, promotedSnapshot())).toBe(false);
    expect(changed((s) => (s.shards[1]!.master.health = 'pfail'))).toBe(false);
    expect(changed((s) => (s.shards[1]!.master.address = '127.0.0.1:9000'))).toBe(false);
    expect(changed((s) => (s.shards[2]!.replicas = []))).toBe(false);
    expect(changed((s) => (s.shards[2]!.replicas[0]!.address = '127.0.0.1:9005'))).toBe(false);
    expect(changed((s) => (s.shards[0]!.slots = [[0, 5459]]))).toBe(false);
    expect(
      changed(
        (s) =>
          (s.shards[0]!.slots = [
            [0, 5460],
            [16000, 16000],
          ]),
      ),
    ).toBe(false);
    expect(changed((s) => s.shards.reverse())).toBe(false);
    expect(sameOwnership(base, null)).toBe(false);
  });
});

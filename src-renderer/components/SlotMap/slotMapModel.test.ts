import { describe, expect, it } from 'vitest';
import { ownedRanges } from '../../lib/slot-ownership';
import { snapshot3x3 } from '../../testing/fixtures';
import { buildSlotMap } from './slotMapModel';

const colors = { m0: 0, m1: 1, m2: 2, r0: 3, r1: 4, r2: 5 };

describe('buildSlotMap', () => {
  it('colours a 3-master cluster with three colours and covers every slot', () => {
    const model = buildSlotMap(ownedRanges(snapshot3x3()), colors);
    expect(model.distinctColors).toBe(3);
    expect(model.covered).toBe(16384);
    expect(model.rects.reduce((n, r) => n + r.width, 0)).toBe(16384);
    expect(new Set(model.rects.map((r) => r.fill))).toEqual(
      new Set(['var(--owner-0)', 'var(--owner-1)', 'var(--owner-2)']),
    );
  });
  it('hatches slots of a failing owner and greys unassigned ones', () => {
    const snap = snapshot3x3();
    snap.shards[1]!.master.health = 'pfail';
    snap.shards[2]!.slots = [];
    const model = buildSlotMap(ownedRanges(snap), colors);
    expect(model.rects.filter((r) => r.failing).reduce((n, r) => n + r.width, 0)).toBe(5462);
    expect(model.rects.some((r) => r.fill === 'var(--unassigned)')).toBe(true);
    expect(model.distinctColors).toBe(2);
    expect(model.covered).toBe(10923);
  });
});

describe('buildSlotMap keys', () => {
  it('keys each row-run by its first slot, the same before and after its owner changes', () => {
    const before = buildSlotMap(ownedRanges(snapshot3x3()), colors);
    const promoted = snapshot3x3();
    promoted.shards[0]!.master = { ...promoted.shards[0]!.master, id: 'r0' };
    const after = buildSlotMap(ownedRanges(promoted), colors);
    expect(after.rects.map((r) => r.key)).toEqual(before.rects.map((r) => r.key));
    expect(new Set(before.rects.map((r) => r.key)).size).toBe(before.rects.length);
    expect(before.rects.slice(0, 3).map((r) => r.key)).toEqual(['0', '128', '256']);
    expect(after.rects[0]!.fill).toBe('var(--owner-3)');
  });
});

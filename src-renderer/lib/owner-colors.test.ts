import { describe, expect, it } from 'vitest';
import { assignOwnerColors, OWNER_PALETTE_SIZE, ownerColor } from './owner-colors';

describe('assignOwnerColors', () => {
  it('gives distinct slots to distinct masters', () => {
    expect(assignOwnerColors({}, ['a', 'b', 'c'])).toEqual({ a: 0, b: 1, c: 2 });
  });
  it('keeps a master its colour across snapshots, in any order', () => {
    const first = assignOwnerColors({}, ['a', 'b', 'c']);
    expect(assignOwnerColors(first, ['c', 'a', 'b'])).toEqual(first);
  });
  it('gives a promoted master a free slot, not the old master one while that still exists', () => {
    const first = assignOwnerColors({}, ['a', 'b', 'c']);
    expect(assignOwnerColors(first, ['a', 'b', 'c', 'd']).d).toBe(3);
  });
  it('reuses slots freed by removed masters', () => {
    expect(assignOwnerColors({ a: 0, b: 1 }, ['b', 'x'])).toEqual({ b: 1, x: 0 });
  });
  it('wraps when there are more masters than colours', () => {
    const ids = Array.from({ length: OWNER_PALETTE_SIZE + 2 }, (_, i) => `m${i}`);
    const colors = assignOwnerColors({}, ids);
    expect(Object.keys(colors)).toHaveLength(ids.length);
    expect(ownerColor(colors[`m${OWNER_PALETTE_SIZE}`])).toBe('var(--owner-0)');
  });
});

import { describe, expect, it } from 'vitest';
import { countSlots, formatRanges, intersectRanges, normalizeRanges } from './slot-ranges';

describe('slot ranges', () => {
  it('counts, merges, intersects and formats', () => {
    expect(
      countSlots([
        [0, 5460],
        [7, 7],
      ]),
    ).toBe(5462);
    expect(
      normalizeRanges([
        [11, 20],
        [0, 4],
        [5, 9],
      ]),
    ).toEqual([
      [0, 9],
      [11, 20],
    ]);
    expect(
      intersectRanges(
        [
          [0, 100],
          [200, 300],
        ],
        [[50, 250]],
      ),
    ).toEqual([
      [50, 100],
      [200, 250],
    ]);
    expect(intersectRanges([[0, 10]], [[11, 20]])).toEqual([]);
    expect(
      formatRanges([
        [0, 5460],
        [7, 7],
      ]),
    ).toBe('0-5460;7');
  });
});

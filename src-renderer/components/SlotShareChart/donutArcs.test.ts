import { describe, expect, it } from 'vitest';
import { donutArcs } from './donutArcs';
import type { SlotShare } from './slotShareSeries';

const g = { cx: 100, cy: 100, inner: 50, outer: 90 };
const share = (ownerId: string, slots: number, fill = `var(--${ownerId})`): SlotShare => ({
  ownerId,
  address: ownerId,
  slots,
  share: Math.round((slots / 16384) * 1000) / 10,
  fill,
});

describe('donutArcs', () => {
  it('cuts the ring clockwise from 12 o’clock in proportion to the slots', () => {
    const arcs = donutArcs([share('a', 8192), share('b', 4096), share('c', 4096)], g);
    expect(arcs.map((a) => [a.ownerId, a.fill])).toEqual([
      ['a', 'var(--a)'],
      ['b', 'var(--b)'],
      ['c', 'var(--c)'],
    ]);
    // Half the ring: top to bottom along the right side, back along the inner circle.
    expect(arcs[0]!.d).toBe('M100 10A90 90 0 0 1 100 190L100 150A50 50 0 0 0 100 50Z');
    // A quarter: bottom to 9 o'clock.
    expect(arcs[1]!.d).toBe('M100 190A90 90 0 0 1 10 100L50 100A50 50 0 0 0 100 150Z');
  });

  it('takes the large arc for a share over half', () => {
    const [big] = donutArcs([share('a', 12288), share('b', 4096)], g);
    expect(big!.d).toMatch(/^M100 10A90 90 0 1 1 /);
  });

  it('draws one owner of every slot as a whole ring (two circles), and skips empty entries', () => {
    const arcs = donutArcs([share('a', 16384), share('b', 0)], g);
    expect(arcs).toHaveLength(1);
    expect(arcs[0]!.d).toBe(
      'M100 10A90 90 0 1 1 100 190A90 90 0 1 1 100 10ZM100 50A50 50 0 1 1 100 150A50 50 0 1 1 100 50Z',
    );
    expect(donutArcs([], g)).toEqual([]);
  });
});

import { render } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { OwnedRange } from '../../lib/slot-ownership';
import { SlotMap } from './SlotMap';

const owned = (start: number, end: number, ownerId: string): OwnedRange => ({
  start,
  end,
  ownerId,
  ownerAddress: `127.0.0.1:${ownerId}`,
  ownerHealth: 'online',
  replicas: [],
});

describe('SlotMap "ownership just changed"', () => {
  it('rings the moved slots with a path around their edge and leaves their cells in the owner colour', () => {
    const ranges = [owned(0, 5460, 'a'), owned(5461, 16383, 'b')];
    const { container } = render(
      <SlotMap ranges={ranges} colors={{ a: 3, b: 1 }} moved={[{ range: [0, 255], toId: 'a', until: 9e15 }]} />,
    );
    const layer = container.querySelector('.slot-moved-layer')!;
    // Nothing painted over the cells: no rects, no fill, only the outline paths.
    expect(layer.querySelectorAll('rect')).toHaveLength(0);
    expect([...layer.querySelectorAll('[fill]')]).toEqual([]);
    const ring = layer.querySelector('[data-testid="slot-moved"]')!;
    // Slots 0-255 are rows 0 and 1 of the 128-wide grid: top, bottom and the two sides of each row.
    expect(ring.getAttribute('d')).toBe('M0 0H128M0 0V1M128 0V1M0 2H128M0 1V2M128 1V2');
    const cells = [...container.querySelectorAll('rect[data-range="0"]')];
    expect(new Set(cells.map((c) => c.getAttribute('fill')))).toEqual(new Set(['var(--owner-3)']));
  });

  it('draws no ring when nothing moved', () => {
    const { container } = render(<SlotMap ranges={[owned(0, 16383, 'a')]} colors={{ a: 0 }} moved={[]} />);
    expect(container.querySelector('.slot-moved-layer')).toBeNull();
  });
});

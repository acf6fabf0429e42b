import { ownerColor } from '../../lib/owner-colors';
import { coveredSlots, layoutRows, type OwnedRange } from '../../lib/slot-ownership';

/** Slots per row of the grid: 128 × 128 = 16384. */
export const SLOT_COLUMNS = 128;

export interface SlotMapRect {
  /** The run's first slot: runs never overlap, and a run keeps its key when its owner changes. */
  key: string;
  x: number;
  y: number;
  width: number;
  fill: string;
  /** Owner is suspected or failed: its slots are drawn hatched. */
  failing: boolean;
  index: number;
  /** Owning master's node id (null: unassigned) and the range's slots, exposed for e2e. */
  ownerId: string | null;
  start: number;
  end: number;
}

export interface SlotMapModel {
  rects: SlotMapRect[];
  /** Distinct colours in use by owners (e2e reads this: a 3-master cluster shows 3). */
  distinctColors: number;
  covered: number;
}

/** Pure shaping for the slot map, so colouring is tested without a DOM. */
export function buildSlotMap(ranges: readonly OwnedRange[], colors: Readonly<Record<string, number>>): SlotMapModel {
  const fills = ranges.map((r) => (r.ownerId ? ownerColor(colors[r.ownerId]) : 'var(--unassigned)'));
  const rects = layoutRows(ranges, SLOT_COLUMNS).map((rect) => {
    const range = ranges[rect.index]!;
    return {
      key: String(rect.y * SLOT_COLUMNS + rect.x),
      x: rect.x,
      y: rect.y,
      width: rect.width,
      fill: fills[rect.index]!,
      failing: range.ownerHealth === 'pfail' || range.ownerHealth === 'fail',
      index: rect.index,
      ownerId: range.ownerId,
      start: range.start,
      end: range.end,
    };
  });
  const ownerFills = new Set(fills.filter((_, i) => ranges[i]!.ownerId));
  return { rects, distinctColors: ownerFills.size, covered: coveredSlots(ranges) };
}

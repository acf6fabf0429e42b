import type { NodeHealth } from '../../../shared/types/topology';
import { SLOT_COUNT, type OwnedRange } from '../../lib/slot-ownership';

/** One master as the strip's legend lists it. */
export interface StripOwner {
  id: string;
  address: string;
  health: NodeHealth | null;
  slots: number;
  /** Palette slot (`--owner-N`); undefined until the store assigned one. */
  color: number | undefined;
}

/** One run of slots drawn on the strip, in px. */
export interface StripSegment {
  x0: number;
  x1: number;
  ownerId: string | null;
  color: number | undefined;
  /** The owner is suspected or failed: drawn hatched, and said in the text. */
  failing: boolean;
}

export interface StripModel {
  segments: StripSegment[];
  owners: StripOwner[];
  covered: number;
  unassigned: number;
  /** Slots whose owner is pfail or fail. */
  failingSlots: number;
}

/**
 * The 16384 slots as one horizontal strip `widthPx` wide: one segment per run (at least 1 px, so
 * a single unassigned slot still shows), and per master its slots, for the legend beside it (in the
 * order of each master's first slot).
 */
export function ownershipStrip(
  ranges: readonly OwnedRange[],
  colors: Readonly<Record<string, number>>,
  widthPx: number,
): StripModel {
  const owners = new Map<string, StripOwner>();
  let covered = 0;
  let failingSlots = 0;
  const segments = ranges.map((r): StripSegment => {
    const slots = r.end - r.start + 1;
    const failing = r.ownerHealth === 'pfail' || r.ownerHealth === 'fail';
    if (r.ownerId) {
      covered += slots;
      if (failing) failingSlots += slots;
      const o = owners.get(r.ownerId) ?? {
        id: r.ownerId,
        address: r.ownerAddress ?? r.ownerId,
        health: r.ownerHealth,
        slots: 0,
        color: colors[r.ownerId],
      };
      o.slots += slots;
      owners.set(r.ownerId, o);
    }
    const x0 = Math.floor((r.start / SLOT_COUNT) * widthPx);
    const x1 = Math.max(x0 + 1, Math.ceil(((r.end + 1) / SLOT_COUNT) * widthPx));
    return { x0, x1, ownerId: r.ownerId, color: r.ownerId ? colors[r.ownerId] : undefined, failing };
  });
  return {
    segments,
    // Ranges come in slot order, so owners do too: the legend reads left to right like the strip.
    owners: [...owners.values()],
    covered,
    unassigned: SLOT_COUNT - covered,
    failingSlots,
  };
}

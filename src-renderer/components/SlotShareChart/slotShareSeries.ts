import { ownerColor } from '../../lib/owner-colors';
import type { OwnedRange } from '../../lib/slot-ownership';

export interface SlotShare {
  ownerId: string;
  address: string;
  slots: number;
  /** Percent of 16384. */
  share: number;
  fill: string;
}

/** Slots per master, biggest first, with the master's map colour; unassigned slots as a last entry. */
export function slotShareSeries(ranges: readonly OwnedRange[], colors: Readonly<Record<string, number>>): SlotShare[] {
  const byOwner = new Map<string, SlotShare>();
  for (const r of ranges) {
    const id = r.ownerId ?? 'unassigned';
    const entry = byOwner.get(id) ?? {
      ownerId: id,
      address: r.ownerAddress ?? 'unassigned',
      slots: 0,
      share: 0,
      fill: r.ownerId ? ownerColor(colors[r.ownerId]) : 'var(--unassigned)',
    };
    entry.slots += r.end - r.start + 1;
    byOwner.set(id, entry);
  }
  return [...byOwner.values()]
    .map((e) => ({ ...e, share: Math.round((e.slots / 16384) * 1000) / 10 }))
    .sort((a, b) => (a.ownerId === 'unassigned' ? 1 : b.ownerId === 'unassigned' ? -1 : b.slots - a.slots));
}

/**
 * Everything the share chart shows, as one string: two series with the same signature draw the
 * same chart, so the chart skips the render when a new array says nothing new.
 */
export function shareSignature(series: readonly SlotShare[]): string {
  return series.map((s) => `${s.ownerId} ${s.address} ${s.slots} ${s.fill}`).join('|');
}

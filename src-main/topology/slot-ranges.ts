import type { SlotRange } from '../../shared/types/topology';

/** Redis Cluster always has 16384 hash slots. */
export const SLOT_COUNT = 16384;

/** Number of slots in a list of inclusive ranges. */
export function countSlots(ranges: readonly SlotRange[]): number {
  let n = 0;
  for (const [a, b] of ranges) n += b - a + 1;
  return n;
}

/**
 * Sorts and merges ranges so equal slot sets compare equal: `[[5,9],[0,4]]` → `[[0,9]]`.
 * Redis may list a master's slots as several adjacent pieces after a reshard.
 */
export function normalizeRanges(ranges: readonly SlotRange[]): SlotRange[] {
  const sorted = [...ranges].sort((x, y) => x[0] - y[0]);
  const out: SlotRange[] = [];
  for (const [a, b] of sorted) {
    const last = out[out.length - 1];
    if (last && a <= last[1] + 1) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

/** The slots present in both lists, as normalized ranges. */
export function intersectRanges(x: readonly SlotRange[], y: readonly SlotRange[]): SlotRange[] {
  const a = normalizeRanges(x);
  const b = normalizeRanges(y);
  const out: SlotRange[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const [a0, a1] = a[i]!;
    const [b0, b1] = b[j]!;
    const lo = Math.max(a0, b0);
    const hi = Math.min(a1, b1);
    if (lo <= hi) out.push([lo, hi]);
    if (a1 < b1) i++;
    else j++;
  }
  return out;
}

/** `[[0,5460],[7,7]]` → `0-5460;7` (the CSV export's slot column). */
export function formatRanges(ranges: readonly SlotRange[]): string {
  return ranges.map(([a, b]) => (a === b ? String(a) : `${a}-${b}`)).join(';');
}

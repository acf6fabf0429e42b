import type { NodeHealth, TopologySnapshot } from '../../shared/types/topology';

export const SLOT_COUNT = 16384;

/** One contiguous run of slots with the same owner (or none). */
export interface OwnedRange {
  start: number;
  end: number;
  ownerId: string | null;
  ownerAddress: string | null;
  ownerHealth: NodeHealth | null;
  replicas: string[];
}

/** Every slot 0–16383 as sorted runs, including unassigned gaps, so the map is always complete. */
export function ownedRanges(snapshot: TopologySnapshot | null): OwnedRange[] {
  const runs: OwnedRange[] = [];
  for (const shard of snapshot?.shards ?? []) {
    for (const [start, end] of shard.slots) {
      runs.push({
        start,
        end,
        ownerId: shard.master.id,
        ownerAddress: shard.master.address,
        ownerHealth: shard.master.health,
        replicas: shard.replicas.map((r) => r.address),
      });
    }
  }
  runs.sort((a, b) => a.start - b.start);
  const complete: OwnedRange[] = [];
  let next = 0;
  const gap = (start: number, end: number): OwnedRange => ({
    start,
    end,
    ownerId: null,
    ownerAddress: null,
    ownerHealth: null,
    replicas: [],
  });
  for (const run of runs) {
    if (run.start > next) complete.push(gap(next, run.start - 1));
    complete.push(run);
    next = Math.max(next, run.end + 1);
  }
  if (next < SLOT_COUNT) complete.push(gap(next, SLOT_COUNT - 1));
  return complete;
}

/** True when both lists describe the same runs, owners, health and replicas (snapshots differ in figures only). */
export function sameRanges(a: readonly OwnedRange[], b: readonly OwnedRange[]): boolean {
  if (a.length !== b.length) return false;
  return a.every((r, i) => {
    const o = b[i]!;
    return (
      r.start === o.start &&
      r.end === o.end &&
      r.ownerId === o.ownerId &&
      r.ownerAddress === o.ownerAddress &&
      r.ownerHealth === o.ownerHealth &&
      r.replicas.length === o.replicas.length &&
      r.replicas.every((x, j) => x === o.replicas[j])
    );
  });
}

/**
 * True when `b` gives every slot the same runs, owners, owner health and replicas as `a`, shard by
 * shard in the same order: what ownedRanges builds from the two is the same, so it need not be
 * built again (2048 runs after a reshard, every second). Shards in another order count as changed.
 */
export function sameOwnership(a: TopologySnapshot | null, b: TopologySnapshot | null): boolean {
  if (!a || !b) return a === b;
  if (a.shards.length !== b.shards.length) return false;
  return a.shards.every((sa, i) => {
    const sb = b.shards[i]!;
    if (sa.master.id !== sb.master.id || sa.master.address !== sb.master.address) return false;
    if (sa.master.health !== sb.master.health || sa.slots.length !== sb.slots.length) return false;
    if (sa.replicas.length !== sb.replicas.length) return false;
    if (!sa.replicas.every((r, j) => r.address === sb.replicas[j]!.address)) return false;
    return sa.slots.every(([start, end], j) => start === sb.slots[j]![0] && end === sb.slots[j]![1]);
  });
}

/** Number of slots some master owns. */
export function coveredSlots(ranges: readonly OwnedRange[]): number {
  return ranges.reduce((sum, r) => (r.ownerId ? sum + r.end - r.start + 1 : sum), 0);
}

/** The run holding one slot. */
export function rangeOfSlot(ranges: readonly OwnedRange[], slot: number): OwnedRange | undefined {
  return ranges.find((r) => slot >= r.start && slot <= r.end);
}

/** One SVG rectangle of the slot grid: ranges wrap across rows of `columns` slots. */
export interface SlotRect {
  x: number;
  y: number;
  width: number;
  index: number;
}

/** Splits [start, end] ranges into per-row rectangles of a grid `columns` slots wide. */
export function layoutRows(ranges: readonly { start: number; end: number }[], columns: number): SlotRect[] {
  const rects: SlotRect[] = [];
  ranges.forEach(({ start, end }, index) => {
    let slot = start;
    while (slot <= end) {
      const row = Math.floor(slot / columns);
      const rowEnd = Math.min(end, (row + 1) * columns - 1);
      rects.push({ x: slot % columns, y: row, width: rowEnd - slot + 1, index });
      slot = rowEnd + 1;
    }
  });
  return rects;
}

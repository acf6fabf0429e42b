import type { PartitionSpread } from '../types/partitions';
import type { SlotRange, TopologySnapshot } from '../types/topology';

/** A master as the spread needs it: its id, address and slot ranges (none: it owns no slot). */
export interface SpreadMaster {
  id: string;
  address: string;
  slots: readonly SlotRange[];
}

/** The masters of a topology snapshot, in its order. */
export function mastersOf(snapshot: Pick<TopologySnapshot, 'shards'> | null | undefined): SpreadMaster[] {
  return (snapshot?.shards ?? []).map((s) => ({ id: s.master.id, address: s.master.address, slots: s.slots }));
}

/** The master owning `slot`, if any. */
export function ownerOfSlot(masters: readonly SpreadMaster[], slot: number): SpreadMaster | undefined {
  return masters.find((m) => m.slots.some(([a, b]) => slot >= a && slot <= b));
}

/**
 * How the newest generation's P partitions (given by their slots) spread over the M masters that
 * own slots. Uneven means: some master owns more than ceil(P/M) of them, or (when P ≥ M) some
 * master owns none. Masters without a slot are listed apart and not counted in M: no partition
 * can be placed on them until slots move there. With M ≤ 1 nothing can be uneven.
 */
export function partitionSpread(slots: readonly number[], masters: readonly SpreadMaster[]): PartitionSpread {
  const owning = masters.filter((m) => m.slots.length > 0);
  const counts = new Map(owning.map((m) => [m.id, 0]));
  let unplaced = 0;
  for (const slot of slots) {
    const m = ownerOfSlot(owning, slot);
    if (m) counts.set(m.id, counts.get(m.id)! + 1);
    else unplaced++;
  }
  const p = slots.length;
  const shares = owning
    .map((m) => ({ id: m.id, address: m.address, partitions: counts.get(m.id)! }))
    .sort((a, b) => b.partitions - a.partitions || a.address.localeCompare(b.address));
  const fairMax = shares.length > 0 ? Math.ceil(p / shares.length) : p;
  let reason: string | undefined;
  if (shares.length > 1) {
    const over = shares.find((s) => s.partitions > fairMax);
    const none = p >= shares.length ? shares.find((s) => s.partitions === 0) : undefined;
    if (over)
      reason = `${over.address} owns ${over.partitions} of ${p} partitions: more than ceil(${p}/${shares.length}) = ${fairMax}`;
    else if (none)
      reason = `${none.address} owns none of the ${p} partitions, though there are ${shares.length} masters`;
  }
  return {
    partitions: p,
    masters: shares,
    fairMax,
    uneven: reason !== undefined,
    ...(reason ? { reason } : {}),
    slotless: masters.filter((m) => m.slots.length === 0).map((m) => m.address),
    unplaced,
  };
}

import type { SlotMigration, TopologySnapshot } from '../../shared/types/topology';

/** A run of consecutive slots moving from one master to another. */
export interface MigratingRange {
  start: number;
  end: number;
  fromId: string;
  toId: string;
  /** `host:port` of each side, or the id when the node is not in the snapshot. */
  fromAddress: string;
  toAddress: string;
}

/**
 * The snapshot's open migrations (one entry per slot, from MIGRATING/IMPORTING markers) as
 * ranges: consecutive slots with the same source and target are one range.
 */
export function migratingRanges(snapshot: TopologySnapshot | null): MigratingRange[] {
  if (!snapshot || snapshot.migrations.length === 0) return [];
  const address = new Map<string, string>();
  for (const sh of snapshot.shards) {
    address.set(sh.master.id, sh.master.address);
    for (const r of sh.replicas) address.set(r.id, r.address);
  }
  const sorted = [...snapshot.migrations].sort(
    (a, b) => a.fromId.localeCompare(b.fromId) || a.toId.localeCompare(b.toId) || a.slot - b.slot,
  );
  const out: MigratingRange[] = [];
  const make = (m: SlotMigration): MigratingRange => ({
    start: m.slot,
    end: m.slot,
    fromId: m.fromId,
    toId: m.toId,
    fromAddress: address.get(m.fromId) ?? m.fromId,
    toAddress: address.get(m.toId) ?? m.toId,
  });
  for (const m of sorted) {
    const last = out[out.length - 1];
    if (last && last.fromId === m.fromId && last.toId === m.toId && last.end + 1 === m.slot) last.end = m.slot;
    else if (!(last && last.fromId === m.fromId && last.toId === m.toId && m.slot <= last.end)) out.push(make(m));
  }
  return out.sort((a, b) => a.start - b.start);
}

/** What the slot map draws of the migrations, as one string: equal strings, equal drawing. */
export function migratingSignature(ranges: readonly MigratingRange[]): string {
  return ranges.map((r) => `${r.start}-${r.end} ${r.fromId}>${r.toId} ${r.fromAddress}>${r.toAddress}`).join('|');
}

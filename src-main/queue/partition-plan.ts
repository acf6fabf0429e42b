import calculateSlot from 'cluster-key-slot';
import { defaultTag } from './keys';

/** A master's slot ranges, inclusive. */
export interface MasterSlots {
  id: string;
  ranges: Array<[number, number]>;
}

function owner(masters: MasterSlots[], slot: number): number {
  return masters.findIndex((m) => m.ranges.some(([a, b]) => slot >= a && slot <= b));
}

/**
 * Chooses a hash tag per partition so P partitions spread evenly over the masters: partition p
 * goes to master p mod M (masters ordered by their lowest slot). The tag is `q:<name>:<p>` with a
 * `~<salt>` appended when the plain tag hashes to the wrong master. With no slot map (single
 * Redis) the plain tags are used.
 */
export function planPartitionTags(queue: string, partitions: number, masters: MasterSlots[]): string[] {
  if (masters.length <= 1) return Array.from({ length: partitions }, (_, p) => defaultTag(queue, p));
  const ordered = [...masters].sort(
    (a, b) => Math.min(...a.ranges.map((r) => r[0])) - Math.min(...b.ranges.map((r) => r[0])),
  );
  const tags: string[] = [];
  for (let p = 0; p < partitions; p++) {
    const want = p % ordered.length;
    let tag = defaultTag(queue, p);
    for (let salt = 1; owner(ordered, calculateSlot(tag)) !== want && salt < 100000; salt++) {
      tag = `${defaultTag(queue, p)}~${salt}`;
    }
    tags.push(tag);
  }
  return tags;
}

/** How many partitions each master owns under a slot map (for spread checks and rebalancing). */
export function partitionsPerMaster(tags: string[], masters: MasterSlots[]): Map<string, number> {
  const counts = new Map<string, number>(masters.map((m) => [m.id, 0]));
  for (const tag of tags) {
    const i = owner(masters, calculateSlot(tag));
    const m = masters[i];
    if (m) counts.set(m.id, (counts.get(m.id) ?? 0) + 1);
  }
  return counts;
}

/** Which hash slot a key or tag lives in. */
export function slotOf(key: string): number {
  return calculateSlot(key);
}

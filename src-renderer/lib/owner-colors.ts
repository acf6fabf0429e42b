/** How many distinct owner colours the palette has (`--owner-0` … in app.css). */
export const OWNER_PALETTE_SIZE = 12;

/**
 * Gives each master a palette slot that it keeps for as long as it exists, so a shard keeps its
 * colour across snapshots and a newly promoted master visibly gets a new one. Ids no longer present
 * free their slot; new ids take the lowest free slot (wrapping once the palette is exhausted).
 */
export function assignOwnerColors(
  previous: Readonly<Record<string, number>>,
  ids: readonly string[],
): Record<string, number> {
  const next: Record<string, number> = {};
  for (const id of ids) if (previous[id] !== undefined) next[id] = previous[id];
  const used = new Set(Object.values(next));
  let cursor = 0;
  for (const id of ids) {
    if (next[id] !== undefined) continue;
    while (used.has(cursor % OWNER_PALETTE_SIZE) && cursor < OWNER_PALETTE_SIZE) cursor++;
    const slot = cursor % OWNER_PALETTE_SIZE;
    next[id] = slot;
    used.add(slot);
    cursor++;
  }
  return next;
}

/** The CSS colour for a palette slot. */
export function ownerColor(slot: number | undefined): string {
  return slot === undefined ? 'var(--unassigned)' : `var(--owner-${slot % OWNER_PALETTE_SIZE})`;
}

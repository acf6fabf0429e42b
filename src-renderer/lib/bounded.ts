/**
 * Appends to an immutable list and keeps only the newest `max` items, so live series never grow
 * without bound however long the console stays open.
 */
export function pushBounded<T>(list: readonly T[], items: readonly T[], max: number): T[] {
  const next = list.concat(items);
  return next.length > max ? next.slice(next.length - max) : next;
}

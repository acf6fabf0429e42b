import { useMemo, useRef } from 'react';
import type { TopologySnapshot } from '../../shared/types/topology';
import { ownedRanges, sameRanges, type OwnedRange } from '../lib/slot-ownership';

/**
 * The snapshot's slot runs, as the same array for as long as ownership, health and replicas stay the
 * same: a snapshot arrives every second with fresh figures, and the slot map should not redraw for them.
 */
export function useOwnedRanges(snapshot: TopologySnapshot | null): OwnedRange[] {
  const previous = useRef<OwnedRange[] | null>(null);
  return useMemo(() => {
    const next = ownedRanges(snapshot);
    if (previous.current && sameRanges(previous.current, next)) return previous.current;
    previous.current = next;
    return next;
  }, [snapshot]);
}

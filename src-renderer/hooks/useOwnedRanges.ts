import { useMemo, useRef } from 'react';
import type { TopologySnapshot } from '../../shared/types/topology';
import { ownedRanges, sameOwnership, sameRanges, type OwnedRange } from '../lib/slot-ownership';

/**
 * The snapshot's slot runs, as the same array for as long as ownership, health and replicas stay the
 * same: a snapshot arrives every second with fresh figures, and the slot map should not redraw for them.
 * A snapshot that owns slots as the last one did (the usual case) is not turned into runs at all.
 */
export function useOwnedRanges(snapshot: TopologySnapshot | null): OwnedRange[] {
  const previous = useRef<{ snapshot: TopologySnapshot | null; ranges: OwnedRange[] } | null>(null);
  return useMemo(() => {
    const last = previous.current;
    if (last && sameOwnership(last.snapshot, snapshot)) {
      previous.current = { snapshot, ranges: last.ranges };
      return last.ranges;
    }
    const next = ownedRanges(snapshot);
    const ranges = last && sameRanges(last.ranges, next) ? last.ranges : next;
    previous.current = { snapshot, ranges };
    return ranges;
  }, [snapshot]);
}

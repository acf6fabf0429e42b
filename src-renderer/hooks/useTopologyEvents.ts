import type { TopologyEvent } from '../../shared/types/topology';
import { useLive } from './useLive';

/** Topology history plus live events, oldest first, bounded. */
export function useTopologyEvents(): TopologyEvent[] {
  return useLive((s) => s.events);
}

import type { TopologyEvent } from '../../shared/types/topology';
import { formatRanges } from '../topology/slot-ranges';

/** The desktop notification for a topology event, or null for events that do not need one. */
export function notificationFor(e: TopologyEvent): { title: string; body: string } | null {
  if (e.type === 'replica-promoted') {
    const took = e.durationMs !== undefined ? ` after ${(e.durationMs / 1000).toFixed(1)} s` : '';
    return {
      title: 'Slotline: replica promoted',
      body: `${e.newMasterAddress} took over slots ${formatRanges(e.slots) || '(none)'} from ${e.oldMasterAddress}${took}`,
    };
  }
  if (e.type === 'node-failed') {
    return { title: `Slotline: ${e.role} failed`, body: `${e.address} is marked failed by the cluster` };
  }
  return null;
}

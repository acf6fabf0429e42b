import type { TopologySnapshot } from '../../shared/types/topology';
import { useLive } from './useLive';

/**
 * Only the snapshot's mode and whether one arrived: for views that show no node figures, so the
 * snapshot pushed every second does not re-render them.
 */
export function useSnapshotMode(): { mode: TopologySnapshot['mode'] | null; loaded: boolean } {
  const mode = useLive((s) => s.snapshot?.mode ?? null);
  const loaded = useLive((s) => s.snapshotLoaded);
  return { mode, loaded };
}

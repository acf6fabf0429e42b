import type { TopologySnapshot } from '../../shared/types/topology';
import { useLive } from './useLive';

/** The latest topology snapshot; `loaded` turns true after the first answer, even a null one. */
export function useSnapshot(): { snapshot: TopologySnapshot | null; loaded: boolean } {
  const snapshot = useLive((s) => s.snapshot);
  const loaded = useLive((s) => s.snapshotLoaded);
  return { snapshot, loaded };
}

import { useEffect } from 'react';
import { useLiveStore } from '../api/ApiContext';
import type { DepthPoint } from '../store/live-state';
import { useLive } from './useLive';

const NONE: DepthPoint[] = [];

/** One queue's depth samples (and gaps), bounded; fetches the recorded hour once when first shown. */
export function useDepthSeries(queue: string | null): DepthPoint[] {
  const store = useLiveStore();
  useEffect(() => {
    if (queue) void store.loadDepthHistory(queue);
  }, [store, queue]);
  return useLive((s) => (queue ? (s.depth[queue] ?? NONE) : NONE));
}

import { useEffect } from 'react';
import { useLiveStore } from '../api/ApiContext';
import type { DepthPoint } from '../store/live-state';
import { useLive } from './useLive';

/**
 * Every queue's depth samples (bounded, as the store keeps them), with the last `windowMs` of
 * recorded samples fetched once per queue, so a window opened at 3 a.m. shows the last minutes
 * at once instead of starting empty. Pass a `queues` array that keeps its identity while the names stay.
 */
export function useAllDepth(queues: readonly string[], windowMs: number): Record<string, DepthPoint[]> {
  const store = useLiveStore();
  useEffect(() => {
    for (const q of queues) void store.loadDepthHistory(q, windowMs);
  }, [store, queues, windowMs]);
  return useLive((s) => s.depth);
}

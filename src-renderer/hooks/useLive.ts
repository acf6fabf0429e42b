import { useSyncExternalStore } from 'react';
import { useLiveStore } from '../api/ApiContext';
import type { LiveState } from '../store/live-state';

/** Reads one slice of the live store; re-renders only when that slice changes identity. */
export function useLive<T>(select: (state: LiveState) => T): T {
  const store = useLiveStore();
  return useSyncExternalStore(store.subscribe, () => select(store.getState()));
}

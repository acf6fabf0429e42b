import type { MovedRange } from '../store/live-state';
import { useLive } from './useLive';

/** Slot ranges whose owner changed in the last few seconds (the store clears them). */
export function useMovedRanges(): MovedRange[] {
  return useLive((s) => s.moved);
}

import { useLive } from './useLive';

/** Node id → palette slot; stable for as long as the node exists. */
export function useOwnerColors(): Record<string, number> {
  return useLive((s) => s.ownerColors);
}

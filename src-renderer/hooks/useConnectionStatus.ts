import type { ConnectionStatus } from '../../shared/ipc/contract';
import { useLive } from './useLive';

/** The Redis connection as last pushed by `connection:state` (or fetched at start). */
export function useConnectionStatus(): ConnectionStatus | null {
  return useLive((s) => s.connection);
}

import type { BulkProgress } from '../../shared/types/queue';
import { useLive } from './useLive';

/** The latest `task:bulk-progress` for one operation. */
export function useBulkProgress(operationId: string | null): BulkProgress | undefined {
  return useLive((s) => (operationId ? s.bulk[operationId] : undefined));
}

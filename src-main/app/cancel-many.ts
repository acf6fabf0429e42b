import type { BulkOptions, BulkResult } from '../queue/bulk';
import type { CancelManyOptions, Queue } from '../queue/queue';
import { cancelState } from '../queue/queue-admin';

/**
 * Cancels every task of one state as a bulk operation: bounded batches per partition (the queue's
 * `cancelState`), with progress after each batch and a stop between batches on abort.
 */
export function cancelManyAsBulk(
  q: Queue,
  o: CancelManyOptions,
  bulk: Pick<BulkOptions, 'signal' | 'onProgress'>,
): Promise<BulkResult> {
  return cancelState(q, o.state, { ...bulk, ...(o.olderThanMs === undefined ? {} : { olderThanMs: o.olderThanMs }) });
}

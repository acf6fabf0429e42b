import type { BulkOptions, BulkResult } from '../queue/bulk';
import type { CancelManyOptions, Queue } from '../queue/queue';

/**
 * `queue.cancelMany` as a bulk runner: the total (tasks in the state now) is reported first, so the
 * operation answers at once; the final count comes from the engine. Abort before the engine call
 * starts cancels nothing.
 */
export async function cancelManyAsBulk(
  q: Queue,
  o: CancelManyOptions,
  bulk: Pick<BulkOptions, 'signal' | 'onProgress'>,
): Promise<BulkResult> {
  const total = (await q.counts())[o.state];
  bulk.onProgress?.({ done: 0, total });
  if (bulk.signal?.aborted) return { done: 0, total, cancelled: true };
  const { cancelled } = await q.cancelMany(o);
  return { done: cancelled, total: Math.max(total, cancelled), cancelled: false };
}

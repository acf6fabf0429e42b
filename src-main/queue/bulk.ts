import { QueueArgumentError } from './errors';

/** Progress of a bounded-batch operation. */
export interface BulkProgressUpdate {
  done: number;
  total: number;
}

export interface BulkOptions {
  /** Cancels between batches; what is done stays done. */
  signal?: AbortSignal;
  /** Called after every batch. */
  onProgress?: (p: BulkProgressUpdate) => void;
  /** Tasks per script call, 1 to 10000. Default 500, which keeps each call far below 10 ms. */
  batchSize?: number;
}

/** The largest batch a bulk action takes per script call. */
export const MAX_BATCH_SIZE = 10_000;

/** `o.batchSize` checked, or the default of 500. */
export function batchSizeOf(o: BulkOptions): number {
  const b = o.batchSize;
  if (b === undefined) return 500;
  if (typeof b !== 'number' || !Number.isInteger(b) || b < 1 || b > MAX_BATCH_SIZE)
    throw new QueueArgumentError(
      `batchSize=${JSON.stringify(b) ?? String(b)}: expected a whole number of tasks per call from 1 to ${MAX_BATCH_SIZE}`,
    );
  return b;
}

export interface BulkResult {
  done: number;
  total: number;
  cancelled: boolean;
}

/**
 * Runs `step` until it reports no more work, one bounded batch per Redis call, so no single script
 * holds Redis for long (a 1.5M-task clean in one call pinned Redis for hours: bull PR #2357).
 * Each partition is processed in turn.
 */
export async function runBatches(
  total: number,
  partitions: Array<() => Promise<{ moved: number; more: boolean }>>,
  options: BulkOptions,
): Promise<BulkResult> {
  let done = 0;
  options.onProgress?.({ done, total });
  for (const step of partitions) {
    for (;;) {
      if (options.signal?.aborted) return { done, total, cancelled: true };
      const { moved, more } = await step();
      done += moved;
      options.onProgress?.({ done, total: Math.max(total, done) });
      if (!more) break;
    }
  }
  return { done, total: Math.max(total, done), cancelled: false };
}

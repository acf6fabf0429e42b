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
  /** Tasks per script call. Default 500, which keeps each call far below 10 ms. */
  batchSize?: number;
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

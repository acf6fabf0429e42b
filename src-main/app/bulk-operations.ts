import { randomUUID } from 'node:crypto';
import type { BulkProgress, TaskState } from '../../shared/types/queue';
import { toWireError } from '../../shared/errors';
import { createLogger } from '../log/create-logger';
import type { BulkOptions, BulkResult } from '../queue/bulk';

const log = createLogger('bulk');

export interface BulkMeta {
  queue: string;
  action: BulkProgress['action'];
  state?: TaskState;
}

/** Runs a bulk action with the engine's options (signal, onProgress); resolves when it ends. */
export type BulkRunner = (options: Pick<BulkOptions, 'signal' | 'onProgress'>) => Promise<BulkResult>;

export interface BulkOperationsOptions {
  /** Least time between two progress events of one operation (the first and last always go). Default 100 ms. */
  throttleMs?: number;
  now?: () => number;
  /** Hides secrets in error messages. Default: unchanged. */
  redact?: (text: string) => string;
}

/**
 * Operations in flight (operationId → AbortController). A bulk action answers at once with its id
 * and total, then runs in the background in the engine's bounded batches, reporting progress as
 * `task:bulk-progress` events until it finishes, fails or is cancelled.
 */
export class BulkOperations {
  private readonly running = new Map<string, { controller: AbortController; meta: BulkMeta }>();
  private readonly throttleMs: number;
  private readonly now: () => number;
  private readonly redact: (text: string) => string;

  constructor(
    private readonly emit: (p: BulkProgress) => void,
    options: BulkOperationsOptions = {},
  ) {
    this.throttleMs = options.throttleMs ?? 100;
    this.now = options.now ?? Date.now;
    this.redact = options.redact ?? ((t) => t);
  }

  /**
   * Starts `run` and resolves with the operation id and total as soon as the engine knows the
   * total (its first progress report). Fails, without an operation, if `run` fails before that.
   */
  start(meta: BulkMeta, run: BulkRunner): Promise<{ operationId: string; total: number }> {
    const operationId = randomUUID();
    const controller = new AbortController();
    this.running.set(operationId, { controller, meta });
    const base = { operationId, queue: meta.queue, action: meta.action, ...(meta.state ? { state: meta.state } : {}) };
    let lastEmit = -Infinity;
    let lastStep = 0;
    let started = false;
    let latest = { done: 0, total: 0 };

    return new Promise((resolve, reject) => {
      const onProgress = (p: { done: number; total: number }) => {
        latest = p;
        if (!started) {
          started = true;
          resolve({ operationId, total: p.total });
        }
        // At most one event per throttle interval, but never fewer than one per tenth of the work,
        // so a fast operation still shows the bar moving.
        const t = this.now();
        const step = p.total > 0 ? Math.floor((10 * p.done) / p.total) : 0;
        if (t - lastEmit < this.throttleMs && step <= lastStep) return;
        lastEmit = t;
        lastStep = step;
        this.emit({ ...base, done: p.done, total: p.total, finished: false, cancelled: false });
      };
      run({ signal: controller.signal, onProgress })
        .then((result) => {
          if (!started) resolve({ operationId, total: result.total });
          this.emit({ ...base, done: result.done, total: result.total, finished: true, cancelled: result.cancelled });
        })
        .catch((e: unknown) => {
          const message = this.redact(toWireError(e).message);
          if (!started) {
            reject(e);
            return;
          }
          log.warn(`${meta.action} of ${meta.queue} failed after ${latest.done} task(s): ${message}`);
          this.emit({
            ...base,
            done: latest.done,
            total: latest.total,
            finished: true,
            cancelled: false,
            error: message,
          });
        })
        .finally(() => this.running.delete(operationId));
    });
  }

  /** Asks an operation to stop after its current batch. False when it is unknown or finished. */
  cancel(operationId: string): boolean {
    const op = this.running.get(operationId);
    if (!op) return false;
    op.controller.abort();
    return true;
  }

  /** Cancels every operation (on shutdown or disconnect). */
  cancelAll(): void {
    for (const op of this.running.values()) op.controller.abort();
  }

  /** How many operations are in flight. */
  get size(): number {
    return this.running.size;
  }
}

import { setTimeout as sleep } from 'node:timers/promises';

/**
 * The one retry policy of the main process: which errors are worth waiting out, how long to wait
 * between attempts, and when to give up. Only for operations that are safe to repeat.
 */
export interface RetryPolicy {
  /** Errors worth waiting out (a failover, a reconnect); anything else fails at once. */
  isRetryable(e: unknown): boolean;
  /**
   * Errors after which the failed attempt may still have run (its reply was lost with the
   * connection). The next attempt is told, so it can take "already done by me" as success.
   * Default: every retryable error.
   */
  mayHaveRun?(e: unknown): boolean;
  /** Give up once this long has passed since the first attempt (ms). */
  budgetMs: number;
  /** Delay before the first retry (ms); doubles per retry up to `maxDelayMs`. */
  baseDelayMs: number;
  maxDelayMs: number;
}

/** What an attempt knows about the ones before it. */
export interface Attempt {
  /** 0 for the first attempt. */
  number: number;
  /** An earlier attempt failed in a way that leaves open whether it ran. */
  mayHaveRun: boolean;
}

/** Error backoff: base, doubling per failure up to max; `reset` after a success. */
export class Backoff {
  private failures = 0;

  constructor(private readonly o: { baseDelayMs: number; maxDelayMs: number }) {}

  /** The delay to wait after one more failure. */
  next(): number {
    const ms = Math.min(this.o.maxDelayMs, this.o.baseDelayMs * 2 ** this.failures);
    this.failures = Math.min(this.failures + 1, 30);
    return ms;
  }

  reset(): void {
    this.failures = 0;
  }
}

/**
 * Runs `op` until it succeeds, a non-retryable error comes, the budget is spent or `signal`
 * aborts; the last error is thrown. Each attempt learns whether an earlier one may have run.
 */
export async function retry<T>(
  policy: RetryPolicy,
  op: (attempt: Attempt) => Promise<T>,
  signal?: AbortSignal,
): Promise<T> {
  const deadline = Date.now() + policy.budgetMs;
  const backoff = new Backoff(policy);
  const attempt: Attempt = { number: 0, mayHaveRun: false };
  for (;;) {
    try {
      return await op({ ...attempt });
    } catch (e) {
      if (!policy.isRetryable(e) || signal?.aborted) throw e;
      const delay = backoff.next();
      if (Date.now() + delay > deadline) throw e;
      attempt.mayHaveRun ||= policy.mayHaveRun ? policy.mayHaveRun(e) : true;
      attempt.number++;
      await sleep(delay, undefined, signal ? { signal } : undefined).catch(() => undefined);
      if (signal?.aborted) throw e;
    }
  }
}

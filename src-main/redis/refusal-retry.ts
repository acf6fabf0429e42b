import { retry, type RetryPolicy } from '../lib/retry';

/**
 * Replies with which a cluster node refused a command before running any of it. Only a reply
 * that starts with the code counts: an `ERR user_script…` error comes from inside a script that
 * may already have written.
 */
const REFUSED_BEFORE_RUNNING = /^(?:MOVED|ASK|TRYAGAIN|CLUSTERDOWN|NOSCRIPT)\b/;

/** True for a refusal: the command did not run, so sending it again is always safe. */
export function isRefusal(err: unknown): boolean {
  return REFUSED_BEFORE_RUNNING.test(err instanceof Error ? err.message : String(err));
}

/**
 * While a slot migrates, ioredis follows ASK and TRYAGAIN only for commands sent alone. An
 * auto-pipelined batch (and EVALSHA goes out in them) is re-sent only when every command in it
 * failed with the same error, so a batch whose keys sit half on each node hands the raw
 * `TRYAGAIN`/`ASK`/`MOVED` to the caller; and an EVALSHA that followed a redirection to a node
 * that never saw the script inside such a batch gets `NOSCRIPT` (ioredis loads it only on its own
 * fallback path). Those replies mean nothing ran: wait and send again (a lone resend is EVAL'd on a
 * socket without the script), for as long as a migration of a slot with many keys can take.
 */
export const REFUSAL_RETRY: RetryPolicy = {
  isRetryable: isRefusal,
  mayHaveRun: () => false,
  budgetMs: 60_000,
  baseDelayMs: 10,
  maxDelayMs: 200,
};

/** Runs `op` again after each refusal (see REFUSAL_RETRY); `onRefused` sees each one. */
export function retryRefused<T>(op: () => Promise<T>, onRefused?: (e: unknown) => void): Promise<T> {
  return retry(REFUSAL_RETRY, () =>
    op().catch((e: unknown) => {
      if (onRefused && isRefusal(e)) onRefused(e);
      throw e;
    }),
  );
}

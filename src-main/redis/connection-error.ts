import { SlotlineError } from '../../shared/errors';
import type { RetryPolicy } from '../lib/retry';

/** Why connecting failed: the `code` of a {@link ConnectionError}. */
export type ConnectionErrorCode =
  'unreachable' | 'auth-failed' | 'not-a-cluster' | 'is-cluster-node' | 'cluster-down' | 'timeout';

/** Why a connection could not be made, in words an operator can act on. */
export class ConnectionError extends SlotlineError {
  declare readonly code: ConnectionErrorCode;
  constructor(code: ConnectionErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}

/** Replies with which Redis refused a command without running it. */
const REFUSED = /^(?:ERR user_script\S* )?(?:MOVED|ASK|CLUSTERDOWN|TRYAGAIN|LOADING|READONLY|MASTERDOWN)\b/;

/** Errors during which a cluster is moving slots or electing a master: worth waiting out. */
export function isTransientClusterError(err: unknown): boolean {
  if (err instanceof SlotlineError) return false;
  const msg = err instanceof Error ? err.message : String(err);
  // Redis replies start with their code; client-side failures are matched by their exact phrases.
  return (
    REFUSED.test(msg) ||
    /Connection is closed|Command aborted due to connection close|ECONNREFUSED|ECONNRESET|ETIMEDOUT|Too many Cluster redirections|Failed to refresh slots cache|None of startup nodes is available/.test(
      msg,
    )
  );
}

/**
 * After a transient error, whether the command may still have run: true when the connection went
 * away with the command sent (its reply lost), false when Redis refused it (MOVED, CLUSTERDOWN, …)
 * or the command never left the client (connection refused, no node to send it to).
 */
export function mayHaveRun(err: unknown): boolean {
  const msg = err instanceof Error ? err.message : String(err);
  if (REFUSED.test(msg)) return false;
  return !/ECONNREFUSED|None of startup nodes is available|Failed to refresh slots cache/.test(msg);
}

/**
 * Retries through a failover or a reconnect: transient cluster errors, every 50 ms doubling to
 * 1 s, for up to 15 s (a master kill is over in about 5 s with cluster-node-timeout 2000).
 * Only for operations that are safe to repeat: idempotent ones, or fenced ones that recognise
 * their own earlier success (see `mayHaveRun`).
 */
export const TRANSIENT_RETRY: RetryPolicy = {
  isRetryable: isTransientClusterError,
  mayHaveRun,
  budgetMs: 15000,
  baseDelayMs: 50,
  maxDelayMs: 1000,
};

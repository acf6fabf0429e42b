import { SlotlineError } from '../../shared/errors';

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

/** Errors during which a cluster is moving slots or electing a master: worth waiting out. */
export function isTransientClusterError(err: unknown): boolean {
  if (err instanceof SlotlineError) return false;
  const msg = err instanceof Error ? err.message : String(err);
  // Redis replies start with their code; client-side failures are matched by their exact phrases.
  return (
    /^(?:ERR user_script\S* )?(?:MOVED|ASK|CLUSTERDOWN|TRYAGAIN|LOADING|READONLY|MASTERDOWN)\b/.test(msg) ||
    /Connection is closed|Command aborted due to connection close|ECONNREFUSED|ECONNRESET|ETIMEDOUT|Too many Cluster redirections|Failed to refresh slots cache|None of startup nodes is available/.test(
      msg,
    )
  );
}

/**
 * Runs an idempotent operation, retrying transient cluster errors (a failover, a reconnect) every
 * `delayMs` until `budgetMs` has passed. Only for operations that are safe to repeat.
 */
export async function retryTransient<T>(op: () => Promise<T>, budgetMs = 15000, delayMs = 100): Promise<T> {
  const deadline = Date.now() + budgetMs;
  for (;;) {
    try {
      return await op();
    } catch (e) {
      if (!isTransientClusterError(e) || Date.now() + delayMs > deadline) throw e;
      await new Promise((r) => setTimeout(r, delayMs));
    }
  }
}

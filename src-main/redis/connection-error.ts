import { SlotlineError } from '../../shared/errors';

export type ConnectionErrorCode =
  | 'unreachable'
  | 'auth-failed'
  | 'not-a-cluster'
  | 'is-cluster-node'
  | 'cluster-down'
  | 'timeout';

/** Why a connection could not be made, in words an operator can act on. */
export class ConnectionError extends SlotlineError {
  declare readonly code: ConnectionErrorCode;
  constructor(code: ConnectionErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}

/** Errors during which a cluster is moving slots or electing a master: worth waiting out. */
export function isTransientClusterError(err: unknown): boolean {
  const msg = err instanceof Error ? err.message : String(err);
  return /CLUSTERDOWN|TRYAGAIN|MOVED|ASK|Too many Cluster redirections|Connection is closed|ECONNREFUSED|ECONNRESET|ETIMEDOUT|Command timed out|LOADING|READONLY|MASTERDOWN|Failed to refresh slots cache|None of startup nodes is available/i.test(
    msg,
  );
}

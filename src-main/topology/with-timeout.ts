import { SlotlineError } from '../../shared/errors';

/** A node that did not answer within the monitor's per-node timeout. */
export class NodeTimeoutError extends SlotlineError {
  constructor(what: string, ms: number) {
    super('node-timeout', `${what} did not answer within ${ms} ms`);
  }
}

/**
 * Races `p` against a timer. The command itself is not cancelled (ioredis cannot), but the
 * node clients the monitor uses fail queued commands on their next reconnect attempt, so
 * abandoned ones do not pile up.
 */
export function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new NodeTimeoutError(what, ms)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

/** `host:port` or `[v6]:port` → its parts; undefined for anything else (e.g. `:0` of a noaddr node). */
export function splitAddress(address: string): { host: string; port: number } | undefined {
  const m = /^\[?([^\]]*?)\]?:(\d+)$/.exec(address);
  if (!m || m[1] === '' || Number(m[2]) === 0) return undefined;
  return { host: m[1]!, port: Number(m[2]) };
}

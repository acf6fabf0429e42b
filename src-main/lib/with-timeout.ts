import { SlotlineError } from '../../shared/errors';

/** Something that did not finish within its deadline. */
export class TimeoutError extends SlotlineError {
  constructor(what: string, ms: number) {
    super('timeout', `${what} did not answer within ${ms} ms`);
  }
}

/**
 * Races `p` against a timer and clears the timer either way. `onTimeout` is either what was
 * waited for (the rejection is then a TimeoutError saying so) or a factory for the error to
 * reject with. The work itself is not cancelled (ioredis cannot cancel a sent command): callers
 * that must stop it do so themselves, e.g. by dropping the connection.
 */
export function withTimeout<T>(p: Promise<T>, ms: number, onTimeout: string | (() => Error)): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(typeof onTimeout === 'string' ? new TimeoutError(onTimeout, ms) : onTimeout()), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

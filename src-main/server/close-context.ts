import { setTimeout as delay } from 'node:timers/promises';
import type { AppContext } from '../app/app-context';
import { createLogger } from '../log/create-logger';

const log = createLogger('server');

/**
 * Closes the context, but never waits on a dead Redis: a server that stopped answering (frozen,
 * or gone behind a firewall) never replies to QUIT and keeps in-flight commands pending. After
 * `graceMs` the connection is dropped hard, which rejects what is pending, and the close goes
 * on (history flush); after another `graceMs` the caller stops waiting at all.
 */
export async function closeContextWithin(context: AppContext, graceMs = 500): Promise<void> {
  const handle = context.connection.handle();
  const closed = context.close().then(
    () => true,
    () => true,
  );
  const timer = new AbortController();
  try {
    const inTime = await Promise.race([closed, delay(graceMs, false, { signal: timer.signal })]);
    if (inTime) return;
    log.warn(`Redis did not answer within ${graceMs} ms while closing: dropping the connection`);
    handle?.disconnect();
    await Promise.race([closed, delay(graceMs, false, { signal: timer.signal })]);
  } finally {
    timer.abort();
  }
}

import { auditEntryOf, AuditLog, cliActor } from '../app/audit-log';
import type { RedisHandle } from '../redis/handle';

/**
 * Runs one mutating CLI action and records it in the shared audit log as `cli:<command>` by
 * `cli:<user>@<host>`, like the console's actions: the request fields name target and filter,
 * `count` what it affected. A failure is recorded and rethrown; a recording failure is logged,
 * never fatal.
 */
export async function audited<T>(
  h: RedisHandle,
  command: string,
  request: Record<string, unknown>,
  run: () => Promise<T>,
  countOf: (result: T) => number | undefined,
): Promise<T> {
  const log = new AuditLog(() => h);
  const started = performance.now();
  try {
    const result = await run();
    const count = countOf(result);
    await log.record(
      auditEntryOf(
        {
          channel: `cli:${command}`,
          request,
          response: count === undefined ? {} : { total: count },
          durationMs: performance.now() - started,
        },
        cliActor(),
        Date.now(),
      ),
    );
    return result;
  } catch (e) {
    const err = e as { code?: string; message?: string };
    await log.record(
      auditEntryOf(
        {
          channel: `cli:${command}`,
          request,
          error: `${err.code ?? 'error'}: ${err.message ?? String(e)}`,
          durationMs: performance.now() - started,
        },
        cliActor(),
        Date.now(),
      ),
    );
    throw e;
  }
}

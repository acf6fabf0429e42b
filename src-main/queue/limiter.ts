import type { RateLimit } from '../../shared/types/schedule';
import type { RedisArg, RedisHandle } from '../redis/handle';
import { QueueArgumentError } from './errors';
import { REGISTRY_KEY, limiterKeys, type LimiterKeys } from './keys';
import { limiterKeysFor, type LimiterScriptName } from './script-keys';
import type { ScriptSet } from './scripts';

/**
 * One limit for the whole queue, however many partitions and workers it has. The rate limit,
 * the 429 hold and the concurrency cap live in ONE slot of their own per queue (`{ql:<queue>}`),
 * and workers follow a token protocol on it: before a reserve on a partition a worker asks
 * `limit-acquire` (on the server's clock) for n starts, its idle slots; it gets g ≤ n, reserves
 * up to g from the partition, and gives unused grants back with `limit-refund`.
 *
 * - Rate: an exact sliding window, a ZSET of grant batches (`<seq>:<count>` scored by server ms):
 *   granted = min(n, max − starts granted in (now − perMs, now]). A refused acquire answers how
 *   long until the oldest batch leaves the window, so the worker sleeps rather than spins. A
 *   batch counts for perMs plus a guard of 5% (at most 50 ms), which covers the time between a
 *   grant and the reserve that starts its tasks: without it, starts measured at the reserve
 *   (the task's startedAt) reached 154 in a 1 s window at 100/s; with it, 100/s gives about
 *   952–1000 starts in 10 s.
 * - Concurrency: a HASH worker → tasks held and a ZSET worker → expiry (server now + lease time),
 *   renewed with the worker's leases; acquire drops expired workers first, so a crashed worker's
 *   share comes back when its leases would have expired. A worker gives its share back once a
 *   task's ack, fail or release is confirmed, batched per tick.
 * - A queue with no limits makes no limiter call per task: the worker knows from the queue's
 *   definition (re-read about every second, so a change applies within about a second).
 *
 * Failover: the limiter's state is replicated asynchronously like every other write. When its
 * master fails over, the grants of the last moments before the kill (those not yet replicated,
 * usually well under a second's worth) are lost, so the window can admit up to that many
 * starts again, at most one window's `max` extra; concurrency shares lost the same way come back
 * with the next renewal (a third of the lease time), and until then the cap can be exceeded by
 * the lost shares. Neither blocks the queue.
 */
export class Limiter {
  readonly keys: LimiterKeys;
  private readonly names = new Map<string, string>();

  constructor(
    private readonly handle: RedisHandle,
    readonly queue: string,
    set: ScriptSet,
  ) {
    this.keys = limiterKeys(queue);
    for (const [base, def] of set) this.names.set(base, def.name);
  }

  private run<T>(script: LimiterScriptName, args: RedisArg[]): Promise<T> {
    return this.handle.runScript<T>(this.names.get(script)!, limiterKeysFor(script, this.keys, REGISTRY_KEY), args);
  }

  /** Asks for up to n starts. `wait` is how long to sleep before asking again when fewer came. */
  async acquire(o: {
    n: number;
    workerId: string;
    rate: RateLimit | null;
    cap: number | null;
    leaseMs: number;
  }): Promise<{ granted: number; batch: string; waitMs: number; why: 'none' | 'rate' | 'cap' | 'hold' }> {
    const r = await this.run<[number, string, number, number]>('limit-acquire', [
      o.n,
      o.workerId,
      o.rate?.max ?? 0,
      o.rate?.perMs ?? 0,
      o.cap ?? 0,
      o.leaseMs,
    ]);
    return {
      granted: r[0],
      batch: r[1],
      waitMs: r[2],
      why: (['none', 'rate', 'cap', 'hold'] as const)[r[3]] ?? 'none',
    };
  }

  /** Takes `unused` starts off a grant batch and `done` tasks off the worker's share of the cap. */
  refund(o: { batch: string; unused: number; workerId: string; done: number }): Promise<number> {
    return this.run('limit-refund', [o.batch, o.unused, o.workerId, o.done]);
  }

  /** Renews the worker's share of the cap to server now + leaseMs. */
  keepalive(workerId: string, leaseMs: number): Promise<number> {
    return this.run('limit-keepalive', [workerId, leaseMs]);
  }

  /** Holds every start of the queue for `ms` (a handler's rateLimit). */
  hold(ms: number): Promise<number> {
    return this.run('limit-hold', [Math.max(1, Math.ceil(ms))]);
  }

  /** Remaining ms of a hold, 0 when none. */
  async holdLeft(): Promise<number> {
    return Math.max(0, Number(await this.handle.call('PTTL', this.keys.hold)));
  }

  /** The limiter's state now (read-only). */
  async status(perMs: number): Promise<{
    now: number;
    startedInWindow: number;
    active: number;
    holdMs: number;
    rateLimitedWaitsTotal: number;
    concurrencyCappedWaitsTotal: number;
  }> {
    const r = await this.run<number[]>('limit-status', [perMs]);
    return {
      now: r[0]!,
      startedInWindow: r[1]!,
      active: r[2]!,
      holdMs: r[3]!,
      rateLimitedWaitsTotal: r[4]!,
      concurrencyCappedWaitsTotal: r[5]!,
    };
  }

  /** Sets (or, with undefined, removes) one field of the queue's registry definition; the new JSON. */
  async setDefinitionField(field: 'rateLimit' | 'concurrency', value: unknown): Promise<string> {
    const r = await this.run<string | number>('def-set', [
      this.queue,
      field,
      value === undefined ? '' : JSON.stringify(value),
    ]);
    if (r === -1)
      throw new QueueArgumentError(`queue ${this.queue} does not exist: create it before setting its limits`);
    return String(r);
  }

  /**
   * Makes `tags` the queue's new generation, retiring the current one, if the stored generation
   * is still `expected`: the new definition JSON, or -1 (no queue) / -2 (another rebalance won).
   */
  async startGeneration(expected: number, tags: string[], now: number): Promise<string | number> {
    return this.run<string | number>('def-rebalance', [this.queue, expected, JSON.stringify(tags), now]);
  }

  /** Drops a drained retired generation from the definition (idempotent); the definition JSON. */
  async dropGeneration(generation: number): Promise<string | number> {
    return this.run<string | number>('def-retire', [this.queue, generation]);
  }
}

/** Checks a rate limit: whole numbers, max ≥ 1, perMs ≥ 1; null removes it. */
export function validateRateLimit(queue: string, limit: unknown): RateLimit | null {
  if (limit === null) return null;
  if (typeof limit !== 'object' || limit === undefined || Array.isArray(limit))
    throw new QueueArgumentError(
      `rate limit ${JSON.stringify(limit)} for queue ${queue}: expected { max, perMs } or null`,
    );
  const extra = Object.keys(limit).filter((k) => k !== 'max' && k !== 'perMs');
  if (extra.length > 0)
    throw new QueueArgumentError(
      `rate limit for queue ${queue} has unknown field(s) ${extra.join(', ')}: expected only max and perMs`,
    );
  const { max, perMs } = limit as { max?: unknown; perMs?: unknown };
  for (const [name, v, most] of [
    ['max', max, 1_000_000],
    ['perMs', perMs, 86_400_000],
  ] as const) {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > most)
      throw new QueueArgumentError(
        `rate limit ${name}=${JSON.stringify(v)} for queue ${queue}: expected a whole number from 1 to ${most}`,
      );
  }
  return { max: max as number, perMs: perMs as number };
}

/** Checks a concurrency cap: a whole number ≥ 1; null removes it. */
export function validateConcurrency(queue: string, n: unknown): number | null {
  if (n === null) return null;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > 1_000_000)
    throw new QueueArgumentError(
      `concurrency ${JSON.stringify(n)} for queue ${queue}: expected a whole number from 1 to 1000000, or null to remove the cap`,
    );
  return n;
}

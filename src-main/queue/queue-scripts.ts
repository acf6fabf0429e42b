import type { TaskState } from '../../shared/types/queue';
import type { RedisArg, RedisHandle } from '../redis/handle';
import { DurabilityError } from './errors';
import type { PartitionKeys } from './keys';
import { keysFor, type ScriptName } from './script-keys';
import type { ScriptCode } from './script-code';
import { ScheduleScripts } from './schedule-scripts';
import type { ScriptSet } from './scripts';

/** Replica acknowledgement asked of writes: WAIT `replicas` `timeoutMs` on the owning master. */
export interface Durability {
  replicas: number;
  timeoutMs: number;
}

/** A partition as the scripts see it: its keys. */
export interface ScriptPartition {
  keys: PartitionKeys;
}

/** A lease as the fenced scripts see it. */
export interface LeaseRef {
  id: string;
  token: string;
}

/** An attempt's history latency buckets (history/latency-buckets.ts; -1 = not measured). */
export interface LatencyRef {
  waitBucket: number;
  runBucket: number;
}

/** A durable write's result, with a replication shortfall beside it (the write stands). */
export interface Durable<T> {
  result: T;
  shortfall?: DurabilityError;
}

/** One task leased by reserve. */
export interface Leased {
  id: string;
  token: string;
  record: string;
}

/**
 * One typed wrapper per Lua script: each builds its KEYS from script-keys.ts (the header's order),
 * its ARGV in the header's order, and decodes the reply. Nothing else in the queue spells out
 * KEYS or reply layouts.
 */
export class QueueScripts extends ScheduleScripts {
  private readonly names = new Map<string, string>();

  constructor(
    private readonly handle: RedisHandle,
    set: ScriptSet,
  ) {
    super();
    for (const [base, def] of set) this.names.set(base, def.name);
    handle.defineScripts([...set.values()]);
  }

  protected run<T>(script: ScriptName, keys: string[], args: RedisArg[]): Promise<T> {
    return this.handle.runScript<T>(this.names.get(script)!, keys, args);
  }

  private async runDurable<T>(
    script: ScriptName,
    keys: string[],
    args: RedisArg[],
    durable: Durability | undefined,
    what: string,
  ): Promise<Durable<T>> {
    if (!durable) return { result: await this.run<T>(script, keys, args) };
    const { result, acked, waitError } = await this.handle.runScriptDurable<T>(
      this.names.get(script)!,
      keys,
      args,
      durable.replicas,
      durable.timeoutMs,
    );
    if (acked >= durable.replicas && !waitError) return { result };
    return { result, shortfall: new DurabilityError(what, acked, durable.replicas, durable.timeoutMs, waitError) };
  }

  /**
   * Adds tasks (id, record JSON, delay ms, priority per task; `extras`: (1-based position,
   * expires-in ms) pairs and (minus the position, dedupe id, ttl ms or 0) triples for the tasks
   * that have one, see enqueue-9.lua). Per task: true when created, false when its id existed,
   * or the id of the task holding its dedupe id.
   */
  async enqueue(
    p: ScriptPartition,
    tasks: RedisArg[],
    extras: RedisArg[],
    o: { resend: boolean; durable?: Durability; what: string },
  ): Promise<Durable<Array<boolean | string>>> {
    const r = await this.runDurable<Array<number | string>>(
      'enqueue',
      keysFor('enqueue', p.keys),
      [o.resend ? 1 : 0, tasks.length / 4, ...tasks, ...extras],
      o.durable,
      o.what,
    );
    return {
      result: r.result.map((f) => (typeof f === 'string' ? f : f === 1)),
      ...(r.shortfall ? { shortfall: r.shortfall } : {}),
    };
  }

  /** Leases up to `count` tasks; `untilDueMs` is the server's wait until its next delayed task (-1: none). */
  async reserve(
    p: ScriptPartition,
    o: { leaseMs: number; count: number; workerId: string; tokenPrefix: string; promoteMax: number },
  ): Promise<{ untilDueMs: number; corrupt: string[]; leased: Leased[] }> {
    const r = await this.run<[number, string[], ...string[]]>('reserve', keysFor('reserve', p.keys), [
      o.leaseMs,
      o.count,
      o.workerId,
      o.tokenPrefix,
      o.promoteMax,
    ]);
    const leased: Leased[] = [];
    for (let i = 2; i < r.length; i += 3)
      leased.push({ id: r[i] as string, token: r[i + 1] as string, record: r[i + 2] as string });
    return { untilDueMs: Number(r[0]), corrupt: r[1], leased };
  }

  /**
   * Completes leased tasks, storing each one's result JSON ('' = none); one code per lease (Ok,
   * AlreadyCompleted, Cancelled, TaskMissing, LeaseNotOwned).
   */
  ack(
    p: ScriptPartition,
    leases: Array<LeaseRef & { result?: string; latency?: LatencyRef }>,
    o: { remove: boolean; keep: number; durable?: Durability; what: string },
  ): Promise<Durable<ScriptCode[]>> {
    const args: RedisArg[] = [o.remove ? 1 : 0, o.keep, leases.length];
    for (const l of leases) args.push(l.id, l.token, l.latency?.waitBucket ?? -1, l.latency?.runBucket ?? -1);
    // Results trail as (position, JSON) pairs: a task without one adds no argument (ack-11.lua).
    for (let i = 0; i < leases.length; i++) {
      const r = leases[i]!.result;
      if (r) args.push(i + 1, r);
    }
    return this.runDurable<ScriptCode[]>('ack', keysFor('ack', p.keys), args, o.durable, o.what);
  }

  /** Records failed attempts; `backoffMs` -1 fails for good. One code per task. */
  fail(
    p: ScriptPartition,
    items: Array<
      LeaseRef & {
        message: string;
        stack: string;
        backoffMs: number;
        reason: 'error' | 'timeout' | 'unrecoverable';
        latency?: LatencyRef;
      }
    >,
  ): Promise<ScriptCode[]> {
    return this.run(
      'fail',
      keysFor('fail', p.keys),
      items.flatMap((x) => [
        ...[x.id, x.token, x.message, x.stack, x.backoffMs, x.reason],
        ...[x.latency?.waitBucket ?? -1, x.latency?.runBucket ?? -1],
      ]),
    );
  }

  /** Which of these leased ids have a cancellation pending. */
  cancelCheck(p: ScriptPartition, ids: string[]): Promise<string[]> {
    return this.run('cancel-check', keysFor('cancel-check', p.keys), ids);
  }

  /** Cancels one task; the state index it is in afterwards (6 cancelled, 3 active pending), null when unknown. */
  async cancel(p: ScriptPartition, id: string): Promise<number | null> {
    const r = await this.run<number | null>('cancel', keysFor('cancel', p.keys), [id]);
    return r === null ? null : Number(r);
  }

  /** Cancels (or, for active, marks) one batch of a state's tasks. */
  async cancelState(
    p: ScriptPartition,
    state: 'waiting' | 'delayed' | 'active',
    o: { olderThanMs: number; batch: number; skip: number },
  ): Promise<{ handled: number; scanned: number }> {
    const [handled, scanned] = await this.run<[number, number]>(
      'cancel-state',
      keysFor('cancel-state', p.keys, state),
      [o.olderThanMs, o.batch, o.skip],
    );
    return { handled, scanned };
  }

  /** Writes progress ('' = unchanged) and appends log lines, fenced by the token. */
  report(
    p: ScriptPartition,
    l: LeaseRef,
    o: { progress: string; maxLines: number; dropped: number; lines: string[] },
  ): Promise<ScriptCode> {
    return this.run('report', keysFor('report', p.keys), [
      l.id,
      l.token,
      o.progress,
      o.maxLines,
      o.dropped,
      ...o.lines,
    ]);
  }

  /** State index per id (TASK_STATES order, 1-based), 0 in no set, -1 unknown. */
  states(p: ScriptPartition, ids: string[]): Promise<number[]> {
    return this.run('states', keysFor('states', p.keys), ids);
  }

  /** One bounded batch of retention; how many tasks it removed. */
  retain(
    p: ScriptPartition,
    r: { completed: { maxCount: number; maxAgeMs: number }; failed: { maxCount: number; maxAgeMs: number } },
    batch: number,
  ): Promise<number> {
    return this.run('retain', keysFor('retain', p.keys), [
      r.completed.maxCount,
      r.completed.maxAgeMs,
      r.failed.maxCount,
      r.failed.maxAgeMs,
      batch,
    ]);
  }

  /** Fails one batch of waiting/delayed tasks past their expiry; how many. */
  expire(p: ScriptPartition, batch: number): Promise<number> {
    return this.run('expire', keysFor('expire', p.keys), [batch]);
  }

  /** Renews leases to the server's time + `leaseMs`. One code per lease (Ok or LeaseNotOwned). */
  extend(p: ScriptPartition, leases: LeaseRef[], leaseMs: number): Promise<ScriptCode[]> {
    return this.run('extend', keysFor('extend', p.keys), [leaseMs, ...leases.flatMap((l) => [l.id, l.token])]);
  }

  /** Gives leases back without counting the attempt. One code per lease (Ok or LeaseNotOwned). */
  release(p: ScriptPartition, leases: LeaseRef[]): Promise<ScriptCode[]> {
    return this.run(
      'release',
      keysFor('release', p.keys),
      leases.flatMap((l) => [l.id, l.token]),
    );
  }

  /** Recovers expired leases under the sweep lock; null when another sweeper holds it. */
  async sweepStalled(
    p: ScriptPartition,
    o: { lockMs: number; maxStalls: number; limit: number; sweeperId: string },
  ): Promise<{ requeued: number; failed: number } | null> {
    const r = await this.run<[number, number] | number>('sweep-stalled', keysFor('sweep-stalled', p.keys), [
      o.lockMs,
      o.maxStalls,
      o.limit,
      o.sweeperId,
    ]);
    return Array.isArray(r) ? { requeued: r[0], failed: r[1] } : null;
  }

  /** Counts and totals in the order of counts-8.lua's header; `head`: then the head task's createdAt (-1: none). */
  counts(p: ScriptPartition, head = false): Promise<number[]> {
    return this.run('counts', keysFor('counts', p.keys), [head ? 1 : 0]);
  }

  /** A task's raw record, state index (1-based in TASK_STATES order, 0 in no set) and score. */
  async get(p: ScriptPartition, id: string): Promise<{ raw: string; stateIndex: number; score: number } | null> {
    const r = await this.run<[string, number, string] | null>('get', keysFor('get', p.keys), [id]);
    return r ? { raw: r[0], stateIndex: Number(r[1]), score: Number(r[2]) } : null;
  }

  /** One page of a state, newest first: rows of id, score text and raw record (false when missing). */
  async list(
    p: ScriptPartition,
    state: TaskState,
    o: { max: string; skip: number; limit: number },
  ): Promise<Array<{ id: string; scoreText: string; raw: string | false }>> {
    const r = await this.run<Array<string | false>>('list', keysFor('list', p.keys, state), [o.max, o.skip, o.limit]);
    const rows: Array<{ id: string; scoreText: string; raw: string | false }> = [];
    for (let j = 0; j < r.length; j += 3)
      rows.push({ id: r[j] as string, scoreText: r[j + 1] as string, raw: r[j + 2]! });
    return rows;
  }

  /** One batch of a state back to waiting. */
  async requeueState(
    p: ScriptPartition,
    state: TaskState,
    o: { batch: number; skip: number },
  ): Promise<{ moved: number; skipped: number; remaining: number }> {
    const [moved, skipped, remaining] = await this.run<[number, number, number]>(
      'requeue-state',
      keysFor('requeue-state', p.keys, state),
      [o.batch, o.skip],
    );
    return { moved, skipped, remaining };
  }

  /** The given tasks back to waiting; how many moved. */
  requeueIds(p: ScriptPartition, ids: string[]): Promise<number> {
    return this.run('requeue-ids', keysFor('requeue-ids', p.keys), ids);
  }

  /** Requeues one failed or cancelled task with a new payload text; 1, 0 unknown, -1 wrong state, -2 unreadable. */
  retryEdited(p: ScriptPartition, id: string, payloadText: string, by: string): Promise<number> {
    return this.run('retry-edited', keysFor('retry-edited', p.keys), [id, payloadText, by]);
  }

  /** Deletes one batch of a state (finished at least `olderThanMs` ago; -1 = all); how many. */
  purge(p: ScriptPartition, state: TaskState, o: { olderThanMs: number; batch: number }): Promise<number> {
    return this.run('purge', keysFor('purge', p.keys, state), [o.olderThanMs, o.batch]);
  }

  /** One batch of delayed tasks waiting now. */
  async promote(p: ScriptPartition, batch: number): Promise<{ moved: number; remaining: number }> {
    const [moved, remaining] = await this.run<[number, number]>('promote', keysFor('promote', p.keys), [batch]);
    return { moved, remaining };
  }

  /** Deletes one task from any state; true when it existed. */
  async delete(p: ScriptPartition, id: string): Promise<boolean> {
    return (await this.run<number>('delete', keysFor('delete', p.keys), [id])) === 1;
  }

  async setPaused(p: ScriptPartition, paused: boolean): Promise<void> {
    await this.run('set-paused', keysFor('set-paused', p.keys), [paused ? 1 : 0]);
  }

  /**
   * Removes up to `batch` finished tasks of a drained partition, then its keys: -1 unfinished work
   * remains, 0 call again, 1 gone.
   */
  drop(p: ScriptPartition, batch: number): Promise<number> {
    return this.run<number>('drop', keysFor('drop', p.keys), [batch]);
  }
}

import type { Backoff, QueueCounts, Retention, Task, TaskLogPage, TaskState } from '../../shared/types/queue';
import { retry } from '../lib/retry';
import { TickBatcher } from '../lib/tick-batcher';
import { TRANSIENT_RETRY } from '../redis/connection-error';
import type { RedisArg, RedisHandle } from '../redis/handle';
import { TASK_STATES } from '../../shared/types/queue';
import { QueueArgumentError, TaskFailedError, TaskNotFoundError } from './errors';
import { logKey, partitionKeys, REGISTRY_KEY, type PartitionKeys } from './keys';
import { TaskWaiters } from './task-waiters';
import { explainFailure, malformed } from './malformed-data';
import { QueueScripts, type Durability } from './queue-scripts';
import { DEFAULT_RETENTION, resolveQueue, type QueueDefinition } from './registry';
import { generateTaskId, hashString, routingPart } from './routing';
import { loadQueueScripts } from './scripts';
import { newRecord, toTask } from './task-record';
import { assertTaskId, validateDurability, validateEnqueue, validateQueueOptions, validateTimeout } from './validate';

export type { Durability } from './queue-scripts';
export { generateTaskId, routingPart } from './routing';

/** Options of {@link Queue.open}. */
export interface QueueOptions {
  /** Partitions when the queue is created (default 1); must match an existing queue's. */
  partitions?: number;
  /** Fail instead of creating the queue when it does not exist (read-only tools). Default false. */
  mustExist?: boolean;
  /** Make enqueue (and workers' acks) wait for replicas. Default: off. */
  durable?: Durability;
  /** Attempts per task unless the task says otherwise. Default 3. */
  defaultMaxAttempts?: number;
  /** Backoff unless the task says otherwise. Default exponential from 1 s with 20 % jitter. */
  defaultBackoff?: Backoff;
  /**
   * The folder of the queue's Lua scripts. Default: the `commands/` folder next to the queue
   * module (where the build copies it). Scripts are defined once per connection, so every queue
   * on one connection should use the same folder.
   */
  scriptsDir?: string;
  /** Largest handler result stored, in bytes of JSON. Default 524288 (512 kB). */
  maxResultBytes?: number;
  /** Per-attempt deadline of tasks that do not set `timeoutMs`. Default: none. Must be > 0. */
  defaultTimeoutMs?: number;
  /**
   * How long finished tasks are kept. Stored in the queue's registry definition, so every process
   * sees it; given here, it replaces the stored one. Defaults: DEFAULT_RETENTION.
   */
  retention?: Partial<Retention>;
  /** Task logs: the last `maxLines` lines (default 100) of at most `maxLineBytes` (default 4096) each. */
  logs?: { maxLines?: number; maxLineBytes?: number };
}

export { DEFAULT_RETENTION } from './registry';

/** Default cap on a stored result: 512 kB of JSON. */
export const DEFAULT_MAX_RESULT_BYTES = 524_288;

/** How long waitFor (and enqueueAndWait) waits. */
export interface WaitOptions {
  /** Give up with WaitTimeoutError after this many ms. Default 30 000. */
  timeoutMs?: number;
}

/**
 * enqueueAndWait's options: the enqueue options, where `timeoutMs` is the wait's (as for waitFor),
 * so the task's own per-attempt deadline is `taskTimeoutMs` here.
 */
export type EnqueueAndWaitOptions = Omit<EnqueueOptions, 'timeoutMs'> &
  WaitOptions & {
    /** Each attempt's deadline (EnqueueOptions.timeoutMs of the task). */
    taskTimeoutMs?: number;
  };

/** Which tasks cancelMany cancels: one state, optionally only the older ones. */
export interface CancelManyOptions {
  state: 'waiting' | 'delayed' | 'active';
  /** Only tasks that entered the state at least this long ago. */
  olderThanMs?: number;
}

/** Options of one task given to `enqueue` / `enqueueBulk`. */
export interface EnqueueOptions {
  /**
   * Idempotency key: enqueueing an existing id is a no-op that returns it, on any partition
   * count, because an id alone picks its partition (its `{…}` hash tag when it has one, as with
   * Redis Cluster keys). 1-256 characters of well-formed Unicode. Default: generated.
   */
  id?: string;
  /** Run no earlier than this many ms from now (by the Redis server's clock). */
  delayMs?: number;
  /** 0..1000, higher first. Default 0. */
  priority?: number;
  maxAttempts?: number;
  backoff?: Backoff;
  /**
   * Ordering key: tasks without an id that share a key go to one partition and keep their order
   * (within a priority). A task with an id is routed by its id, so a key given with an id must be
   * the id's hash tag: `{ id: '{customer-7}order-42', key: 'customer-7' }`; any other key is
   * refused, since it would put one id on two partitions (two tasks).
   */
  key?: string;
  /** Overrides the queue's durability for this call. `false` turns it off. */
  durable?: Durability | false;
  /** Per-attempt deadline in ms (> 0); overrides the queue's defaultTimeoutMs. */
  timeoutMs?: number;
  /** Fail the task with reason `expired` if it has not started this many ms from now (server clock). */
  expiresInMs?: number;
}

/** What `enqueue` returns for a task. */
export interface EnqueueResult {
  id: string;
  /** False when the id existed already (idempotent enqueue). */
  created: boolean;
  partition: number;
}

/** One partition: its index, hash tag and keys. */
export interface Partition {
  index: number;
  keys: PartitionKeys;
}

/** The counts summed over partitions. */
const SUMMED = [
  'waiting',
  'delayed',
  'active',
  'completed',
  'failed',
  'cancelled',
  'completedTotal',
  'failedTotal',
  'cancelledTotal',
  'timedOutTotal',
  'expiredTotal',
  'retentionRemovedTotal',
  'lateResultsTotal',
  'stalledTotal',
] as const;

const ENQUEUE_CHUNK = 500;
/** Tasks per script call of the lifecycle sweeps (retention, expiry, cancelMany): keeps each call short. */
const BATCH = 100;
/** A wait's timeout when the caller gives none. */
const DEFAULT_WAIT_MS = 60_000;
const FINAL_STATES = new Set<TaskState>(['completed', 'failed', 'cancelled']);
/**
 * Single enqueues coalesced per script call. Small enough that several calls are in flight at
 * once, so Node encodes the next batch while Redis runs this one.
 */
const COALESCE_CHUNK = 25;

/** One single enqueue waiting for the end of the tick, to go out with the others. */
interface PendingEnqueue {
  args: RedisArg[];
  /** ms from the server's clock, 0 = none (sent only when set: see enqueue-6.lua). */
  expires: number;
  result: EnqueueResult;
  resolve: (r: EnqueueResult) => void;
  reject: (e: unknown) => void;
}

/**
 * A queue, spread over one or more partitions. Every state change is one Lua script on one
 * partition's keys, so the same code runs on a single Redis and on a cluster.
 */
export class Queue {
  readonly partitions: Partition[];
  /**
   * The typed script calls: the only code that builds KEYS and reads script replies.
   * @internal for the worker and the admin tools; not part of the public API.
   */
  readonly scripts: QueueScripts;
  private rr = 0;
  /** Every waitFor of this queue, on one shared poller. @internal */
  readonly waiters = new TaskWaiters(this);
  private readonly coalescer = new TickBatcher<Partition, PendingEnqueue>(
    (p, list) => this.flushPending(p, list),
    'tick',
  );

  private constructor(
    readonly handle: RedisHandle,
    readonly definition: QueueDefinition,
    readonly options: QueueOptions,
  ) {
    this.partitions = definition.tags.map((tag, index) => ({ index, keys: partitionKeys(tag) }));
    this.scripts = new QueueScripts(handle, loadQueueScripts(options.scriptsDir));
  }

  /** Opens (and on first use registers) a queue. */
  static async open(handle: RedisHandle, name: string, options: QueueOptions = {}): Promise<Queue> {
    loadQueueScripts(options.scriptsDir);
    validateQueueOptions(options);
    if (options.durable) validateDurability(options.durable);
    const def = await resolveQueue(handle, name, options.partitions, !options.mustExist, options.retention);
    return new Queue(handle, def, options);
  }

  get name(): string {
    return this.definition.name;
  }

  /** The queue's retention, as stored in its registry definition (or the defaults). */
  get retention(): Retention {
    return this.definition.retention ?? DEFAULT_RETENTION;
  }

  /**
   * Resolves with the task once it is completed, failed or cancelled. Lossless: it returns for a
   * task that finished before the call, and across reconnects and failovers, because it reads the
   * task's record (see TaskWaiters); all waits of a Queue share one poller and no connection of
   * their own. Unknown id → TaskNotFoundError at once; no end within `timeoutMs` (default 60 s)
   * → WaitTimeoutError.
   */
  async waitFor(id: string, o: WaitOptions = {}): Promise<Task> {
    assertTaskId(id);
    const timeoutMs = o.timeoutMs ?? DEFAULT_WAIT_MS;
    validateTimeout(timeoutMs, 'timeoutMs of the wait');
    const t = await this.get(id);
    if (!t) throw new TaskNotFoundError(id, this.name);
    if (FINAL_STATES.has(t.state)) return t;
    return this.waiters.wait(id, this.partitions[t.partition]!, timeoutMs);
  }

  /**
   * Enqueues a task and resolves with its result once it completed; rejects with TaskFailedError
   * (failed or cancelled) or WaitTimeoutError (`timeoutMs` counts from the call; default 60 s).
   */
  async enqueueAndWait(payload: unknown, o: EnqueueAndWaitOptions = {}): Promise<unknown> {
    const { timeoutMs = DEFAULT_WAIT_MS, taskTimeoutMs, ...rest } = o;
    validateTimeout(timeoutMs, 'timeoutMs of the wait');
    const enqueueOptions: EnqueueOptions = taskTimeoutMs === undefined ? rest : { ...rest, timeoutMs: taskTimeoutMs };
    const t0 = Date.now();
    const { id, partition } = await this.enqueue(payload, enqueueOptions);
    const left = Math.max(1, timeoutMs - (Date.now() - t0));
    const existing = await this.getOn(this.partitions[partition]!, id);
    if (!existing) throw new TaskNotFoundError(id, this.name, 'it was removed right after it was enqueued');
    const task = FINAL_STATES.has(existing.state)
      ? existing
      : await this.waiters.wait(id, this.partitions[partition]!, left);
    if (task.state !== 'completed') throw new TaskFailedError(task);
    return task.result;
  }

  /** A slice of a task's kept log (`start`/`end` inclusive, negative from the end, as LRANGE). */
  async getLogs(id: string, o: { start?: number; end?: number } = {}): Promise<TaskLogPage> {
    assertTaskId(id);
    const start = o.start ?? 0;
    const end = o.end ?? -1;
    for (const [name, v] of [
      ['start', start],
      ['end', end],
    ] as const) {
      if (!Number.isInteger(v)) throw new QueueArgumentError(`getLogs ${name}=${String(v)}: expected a whole number`);
    }
    const t = await this.get(id);
    if (!t) throw new TaskNotFoundError(id, this.name);
    const key = logKey(this.partitions[t.partition]!.keys, id);
    const [lines, total] = await Promise.all([
      this.handle.call('LRANGE', key, start, end) as Promise<string[]>,
      this.handle.call('LLEN', key) as Promise<number>,
    ]);
    const n = Number(total);
    return { lines, start: start < 0 ? Math.max(0, n + start) : start, total: n };
  }

  /**
   * Cancels a task: waiting/delayed ones never run; an active one has its signal aborted on its
   * worker (within about a second) and ends cancelled, not retried. A finished task is left
   * alone and its state returned. Unknown id → TaskNotFoundError.
   */
  async cancel(id: string): Promise<{ id: string; state: TaskState }> {
    assertTaskId(id);
    const t = await this.get(id);
    if (!t) throw new TaskNotFoundError(id, this.name);
    const p = this.partitions[t.partition]!;
    const index = await retry(TRANSIENT_RETRY, () => this.scripts.cancel(p, id));
    if (index === null) throw new TaskNotFoundError(id, this.name);
    return { id, state: index === 0 ? t.state : TASK_STATES[index - 1]! };
  }

  /**
   * Cancels every task of a state (created at least `olderThanMs` ago when given), 100 per
   * script call. Active tasks are marked; their workers end them. Returns how many.
   */
  async cancelMany(o: CancelManyOptions, onProgress?: (done: number) => void): Promise<{ cancelled: number }> {
    if (!['waiting', 'delayed', 'active'].includes(o.state))
      throw new QueueArgumentError(`cancelMany state=${String(o.state)}: expected waiting, delayed or active`);
    if (o.olderThanMs !== undefined && (!Number.isInteger(o.olderThanMs) || o.olderThanMs < 0))
      throw new QueueArgumentError(
        `cancelMany olderThanMs=${String(o.olderThanMs)}: expected a whole number of ms >= 0`,
      );
    let total = 0;
    for (const p of this.partitions) {
      let skip = 0;
      for (;;) {
        const { handled, scanned } = await retry(TRANSIENT_RETRY, () =>
          this.scripts.cancelState(p, o.state, { olderThanMs: o.olderThanMs ?? -1, batch: BATCH, skip }),
        );
        total += handled;
        onProgress?.(total);
        // Cancelled waiting/delayed tasks leave the set; what stays (too young, active) is skipped.
        skip += o.state === 'active' ? scanned : scanned - handled;
        if (scanned < BATCH) break;
      }
    }
    return { cancelled: total };
  }

  /**
   * Applies the queue's retention (as stored in the registry now) over every partition, 100
   * tasks per script call, until nothing is left to remove; how many were removed.
   */
  async applyRetention(o: { maxBatches?: number } = {}): Promise<{ removed: number }> {
    await this.refreshDefinition();
    let removed = 0;
    for (const p of this.partitions) removed += await this.retainPartition(p, o.maxBatches ?? Infinity);
    return { removed };
  }

  /** Up to `maxBatches` retention batches on one partition; how many tasks they removed. */
  async retainPartition(p: Partition, maxBatches: number): Promise<number> {
    let removed = 0;
    for (let b = 0; b < maxBatches; b++) {
      const n = await this.scripts.retain(p, this.retention, BATCH);
      removed += n;
      if (n < BATCH) break;
    }
    return removed;
  }

  /** Up to `maxBatches` expiry batches on one partition (tasks nobody reserved in time). */
  async expirePartition(p: Partition, maxBatches: number): Promise<number> {
    let n = 0;
    for (let b = 0; b < maxBatches; b++) {
      const k = await this.scripts.expire(p, BATCH);
      n += k;
      if (k < BATCH) break;
    }
    return n;
  }

  /** Re-reads the queue's definition (retention may have been changed by another process). */
  async refreshDefinition(): Promise<void> {
    const raw = (await this.handle.call('HGET', REGISTRY_KEY, this.name)) as string | null;
    if (!raw) return;
    try {
      const d = JSON.parse(raw) as QueueDefinition;
      if (d.retention) this.definition.retention = d.retention;
    } catch {
      /* resolveQueue reports unreadable entries; keep what we have */
    }
  }

  /** One task from one partition; null when that partition does not hold it. */
  async getOn(p: Partition, id: string): Promise<Task | null> {
    const r = await this.scripts.get(p, id);
    return r
      ? toTask({
          raw: r.raw,
          id,
          queue: this.name,
          partition: p.index,
          state: r.stateIndex === 0 ? 'failed' : r.stateIndex,
          score: r.score,
        })
      : null;
  }

  /**
   * The partition a task goes to: by its id when it has one (so one id is always one partition),
   * else by its key, else round-robin.
   */
  route(o: { key?: string; id?: string }): Partition {
    const n = this.partitions.length;
    const k = o.id !== undefined ? routingPart(o.id) : o.key;
    const i = k !== undefined ? hashString(k) % n : this.rr++ % n;
    return this.partitions[i]!;
  }

  /**
   * Adds one task. Calls made in the same tick (many callers, each awaiting its own enqueue) go
   * to Redis together, one script call per partition, so a busy producer costs one round trip per
   * batch instead of one per task. Each caller still gets its own result or error.
   */
  async enqueue(payload: unknown, o: EnqueueOptions = {}): Promise<EnqueueResult> {
    if (o.durable !== undefined || this.options.durable) {
      const [r] = await this.enqueueBulk([{ payload, ...o }], o.durable);
      return r!;
    }
    const { part, args, expires, result } = this.prepare({ payload, ...o }, Date.now());
    return new Promise<EnqueueResult>((resolve, reject) =>
      this.coalescer.add(part, { args, expires, result, resolve, reject }),
    );
  }

  private flushPending(part: Partition, list: PendingEnqueue[]): void {
    for (let c = 0; c < list.length; c += COALESCE_CHUNK) {
      const chunk = list.slice(c, c + COALESCE_CHUNK);
      const args: RedisArg[] = [];
      const expiries: RedisArg[] = [];
      chunk.forEach((x, j) => {
        args.push(...x.args);
        if (x.expires > 0) expiries.push(j + 1, x.expires);
      });
      // Idempotent by id, like enqueueBulk: a batch interrupted by a failover is sent again.
      retry(TRANSIENT_RETRY, (a) =>
        this.scripts.enqueue(part, args, expiries, { resend: a.mayHaveRun, what: `enqueue on ${this.name}` }),
      ).then(
        ({ result: created }) =>
          chunk.forEach((x, j) => {
            x.result.created = created[j] === true;
            x.resolve(x.result);
          }),
        (e: unknown) => chunk.forEach((x) => x.reject(e)),
      );
    }
  }

  /** Validates one task and builds its script arguments. */
  private prepare(
    item: EnqueueOptions & { payload: unknown },
    now: number,
  ): { part: Partition; args: RedisArg[]; expires: number; result: EnqueueResult } {
    const id = item.id ?? generateTaskId();
    validateEnqueue(id, item);
    const part = this.route({ key: item.key, id: item.id });
    const rec = newRecord({
      id,
      payload: item.payload,
      maxAttempts: item.maxAttempts ?? this.options.defaultMaxAttempts ?? 3,
      backoff: item.backoff ?? this.options.defaultBackoff ?? { type: 'exponential', delayMs: 1000, jitter: 0.2 },
      priority: item.priority ?? 0,
      now,
      timeoutMs: item.timeoutMs,
    });
    return {
      part,
      args: [id, JSON.stringify(rec), item.delayMs ?? 0, item.priority ?? 0],
      expires: item.expiresInMs ?? 0,
      result: { id, created: false, partition: part.index },
    };
  }

  /**
   * Adds many tasks, grouped per partition into chunks of 500 per script call. With durability,
   * a replica shortfall rejects with DurabilityError once every task is stored.
   */
  async enqueueBulk(
    items: Array<EnqueueOptions & { payload: unknown }>,
    durableOverride?: Durability | false,
  ): Promise<EnqueueResult[]> {
    const now = Date.now();
    const results: EnqueueResult[] = new Array(items.length);
    const groups = new Map<Partition, Array<{ i: number; args: RedisArg[]; expires: number }>>();
    items.forEach((item, i) => {
      const { part, args, expires, result } = this.prepare(item, now);
      results[i] = result;
      const g = groups.get(part) ?? [];
      g.push({ i, args, expires });
      groups.set(part, g);
    });
    const override = durableOverride !== undefined ? durableOverride : items[0]?.durable;
    const durable = override === false ? undefined : (override ?? this.options.durable);
    const calls: Array<Promise<void>> = [];
    for (const [part, group] of groups) {
      for (let c = 0; c < group.length; c += ENQUEUE_CHUNK) {
        const chunk = group.slice(c, c + ENQUEUE_CHUNK);
        const what = `enqueue of ${chunk.length === 1 ? `task ${results[chunk[0]!.i]!.id}` : `${chunk.length} tasks`} on ${this.name} partition ${part.index}`;
        const args = chunk.flatMap((x) => x.args);
        const expiries: RedisArg[] = [];
        chunk.forEach((x, j) => {
          if (x.expires > 0) expiries.push(j + 1, x.expires);
        });
        // Enqueue is idempotent (HSETNX by id), so a write interrupted by a failover is retried.
        calls.push(
          retry(TRANSIENT_RETRY, (a) =>
            this.scripts.enqueue(part, args, expiries, { resend: a.mayHaveRun, durable, what }),
          ).then(({ result: created, shortfall }) => {
            chunk.forEach((x, j) => (results[x.i]!.created = created[j] === true));
            // The tasks are stored; the caller still learns that they may not be replicated.
            if (shortfall) throw shortfall;
          }),
        );
      }
    }
    await Promise.all(calls);
    return results;
  }

  /** Counts per state, summed over partitions. O(1) per partition. */
  async counts(): Promise<QueueCounts> {
    const per = await Promise.all(this.partitions.map((p) => this.partitionCounts(p)));
    const sum: QueueCounts = {
      waiting: 0,
      delayed: 0,
      active: 0,
      completed: 0,
      failed: 0,
      cancelled: 0,
      paused: false,
      completedTotal: 0,
      failedTotal: 0,
      cancelledTotal: 0,
      timedOutTotal: 0,
      expiredTotal: 0,
      retentionRemovedTotal: 0,
      lateResultsTotal: 0,
      stalledTotal: 0,
    };
    for (const c of per) {
      for (const k of SUMMED) sum[k] += c[k] ?? 0;
      sum.paused ||= c.paused;
    }
    return sum;
  }

  /** Counts of one partition. */
  async partitionCounts(p: Partition): Promise<QueueCounts> {
    let r: number[];
    try {
      r = await this.scripts.counts(p);
    } catch (e) {
      throw malformed(e, this.name, p.index);
    }
    return {
      waiting: r[0]!,
      delayed: r[1]!,
      active: r[2]!,
      completed: r[3]!,
      failed: r[4]!,
      cancelled: r[5]!,
      paused: r[6] === 1,
      completedTotal: r[7]!,
      failedTotal: r[8]!,
      cancelledTotal: r[9]!,
      timedOutTotal: r[10]!,
      expiredTotal: r[11]!,
      retentionRemovedTotal: r[12]!,
      lateResultsTotal: r[13]!,
      stalledTotal: r[14] ?? 0,
    };
  }

  /** One task by id, from the partition its id routes to; null when unknown. */
  async get(id: string): Promise<Task | null> {
    assertTaskId(id);
    // Every partition, not just the id's own: tasks written before ids routed alone may sit elsewhere.
    const found = await Promise.all(this.partitions.map((p) => this.getOn(p, id)));
    const own = this.route({ id }).index;
    return found.find((t) => t !== null && t.partition === own) ?? found.find((t) => t !== null) ?? null;
  }

  /** Turns a WRONGTYPE failure on a partition into a MalformedDataError naming the bad keys. */
  explainFailure(e: unknown, p: Partition): Promise<Error> {
    return explainFailure(this.handle, this.name, p, e);
  }

  /** Pauses every partition: workers stop taking tasks; enqueue goes on. */
  async pause(): Promise<void> {
    await Promise.all(this.partitions.map((p) => this.scripts.setPaused(p, true)));
  }

  /** Resumes every partition: workers take tasks again. */
  async resume(): Promise<void> {
    await Promise.all(this.partitions.map((p) => this.scripts.setPaused(p, false)));
  }
}

import type { Span } from '@opentelemetry/api';
import type { ScheduleInfo, ScheduleOptions, ScheduleSpec, ScheduleTemplate } from '../../shared/types/schedule';
import type { Backoff, QueueCounts, Retention, Task, TaskLogPage, TaskState } from '../../shared/types/queue';
import type { Dedupe } from '../../shared/types/schedule';
import type { HistoryRange, QueueHistory } from '../../shared/types/history';
import { retry } from '../lib/retry';
import { TickBatcher } from '../lib/tick-batcher';
import { TRANSIENT_RETRY } from '../redis/connection-error';
import type { RedisArg, RedisHandle } from '../redis/handle';
import { TASK_STATES } from '../../shared/types/queue';
import type { LimitStatus, RateLimit } from '../../shared/types/schedule';
import { Limiter, validateConcurrency, validateRateLimit } from './limiter';
import { QueueArgumentError, TaskFailedError, TaskNotFoundError } from './errors';
import { logKey, partitionKeys, REGISTRY_KEY, type PartitionKeys } from './keys';
import { TaskWaiters } from './task-waiters';
import { explainFailure } from './malformed-data';
import { countsByPartition, partitionCounts } from './partition-counts';
import { QueueScripts, type Durability } from './queue-scripts';
import { DEFAULT_RETENTION, resolveQueue, type QueueDefinition } from './registry';
import { generateTaskId, hashString, routingPart } from './routing';
import { Schedules } from './schedules';
import { cleanupRetired, rebalanceQueue, type RebalanceResult } from './generations';
import { loadQueueScripts } from './scripts';
import { newRecord, toTask } from './task-record';
import { QueueTelemetry } from './telemetry';
import { readHistory } from './history/queue-history';
import { assertTaskId, validateDurability, validateEnqueue, validateQueueOptions, validateTimeout } from './validate';

export type { Durability } from './queue-scripts';
export type { RebalanceResult } from './generations';
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
  /**
   * Deduplication: while another task holds `dedupe.id`, this enqueue stores nothing and returns
   * that task's id with `deduplicated: true`. Without `ttlMs` a task holds its dedupe id until it
   * finishes (completed, failed or cancelled); with `ttlMs`, for that many ms from its enqueue,
   * whatever its state. The check is atomic with the insert: a task without a routing key or id
   * goes to the partition its dedupe id hashes to, where its dedupe key lives. With `key` or `id`
   * the task is routed by them and its dedupe key is kept in that partition, so one dedupe id
   * used with different keys is checked per partition. Dedupe id: 1-512 characters of
   * well-formed Unicode; `ttlMs`: a whole number of ms from 1 to 10 years.
   */
  dedupe?: Dedupe;
}

/** What `enqueue` returns for a task. */
export interface EnqueueResult {
  /** The task's id; when deduplicated, the id of the task that holds the dedupe id. */
  id: string;
  /** False when the id existed already (idempotent enqueue) or the enqueue was deduplicated. */
  created: boolean;
  partition: number;
  /** True when nothing was stored because another task holds the dedupe id (`id` names it). */
  deduplicated?: boolean;
}

/** One partition: its index (within its generation), hash tag and keys. */
export interface Partition {
  index: number;
  keys: PartitionKeys;
  /** The generation it belongs to (issue 15); 0 for a queue never rebalanced. */
  generation?: number;
}

/** A retired generation's partitions, as a Queue holds them while they drain. */
export interface RetiredPartitions {
  generation: number;
  retiredAt: number;
  parts: Partition[];
}

/**
 * A definition older than this is re-read before an enqueue is routed (a fresher one is re-read in
 * the background after DEFINITION_REFRESH_MS), so no producer writes to a generation retired more
 * than RETIRE_GRACE_MS (generations.ts) ago.
 */
const DEFINITION_STALE_MS = 2_000;
const DEFINITION_REFRESH_MS = 1_000;

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

/** A task's expiry and dedupe options, undefined when it has neither (then it adds no argument). */
type Extra = { expires?: number; dedupe?: Dedupe } | undefined;

/** Appends a task's trailing enqueue arguments (enqueue-9.lua): (pos, ms) and (-pos, id, ttl). */
function pushExtra(out: RedisArg[], pos: number, x: NonNullable<Extra>): void {
  if (x.expires !== undefined) out.push(pos, x.expires);
  if (x.dedupe) out.push(-pos, x.dedupe.id, x.dedupe.ttlMs ?? 0);
}

/** Writes the script's answer for one task into its result. */
function settle(r: EnqueueResult, answer: boolean | string | undefined): void {
  if (typeof answer === 'string') {
    r.id = answer;
    r.created = false;
    r.deduplicated = true;
  } else r.created = answer === true;
}

/** One single enqueue waiting for the end of the tick, to go out with the others. */
interface PendingEnqueue {
  args: RedisArg[];
  /** Trailing expiry / dedupe arguments of this task, empty when it has neither (enqueue-9.lua). */
  extra: Extra;
  result: EnqueueResult;
  /** Its producer span, when an SDK traces. */
  span?: Span;
  resolve: (r: EnqueueResult) => void;
  reject: (e: unknown) => void;
}

/**
 * A queue, spread over one or more partitions. Every state change is one Lua script on one
 * partition's keys, so the same code runs on a single Redis and on a cluster.
 */
export class Queue {
  /** The newest generation's partitions: where tasks are enqueued. */
  partitions: Partition[];
  /** Retired generations still being drained (see rebalance). */
  retired: RetiredPartitions[] = [];
  private readonly byTag = new Map<string, Partition>();
  private refreshedAt = Date.now();
  private refreshing: Promise<void> | null = null;
  /**
   * The typed script calls: the only code that builds KEYS and reads script replies.
   * @internal for the worker and the admin tools; not part of the public API.
   */
  readonly scripts: QueueScripts;
  /** The queue-wide limiter (rate, hold, concurrency cap). @internal for the worker. */
  readonly limiter: Limiter;
  private rr = 0;
  /** Schedule storage and fires (schedules.ts). @internal for the worker's poller. */
  readonly schedules: Schedules = new Schedules(this);
  /** Every waitFor of this queue, on one shared poller. @internal */
  readonly waiters = new TaskWaiters(this);
  /** Spans and metrics, when the application registered an OpenTelemetry SDK. @internal */
  readonly telemetry: QueueTelemetry;
  private readonly coalescer = new TickBatcher<Partition, PendingEnqueue>(
    (p, list) => this.flushPending(p, list),
    'tick',
  );

  private constructor(
    readonly handle: RedisHandle,
    readonly definition: QueueDefinition,
    readonly options: QueueOptions,
  ) {
    this.partitions = [];
    this.adoptGenerations(definition);
    const set = loadQueueScripts(options.scriptsDir);
    this.scripts = new QueueScripts(handle, set);
    this.limiter = new Limiter(handle, definition.name, set);
    this.telemetry = new QueueTelemetry(definition.name);
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
   * The queue's history over the last hour (default), day or week, by the Redis server's clock:
   * per point, tasks completed, failed for good and attempts retried, wait and run latency p50 and
   * p95, and the waiting depth and head-of-queue age sampled once a minute. Kept in Redis by the
   * scripts that complete and fail tasks (so whether or not a console runs) for 7 days: about
   * 0.5 MB per busy partition, 3 MB at most (history-layout.ts has the design and the measured
   * figures). A range other than `1h`, `24h` or `7d` is a QueueArgumentError.
   */
  history(options: { range?: HistoryRange } = {}): Promise<QueueHistory> {
    return readHistory(this, options.range);
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
    const at = await this.locate(id);
    if (!at) throw new TaskNotFoundError(id, this.name);
    if (FINAL_STATES.has(at.task.state)) return at.task;
    return this.waiters.wait(id, at.part, timeoutMs);
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
    const { id } = await this.enqueue(payload, enqueueOptions);
    const left = Math.max(1, timeoutMs - (Date.now() - t0));
    const at = await this.locate(id);
    if (!at) throw new TaskNotFoundError(id, this.name, 'it was removed right after it was enqueued');
    const task = FINAL_STATES.has(at.task.state) ? at.task : await this.waiters.wait(id, at.part, left);
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
    const at = await this.locate(id);
    if (!at) throw new TaskNotFoundError(id, this.name);
    const key = logKey(at.part.keys, id);
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
    const at = await this.locate(id);
    if (!at) throw new TaskNotFoundError(id, this.name);
    const { task: t, part: p } = at;
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
    for (const p of this.allPartitions) {
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
    for (const p of this.allPartitions) removed += await this.retainPartition(p, o.maxBatches ?? Infinity);
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
      this.adoptLimits(d);
      if (Array.isArray(d.tags) && d.tags.length === d.partitions) this.adoptGenerations(d);
    } catch {
      /* resolveQueue reports unreadable entries; keep what we have */
    }
    this.refreshedAt = Date.now();
  }

  /** Takes the generation, tags and retired generations of a definition read from the registry. */
  adoptGenerations(d: QueueDefinition): void {
    const part = (tag: string, index: number, generation: number): Partition => {
      const known = this.byTag.get(tag);
      if (known) return known;
      const p: Partition = { index, keys: partitionKeys(tag), generation };
      this.byTag.set(tag, p);
      return p;
    };
    const gen = d.generation ?? 0;
    this.partitions = d.tags.map((tag, i) => part(tag, i, gen));
    this.retired = (d.retired ?? []).map((r) => ({
      generation: r.generation,
      retiredAt: r.retiredAt,
      parts: r.tags.map((tag, i) => part(tag, i, r.generation)),
    }));
    const live = new Set(this.allPartitions.map((p) => p.keys.tag));
    for (const tag of [...this.byTag.keys()]) if (!live.has(tag)) this.byTag.delete(tag);
    this.definition.tags = d.tags;
    this.definition.partitions = d.partitions;
    if (d.generation !== undefined) this.definition.generation = d.generation;
    if (d.retired) this.definition.retired = d.retired;
    else delete this.definition.retired;
  }

  /** The newest generation's partitions, then every retired one's (what workers drain). */
  get allPartitions(): Partition[] {
    return [...this.partitions, ...this.retired.flatMap((r) => r.parts)];
  }

  /** Whether `p` is still one of the queue's partitions (a drained retired one is not). */
  hasPartition(p: Partition): boolean {
    return this.byTag.get(p.keys.tag) === p;
  }

  /** Re-reads the definition when it may be stale, so enqueues follow a rebalance within ~1 s. */
  private async ensureFresh(): Promise<void> {
    const age = Date.now() - this.refreshedAt;
    if (age < DEFINITION_REFRESH_MS) return;
    this.refreshing ??= this.refreshDefinition()
      .catch(() => undefined)
      .finally(() => (this.refreshing = null));
    if (age >= DEFINITION_STALE_MS) await this.refreshing;
  }

  /**
   * While retired generations exist, the retired partition holding task `id`, if any: an explicit
   * id must stay unique across generations. One HEXISTS per retired generation, only for enqueues
   * with an id while a rebalance drains.
   */
  private async retiredHolder(id: string): Promise<Partition | null> {
    for (const r of this.retired) {
      const p = r.parts[hashString(routingPart(id)) % r.parts.length]!;
      if (Number(await this.handle.call('HEXISTS', p.keys.data, id)) === 1) return p;
    }
    return null;
  }

  /**
   * Re-spreads the queue over the masters of now (see generations.ts): a new generation of
   * `partitions` partitions (default: as many as now) takes new tasks; workers drain the retired
   * generation, whose keys are then removed. Schedules move to the new generation. A queue that
   * does not exist or partitions outside 1..1024 → QueueArgumentError, nothing changed.
   */
  rebalance(o: { partitions?: number } = {}): Promise<RebalanceResult> {
    return rebalanceQueue(this, o);
  }

  /**
   * Removes the keys of retired generations that are drained (nothing waiting, delayed or active,
   * retired more than 5 s ago) and drops them from the definition. Idempotent; workers call it.
   */
  cleanupRetired(): Promise<number[]> {
    return cleanupRetired(this);
  }

  private adoptLimits(d: QueueDefinition): void {
    if (d.rateLimit) this.definition.rateLimit = d.rateLimit;
    else delete this.definition.rateLimit;
    if (d.concurrency) this.definition.concurrency = d.concurrency;
    else delete this.definition.concurrency;
  }

  /** The queue-wide rate limit stored in its definition, null when none. */
  get rateLimit(): RateLimit | null {
    return this.definition.rateLimit ?? null;
  }

  /** The queue-wide concurrency cap stored in its definition, null when none. */
  get concurrency(): number | null {
    return this.definition.concurrency ?? null;
  }

  /**
   * Sets the queue-wide rate limit (at most `max` starts in any `perMs` window, across every
   * worker and partition) or removes it with null. Stored in the queue's definition, so workers
   * started later obey it, and running workers pick a change up within about a second. Bad values
   * throw QueueArgumentError naming the value; nothing is stored.
   */
  async setRateLimit(limit: RateLimit | null): Promise<RateLimit | null> {
    const v = validateRateLimit(this.name, limit);
    const raw = await this.limiter.setDefinitionField('rateLimit', v ?? undefined);
    this.adoptLimits(JSON.parse(raw) as QueueDefinition);
    return this.rateLimit;
  }

  /**
   * Sets the queue-wide cap on active tasks (across every worker and partition), or removes it
   * with null. Stored like {@link setRateLimit}; bad values throw QueueArgumentError.
   */
  async setConcurrency(n: number | null): Promise<number | null> {
    const v = validateConcurrency(this.name, n);
    const raw = await this.limiter.setDefinitionField('concurrency', v ?? undefined);
    this.adoptLimits(JSON.parse(raw) as QueueDefinition);
    return this.concurrency;
  }

  /**
   * The queue's limits and whether they hold tasks back now: starts in the current rate window,
   * tasks held against the cap, a 429 hold, and the waiting count. Re-reads the definition first.
   */
  async limitStatus(): Promise<LimitStatus> {
    await this.refreshDefinition();
    const rate = this.rateLimit;
    const cap = this.concurrency;
    const [s, counts] = await Promise.all([this.limiter.status(rate?.perMs ?? 0), this.counts()]);
    const limited =
      counts.waiting > 0 &&
      (s.holdMs > 0 || (rate !== null && s.startedInWindow >= rate.max) || (cap !== null && s.active >= cap));
    return {
      queue: this.name,
      rateLimit: rate,
      concurrency: cap,
      startedInWindow: s.startedInWindow,
      active: s.active,
      ...(s.holdMs > 0 ? { heldUntil: s.now + s.holdMs } : {}),
      waiting: counts.waiting,
      limited,
      rateLimitedWaitsTotal: s.rateLimitedWaitsTotal,
      concurrencyCappedWaitsTotal: s.concurrencyCappedWaitsTotal,
    };
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
    await this.ensureFresh();
    if (o.id !== undefined && this.retired.length > 0) {
      assertTaskId(o.id);
      const held = await this.retiredHolder(o.id);
      if (held) return { id: o.id, created: false, partition: held.index };
    }
    if (o.durable !== undefined || this.options.durable) {
      const [r] = await this.enqueueBulk([{ payload, ...o }], o.durable);
      return r!;
    }
    const { part, args, extra, result, span } = this.prepare({ payload, ...o }, Date.now());
    return new Promise<EnqueueResult>((resolve, reject) =>
      this.coalescer.add(part, { args, extra, result, span, resolve, reject }),
    );
  }

  private flushPending(part: Partition, list: PendingEnqueue[]): void {
    for (let c = 0; c < list.length; c += COALESCE_CHUNK) {
      const chunk = list.slice(c, c + COALESCE_CHUNK);
      const args: RedisArg[] = [];
      const extras: RedisArg[] = [];
      chunk.forEach((x, j) => {
        args.push(...x.args);
        if (x.extra) pushExtra(extras, j + 1, x.extra);
      });
      // Idempotent by id, like enqueueBulk: a batch interrupted by a failover is sent again.
      retry(TRANSIENT_RETRY, (a) =>
        this.scripts.enqueue(part, args, extras, { resend: a.mayHaveRun, what: `enqueue on ${this.name}` }),
      ).then(
        ({ result: created }) => {
          chunk.forEach((x, j) => {
            settle(x.result, created[j]);
            if (x.span) this.telemetry.endEnqueue(x.span, x.result);
            x.resolve(x.result);
          });
          this.telemetry.countEnqueued(created);
        },
        (e: unknown) =>
          chunk.forEach((x) => {
            if (x.span) this.telemetry.endEnqueue(x.span, x.result, e);
            x.reject(e);
          }),
      );
    }
  }

  /** Validates one task and builds its script arguments (and its span, when an SDK traces). */
  private prepare(
    item: EnqueueOptions & { payload: unknown },
    now: number,
    batchSize?: number,
  ): { part: Partition; args: RedisArg[]; extra: Extra; result: EnqueueResult; span?: Span } {
    const id = item.id ?? generateTaskId();
    validateEnqueue(id, item);
    const part = this.route({ key: item.key ?? (item.id === undefined ? item.dedupe?.id : undefined), id: item.id });
    const traced = this.telemetry.startEnqueue(now, id, part.index, batchSize);
    const rec = newRecord({
      id,
      payload: item.payload,
      maxAttempts: item.maxAttempts ?? this.options.defaultMaxAttempts ?? 3,
      backoff: item.backoff ?? this.options.defaultBackoff ?? { type: 'exponential', delayMs: 1000, jitter: 0.2 },
      priority: item.priority ?? 0,
      now,
      timeoutMs: item.timeoutMs,
      tc: traced?.tc,
      delayMs: item.delayMs,
    });
    return {
      part,
      span: traced?.span,
      args: [id, JSON.stringify(rec), item.delayMs ?? 0, item.priority ?? 0],
      extra:
        item.expiresInMs === undefined && item.dedupe === undefined
          ? undefined
          : { expires: item.expiresInMs, dedupe: item.dedupe },
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
    await this.ensureFresh();
    const held = new Map<number, Partition>();
    if (this.retired.length > 0) {
      for (const [i, item] of items.entries()) {
        if (item.id === undefined) continue;
        assertTaskId(item.id);
        const p = await this.retiredHolder(item.id);
        if (p) held.set(i, p);
      }
    }
    const now = Date.now();
    const results: EnqueueResult[] = new Array(items.length);
    const groups = new Map<Partition, Array<{ i: number; args: RedisArg[]; extra: Extra; span?: Span }>>();
    items.forEach((item, i) => {
      const h = held.get(i);
      if (h) {
        results[i] = { id: item.id!, created: false, partition: h.index };
        return;
      }
      const { part, args, extra, result, span } = this.prepare(item, now, items.length);
      results[i] = result;
      const g = groups.get(part) ?? [];
      g.push({ i, args, extra, span });
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
        const extras: RedisArg[] = [];
        chunk.forEach((x, j) => {
          if (x.extra) pushExtra(extras, j + 1, x.extra);
        });
        // Enqueue is idempotent (HSETNX by id), so a write interrupted by a failover is retried.
        calls.push(
          retry(TRANSIENT_RETRY, (a) =>
            this.scripts.enqueue(part, args, extras, { resend: a.mayHaveRun, durable, what }),
          ).then(
            ({ result: created, shortfall }) => {
              chunk.forEach((x, j) => {
                settle(results[x.i]!, created[j]);
                if (x.span) this.telemetry.endEnqueue(x.span, results[x.i]!, shortfall);
              });
              this.telemetry.countEnqueued(created);
              // The tasks are stored; the caller still learns that they may not be replicated.
              if (shortfall) throw shortfall;
            },
            (e: unknown) => {
              for (const x of chunk) if (x.span) this.telemetry.endEnqueue(x.span, results[x.i]!, e);
              throw e;
            },
          ),
        );
      }
    }
    await Promise.all(calls);
    return results;
  }

  /** Counts per state, summed over partitions. O(1) per partition. */
  async counts(): Promise<QueueCounts> {
    return (await countsByPartition(this)).total;
  }

  /** Counts of one partition. */
  async partitionCounts(p: Partition): Promise<QueueCounts> {
    return (await partitionCounts(this, p)).counts;
  }

  /** One task by id, from the partition its id routes to; null when unknown. */
  async get(id: string): Promise<Task | null> {
    return (await this.locate(id))?.task ?? null;
  }

  /**
   * A task and the partition holding it, over every generation (the newest first, then the
   * retired ones a rebalance drains); null when unknown.
   */
  async locate(id: string): Promise<{ task: Task; part: Partition } | null> {
    assertTaskId(id);
    // Every partition, not just the id's own: tasks written before ids routed alone may sit elsewhere.
    const parts = this.allPartitions;
    const found = await Promise.all(parts.map((p) => this.getOn(p, id)));
    const own = this.route({ id });
    const i = found.findIndex((t, j) => t !== null && parts[j] === own);
    const j = i >= 0 ? i : found.findIndex((t) => t !== null);
    return j < 0 ? null : { task: found[j]!, part: parts[j]! };
  }

  /** Turns a WRONGTYPE failure on a partition into a MalformedDataError naming the bad keys. */
  explainFailure(e: unknown, p: Partition): Promise<Error> {
    return explainFailure(this.handle, this.name, p, e);
  }

  /** Pauses every partition: workers stop taking tasks; enqueue goes on. */
  async pause(): Promise<void> {
    await Promise.all(this.allPartitions.map((p) => this.scripts.setPaused(p, true)));
  }

  /** Resumes every partition: workers take tasks again. */
  async resume(): Promise<void> {
    await Promise.all(this.allPartitions.map((p) => this.scripts.setPaused(p, false)));
  }

  /**
   * Creates or replaces the schedule `id`: a task from `template` at every tick of `spec`
   * (`{ every: ms }` or `{ cron, tz? }`). Replacing with the same spec keeps the tick position, so
   * no tick fires twice; a new spec starts at its first tick after the server's now. `options`:
   * catchUp ('skip' default, or 'once') for ticks missed by more than graceMs (default 60 s).
   * Ticks fire while a Worker of this queue runs (see schedules.ts). Bad input →
   * ScheduleSpecError naming the value, nothing stored.
   */
  upsertSchedule(
    id: string,
    spec: ScheduleSpec,
    template: ScheduleTemplate,
    options?: ScheduleOptions,
  ): Promise<ScheduleInfo> {
    return this.schedules.upsert(id, spec, template, options);
  }

  /** Removes a schedule; unknown id → ScheduleNotFoundError. Tasks it enqueued stay. */
  removeSchedule(id: string): Promise<void> {
    return this.schedules.remove(id);
  }

  /** Every schedule of the queue with its next and last fire, last task, fires and skipped ticks. */
  listSchedules(): Promise<ScheduleInfo[]> {
    return this.schedules.list();
  }

  /** Stops a schedule's ticks until resumeSchedule; unknown id → ScheduleNotFoundError. */
  pauseSchedule(id: string): Promise<void> {
    return this.schedules.pause(id);
  }

  /** Resumes a paused schedule; ticks missed meanwhile follow its catch-up choice. */
  resumeSchedule(id: string): Promise<void> {
    return this.schedules.resume(id);
  }

  /** Enqueues one task of the schedule now, without moving its regular tick; the task id. */
  runScheduleNow(id: string): Promise<{ taskId: string }> {
    return this.schedules.runNow(id);
  }
}

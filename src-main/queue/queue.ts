import type { Backoff, QueueCounts, Retention, Task, TaskLogPage, TaskState } from '../../shared/types/queue';
import { retry } from '../lib/retry';
import { TickBatcher } from '../lib/tick-batcher';
import { TRANSIENT_RETRY } from '../redis/connection-error';
import type { RedisArg, RedisHandle } from '../redis/handle';
import { partitionKeys, type PartitionKeys } from './keys';
import { explainFailure, malformed } from './malformed-data';
import { QueueScripts, type Durability } from './queue-scripts';
import { resolveQueue, type QueueDefinition } from './registry';
import { generateTaskId, hashString, routingPart } from './routing';
import { loadQueueScripts } from './scripts';
import { newRecord, toTask } from './task-record';
import { assertTaskId, validateDurability, validateEnqueue } from './validate';

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

/** Retention when neither the queue's definition nor its options name one. */
export const DEFAULT_RETENTION: Retention = {
  completed: { maxCount: 10_000, maxAgeMs: 24 * 3_600_000 },
  failed: { maxCount: 100_000, maxAgeMs: 7 * 24 * 3_600_000 },
};

/** Default cap on a stored result: 512 kB of JSON. */
export const DEFAULT_MAX_RESULT_BYTES = 524_288;

export interface WaitOptions {
  /** Give up with WaitTimeoutError after this many ms. Default 30 000. */
  timeoutMs?: number;
}

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
] as const;

const ENQUEUE_CHUNK = 500;
/**
 * Single enqueues coalesced per script call. Small enough that several calls are in flight at
 * once, so Node encodes the next batch while Redis runs this one.
 */
const COALESCE_CHUNK = 25;

/** One single enqueue waiting for the end of the tick, to go out with the others. */
interface PendingEnqueue {
  args: RedisArg[];
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
  /** The typed script calls: the only code that builds KEYS and reads script replies. */
  readonly scripts: QueueScripts;
  private rr = 0;
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
    const def = await resolveQueue(handle, name, options.partitions, !options.mustExist);
    if (options.durable) validateDurability(options.durable);
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
   * task that finished before the call, and across reconnects and failovers. Unknown id →
   * TaskNotFoundError at once; no end within `timeoutMs` → WaitTimeoutError.
   */
  async waitFor(id: string, o: WaitOptions = {}): Promise<Task> {
    void id;
    void o;
    throw new Error('queue.waitFor: not implemented yet');
  }

  /**
   * Enqueues a task and resolves with its result once it completed; rejects with TaskFailedError
   * (failed or cancelled) or WaitTimeoutError.
   */
  async enqueueAndWait(payload: unknown, o: EnqueueOptions & WaitOptions = {}): Promise<unknown> {
    void payload;
    void o;
    throw new Error('queue.enqueueAndWait: not implemented yet');
  }

  /** A slice of a task's kept log (`start`/`end` inclusive, negative from the end, as LRANGE). */
  async getLogs(id: string, o: { start?: number; end?: number } = {}): Promise<TaskLogPage> {
    void id;
    void o;
    throw new Error('queue.getLogs: not implemented yet');
  }

  /**
   * Cancels a task: waiting/delayed ones never run; an active one has its signal aborted on its
   * worker and ends cancelled. A finished task is left alone. Unknown id → TaskNotFoundError.
   */
  async cancel(id: string): Promise<{ id: string; state: TaskState }> {
    void id;
    throw new Error('queue.cancel: not implemented yet');
  }

  /** Cancels every task of a state (older than `olderThanMs` when given), in bounded batches. */
  async cancelMany(o: CancelManyOptions): Promise<{ cancelled: number }> {
    void o;
    throw new Error('queue.cancelMany: not implemented yet');
  }

  /** Applies the queue's retention once over every partition, in bounded batches; how many removed. */
  async applyRetention(): Promise<{ removed: number }> {
    throw new Error('queue.applyRetention: not implemented yet');
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
    const { part, args, result } = this.prepare({ payload, ...o }, Date.now());
    return new Promise<EnqueueResult>((resolve, reject) => this.coalescer.add(part, { args, result, resolve, reject }));
  }

  private flushPending(part: Partition, list: PendingEnqueue[]): void {
    for (let c = 0; c < list.length; c += COALESCE_CHUNK) {
      const chunk = list.slice(c, c + COALESCE_CHUNK);
      const args: RedisArg[] = [];
      for (const x of chunk) args.push(...x.args);
      // Idempotent by id, like enqueueBulk: a batch interrupted by a failover is sent again.
      retry(TRANSIENT_RETRY, (a) =>
        this.scripts.enqueue(part, args, { resend: a.mayHaveRun, what: `enqueue on ${this.name}` }),
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
  ): { part: Partition; args: RedisArg[]; result: EnqueueResult } {
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
    });
    return {
      part,
      args: [id, JSON.stringify(rec), item.delayMs ?? 0, item.priority ?? 0],
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
    const groups = new Map<Partition, Array<{ i: number; args: RedisArg[] }>>();
    items.forEach((item, i) => {
      const { part, args, result } = this.prepare(item, now);
      results[i] = result;
      const g = groups.get(part) ?? [];
      g.push({ i, args });
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
        // Enqueue is idempotent (HSETNX by id), so a write interrupted by a failover is retried.
        calls.push(
          retry(TRANSIENT_RETRY, (a) => this.scripts.enqueue(part, args, { resend: a.mayHaveRun, durable, what })).then(
            ({ result: created, shortfall }) => {
              chunk.forEach((x, j) => (results[x.i]!.created = created[j] === true));
              // The tasks are stored; the caller still learns that they may not be replicated.
              if (shortfall) throw shortfall;
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
    };
  }

  /** One task by id, from the partition its id routes to; null when unknown. */
  async get(id: string): Promise<Task | null> {
    assertTaskId(id);
    // Every partition, not just the id's own: tasks written before ids routed alone may sit elsewhere.
    const found = await Promise.all(
      this.partitions.map(async (p) => {
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
      }),
    );
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

import { randomBytes } from 'node:crypto';
import type { Backoff, QueueCounts, Task } from '../../shared/types/queue';
import { retryTransient } from '../redis/connection-error';
import type { RedisArg, RedisHandle } from '../redis/handle';
import { DurabilityError, QueueArgumentError } from './errors';
import { partitionKeys, type PartitionKeys } from './keys';
import { explainFailure, malformed } from './malformed-data';
import { resolveQueue, type QueueDefinition } from './registry';
import { queueScripts, scriptName } from './scripts';
import { newRecord, toTask } from './task-record';

/** Replica acknowledgement asked of writes: WAIT `replicas` `timeoutMs` on the owning master. */
export interface Durability {
  replicas: number;
  timeoutMs: number;
}

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
}

/** Options of one task given to `enqueue` / `enqueueBulk`. */
export interface EnqueueOptions {
  /** Idempotency key: enqueueing an existing id is a no-op that returns it. Default: generated. */
  id?: string;
  /** Run no earlier than this many ms from now. */
  delayMs?: number;
  /** 0..1000, higher first. Default 0. */
  priority?: number;
  maxAttempts?: number;
  backoff?: Backoff;
  /** Route by this key (tasks with one key keep their order within a partition). */
  key?: string;
  /** Overrides the queue's durability for this call. `false` turns it off. */
  durable?: Durability | false;
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

let idCounter = 0;
const idPrefix = randomBytes(4).toString('hex');

/** A time-ordered, process-unique id: base36 time, process prefix, counter. */
export function generateTaskId(): string {
  idCounter = (idCounter + 1) % 0x100000000;
  return `${Date.now().toString(36)}-${idPrefix}-${idCounter.toString(36)}`;
}

function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

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
  private rr = 0;
  private pending = new Map<Partition, PendingEnqueue[]>();
  private flushScheduled = false;

  private constructor(
    readonly handle: RedisHandle,
    readonly definition: QueueDefinition,
    readonly options: QueueOptions,
  ) {
    this.partitions = definition.tags.map((tag, index) => ({ index, keys: partitionKeys(tag) }));
    handle.defineScripts([...queueScripts().values()]);
  }

  /** Opens (and on first use registers) a queue. */
  static async open(handle: RedisHandle, name: string, options: QueueOptions = {}): Promise<Queue> {
    const def = await resolveQueue(handle, name, options.partitions, !options.mustExist);
    if (options.durable) validateDurability(options.durable);
    return new Queue(handle, def, options);
  }

  get name(): string {
    return this.definition.name;
  }

  /** Runs a queue script on a partition. */
  run<T>(script: string, keys: string[], args: RedisArg[]): Promise<T> {
    return this.handle.runScript<T>(scriptName(script), keys, args);
  }

  /** Runs a script and, when durability is asked for, WAITs for replicas on the same master. */
  async runDurable<T>(
    script: string,
    keys: string[],
    args: RedisArg[],
    durable: Durability | undefined,
    what: string,
  ): Promise<T> {
    if (!durable) return this.run<T>(script, keys, args);
    const { result, acked } = await this.handle.runScriptDurable<T>(
      scriptName(script),
      keys,
      args,
      durable.replicas,
      durable.timeoutMs,
    );
    if (acked < durable.replicas) throw new DurabilityError(what, acked, durable.replicas, durable.timeoutMs);
    return result;
  }

  /** The partition a task goes to: by key or given id (stable), else round-robin. */
  route(o: { key?: string; id?: string }): Partition {
    const n = this.partitions.length;
    const k = o.key ?? o.id;
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
    return new Promise<EnqueueResult>((resolve, reject) => {
      let list = this.pending.get(part);
      if (!list) this.pending.set(part, (list = []));
      list.push({ args, result, resolve, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        process.nextTick(() => this.flushPending());
      }
    });
  }

  private flushPending(): void {
    this.flushScheduled = false;
    const pending = this.pending;
    this.pending = new Map();
    const now = Date.now();
    for (const [part, list] of pending) {
      for (let c = 0; c < list.length; c += COALESCE_CHUNK) {
        const chunk = list.slice(c, c + COALESCE_CHUNK);
        const args: RedisArg[] = [now];
        for (const x of chunk) args.push(...x.args);
        const k = part.keys;
        // Idempotent by id, like enqueueBulk: a batch interrupted by a failover is sent again.
        retryTransient(() => this.run<number[]>('enqueue', [k.wait, k.delayed, k.data, k.meta, k.marker], args)).then(
          (flags) =>
            chunk.forEach((x, j) => {
              x.result.created = flags[j] === 1;
              x.resolve(x.result);
            }),
          (e: unknown) => chunk.forEach((x) => x.reject(e)),
        );
      }
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

  /** Adds many tasks, grouped per partition into chunks of 500 per script call. */
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
        const k = part.keys;
        const what = `enqueue of ${chunk.length === 1 ? `task ${results[chunk[0]!.i]!.id}` : `${chunk.length} tasks`} on ${this.name} partition ${part.index}`;
        // Enqueue is idempotent (HSETNX by id), so a write interrupted by a failover is retried.
        calls.push(
          retryTransient(() =>
            this.runDurable<number[]>(
              'enqueue',
              [k.wait, k.delayed, k.data, k.meta, k.marker],
              [now, ...chunk.flatMap((x) => x.args)],
              durable,
              what,
            ),
          ).then((flags) => {
            chunk.forEach((x, j) => (results[x.i]!.created = flags[j] === 1));
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
      paused: false,
      completedTotal: 0,
      failedTotal: 0,
    };
    for (const c of per) {
      sum.waiting += c.waiting;
      sum.delayed += c.delayed;
      sum.active += c.active;
      sum.completed += c.completed;
      sum.failed += c.failed;
      sum.completedTotal += c.completedTotal;
      sum.failedTotal += c.failedTotal;
      sum.paused ||= c.paused;
    }
    return sum;
  }

  /** Counts of one partition. */
  async partitionCounts(p: Partition): Promise<QueueCounts> {
    const k = p.keys;
    let r: number[];
    try {
      r = await this.run<number[]>('counts', [k.wait, k.delayed, k.active, k.completed, k.failed, k.meta], []);
    } catch (e) {
      throw malformed(e, this.name, p.index);
    }
    return {
      waiting: r[0]!,
      delayed: r[1]!,
      active: r[2]!,
      completed: r[3]!,
      failed: r[4]!,
      paused: r[5] === 1,
      completedTotal: r[6]!,
      failedTotal: r[7]!,
    };
  }

  /** One task by id, from whichever partition holds it; null when unknown. */
  async get(id: string): Promise<Task | null> {
    const found = await Promise.all(
      this.partitions.map(async (p) => {
        const k = p.keys;
        const r = await this.run<[string, number, string] | null>(
          'get',
          [k.wait, k.delayed, k.active, k.completed, k.failed, k.data],
          [id],
        );
        return r
          ? toTask({
              raw: r[0],
              id,
              queue: this.name,
              partition: p.index,
              state: r[1] === 0 ? 'failed' : r[1],
              score: Number(r[2]),
            })
          : null;
      }),
    );
    return found.find((t) => t !== null) ?? null;
  }

  /** Turns a WRONGTYPE failure on a partition into a MalformedDataError naming the bad keys. */
  explainFailure(e: unknown, p: Partition): Promise<Error> {
    return explainFailure(this.handle, this.name, p, e);
  }

  /** Pauses every partition: workers stop taking tasks; enqueue goes on. */
  async pause(): Promise<void> {
    await Promise.all(
      this.partitions.map((p) => this.run('set-paused', [p.keys.meta, p.keys.wait, p.keys.marker], [1])),
    );
  }

  /** Resumes every partition: workers take tasks again. */
  async resume(): Promise<void> {
    await Promise.all(
      this.partitions.map((p) => this.run('set-paused', [p.keys.meta, p.keys.wait, p.keys.marker], [0])),
    );
  }
}

function validateDurability(d: Durability): void {
  if (!Number.isInteger(d.replicas) || d.replicas < 1)
    throw new QueueArgumentError(`durable.replicas=${d.replicas}: expected a whole number >= 1`);
  if (!Number.isInteger(d.timeoutMs) || d.timeoutMs < 1)
    throw new QueueArgumentError(`durable.timeoutMs=${d.timeoutMs}: expected a whole number of ms >= 1`);
}

function validateEnqueue(id: string, o: EnqueueOptions): void {
  if (typeof id !== 'string' || id.length === 0 || id.length > 256)
    throw new QueueArgumentError(`task id ${JSON.stringify(id)}: expected 1-256 characters`);
  if (o.delayMs !== undefined && (!Number.isInteger(o.delayMs) || o.delayMs < 0)) {
    throw new QueueArgumentError(`delayMs=${o.delayMs} for task ${id}: expected a whole number of ms >= 0`);
  }
  if (o.priority !== undefined && (!Number.isInteger(o.priority) || o.priority < 0 || o.priority > 1000)) {
    throw new QueueArgumentError(`priority=${o.priority} for task ${id}: expected a whole number from 0 to 1000`);
  }
  if (o.maxAttempts !== undefined && (!Number.isInteger(o.maxAttempts) || o.maxAttempts < 1)) {
    throw new QueueArgumentError(`maxAttempts=${o.maxAttempts} for task ${id}: expected a whole number >= 1`);
  }
  if (o.durable) validateDurability(o.durable);
}

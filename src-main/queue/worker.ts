import { EventEmitter } from 'node:events';
import os from 'node:os';
import type { RedisHandle } from '../redis/handle';
import { LeaseLostError, MalformedDataError, TaskMissingError } from './errors';
import { WORKERS_KEY } from './keys';
import { type Durability, type Partition, type Queue } from './queue';
import { backoffDelay, parsePayload, parseRecord, type TaskRecord } from './task-record';

/** What a handler gets for one task. */
export interface TaskContext {
  id: string;
  queue: string;
  partition: number;
  payload: unknown;
  /** 1 on the first attempt. */
  attempt: number;
  maxAttempts: number;
  /** Aborted when the lease is lost or the worker stops; long handlers should watch it. */
  signal: AbortSignal;
}

export type TaskHandler = (task: TaskContext) => unknown;

/** Throw this from a handler to fail the task for good, skipping its remaining attempts. */
export class UnrecoverableError extends Error {}

export interface WorkerOptions {
  /** Tasks run at once. Default 10. */
  concurrency?: number;
  /** Lease (visibility timeout); renewed every third of it while the handler runs. Default 30000 ms. */
  leaseMs?: number;
  /** Longest single blocking wait. Short, so a blocked connection never outlives a failover. Default 1000 ms. */
  blockTimeoutMs?: number;
  /** Tasks leased per reserve call. Default: concurrency (capped at 100). */
  batchSize?: number;
  /** How often stalled leases are swept. Default 5000 ms. */
  stalledIntervalMs?: number;
  /** Stalls before a task is failed. Default 1. */
  maxStalls?: number;
  /** How often the worker's heartbeat is written. Default 5000 ms. */
  heartbeatMs?: number;
  /** Delete completed tasks instead of keeping them. Default false. */
  removeOnComplete?: boolean;
  /** Keep at most this many completed tasks per partition (-1 = all). Default -1. */
  keepCompleted?: number;
  /** WAIT for replicas after acks. Default: the queue's durability. */
  durable?: Durability | false;
  /** Default: host-pid-random. */
  id?: string;
}

interface Lease {
  id: string;
  token: string;
  partition: Partition;
  controller: AbortController;
}

interface PendingAck {
  lease: Lease;
  resolve: () => void;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Runs a handler over a queue's tasks with at-least-once delivery: leases with heartbeats, fenced
 * acks, retries with backoff, stalled-lease recovery and blocking waits that survive failovers.
 * Events: 'completed' (id), 'failed' (id, error, final), 'error' (Error), 'lease-lost' (id).
 */
export class Worker extends EventEmitter {
  readonly id: string;
  private readonly o: Required<Omit<WorkerOptions, 'durable' | 'id'>> & { durable?: Durability };
  private running = false;
  private readonly leases = new Map<string, Lease>();
  private reserved = 0;
  private capacityWaiters: Array<() => void> = [];
  private readonly blocking = new Map<number, RedisHandle>();
  private readonly acks = new Map<number, PendingAck[]>();
  private ackScheduled = new Set<number>();
  private timers: NodeJS.Timeout[] = [];
  private loops: Array<Promise<void>> = [];
  private seq = 0;
  private readonly startedAt = Date.now();
  readonly stats = { completed: 0, failed: 0, retried: 0, errors: 0, leaseLost: 0 };

  constructor(
    readonly queue: Queue,
    private readonly handler: TaskHandler,
    options: WorkerOptions = {},
  ) {
    super();
    const concurrency = options.concurrency ?? 10;
    this.id = options.id ?? `${os.hostname()}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
    this.o = {
      concurrency,
      leaseMs: options.leaseMs ?? 30000,
      blockTimeoutMs: options.blockTimeoutMs ?? 1000,
      batchSize: options.batchSize ?? Math.min(concurrency, 100),
      stalledIntervalMs: options.stalledIntervalMs ?? 5000,
      maxStalls: options.maxStalls ?? 1,
      heartbeatMs: options.heartbeatMs ?? 5000,
      removeOnComplete: options.removeOnComplete ?? false,
      keepCompleted: options.keepCompleted ?? -1,
      durable: options.durable === false ? undefined : (options.durable ?? queue.options.durable),
    };
    // An 'error' with no listener would crash the process; a worker must never do that.
    this.on('error', () => undefined);
  }

  /** Tasks running now. */
  get active(): number {
    return this.leases.size;
  }

  start(): this {
    if (this.running) return this;
    this.running = true;
    this.loops = this.queue.partitions.map((p) => this.fetchLoop(p));
    this.every(Math.max(50, Math.floor(this.o.leaseMs / 3)), () => this.extendLeases());
    this.every(this.o.stalledIntervalMs, () => this.sweepStalled());
    this.every(this.o.heartbeatMs, () => this.heartbeat());
    void this.heartbeat();
    return this;
  }

  /**
   * Stops taking tasks, lets running handlers finish for up to `timeoutMs`, then gives the leases
   * of unfinished tasks back (their attempt is not counted) and aborts their signals.
   */
  async stop(timeoutMs = 10000): Promise<void> {
    if (!this.running) return;
    this.running = false;
    for (const t of this.timers) clearTimeout(t);
    this.timers = [];
    for (const b of this.blocking.values()) b.disconnect();
    this.blocking.clear();
    this.wakeCapacity();
    await Promise.all(this.loops);
    const deadline = Date.now() + timeoutMs;
    while (this.leases.size > 0 && Date.now() < deadline) await sleep(20);
    await this.flushAllAcks();
    if (this.leases.size > 0) await this.releaseAll();
    await this.queue.handle.call('HDEL', WORKERS_KEY, this.id).catch(() => undefined);
  }

  private every(ms: number, fn: () => Promise<void>): void {
    const tick = () => {
      if (!this.running) return;
      void fn()
        .catch((e) => this.report(e))
        .finally(() => {
          if (this.running) this.timers.push(setTimeout(tick, ms));
        });
    };
    this.timers.push(setTimeout(tick, ms));
  }

  private report(e: unknown): void {
    this.stats.errors++;
    this.emit('error', e instanceof Error ? e : new Error(String(e)));
  }

  private async waitCapacity(): Promise<void> {
    while (this.running && this.reserved + this.leases.size >= this.o.concurrency) {
      await new Promise<void>((r) => this.capacityWaiters.push(r));
    }
  }

  private wakeCapacity(): void {
    const w = this.capacityWaiters;
    this.capacityWaiters = [];
    for (const r of w) r();
  }

  private async fetchLoop(p: Partition): Promise<void> {
    let errorDelay = 0;
    while (this.running) {
      await this.waitCapacity();
      if (!this.running) break;
      const n = Math.min(this.o.concurrency - this.reserved - this.leases.size, this.o.batchSize);
      this.reserved += n;
      let got: Array<{ id: string; token: string; rec: string }> = [];
      let nextDelayed = -1;
      try {
        const k = p.keys;
        const r = await this.queue.run<[number, string[], ...string[]]>(
          'reserve',
          [k.wait, k.delayed, k.active, k.lease, k.data, k.meta, k.marker, k.failed],
          [Date.now(), this.o.leaseMs, n, this.id, `${this.id}:${++this.seq}`, 1000],
        );
        nextDelayed = Number(r[0]);
        if (r[1].length > 0) {
          this.report(new MalformedDataError(`queue ${this.queue.name} partition ${p.index}: task record(s) ${r[1].join(', ')} are not valid JSON; moved to failed and kept for inspection`));
        }
        for (let i = 2; i < r.length; i += 3) got.push({ id: r[i] as string, token: r[i + 1] as string, rec: r[i + 2] as string });
        errorDelay = 0;
      } catch (e) {
        got = [];
        if (this.running) this.report(await this.queue.explainFailure(e, p));
        errorDelay = Math.min(Math.max(100, errorDelay * 2), 30000);
      } finally {
        this.reserved -= n;
      }
      for (const g of got) this.runTask(p, g.id, g.token, g.rec);
      if (got.length < n) this.wakeCapacity();
      if (errorDelay > 0) {
        await sleep(errorDelay);
        continue;
      }
      if (got.length === 0 && this.running) {
        const untilDue = nextDelayed > 0 ? nextDelayed - Date.now() : Infinity;
        await this.blockOn(p, Math.max(0, Math.min(this.o.blockTimeoutMs, untilDue)));
      }
    }
  }

  /**
   * Waits on the partition's marker with BLPOP on a connection of its own. A watchdog drops the
   * connection when the call outlives its timeout by 2 s: after a failover ioredis may re-send an
   * interrupted blocking command and wait forever (bullmq #4138).
   */
  private async blockOn(p: Partition, ms: number): Promise<void> {
    if (ms <= 0) return;
    let conn = this.blocking.get(p.index);
    if (!conn || conn.state() === 'closed') {
      conn = this.queue.handle.duplicate({ blocking: true });
      this.blocking.set(p.index, conn);
    }
    let timer: NodeJS.Timeout | undefined;
    const watchdog = new Promise<'wedged'>((r) => {
      timer = setTimeout(() => r('wedged'), ms + 2000);
    });
    try {
      const r = await Promise.race([conn.call('BLPOP', p.keys.marker, (ms / 1000).toFixed(3)), watchdog]);
      if (r === 'wedged' && this.running) {
        this.emit('watchdog', p.index);
        conn.disconnect();
        this.blocking.delete(p.index);
      }
    } catch (e) {
      if (!this.running) return;
      // Connection trouble (failover in progress): back off briefly and use a fresh connection.
      conn.disconnect();
      this.blocking.delete(p.index);
      if (/WRONGTYPE/.test((e as Error).message)) this.report(await this.queue.explainFailure(e, p));
      await sleep(100);
    } finally {
      clearTimeout(timer);
    }
  }

  private runTask(p: Partition, id: string, token: string, raw: string): void {
    const lease: Lease = { id, token, partition: p, controller: new AbortController() };
    this.leases.set(`${p.index}:${id}`, lease);
    const rec = parseRecord(raw) as TaskRecord;
    const { payload } = parsePayload(rec.payload);
    const ctx: TaskContext = {
      id,
      queue: this.queue.name,
      partition: p.index,
      payload,
      attempt: rec.attemptsMade,
      maxAttempts: rec.maxAttempts,
      signal: lease.controller.signal,
    };
    void (async () => {
      try {
        await this.handler(ctx);
        await this.ack(lease);
      } catch (e) {
        await this.fail(lease, rec, e);
      }
    })()
      .catch((e) => this.report(e))
      .finally(() => {
        this.leases.delete(`${p.index}:${id}`);
        this.wakeCapacity();
      });
  }

  private ack(lease: Lease): Promise<void> {
    return new Promise<void>((resolve) => {
      const idx = lease.partition.index;
      const list = this.acks.get(idx) ?? [];
      list.push({ lease, resolve });
      this.acks.set(idx, list);
      if (!this.ackScheduled.has(idx)) {
        this.ackScheduled.add(idx);
        // Acks of tasks that finish together go to Redis in one script call.
        setImmediate(() => void this.flushAcks(lease.partition));
      }
    });
  }

  private async flushAcks(p: Partition): Promise<void> {
    this.ackScheduled.delete(p.index);
    const batch = this.acks.get(p.index) ?? [];
    this.acks.delete(p.index);
    if (batch.length === 0) return;
    const k = p.keys;
    try {
      const codes = await this.queue.runDurable<number[]>(
        'ack',
        [k.active, k.lease, k.data, k.completed, k.meta, k.marker],
        [Date.now(), this.o.removeOnComplete ? 1 : 0, this.o.keepCompleted, ...batch.flatMap((b) => [b.lease.id, b.lease.token])],
        this.o.durable,
        `ack of ${batch.length} task(s) on ${this.queue.name} partition ${p.index}`,
      );
      codes.forEach((c, i) => this.settle(batch[i]!.lease, c, 'completed'));
    } catch (e) {
      this.report(e);
    } finally {
      for (const b of batch) b.resolve();
    }
  }

  private async flushAllAcks(): Promise<void> {
    await Promise.all(this.queue.partitions.map((p) => this.flushAcks(p)));
  }

  private settle(lease: Lease, code: number, outcome: 'completed' | 'failed'): void {
    if (code === -6) {
      this.stats.leaseLost++;
      this.emit('lease-lost', lease.id);
      this.report(new LeaseLostError(lease.id));
    } else if (code === -2) {
      this.report(new TaskMissingError(lease.id));
    } else if (outcome === 'completed') {
      this.stats.completed++;
      this.emit('completed', lease.id);
    }
  }

  private async fail(lease: Lease, rec: TaskRecord, err: unknown): Promise<void> {
    const e = err instanceof Error ? err : new Error(String(err));
    const delay = e instanceof UnrecoverableError ? -1 : backoffDelay(rec.backoff, rec.attemptsMade);
    const k = lease.partition.keys;
    const [code] = await this.queue.run<number[]>(
      'fail',
      [k.active, k.lease, k.data, k.wait, k.delayed, k.failed, k.meta, k.marker],
      [Date.now(), lease.id, lease.token, e.message.slice(0, 2000), (e.stack ?? '').slice(0, 8000), delay],
    );
    if (code === 3) {
      this.stats.failed++;
      this.emit('failed', lease.id, e, true);
    } else if (code === 1 || code === 2) {
      this.stats.retried++;
      this.emit('failed', lease.id, e, false);
    } else this.settle(lease, code!, 'failed');
  }

  private async extendLeases(): Promise<void> {
    const byPartition = new Map<Partition, Lease[]>();
    for (const l of this.leases.values()) byPartition.set(l.partition, [...(byPartition.get(l.partition) ?? []), l]);
    await Promise.all(
      [...byPartition].map(async ([p, leases]) => {
        const codes = await this.queue.run<number[]>('extend', [p.keys.active, p.keys.lease], [Date.now() + this.o.leaseMs, ...leases.flatMap((l) => [l.id, l.token])]);
        codes.forEach((c, i) => {
          if (c === -6) {
            const l = leases[i]!;
            l.controller.abort(new LeaseLostError(l.id));
          }
        });
      }),
    );
  }

  private async sweepStalled(): Promise<void> {
    for (const p of this.queue.partitions) {
      const k = p.keys;
      const r = await this.queue.run<[number, number] | number>(
        'sweep-stalled',
        [k.active, k.lease, k.data, k.wait, k.failed, k.meta, k.marker, k.sweepLock],
        [Date.now(), this.o.stalledIntervalMs, this.o.maxStalls, 1000, this.id],
      );
      if (Array.isArray(r) && (r[0] > 0 || r[1] > 0)) this.emit('stalled', { partition: p.index, requeued: r[0], failed: r[1] });
    }
  }

  private async heartbeat(): Promise<void> {
    const info = {
      id: this.id,
      queue: this.queue.name,
      host: os.hostname(),
      pid: process.pid,
      concurrency: this.o.concurrency,
      active: this.leases.size,
      startedAt: this.startedAt,
      lastSeen: Date.now(),
    };
    await this.queue.handle.call('HSET', WORKERS_KEY, this.id, JSON.stringify(info));
  }

  private async releaseAll(): Promise<void> {
    const byPartition = new Map<Partition, Lease[]>();
    for (const l of this.leases.values()) {
      l.controller.abort(new Error('worker stopping'));
      byPartition.set(l.partition, [...(byPartition.get(l.partition) ?? []), l]);
    }
    await Promise.all(
      [...byPartition].map(([p, leases]) => {
        const k = p.keys;
        return this.queue.run('release', [k.active, k.lease, k.data, k.wait, k.meta, k.marker], [Date.now(), ...leases.flatMap((l) => [l.id, l.token])]);
      }),
    ).catch((e) => this.report(e));
  }
}

import { EventEmitter } from 'node:events';
import os from 'node:os';
import type { RedisArg } from '../redis/handle';
import { LeaseLostError, MalformedDataError, TaskMissingError } from './errors';
import { WORKERS_KEY } from './keys';
import { extendLeases, releaseLeases, sweepStalled, writeHeartbeat } from './lease-maintenance';
import { MarkerWaiter } from './marker-waiter';
import { resolveWorkerOptions, type ResolvedWorkerOptions, type WorkerOptions } from './worker-options';
import { abortLease, Context, UnrecoverableError, type Lease, type TaskHandler } from './task-context';
import type { Partition, Queue } from './queue';
import { backoffDelay, parsePayload, parseRecord, type TaskRecord } from './task-record';

export { UnrecoverableError, type TaskContext, type TaskHandler } from './task-context';
export type { WorkerOptions } from './worker-options';

/** A leased task not started yet. */
interface Ready {
  lease: Lease;
  raw: string;
}

/** Lease ahead what the worker expects to start within this long. */
const PREFETCH_HORIZON_MS = 100;
/** Acks per script call: keeps each call short. */
const ACK_CHUNK = 500;
/** Completed tasks whose ack is not confirmed yet, before the worker stops leasing more. */
const MAX_PENDING_ACKS = 5000;

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Runs a handler over a queue's tasks with at-least-once delivery: leases with heartbeats, fenced
 * acks, retries with backoff, stalled-lease recovery and blocking waits that survive failovers.
 * Events: 'completed' (id), 'failed' (id, error, final), 'error' (Error), 'lease-lost' (id).
 */
export class Worker extends EventEmitter {
  readonly id: string;
  private readonly o: ResolvedWorkerOptions;
  private running = false;
  private readonly leases = new Map<string, Lease>();
  private reserved = 0;
  /** Handlers running now. */
  private busy = 0;
  /** Leased tasks waiting for a free slot, oldest first, from `readyHead` on. */
  private ready: Ready[] = [];
  private readyHead = 0;
  private pumping = false;
  /** Mean handler duration (exponentially weighted), -1 before the first task. */
  private meanTaskMs = -1;
  private capacityWaiters: Array<() => void> = [];
  private readonly waiter: MarkerWaiter;
  private readonly acks = new Map<number, Lease[]>();
  private ackScheduled = new Set<number>();
  private pendingAcks = 0;
  private readonly ackCalls = new Set<Promise<void>>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
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
    this.id = options.id ?? `${os.hostname()}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
    this.o = resolveWorkerOptions(options, queue.options.durable);
    this.waiter = new MarkerWaiter(queue.handle, {
      onWedged: (partition) => this.emit('watchdog', partition),
      onError: async (e, p) => {
        if (/WRONGTYPE/.test((e as Error).message)) this.report(await this.queue.explainFailure(e, p));
      },
      isRunning: () => this.running,
    });
    // An 'error' with no listener would crash the process; a worker must never do that.
    this.on('error', () => undefined);
  }

  /** Tasks running now. */
  get active(): number {
    return this.busy;
  }

  /** Starts leasing and running tasks, one loop per partition; returns the worker. */
  start(): this {
    if (this.running) return this;
    this.running = true;
    this.loops = this.queue.partitions.map((p) => this.fetchLoop(p));
    this.every('extend', Math.max(50, Math.floor(this.o.leaseMs / 3)), () =>
      extendLeases(this.queue, this.leases.values(), this.o.leaseMs),
    );
    this.every('sweep', this.o.stalledIntervalMs, async () => {
      const swept = await sweepStalled(this.queue, {
        intervalMs: this.o.stalledIntervalMs,
        maxStalls: this.o.maxStalls,
        sweeperId: this.id,
      });
      for (const s of swept) this.emit('stalled', s);
    });
    this.every('heartbeat', this.o.heartbeatMs, () => this.heartbeat());
    void this.heartbeat().catch((e) => this.report(e));
    return this;
  }

  /**
   * Stops taking tasks, lets running handlers finish for up to `timeoutMs`, then gives the leases
   * of unfinished tasks back (their attempt is not counted) and aborts their signals.
   */
  async stop(timeoutMs = 10000): Promise<void> {
    if (!this.running) return;
    this.running = false;
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    this.waiter.closeAll();
    this.wakeCapacity();
    await Promise.all(this.loops);
    // Leased ahead but never started: give those back at once.
    const unstarted = this.ready.slice(this.readyHead).map((r) => r.lease);
    this.ready = [];
    this.readyHead = 0;
    if (unstarted.length > 0) await this.release(unstarted);
    const deadline = Date.now() + timeoutMs;
    while (this.busy > 0 && Date.now() < deadline) await sleep(20);
    await this.flushAllAcks();
    if (this.leases.size > 0) await this.releaseAll();
    await this.queue.handle.call('HDEL', WORKERS_KEY, this.id).catch(() => undefined);
  }

  /** Runs `fn` every `ms` with chained timeouts, so a slow round never overlaps the next. */
  private every(name: string, ms: number, fn: () => Promise<void>): void {
    const tick = () => {
      if (!this.running) return;
      void fn()
        .catch((e) => this.report(e))
        .finally(() => {
          if (this.running) this.timers.set(name, setTimeout(tick, ms));
        });
    };
    this.timers.set(name, setTimeout(tick, ms));
  }

  private report(e: unknown): void {
    this.stats.errors++;
    this.emit('error', e instanceof Error ? e : new Error(String(e)));
  }

  private get queued(): number {
    return this.ready.length - this.readyHead;
  }

  /** Tasks worth leasing ahead now: what the running handlers will reach within the horizon. */
  private ahead(): number {
    if (this.o.prefetch === 0 || this.meanTaskMs < 0) return 0;
    const perHorizon = Math.floor((this.o.concurrency * PREFETCH_HORIZON_MS) / Math.max(this.meanTaskMs, 0.001));
    return Math.min(this.o.prefetch, perHorizon);
  }

  /**
   * How many tasks to lease now (0 = wait). Idle slots are filled at once; the look-ahead buffer
   * is refilled only once a quarter of it is gone, so a busy worker makes few, large reserve calls.
   */
  private room(): number {
    if (this.pendingAcks >= MAX_PENDING_ACKS) return 0;
    const limit = this.o.concurrency + this.ahead();
    const room = limit - (this.busy + this.queued + this.reserved);
    if (room <= 0) return 0;
    if (this.queued === 0 && this.reserved === 0 && this.busy < this.o.concurrency) return room;
    return room >= Math.max(1, Math.floor(limit / 4)) ? room : 0;
  }

  private async waitCapacity(): Promise<void> {
    while (this.running && this.room() <= 0) {
      await new Promise<void>((r) => this.capacityWaiters.push(r));
    }
  }

  private wakeCapacity(): void {
    if (this.capacityWaiters.length === 0) return;
    const w = this.capacityWaiters;
    this.capacityWaiters = [];
    for (const r of w) r();
  }

  private async fetchLoop(p: Partition): Promise<void> {
    let errorDelay = 0;
    while (this.running) {
      await this.waitCapacity();
      if (!this.running) break;
      const n = Math.min(this.room(), this.o.batchSize);
      if (n <= 0) continue;
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
          this.report(
            new MalformedDataError(
              `queue ${this.queue.name} partition ${p.index}: task record(s) ${r[1].join(', ')} are not valid JSON; moved to failed and kept for inspection`,
            ),
          );
        }
        for (let i = 2; i < r.length; i += 3)
          got.push({ id: r[i] as string, token: r[i + 1] as string, rec: r[i + 2] as string });
        errorDelay = 0;
      } catch (e) {
        got = [];
        if (this.running) this.report(await this.queue.explainFailure(e, p));
        errorDelay = Math.min(Math.max(100, errorDelay * 2), 30000);
      } finally {
        this.reserved -= n;
      }
      for (const g of got) this.enqueueReady(p, g.id, g.token, g.rec);
      // A lone task starts at once (latency). A batch starts after this loop has sent its next
      // reserve, so Redis leases the next batch while Node runs this one.
      if (got.length > 1) setImmediate(() => this.pump());
      else this.pump();
      if (got.length < n) this.wakeCapacity();
      if (errorDelay > 0) {
        await sleep(errorDelay);
        continue;
      }
      if (got.length === 0 && this.running) {
        const untilDue = nextDelayed > 0 ? nextDelayed - Date.now() : Infinity;
        await this.waiter.wait(p, Math.max(0, Math.min(this.o.blockTimeoutMs, untilDue)));
      }
    }
  }

  private enqueueReady(p: Partition, id: string, token: string, raw: string): void {
    const lease: Lease = { id, token, partition: p };
    this.leases.set(`${p.index}:${id}`, lease);
    this.ready.push({ lease, raw });
  }

  /** Starts ready tasks while slots are free. Not re-entrant: a sync handler loops here, not deeper. */
  private pump(): void {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (this.running && this.busy < this.o.concurrency && this.readyHead < this.ready.length) {
        const r = this.ready[this.readyHead++]!;
        if (this.readyHead === this.ready.length) {
          this.ready = [];
          this.readyHead = 0;
        } else if (this.readyHead > 1024) {
          this.ready = this.ready.slice(this.readyHead);
          this.readyHead = 0;
        }
        this.startTask(r.lease, r.raw);
      }
    } finally {
      this.pumping = false;
    }
  }

  private startTask(lease: Lease, raw: string): void {
    this.busy++;
    const rec = parseRecord(raw);
    if (!rec) {
      // reserve checks records, but its fast path only checks their shape: fail this one for good.
      const e = new UnrecoverableError(`task ${lease.id}: the stored task record is not valid JSON`);
      this.report(new MalformedDataError(`queue ${this.queue.name} partition ${lease.partition.index}: ${e.message}`));
      void this.afterFailure(lease, { attemptsMade: 1, maxAttempts: 1 } as TaskRecord, e);
      return;
    }
    const { payload } = parsePayload(rec.payload);
    const ctx = new Context(
      lease.id,
      this.queue.name,
      lease.partition.index,
      payload,
      rec.attemptsMade,
      rec.maxAttempts,
      lease,
    );
    const t0 = performance.now();
    let result: unknown;
    try {
      result = this.handler(ctx);
    } catch (e) {
      void this.afterFailure(lease, rec, e);
      return;
    }
    if (result !== null && typeof result === 'object' && typeof (result as PromiseLike<unknown>).then === 'function') {
      (result as PromiseLike<unknown>).then(
        () => this.afterSuccess(lease, t0),
        (e: unknown) => void this.afterFailure(lease, rec, e),
      );
    } else this.afterSuccess(lease, t0);
  }

  /** The slot is free as soon as the handler returns; the ack goes out with others of this tick. */
  private afterSuccess(lease: Lease, t0: number): void {
    const ms = performance.now() - t0;
    this.meanTaskMs = this.meanTaskMs < 0 ? ms : this.meanTaskMs * 0.9 + ms * 0.1;
    this.busy--;
    this.ack(lease);
    this.pump();
    this.wakeCapacity();
  }

  private async afterFailure(lease: Lease, rec: TaskRecord, e: unknown): Promise<void> {
    try {
      await this.fail(lease, rec, e);
    } catch (err) {
      this.report(err);
    } finally {
      this.leases.delete(`${lease.partition.index}:${lease.id}`);
      this.busy--;
      this.pump();
      this.wakeCapacity();
    }
  }

  private ack(lease: Lease): void {
    const idx = lease.partition.index;
    let list = this.acks.get(idx);
    if (!list) this.acks.set(idx, (list = []));
    list.push(lease);
    this.pendingAcks++;
    if (!this.ackScheduled.has(idx)) {
      this.ackScheduled.add(idx);
      // Acks of tasks that finish in the same turn of the event loop go to Redis in one call.
      setImmediate(() => this.trackAck(this.flushAcks(lease.partition)));
    }
  }

  private trackAck(call: Promise<void>): void {
    this.ackCalls.add(call);
    void call.finally(() => this.ackCalls.delete(call));
  }

  private async flushAcks(p: Partition): Promise<void> {
    this.ackScheduled.delete(p.index);
    const all = this.acks.get(p.index) ?? [];
    this.acks.delete(p.index);
    const k = p.keys;
    const chunks: Array<Promise<void>> = [];
    for (let c = 0; c < all.length; c += ACK_CHUNK) {
      const batch = all.slice(c, c + ACK_CHUNK);
      const args: RedisArg[] = [Date.now(), this.o.removeOnComplete ? 1 : 0, this.o.keepCompleted];
      for (const l of batch) args.push(l.id, l.token);
      chunks.push(
        this.queue
          .runDurable<number[]>(
            'ack',
            [k.active, k.lease, k.data, k.completed, k.meta, k.marker],
            args,
            this.o.durable,
            `ack of ${batch.length} task(s) on ${this.queue.name} partition ${p.index}`,
          )
          .then(
            (codes) => codes.forEach((c, i) => this.settle(batch[i]!, c, 'completed')),
            (e: unknown) => this.report(e),
          )
          .finally(() => {
            for (const l of batch) this.leases.delete(`${p.index}:${l.id}`);
            this.pendingAcks -= batch.length;
            this.wakeCapacity();
          }),
      );
    }
    await Promise.all(chunks);
  }

  private async flushAllAcks(): Promise<void> {
    await Promise.all(this.queue.partitions.map((p) => this.flushAcks(p)));
    await Promise.all([...this.ackCalls]);
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

  private heartbeat(): Promise<void> {
    return writeHeartbeat(this.queue, {
      id: this.id,
      concurrency: this.o.concurrency,
      active: this.busy,
      startedAt: this.startedAt,
    });
  }

  /** Gives leases back without counting the attempt. */
  private async release(leases: Lease[]): Promise<void> {
    for (const l of leases) this.leases.delete(`${l.partition.index}:${l.id}`);
    await releaseLeases(this.queue, leases).catch((e) => this.report(e));
  }

  private async releaseAll(): Promise<void> {
    const leases = [...this.leases.values()];
    for (const l of leases) abortLease(l, new Error('worker stopping'));
    await this.release(leases);
  }
}

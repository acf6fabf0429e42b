import { EventEmitter } from 'node:events';
import os from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { Backoff } from '../lib/retry';
import { AckBatcher } from './ack-batcher';
import { FetchPlan } from './fetch-plan';
import { HISTORY_SAMPLE_MS } from './history/history-layout';
import { recordHistorySample } from './history/queue-history';
import { WORKERS_KEY } from './keys';
import {
  cancelledLeases,
  extendLeases,
  releaseLeases,
  reserveBatch,
  sweepStalled,
  writeHeartbeat,
} from './lease-maintenance';
import { MarkerWaiter } from './marker-waiter';
import type { Partition, Queue } from './queue';
import type { Leased } from './queue-scripts';
import { pollSchedules } from './schedule-poller';
import { abortLease, type Lease, type TaskHandler } from './task-context';
import { TaskExecutor } from './task-execution';
import { noteOutcome } from './telemetry';
import { WorkerLimits, type Grant } from './worker-limits';
import { newWorkerStats, Outcomes, type WorkerStats } from './worker-outcomes';
import { resolveWorkerOptions, type ResolvedWorkerOptions, type WorkerOptions } from './worker-options';

export { RateLimitError, UnrecoverableError, type TaskContext, type TaskHandler } from './task-context';
export type { WorkerOptions } from './worker-options';
export type { AckDurability } from './ack-batcher';

/** How often a worker holding leases asks which of them were cancelled (a signal aborts within about this). */
const CANCEL_CHECK_MS = 500;

/** How often a worker re-reads the queue's definition, so a change of limits applies within about this. */
const LIMITS_REFRESH_MS = 1000;
/** How often a worker looks for drained retired generations to remove (issue 15). */
const GENERATIONS_CHECK_MS = 1000;

/** Due delayed tasks one reserve call moves to waiting at most; the next call takes the rest. */
const PROMOTE_PER_RESERVE = 1000;

/**
 * Runs a handler over a queue's tasks with at-least-once delivery: leases with heartbeats, fenced
 * acks, retries with backoff, stalled-lease recovery and blocking waits that survive failovers.
 * It wires three parts: FetchPlan (how much to lease), TaskExecutor (running tasks, recording
 * failures) and AckBatcher (acks per tick). Events: 'completed' (id, { durability }), 'failed'
 * (id, error, final), 'error' (Error), 'lease-lost' (id), 'stalled' ({ partition, requeued,
 * failed }), 'watchdog' (partition), 'cancelled' (id), 'late-result' (id), 'schedule-fired' (schedule id,
 * task id), 'rate-limited' (id, ms).
 */
export class Worker extends EventEmitter {
  readonly id: string;
  private readonly o: ResolvedWorkerOptions;
  private running = false;
  /** Set from the start of stop() until its leases are given back: leases are still renewed. */
  private stopping = false;
  private readonly leases = new Map<string, Lease>();
  private readonly plan: FetchPlan;
  private readonly executor: TaskExecutor;
  private readonly limits: WorkerLimits;
  private readonly acks: AckBatcher;
  private readonly waiter: MarkerWaiter;
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private loops: Array<Promise<void>> = [];
  /** The partitions that have a fetch loop now (the set changes with a rebalance). */
  private readonly looping = new Set<Partition>();
  private seq = 0;
  private readonly startedAt = Date.now();
  readonly stats: WorkerStats = newWorkerStats();
  private readonly outcomes: Outcomes;

  constructor(
    readonly queue: Queue,
    handler: TaskHandler,
    options: WorkerOptions = {},
  ) {
    super();
    this.o = resolveWorkerOptions(options, queue.options.durable);
    this.id = options.id ?? `${os.hostname()}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
    this.outcomes = new Outcomes(this, queue, this.stats, (e) => this.report(e));
    this.limits = new WorkerLimits(queue, this.id, this.o.leaseMs, (e) => this.report(e));
    const o = this.o;
    const limits = this.limits;
    // With a concurrency cap a worker leases without look-ahead (a lease holds a share of the cap,
    // so leasing ahead would idle shares). With a rate limit it leases ahead only what it expects
    // to start within half the window's guard, and a task whose grant goes stale before a slot
    // frees is handed back uncounted (stale below): every start still falls within its grant's
    // guard, so the window stays exact, while the reserve, ack and limiter calls are batched.
    const planOptions = {
      concurrency: o.concurrency,
      get prefetch() {
        return limits.capped ? 0 : o.prefetch;
      },
      get horizonMs() {
        const guard = limits.rateGuardMs;
        return guard === null ? undefined : guard / 2;
      },
    };
    this.plan = new FetchPlan(planOptions, {
      queued: () => this.executor.queued,
      pendingAcks: () => this.acks.pending,
    });
    this.executor = new TaskExecutor(queue, handler, this.plan, this.o.concurrency, {
      workerId: this.id,
      isRunning: () => this.running,
      succeeded: (lease) => this.acks.add(lease),
      failed: (lease, code, e) => this.outcomes.afterFail(lease, code, e),
      forget: (lease) => this.dropLease(lease),
      rateLimited: (lease, ms) => this.rateLimited(lease, ms),
      late: (lease) => this.outcomes.late(lease),
      stale: (leases) => void this.release(leases),
      report: (e) => this.report(e),
    });
    this.acks = new AckBatcher(
      queue,
      { remove: this.o.removeOnComplete, keep: this.o.keepCompleted, durable: this.o.durable },
      {
        onCodes: (batch, codes, durability) =>
          codes.forEach((c, i) => this.outcomes.settleAck(batch[i]!, c, durability)),
        onError: (e) => this.report(e),
        onSettled: (batch) => {
          for (const l of batch) this.dropLease(l);
          this.plan.wake();
        },
      },
    );
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
    return this.plan.busy;
  }

  /** Starts leasing and running tasks, one loop per partition; returns the worker. */
  start(): this {
    if (this.running) return this;
    this.running = true;
    this.loops = [];
    this.looping.clear();
    this.syncLoops();
    this.every(
      'extend',
      Math.max(50, Math.floor(this.o.leaseMs / 3)),
      async () => {
        await extendLeases(this.queue, this.leases.values(), this.o.leaseMs);
        await this.limits.keepalive();
      },
      true,
    );
    this.every('limits', LIMITS_REFRESH_MS, async () => {
      await this.limits.refresh();
      this.syncLoops();
    });
    this.every('sweep', this.o.stalledIntervalMs, async () => {
      await sweepStalled(
        this.queue,
        { intervalMs: this.o.stalledIntervalMs, maxStalls: this.o.maxStalls, sweeperId: this.id },
        (s) => this.emit('stalled', s),
      );
    });
    this.every('heartbeat', this.o.heartbeatMs, () => this.heartbeat());
    // Any worker may remove drained retired generations (idempotent).
    this.every('generations', GENERATIONS_CHECK_MS, async () => {
      if (this.queue.retired.length > 0 && (await this.queue.cleanupRetired()).length > 0) this.syncLoops();
    });
    this.every('cancel', CANCEL_CHECK_MS, () => this.checkCancels());
    // The queue's per-minute depth sample (history-layout.ts): kept once per minute whoever offers it.
    this.every('history', HISTORY_SAMPLE_MS, async () => void (await recordHistorySample(this.queue)));
    pollSchedules(this.queue, {
      isRunning: () => this.running,
      fired: (id, taskId) => this.emit('schedule-fired', id, taskId),
      report: (e) => this.report(e),
      setTimer: (t) => this.timers.set('schedules', t),
    });
    void this.heartbeat().catch((e) => this.report(e));
    void recordHistorySample(this.queue).catch((e) => this.report(e));
    return this;
  }

  /**
   * Stops taking tasks, lets running handlers finish for up to `timeoutMs` (their leases are still
   * renewed meanwhile), then gives the leases of unfinished tasks back (their attempt is not
   * counted) and aborts their signals.
   */
  async stop(timeoutMs = 10000): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.stopping = true;
    for (const [name, t] of this.timers) {
      if (name === 'extend') continue;
      clearTimeout(t);
      this.timers.delete(name);
    }
    this.waiter.closeAll();
    this.plan.wake();
    await Promise.all(this.loops);
    // Leased ahead but never started: give those back at once.
    const unstarted = this.executor.takeUnstarted();
    if (unstarted.length > 0) await this.release(unstarted);
    const deadline = Date.now() + timeoutMs;
    while (this.plan.busy > 0 && Date.now() < deadline) await sleep(20);
    await this.acks.flushAll();
    if (this.leases.size > 0) await this.releaseAll();
    await this.limits.flush();
    this.stopping = false;
    clearTimeout(this.timers.get('extend'));
    this.timers.clear();
    await this.queue.handle.call('HDEL', WORKERS_KEY, this.id).catch(() => undefined);
  }

  /** Runs `fn` every `ms` with chained timeouts, so a slow round never overlaps the next. */
  private every(name: string, ms: number, fn: () => Promise<void>, whileStopping = false): void {
    const live = () => this.running || (whileStopping && this.stopping);
    const tick = () => {
      if (!live()) return;
      void fn()
        .catch((e) => this.report(e))
        .finally(() => {
          if (live()) this.timers.set(name, setTimeout(tick, ms));
        });
    };
    this.timers.set(name, setTimeout(tick, ms));
  }

  private report(e: unknown): void {
    this.stats.errors++;
    this.emit('error', e instanceof Error ? e : new Error(String(e)));
  }

  /**
   * Starts a fetch loop for each partition of the queue that has none: the newest generation's
   * and the retired ones still draining (after a rebalance). A loop ends when its partition is
   * no longer the queue's.
   */
  private syncLoops(): void {
    if (!this.running) return;
    for (const p of this.queue.allPartitions) {
      if (this.looping.has(p)) continue;
      this.looping.add(p);
      this.loops.push(this.fetchLoop(p).finally(() => this.looping.delete(p)));
    }
  }

  /** One partition's loop: lease what the plan allows, hand it to the executor, wait when idle. */
  private async fetchLoop(p: Partition): Promise<void> {
    const errorBackoff = new Backoff({ baseDelayMs: 100, maxDelayMs: 30000 });
    // After a reserve that failed, the next one goes out with the same token prefix: if the
    // failed one ran and only its reply was lost, the script answers with that batch (its receipt).
    // The failed call's rate grant is refunded as before; the resend's own grant pays for the batch.
    let resendPrefix: string | undefined;
    while (this.running && this.queue.hasPartition(p)) {
      await this.plan.waitForRoom(() => this.running);
      if (!this.running) break;
      const n = Math.min(this.plan.room(), this.o.batchSize);
      if (n <= 0) continue;
      this.plan.reserved += n;
      let got: Leased[] = [];
      let untilDue = -1;
      let errorDelay = 0;
      let grant: Grant | undefined;
      let startBy = 0;
      try {
        // No limit and no hold: no limiter call at all (the hot path of an unlimited queue).
        if (this.limits.engaged) {
          const guard = this.limits.rateGuardMs;
          const askedAt = Date.now();
          grant = await this.limits.acquire(n, () => this.running);
          // The server counts the grant from its clock at acquire, which is after askedAt.
          if (guard !== null) startBy = askedAt + guard;
          if (grant.granted === 0) continue;
        }
        const r = await reserveBatch(
          this.queue,
          p,
          {
            leaseMs: this.o.leaseMs,
            count: grant ? grant.granted : n,
            workerId: this.id,
            tokenPrefix: (resendPrefix ??= `${this.id}:${++this.seq}`),
            promoteMax: PROMOTE_PER_RESERVE,
          },
          (e) => this.report(e),
        );
        untilDue = r.untilDueMs;
        got = r.leased;
        resendPrefix = undefined;
        errorBackoff.reset();
      } catch (e) {
        if (this.running) this.report(await this.queue.explainFailure(e, p));
        errorDelay = errorBackoff.next();
      } finally {
        this.plan.reserved -= n;
        if (grant && grant.granted > got.length)
          await this.limits.refund(grant, grant.granted - got.length).catch((e) => this.report(e));
      }
      // Tasks for slots idle now start at once, as without look-ahead; those leased ahead of a
      // rate grant must start within its guard (startBy), or go back.
      let idle = this.o.concurrency - this.plan.busy - this.executor.queued;
      for (const g of got) {
        const lease: Lease = { id: g.id, token: g.token, partition: p };
        this.leases.set(leaseKey(lease), lease);
        if (grant?.capped) this.limits.hold(leaseKey(lease));
        this.executor.add(lease, g.record, idle-- > 0 ? 0 : startBy);
      }
      // A lone task starts at once (latency). A batch starts after this loop has sent its next
      // reserve, so Redis leases the next batch while Node runs this one.
      if (got.length > 1) setImmediate(() => this.executor.pump());
      else this.executor.pump();
      if (got.length < n) this.plan.wake();
      if (errorDelay > 0) {
        await sleep(errorDelay);
        continue;
      }
      if (got.length === 0 && this.running) {
        // The server says how long until its next delayed task is due: no client clock involved.
        await this.waiter.wait(p, untilDue >= 0 ? Math.min(this.o.blockTimeoutMs, untilDue) : this.o.blockTimeoutMs);
      }
    }
    // Done with this partition (stopped, or its generation retired): its reserve receipt goes
    // now rather than a lease later, so a retired generation leaves no key of this worker behind.
    await this.queue.handle.call('DEL', p.keys.reserves + this.id).catch(() => undefined);
  }

  /** Ends the attempts of leased tasks whose cancellation is pending (see cancelledLeases). */
  private async checkCancels(): Promise<void> {
    for (const l of await cancelledLeases(this.queue, this.leases.values())) this.executor.cancel(l);
  }

  private heartbeat(): Promise<void> {
    return writeHeartbeat(this.queue, {
      id: this.id,
      concurrency: this.o.concurrency,
      active: this.plan.busy,
      startedAt: this.startedAt,
    });
  }

  /** Gives leases back without counting the attempt. */
  private async release(leases: Lease[]): Promise<void> {
    await releaseLeases(this.queue, leases).catch((e) => this.report(e));
    for (const l of leases) {
      noteOutcome(l.otel, 'released');
      this.dropLease(l);
    }
  }

  /** The lease is done with (its outcome confirmed, or given up): its share of the cap goes back. */
  private dropLease(l: Lease): void {
    if (l.otel) {
      this.queue.telemetry.endAttempt(l.otel);
      l.otel = undefined;
    }
    const key = leaseKey(l);
    this.leases.delete(key);
    this.limits.done(key);
  }

  /**
   * A handler's rateLimit(ms): every worker of the queue holds its starts for ms, and the task goes
   * back to waiting without counting an attempt (its rate grant stands: it did start).
   */
  private async rateLimited(lease: Lease, ms: number): Promise<void> {
    this.stats.rateLimited++;
    noteOutcome(lease.otel, 'rate-limited');
    await this.limits.rateLimited(ms).catch((e) => this.report(e));
    await releaseLeases(this.queue, [lease]);
    this.emit('rate-limited', lease.id, ms);
  }

  private async releaseAll(): Promise<void> {
    const leases = [...this.leases.values()];
    for (const l of leases) {
      clearTimeout(l.deadline);
      l.settled ??= 'cancelled';
      abortLease(l, new Error('worker stopping'));
    }
    await this.release(leases);
  }
}

function leaseKey(l: Lease): string {
  return `${l.partition.index}:${l.id}`;
}

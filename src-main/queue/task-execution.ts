import { context } from '@opentelemetry/api';
import { retry } from '../lib/retry';
import { TRANSIENT_RETRY } from '../redis/connection-error';
import { MalformedDataError, ResultNotSerializableError, ResultTooLargeError, TimeoutError } from './errors';
import type { FetchPlan } from './fetch-plan';
import { DEFAULT_MAX_RESULT_BYTES, type Queue } from './queue';
import { ScriptCode } from './script-code';
import {
  Context,
  RateLimitError,
  UnrecoverableError,
  type Lease,
  type ReportSink,
  type TaskHandler,
} from './task-context';
import { backoffDelay, parsePayload, parseRecord, type TaskRecord } from './task-record';
import { latencyBucket, readySince } from './history/latency-buckets';
import { noteOutcome } from './telemetry';

/** A leased task not started yet. */
interface Ready {
  lease: Lease;
  raw: string;
  /** Local ms by which it must start (its rate grant's guard), or 0 for no deadline. */
  startBy: number;
}

/** What the executor tells its worker. */
export interface ExecutionHooks {
  /** The worker's id (the attempt span's `messaging.client.id`). */
  readonly workerId: string;
  isRunning(): boolean;
  /** The handler returned: the task is to be acked (with `lease.result`). */
  succeeded(lease: Lease): void;
  /** fail-11 answered for a failed attempt. */
  failed(lease: Lease, code: ScriptCode, error: Error): void;
  /** The handler threw RateLimitError: hold the queue's starts and hand the task back uncounted. */
  rateLimited(lease: Lease, ms: number): Promise<void>;
  /** The lease is done with on this side (its failure is recorded, or could not be). */
  forget(lease: Lease): void;
  /** A handler returned after its attempt had been ended (timeout): its result was discarded. */
  late(lease: Lease): void;
  /** Leased ahead under a rate grant that went stale before a slot freed: hand back uncounted. */
  stale(leases: Lease[]): void;
  report(e: unknown): void;
}

/** The attempt was ended because its task was cancelled. */
export class CancelledAttempt extends Error {
  constructor(id: string) {
    super(`task ${id} was cancelled`);
  }
}

/** Progress and logs are written at most this often per task. */
const REPORT_INTERVAL_MS = 250;
const DEFAULT_LOG_LINES = 100;
const DEFAULT_LOG_LINE_BYTES = 4096;

/**
 * Runs leased tasks: a buffer of tasks leased ahead, started oldest first while slots are free,
 * the handler call (sync or async), its result, its deadline, its progress and log writes, and
 * the recording of failed attempts with their backoff.
 */
export class TaskExecutor implements ReportSink {
  private ready: Ready[] = [];
  private readyHead = 0;
  private pumping = false;
  readonly maxLines: number;
  readonly maxLineBytes: number;
  private readonly maxResultBytes: number;

  constructor(
    private readonly queue: Queue,
    private readonly handler: TaskHandler,
    private readonly plan: FetchPlan,
    private readonly concurrency: number,
    private readonly hooks: ExecutionHooks,
  ) {
    this.maxLines = queue.options.logs?.maxLines ?? DEFAULT_LOG_LINES;
    this.maxLineBytes = queue.options.logs?.maxLineBytes ?? DEFAULT_LOG_LINE_BYTES;
    this.maxResultBytes = queue.options.maxResultBytes ?? DEFAULT_MAX_RESULT_BYTES;
  }

  /** Leased tasks waiting for a slot. */
  get queued(): number {
    return this.ready.length - this.readyHead;
  }

  /** Queues a leased task; `startBy` (local ms, 0 = none) is when its rate grant goes stale. */
  add(lease: Lease, raw: string, startBy = 0): void {
    this.ready.push({ lease, raw, startBy });
  }

  /** Empties the buffer and returns the leases that never started. */
  takeUnstarted(): Lease[] {
    const out = this.ready.slice(this.readyHead).map((r) => r.lease);
    this.ready = [];
    this.readyHead = 0;
    return out;
  }

  /** Starts ready tasks while slots are free. Not re-entrant: a sync handler loops here, not deeper. */
  pump(): void {
    if (this.pumping) return;
    this.pumping = true;
    let stale: Lease[] | undefined;
    try {
      while (this.hooks.isRunning() && this.plan.busy < this.concurrency && this.readyHead < this.ready.length) {
        const r = this.ready[this.readyHead++]!;
        if (this.readyHead === this.ready.length) {
          this.ready = [];
          this.readyHead = 0;
        } else if (this.readyHead > 1024) {
          this.ready = this.ready.slice(this.readyHead);
          this.readyHead = 0;
        }
        // A start must fall within its grant's guard, or a rate window could count more than max.
        if (r.startBy !== 0 && Date.now() > r.startBy) (stale ??= []).push(r.lease);
        else this.start(r.lease, r.raw);
      }
    } finally {
      this.pumping = false;
      if (stale) this.hooks.stale(stale);
    }
  }

  /**
   * Ends a running attempt of a cancelled task at once: its signal aborts, its slot is given back
   * and fail-11 moves it to cancelled; whatever the handler does later is discarded.
   */
  cancel(lease: Lease): void {
    if (lease.settled) return;
    if (!lease.rec) {
      lease.cancelPending = true;
      return;
    }
    this.endEarly(lease, 'cancelled', new CancelledAttempt(lease.id));
  }

  private endEarly(lease: Lease, why: 'timeout' | 'cancelled', e: Error): void {
    lease.settled = why;
    clearTimeout(lease.deadline);
    const c = lease.controller ?? new AbortController();
    lease.controller = c;
    c.abort(e);
    void this.afterFailure(lease, lease.rec!, e, true);
  }

  private start(lease: Lease, raw: string): void {
    this.plan.busy++;
    this.plan.started();
    const rec = parseRecord(raw);
    lease.otel = this.queue.telemetry.startAttempt(lease.id, lease.partition.index, rec, this.hooks.workerId);
    if (!rec) {
      // reserve checks records, but its fast path only checks their shape: fail this one for good.
      const e = new UnrecoverableError(`task ${lease.id}: the stored task record is not valid JSON`);
      this.hooks.report(
        new MalformedDataError(`queue ${this.queue.name} partition ${lease.partition.index}: ${e.message}`),
      );
      void this.afterFailure(lease, { attemptsMade: 1, maxAttempts: 1 } as TaskRecord, e);
      return;
    }
    lease.rec = rec;
    if (lease.cancelPending) {
      this.endEarly(lease, 'cancelled', new CancelledAttempt(lease.id));
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
      this,
    );
    const timeoutMs = rec.timeoutMs ?? this.queue.options.defaultTimeoutMs;
    if (timeoutMs !== undefined) {
      lease.deadline = setTimeout(
        () => this.endEarly(lease, 'timeout', new TimeoutError(lease.id, timeoutMs)),
        timeoutMs,
      );
    }
    const t0 = performance.now();
    const since = readySince(rec);
    // Wait: from when it could run to now, on this host's clock (readyAt is the server's, createdAt the producer's).
    lease.latency = {
      startedAt: t0,
      waitBucket: since === undefined ? -1 : latencyBucket(Date.now() - since),
      runBucket: -1,
    };
    let result: unknown;
    try {
      // With tracing, the handler runs in the attempt span's context: its own spans are children.
      const otelContext = lease.otel?.context;
      result = otelContext ? context.with(otelContext, this.handler, undefined, ctx) : this.handler(ctx);
    } catch (e) {
      void this.afterFailure(lease, rec, e);
      return;
    }
    if (result !== null && typeof result === 'object' && typeof (result as PromiseLike<unknown>).then === 'function') {
      (result as PromiseLike<unknown>).then(
        (value) => this.afterSuccess(lease, rec, t0, value),
        (e: unknown) => void this.afterFailure(lease, rec, e),
      );
    } else this.afterSuccess(lease, rec, t0, result);
  }

  /** The result as JSON ('' for undefined), or the error that fails the attempt. */
  private encodeResult(id: string, value: unknown): string | Error {
    if (value === undefined) return '';
    let json: string | undefined;
    try {
      json = JSON.stringify(value);
    } catch (e) {
      return new ResultNotSerializableError(id, (e as Error).message);
    }
    if (json === undefined) return new ResultNotSerializableError(id, `a ${typeof value} is not JSON`);
    // Cheap bound first: a string of n UTF-16 units is at most 3n bytes of UTF-8.
    if (json.length * 3 > this.maxResultBytes) {
      const bytes = Buffer.byteLength(json);
      if (bytes > this.maxResultBytes) return new ResultTooLargeError(id, bytes, this.maxResultBytes);
    }
    return json;
  }

  /** The slot is free as soon as the handler returns; the ack goes out with others of this tick. */
  private afterSuccess(lease: Lease, rec: TaskRecord, t0: number, value: unknown): void {
    if (lease.settled) {
      if (lease.settled === 'timeout') this.hooks.late(lease);
      return;
    }
    const encoded = this.encodeResult(lease.id, value);
    if (encoded instanceof Error) {
      void this.afterFailure(lease, rec, encoded);
      return;
    }
    // From here the outcome is this success: a cancel check that comes while the ack is on its
    // way must not end the attempt again (a second fail, and the slot given back twice).
    lease.settled = 'finished';
    clearTimeout(lease.deadline);
    if (encoded !== '') lease.result = encoded;
    const ran = performance.now() - t0;
    this.plan.observe(ran);
    if (lease.latency) lease.latency.runBucket = latencyBucket(ran);
    if (lease.report) {
      // Progress and logs first, while the lease is still held: the ack would fence them out.
      void this.flushReport(lease).finally(() => this.finishSuccess(lease));
      return;
    }
    this.finishSuccess(lease);
  }

  private finishSuccess(lease: Lease): void {
    this.plan.busy--;
    this.hooks.succeeded(lease);
    this.pump();
    this.plan.wake();
  }

  private async afterFailure(lease: Lease, rec: TaskRecord, err: unknown, early = false): Promise<void> {
    // An attempt already ended by its deadline or a cancel: the handler's own failure is discarded.
    if (lease.settled && !early) return;
    if (!early) lease.settled = 'finished';
    clearTimeout(lease.deadline);
    if (lease.latency) lease.latency.runBucket = latencyBucket(performance.now() - lease.latency.startedAt);
    const e = err instanceof Error ? err : new Error(String(err));
    try {
      if (lease.report) await this.flushReport(lease);
      if (e instanceof RateLimitError && !early) {
        await this.hooks.rateLimited(lease, e.ms);
        return;
      }
      const reason =
        e instanceof TimeoutError ? 'timeout' : e instanceof UnrecoverableError ? 'unrecoverable' : 'error';
      const backoffMs =
        e instanceof UnrecoverableError || e instanceof CancelledAttempt
          ? -1
          : backoffDelay(rec.backoff, rec.attemptsMade);
      const item = {
        id: lease.id,
        token: lease.token,
        message: e.message.slice(0, 2000),
        stack: (e.stack ?? '').slice(0, 8000),
        backoffMs,
        reason: reason as 'error' | 'timeout' | 'unrecoverable',
        latency: lease.latency,
      };
      // Fenced and safe to re-send (fail-11.lua answers its own earlier outcome again).
      const [code] = await retry(TRANSIENT_RETRY, () => this.queue.scripts.fail(lease.partition, [item]));
      this.hooks.failed(lease, code!, e);
    } catch (failure) {
      // The attempt failed with `e`, but whether Redis recorded that is unknown.
      noteOutcome(lease.otel, 'unknown', e);
      this.hooks.report(failure);
    } finally {
      this.hooks.forget(lease);
      this.plan.busy--;
      this.pump();
      this.plan.wake();
    }
  }

  /** ReportSink: writes the lease's pending progress and log lines within REPORT_INTERVAL_MS. */
  schedule(lease: Lease): void {
    const r = lease.report!;
    if (r.timer || r.inFlight) return;
    const wait = Math.max(0, r.lastFlush + REPORT_INTERVAL_MS - Date.now());
    r.timer = setTimeout(() => {
      r.timer = undefined;
      void this.flushReport(lease);
    }, wait);
  }

  /** Sends what is pending now (after any write in flight); a lost lease drops it. */
  private async flushReport(lease: Lease): Promise<void> {
    const r = lease.report;
    if (!r) return;
    if (r.timer) {
      clearTimeout(r.timer);
      r.timer = undefined;
    }
    if (r.inFlight) await r.inFlight;
    if (r.progress === undefined && r.lines.length === 0) return;
    const progress = r.progress ?? '';
    const lines = r.lines;
    const dropped = r.dropped;
    r.progress = undefined;
    r.lines = [];
    r.dropped = 0;
    r.lastFlush = Date.now();
    r.inFlight = retry(TRANSIENT_RETRY, () =>
      this.queue.scripts.report(lease.partition, lease, { progress, maxLines: this.maxLines, dropped, lines }),
    )
      .then(
        (code) => {
          // A lost lease or a deleted task: the attempt is over, its reports go with it.
          if (code !== ScriptCode.Ok && code !== ScriptCode.LeaseNotOwned && code !== ScriptCode.TaskMissing)
            this.hooks.report(new Error(`task ${lease.id}: progress/log write answered ${code}`));
        },
        (e: unknown) => this.hooks.report(e),
      )
      .finally(() => {
        r.inFlight = undefined;
        if (r.progress !== undefined || r.lines.length > 0) this.schedule(lease);
      });
    await r.inFlight;
  }
}

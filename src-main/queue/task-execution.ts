import { retry } from '../lib/retry';
import { TRANSIENT_RETRY } from '../redis/connection-error';
import { MalformedDataError } from './errors';
import type { FetchPlan } from './fetch-plan';
import type { Queue } from './queue';
import type { ScriptCode } from './script-code';
import { Context, UnrecoverableError, type Lease, type TaskHandler } from './task-context';
import { backoffDelay, parsePayload, parseRecord, type TaskRecord } from './task-record';

/** A leased task not started yet. */
interface Ready {
  lease: Lease;
  raw: string;
}

/** What the executor tells its worker. */
export interface ExecutionHooks {
  isRunning(): boolean;
  /** The handler returned: the task is to be acked. */
  succeeded(lease: Lease): void;
  /** fail-8 answered for a failed attempt. */
  failed(lease: Lease, code: ScriptCode, error: Error): void;
  /** The lease is done with on this side (its failure is recorded, or could not be). */
  forget(lease: Lease): void;
  report(e: unknown): void;
}

/**
 * Runs leased tasks: a buffer of tasks leased ahead, started oldest first while slots are free,
 * the handler call (sync or async) and the recording of failed attempts with their backoff.
 */
export class TaskExecutor {
  private ready: Ready[] = [];
  private readyHead = 0;
  private pumping = false;

  constructor(
    private readonly queue: Queue,
    private readonly handler: TaskHandler,
    private readonly plan: FetchPlan,
    private readonly concurrency: number,
    private readonly hooks: ExecutionHooks,
  ) {}

  /** Leased tasks waiting for a slot. */
  get queued(): number {
    return this.ready.length - this.readyHead;
  }

  add(lease: Lease, raw: string): void {
    this.ready.push({ lease, raw });
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
        this.start(r.lease, r.raw);
      }
    } finally {
      this.pumping = false;
    }
  }

  private start(lease: Lease, raw: string): void {
    this.plan.busy++;
    const rec = parseRecord(raw);
    if (!rec) {
      // reserve checks records, but its fast path only checks their shape: fail this one for good.
      const e = new UnrecoverableError(`task ${lease.id}: the stored task record is not valid JSON`);
      this.hooks.report(
        new MalformedDataError(`queue ${this.queue.name} partition ${lease.partition.index}: ${e.message}`),
      );
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
    this.plan.observe(performance.now() - t0);
    this.plan.busy--;
    this.hooks.succeeded(lease);
    this.pump();
    this.plan.wake();
  }

  private async afterFailure(lease: Lease, rec: TaskRecord, err: unknown): Promise<void> {
    const e = err instanceof Error ? err : new Error(String(err));
    try {
      const backoffMs = e instanceof UnrecoverableError ? -1 : backoffDelay(rec.backoff, rec.attemptsMade);
      const item = {
        id: lease.id,
        token: lease.token,
        message: e.message.slice(0, 2000),
        stack: (e.stack ?? '').slice(0, 8000),
        backoffMs,
      };
      // Fenced and safe to re-send (fail-8.lua answers its own earlier outcome again).
      const [code] = await retry(TRANSIENT_RETRY, () => this.queue.scripts.fail(lease.partition, [item]));
      this.hooks.failed(lease, code!, e);
    } catch (failure) {
      this.hooks.report(failure);
    } finally {
      this.hooks.forget(lease);
      this.plan.busy--;
      this.pump();
      this.plan.wake();
    }
  }
}

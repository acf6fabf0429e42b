import { setTimeout as sleep } from 'node:timers/promises';
import { retry } from '../lib/retry';
import { TRANSIENT_RETRY } from '../redis/connection-error';
import type { Queue } from './queue';

/** Longest single sleep while the limiter refuses, so a stopping worker notices soon. */
const MAX_WAIT_SLICE_MS = 250;
/** Sleep after a refusal by the concurrency cap (no signal tells when a share frees up). */
const CAP_RETRY_MS = 40;

/** The guard of a rate window of perMs: 5% of it, at most 50 ms (the same rule as limit-acquire-5.lua). */
export function rateGuardMs(perMs: number): number {
  return Math.min(50, Math.floor(perMs / 20));
}

/** Starts granted to one fetch-loop round. */
export interface Grant {
  granted: number;
  /** Rate batch member to refund unused starts to ('' when none). */
  batch: string;
  /** True when the grant counts against the concurrency cap (its tasks must be given back). */
  capped: boolean;
}

/**
 * A worker's side of the queue-wide limiter (see Limiter): asks for starts before each reserve
 * when the queue has limits, refunds what a partition could not fill, renews and gives back its
 * share of the concurrency cap, and obeys a handler's rateLimit(ms) hold. With no limit set and
 * no hold, `engaged` is false and the worker makes no limiter call per task.
 */
export class WorkerLimits {
  /** A hold seen by this worker (its own handler's rateLimit, or read in the refresh). */
  private holdUntil = 0;
  /** Leases that count against the cap (by the worker's lease key). */
  private readonly held = new Set<string>();
  private pendingDone = 0;
  private flushing: Promise<void> | undefined;

  constructor(
    private readonly queue: Queue,
    private readonly workerId: string,
    private readonly leaseMs: number,
    private readonly report: (e: unknown) => void,
  ) {}

  /** True when the queue has a rate limit or a concurrency cap. */
  get limited(): boolean {
    return this.queue.definition.rateLimit !== undefined || this.queue.definition.concurrency !== undefined;
  }

  /** True when the queue has a concurrency cap (a lease holds a share of it until its outcome). */
  get capped(): boolean {
    return this.queue.definition.concurrency !== undefined;
  }

  /**
   * The rate window's guard (ms) when the queue has a rate limit, else null: a start granted by
   * limit-acquire must happen within it (see limit-acquire-5.lua, which counts each grant batch
   * for perMs plus this guard).
   */
  get rateGuardMs(): number | null {
    const r = this.queue.definition.rateLimit;
    return r === undefined ? null : rateGuardMs(r.perMs);
  }

  /** True when fetch loops must ask the limiter (or wait out a hold) before a reserve. */
  get engaged(): boolean {
    return this.limited || this.holdUntil > Date.now();
  }

  /** Waits until some starts are granted (at most n), or until `running()` turns false (0). */
  async acquire(n: number, running: () => boolean): Promise<Grant> {
    while (running()) {
      if (!this.limited) {
        const left = this.holdUntil - Date.now();
        if (left <= 0) return { granted: n, batch: '', capped: false };
        await sleep(Math.min(left, MAX_WAIT_SLICE_MS));
        continue;
      }
      const cap = this.queue.concurrency;
      const r = await this.queue.limiter.acquire({
        n,
        workerId: this.workerId,
        rate: this.queue.rateLimit,
        cap,
        leaseMs: this.leaseMs,
      });
      if (r.granted > 0) return { granted: r.granted, batch: r.batch, capped: cap !== null };
      const wait = r.why === 'cap' ? CAP_RETRY_MS + Math.floor(Math.random() * CAP_RETRY_MS) : r.waitMs;
      await sleep(Math.max(1, Math.min(wait, MAX_WAIT_SLICE_MS)));
    }
    return { granted: 0, batch: '', capped: false };
  }

  /** Gives back starts of a grant that no task used. */
  async refund(g: Grant, unused: number): Promise<void> {
    if (unused <= 0 || (g.batch === '' && !g.capped)) return;
    await retry(TRANSIENT_RETRY, () =>
      this.queue.limiter.refund({ batch: g.batch, unused, workerId: this.workerId, done: g.capped ? unused : 0 }),
    );
  }

  /** Marks a lease leased under a capped grant. */
  hold(key: string): void {
    this.held.add(key);
  }

  /** The lease's ack, fail or release is confirmed: its share of the cap goes back (batched per tick). */
  done(key: string): void {
    if (!this.held.delete(key)) return;
    this.pendingDone++;
    if (this.pendingDone === 1 && !this.flushing) setImmediate(() => void this.flush());
  }

  /** Sends the pending give-backs now (and waits for one in flight). */
  async flush(): Promise<void> {
    while (this.flushing) await this.flushing;
    const k = this.pendingDone;
    if (k === 0) return;
    this.pendingDone = 0;
    this.flushing = retry(TRANSIENT_RETRY, () =>
      this.queue.limiter.refund({ batch: '', unused: 0, workerId: this.workerId, done: k }),
    )
      .then(
        () => undefined,
        (e: unknown) => this.report(e),
      )
      .finally(() => {
        this.flushing = undefined;
        if (this.pendingDone > 0) setImmediate(() => void this.flush());
      });
    await this.flushing;
  }

  /** Renews the worker's share of the cap, with its leases. */
  async keepalive(): Promise<void> {
    if (this.held.size > 0) await this.queue.limiter.keepalive(this.workerId, this.leaseMs);
  }

  /** A handler asked to hold the queue's starts for ms. */
  async rateLimited(ms: number): Promise<void> {
    this.holdUntil = Math.max(this.holdUntil, Date.now() + ms);
    await retry(TRANSIENT_RETRY, () => this.queue.limiter.hold(ms));
  }

  /** About every second: re-reads the definition (limits) and, without limits, a hold set by another worker. */
  async refresh(): Promise<void> {
    await this.queue.refreshDefinition();
    if (this.limited) return;
    const left = await this.queue.limiter.holdLeft();
    if (left > 0) this.holdUntil = Math.max(this.holdUntil, Date.now() + left);
  }
}

import { setTimeout as sleep } from 'node:timers/promises';
import { DurabilityError, TaskFailedError, WaitTimeoutError } from '../queue/errors';
import type { Queue } from '../queue/queue';
import { Worker } from '../queue/worker';
import type { Ledger } from './ledger';

export interface LoadOptions {
  /** Enqueues per second over all producers. */
  rate: number;
  /** Tasks run at once over the pool. */
  concurrency: number;
  durable: { replicas: number; timeoutMs: number };
  /** Workers in the pool; concurrency is split among them. Default 2. */
  workers?: number;
  /** Prefix of every task id: unique per drill. */
  idPrefix: string;
  /** Every n-th enqueue is an enqueueAndWait (0 = none). Default 10. */
  waitEvery?: number;
  /** Timeout of each wait. Default 60 000 ms. */
  waitTimeoutMs?: number;
}

/** How the drill's enqueueAndWait calls ended. */
export interface WaitTally {
  started: number;
  /** Resolved with the task's own result. */
  resolved: number;
  /** Rejected with a typed error (WaitTimeoutError, TaskFailedError, or the enqueue's own error). */
  failedClearly: number;
  /** Resolved with a result that is not the task's. */
  wrongResult: number;
  /** Neither resolved nor rejected within its timeout plus a grace. */
  hung: number;
  /** Typed rejections by code. */
  byCode: Record<string, number>;
}

/** Distinct error messages, counted, with the first few kept (a failover repeats one a thousand times). */
export class ErrorTally {
  count = 0;
  private readonly seen = new Map<string, number>();
  add(message: string): void {
    this.count++;
    // Ids and numbers differ per call; the shape of the message is what is worth keeping.
    const key = message
      .replace(/[0-9a-z]+-[0-9a-f]{8}-\d+/g, '<id>')
      .replace(/\d+/g, 'N')
      .slice(0, 200);
    if (this.seen.has(key) || this.seen.size < 10) this.seen.set(key, (this.seen.get(key) ?? 0) + 1);
  }
  samples(): string[] {
    return [...this.seen].map(([m, n]) => `${n}× ${m}`);
  }
}

/**
 * The drill's load: rate-limited producers alternating durable and plain enqueues with unique
 * ids, and a worker pool whose no-op handler records every run in the ledger. Every loop stops on
 * stop(), and every wait is bounded.
 */
export class DrillLoad {
  readonly producerErrors = new ErrorTally();
  readonly workerErrors = new ErrorTally();
  /** Enqueues skipped because too many were in flight. */
  throttled = 0;
  /** The longest an enqueue took to be answered (acked, refused or failed), in ms. */
  longestWaitMs = 0;
  private windowLongestMs = 0;
  private producing = false;
  private producer?: Promise<void>;
  private inFlight = 0;
  private seq = 0;
  private readonly workers: Worker[] = [];
  readonly waits: WaitTally = { started: 0, resolved: 0, failedClearly: 0, wrongResult: 0, hung: 0, byCode: {} };
  private readonly pendingWaits = new Map<string, number>();

  constructor(
    private readonly producerQueue: Queue,
    private readonly workerQueue: Queue,
    private readonly ledger: Ledger,
    private readonly o: LoadOptions,
  ) {}

  start(): void {
    const n = Math.max(1, this.o.workers ?? 2);
    for (let i = 0; i < n; i++) {
      const w = new Worker(
        this.workerQueue,
        (t) => {
          this.ledger.ran(t.id);
          // The result a waiter checks: its own sequence number.
          return (t.payload as { seq: number }).seq;
        },
        {
          concurrency: Math.max(1, Math.ceil(this.o.concurrency / n)),
          // Short leases so tasks stranded by a fault are swept back within the drain.
          leaseMs: 5000,
          stalledIntervalMs: 1000,
          // A fault may strand a task more than once; it must come back, not fail.
          maxStalls: 10,
          blockTimeoutMs: 1000,
        },
      );
      w.on('completed', (id: string) => this.ledger.completed(id, Date.now()));
      w.on('error', (e: Error) => this.workerErrors.add(e.message));
      this.workers.push(w.start());
    }
    this.producing = true;
    this.producer = this.produce();
  }

  private async produce(): Promise<void> {
    const t0 = Date.now();
    let issued = 0;
    // Outstanding enqueues wait through a failover (seconds); cap them so memory stays bounded.
    const maxInFlight = Math.max(1000, this.o.rate * 10);
    while (this.producing) {
      const due = Math.floor(((Date.now() - t0) / 1000) * this.o.rate) - issued;
      if (due > 0) {
        const n = Math.min(due, Math.max(0, maxInFlight - this.inFlight));
        for (let i = 0; i < n; i++) this.enqueueOne();
        // What cannot be sent now is dropped, not deferred, so the rate never bursts afterwards.
        this.throttled += due - n;
        issued += due;
      }
      await sleep(10);
    }
  }

  private enqueueOne(): void {
    const seq = ++this.seq;
    const id = `${this.o.idPrefix}-${seq}`;
    const every = this.o.waitEvery ?? 10;
    if (every > 0 && seq % every === 0) {
      this.enqueueAndWaitOne(id, seq);
      return;
    }
    const durable = seq % 2 === 0;
    const partition = this.producerQueue.route({ id }).index;
    this.ledger.begin(id, durable ? 'durable' : 'plain', partition);
    this.inFlight++;
    const sentAt = Date.now();
    this.producerQueue
      .enqueue({ seq }, { id, durable: durable ? this.o.durable : false })
      .then(
        (r) => this.ledger.acked(id, r.created, Date.now()),
        (e: unknown) => {
          const msg = e instanceof Error ? e.message : String(e);
          if (e instanceof DurabilityError) this.ledger.unconfirmed(id, msg);
          else {
            this.ledger.errored(id, msg);
            this.producerErrors.add(msg);
          }
        },
      )
      .finally(() => {
        this.inFlight--;
        const waited = Date.now() - sentAt;
        this.longestWaitMs = Math.max(this.longestWaitMs, waited);
        this.windowLongestMs = Math.max(this.windowLongestMs, waited);
      });
  }

  /** A plain enqueue through enqueueAndWait: the ledger records it, the tally how the wait ended. */
  private enqueueAndWaitOne(id: string, seq: number): void {
    const partition = this.producerQueue.route({ id }).index;
    this.ledger.begin(id, 'plain', partition);
    this.inFlight++;
    this.waits.started++;
    this.pendingWaits.set(id, Date.now());
    this.producerQueue
      .enqueueAndWait({ seq }, { id, durable: false, timeoutMs: this.o.waitTimeoutMs ?? 60_000 })
      .then(
        (result) => {
          this.ledger.acked(id, true, Date.now());
          if (result === seq) this.waits.resolved++;
          else this.waits.wrongResult++;
        },
        (e: unknown) => {
          const msg = e instanceof Error ? e.message : String(e);
          const code = (e as { code?: unknown }).code;
          // The task was stored when the wait itself is what failed.
          if (e instanceof WaitTimeoutError || e instanceof TaskFailedError) this.ledger.acked(id, true, Date.now());
          else {
            this.ledger.errored(id, msg);
            this.producerErrors.add(msg);
          }
          this.waits.failedClearly++;
          const k = typeof code === 'string' ? code : (e as Error).name || 'Error';
          this.waits.byCode[k] = (this.waits.byCode[k] ?? 0) + 1;
        },
      )
      .finally(() => {
        this.inFlight--;
        this.pendingWaits.delete(id);
      });
  }

  /**
   * Waits until every enqueueAndWait has settled, at most until each one's own timeout plus
   * `graceMs`; those still pending then are counted as hung.
   */
  async settleWaits(graceMs = 5000): Promise<WaitTally> {
    const limit = (this.o.waitTimeoutMs ?? 60_000) + graceMs;
    while (this.pendingWaits.size > 0) {
      const oldest = Math.min(...this.pendingWaits.values());
      if (Date.now() - oldest > limit) break;
      await sleep(100);
    }
    this.waits.hung = this.pendingWaits.size;
    return { ...this.waits, byCode: { ...this.waits.byCode } };
  }

  /** Stops producing and waits up to `timeoutMs` for outstanding enqueues to be answered. */
  async stopProducers(timeoutMs = 30000): Promise<number> {
    this.producing = false;
    await this.producer;
    const deadline = Date.now() + timeoutMs;
    while (this.inFlight > 0 && Date.now() < deadline) await sleep(50);
    return this.inFlight;
  }

  /** Waits until nothing is waiting, delayed or active in the queue, for at most `timeoutMs`. True when drained. */
  async drain(timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      try {
        const c = await this.producerQueue.counts();
        if (c.waiting + c.delayed + c.active === 0) return true;
      } catch {
        /* asked again */
      }
      await sleep(250);
    }
    return false;
  }

  /**
   * The longest enqueue answered since the previous call (or the start), in ms; starts a new
   * window. An enqueue counts in the window in which it was answered.
   */
  takeLongestWait(): number {
    const v = this.windowLongestMs;
    this.windowLongestMs = 0;
    return v;
  }

  async stopWorkers(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.stop(5000)));
  }

  get workerStats(): { completed: number; failed: number; retried: number; leaseLost: number } {
    const s = { completed: 0, failed: 0, retried: 0, leaseLost: 0 };
    for (const w of this.workers) {
      s.completed += w.stats.completed;
      s.failed += w.stats.failed;
      s.retried += w.stats.retried;
      s.leaseLost += w.stats.leaseLost;
    }
    return s;
  }
}

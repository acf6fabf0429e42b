/** Lease ahead what the worker expects to start within this long (unless the worker sets horizonMs). */
export const PREFETCH_HORIZON_MS = 100;
/** Completed tasks whose ack is not confirmed yet, before the worker stops leasing more. */
const MAX_PENDING_ACKS = 5000;
/** Interval over which starts are counted for the measured start rate. */
const START_RATE_INTERVAL_MS = 200;

/**
 * How many tasks a worker should lease now: idle slots at once, plus a look-ahead sized from the
 * handlers' mean duration, refilled in large steps so a busy worker makes few, large reserve
 * calls. Fetch loops wait here while there is no room.
 */
export class FetchPlan {
  /** Handlers running now. */
  busy = 0;
  /** Tasks asked of reserve calls in flight. */
  reserved = 0;
  /** Mean handler duration (exponentially weighted), -1 before the first task. */
  private meanTaskMs = -1;
  /** Starts per ms measured over the last closed interval (for a look-ahead under a deadline). */
  private startRate = 0;
  private startsInInterval = 0;
  private intervalStart = performance.now();
  private waiters: Array<() => void> = [];

  constructor(
    private readonly o: { concurrency: number; prefetch: number; horizonMs?: number },
    private readonly load: {
      /** Leased tasks not started yet. */
      queued(): number;
      /** Acks not confirmed yet. */
      pendingAcks(): number;
    },
  ) {}

  /** Records how long one handler ran. */
  observe(ms: number): void {
    this.meanTaskMs = this.meanTaskMs < 0 ? ms : this.meanTaskMs * 0.9 + ms * 0.1;
  }

  /** Counts one start (the rate of starts sizes a look-ahead that must start by a deadline). */
  started(): void {
    this.startsInInterval++;
    const now = performance.now();
    if (now - this.intervalStart >= START_RATE_INTERVAL_MS) {
      this.startRate = this.startsInInterval / (now - this.intervalStart);
      this.startsInInterval = 0;
      this.intervalStart = now;
    }
  }

  /**
   * Tasks worth leasing ahead now: what the running handlers will reach within the horizon. With
   * a horizonMs (leased-ahead tasks must start within it, see Worker), also no more than the
   * starts measured over such a span: handler time alone overestimates when acks or the
   * limiter pace the worker, and every task over the estimate would go back unstarted.
   */
  ahead(): number {
    if (this.o.prefetch === 0 || this.meanTaskMs < 0) return 0;
    const horizon = this.o.horizonMs ?? PREFETCH_HORIZON_MS;
    const perHorizon = Math.floor((this.o.concurrency * horizon) / Math.max(this.meanTaskMs, 0.001));
    const byRate = this.o.horizonMs === undefined ? Infinity : Math.floor(this.startRate * horizon);
    return Math.min(this.o.prefetch, perHorizon, byRate);
  }

  /**
   * How many tasks to lease now (0 = wait). Idle slots are filled at once; the look-ahead buffer
   * is refilled only once a quarter of it is gone.
   */
  room(): number {
    if (this.load.pendingAcks() >= MAX_PENDING_ACKS) return 0;
    const queued = this.load.queued();
    const limit = this.o.concurrency + this.ahead();
    const room = limit - (this.busy + queued + this.reserved);
    if (room <= 0) return 0;
    if (queued === 0 && this.reserved === 0 && this.busy < this.o.concurrency) return room;
    return room >= Math.max(1, Math.floor(limit / 4)) ? room : 0;
  }

  /** Resolves once there is room, or once `running()` turns false (after a `wake`). */
  async waitForRoom(running: () => boolean): Promise<void> {
    while (running() && this.room() <= 0) {
      await new Promise<void>((r) => this.waiters.push(r));
    }
  }

  /** Lets waiting fetch loops look again (a slot freed, an ack confirmed, a stop). */
  wake(): void {
    if (this.waiters.length === 0) return;
    const w = this.waiters;
    this.waiters = [];
    for (const r of w) r();
  }
}

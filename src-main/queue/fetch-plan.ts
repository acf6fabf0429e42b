/** Lease ahead what the worker expects to start within this long. */
const PREFETCH_HORIZON_MS = 100;
/** Completed tasks whose ack is not confirmed yet, before the worker stops leasing more. */
const MAX_PENDING_ACKS = 5000;

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
  private waiters: Array<() => void> = [];

  constructor(
    private readonly o: { concurrency: number; prefetch: number },
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

  /** Tasks worth leasing ahead now: what the running handlers will reach within the horizon. */
  ahead(): number {
    if (this.o.prefetch === 0 || this.meanTaskMs < 0) return 0;
    const perHorizon = Math.floor((this.o.concurrency * PREFETCH_HORIZON_MS) / Math.max(this.meanTaskMs, 0.001));
    return Math.min(this.o.prefetch, perHorizon);
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

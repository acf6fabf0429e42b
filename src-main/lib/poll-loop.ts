/** What a round is told about its loop. */
export interface RoundContext {
  /** False once the loop was stopped or restarted after this round began: drop its result. */
  current(): boolean;
}

/** Tuning of a PollLoop. */
export interface PollLoopOptions {
  /**
   * One round. Resolves with the pause before the next round in ms, or nothing for `intervalMs`.
   * A rejection goes to `onError` and the loop goes on after `intervalMs`.
   */
  round: (ctx: RoundContext) => Promise<number | void>;
  /** Pause between the end of one round and the start of the next. */
  intervalMs: number;
  /** Called with whatever a round threw. Default: ignored. */
  onError?: (e: unknown) => void;
}

/**
 * A polling loop on chained `setTimeout`s: the next round is scheduled only when the previous one
 * has finished, so a slow round never overlaps the next. `stop()` waits for a round in flight.
 * Each `start()` opens a new generation, so a round left over from before a stop/start pair
 * cannot schedule a second loop, and the new loop's first round waits for it to finish.
 */
export class PollLoop {
  private running = false;
  private generation = 0;
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<void> | undefined;

  constructor(private readonly options: PollLoopOptions) {}

  /** Whether the loop is started. */
  get isRunning(): boolean {
    return this.running;
  }

  /** Starts the loop; the first round runs after `firstDelayMs` (default at once). No-op while running. */
  start(firstDelayMs = 0): void {
    if (this.running) return;
    this.running = true;
    this.schedule(++this.generation, firstDelayMs);
  }

  /** Stops the loop and resolves once a round in flight has finished. */
  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.inFlight;
  }

  private schedule(generation: number, ms: number): void {
    this.timer = setTimeout(() => {
      const previous = this.inFlight ?? Promise.resolve();
      const run: Promise<void> = previous.then(() => this.run(generation));
      this.inFlight = run;
      void run.finally(() => {
        if (this.inFlight === run) this.inFlight = undefined;
      });
    }, ms);
  }

  private async run(generation: number): Promise<void> {
    const current = () => this.running && generation === this.generation;
    if (!current()) return;
    let delay = this.options.intervalMs;
    try {
      const next = await this.options.round({ current });
      if (typeof next === 'number') delay = next;
    } catch (e) {
      try {
        this.options.onError?.(e);
      } catch {
        // A failing error reporter must not end the loop.
      }
    }
    if (current()) this.schedule(generation, delay);
  }
}

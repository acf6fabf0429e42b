/** What each queue system under test offers the runner. Every method times only the work itself. */
export interface BenchSystem {
  name: 'slotline' | 'bullmq';
  /** The settings used, recorded in the results for fairness review. */
  config: Record<string, unknown>;
  /** Connects and opens the queue (untimed). */
  prepare(): Promise<void>;
  /** `total` single enqueues, `inFlight` outstanding at once; ms. */
  enqueueOneByOne(total: number, inFlight: number): Promise<number>;
  /** `total` tasks in bulk calls of `chunk`, one call after the other; ms. */
  enqueueBulk(total: number, chunk: number): Promise<number>;
  /** Processes `total` tasks already enqueued, no-op handler; ms from worker start to the last completion. */
  process(total: number, concurrency: number): Promise<number>;
  /** Enqueue at a steady rate to an idle worker; latencies in ms from enqueue call to handler start. */
  latency(rate: number, seconds: number, concurrency: number): Promise<LatencyRun>;
  close(): Promise<void>;
}

export interface LatencyRun {
  latencies: number[];
  sent: number;
}

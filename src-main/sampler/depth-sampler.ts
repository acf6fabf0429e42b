import type { DepthSample, QueueCounts } from '../../shared/types/queue';
import { PollLoop } from '../lib/poll-loop';
import { createLogger } from '../log/create-logger';
import { RingBuffer } from './ring-buffer';
import { throughputBetween, type Throughput, type TotalsReading } from './throughput';

const log = createLogger('sampler');

/** Where the sampler reads from; the Redis-backed one is `handleDepthSource`, tests pass a fake. */
/** One partition's running totals, as a source read them with the queue's counts. */
export interface PartitionTotals {
  /** The partition's hash tag: stable across reads, unique across generations. */
  tag: string;
  completedTotal: number;
  failedTotal: number;
}

/** Where the sampler reads from; the Redis-backed one is `handleDepthSource`, tests pass a fake. */
export interface DepthSource {
  /** Names of every registered queue. */
  listQueues(): Promise<string[]>;
  /** Counts per state and running totals of one queue, and (when the source has them) of each partition. */
  counts(queue: string): Promise<QueueCounts & { partitions?: PartitionTotals[] }>;
  /**
   * Enqueue time of the oldest task at the head of the queue's partitions; null when none waits.
   * Asked only while the queue has waiting tasks. Without it, samples carry no `oldestWaitingAt`.
   */
  oldestWaitingAt?(queue: string): Promise<number | null>;
  /** Live workers per queue (absent: none), read once per tick. Without it, samples carry no `liveWorkers`. */
  liveWorkers?(): Promise<Map<string, number>>;
}

/** What a tick learnt of one queue besides its counts. */
interface Extras {
  oldestWaitingAt?: number | null;
  liveWorkers?: number;
}

/** Tuning of a DepthSampler. */
export interface DepthSamplerOptions {
  /** Pause between the end of one tick and the start of the next. Default 1000 ms. */
  intervalMs?: number;
  /** How often the list of queues is read again. Default 10 000 ms. */
  discoveryIntervalMs?: number;
  /** Samples kept per queue. Default 3600 (one hour at one per second). */
  capacity?: number;
  /** Clock, for tests. Default Date.now. */
  now?: () => number;
}

type Listener = (samples: DepthSample[]) => void;

/**
 * Samples every queue's depth once per interval and keeps the last hour per queue, so a console
 * window opened late still draws a full chart. Ticks are chained with setTimeout; a failing read
 * (a cluster failing over) is logged and the loop goes on.
 */
export class DepthSampler {
  private readonly intervalMs: number;
  private readonly discoveryIntervalMs: number;
  private readonly capacity: number;
  private readonly now: () => number;
  private readonly buffers = new Map<string, RingBuffer<DepthSample>>();
  private readonly totals = new Map<string, TotalsReading>();
  /** Per queue, per partition tag: its last reading and the rate since the one before. */
  private readonly partitionTotals = new Map<string, Map<string, { reading: TotalsReading; rate?: Throughput }>>();
  private readonly listeners = new Set<Listener>();
  private queues: string[] = [];
  private discoveredAt = -Infinity;
  private readonly loop: PollLoop;
  private failures = 0;

  constructor(
    private readonly source: DepthSource,
    options: DepthSamplerOptions = {},
  ) {
    this.intervalMs = options.intervalMs ?? 1000;
    this.discoveryIntervalMs = options.discoveryIntervalMs ?? 10_000;
    this.capacity = options.capacity ?? 3600;
    this.now = options.now ?? Date.now;
    this.loop = new PollLoop({
      intervalMs: this.intervalMs,
      round: async () => {
        await this.tick();
      },
      onError: (e) => log.error(`sampler tick failed: ${message(e)}`),
    });
  }

  /** Starts sampling; the first tick runs at once. Calling it again while running does nothing. */
  start(): void {
    this.loop.start();
  }

  /** Stops sampling and resolves once a tick in flight has finished. Buffers are kept. */
  async stop(): Promise<void> {
    await this.loop.stop();
  }

  /** Called with one sample per queue per tick. Returns an unsubscribe function. */
  onSamples(fn: Listener): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** A queue's kept samples, oldest first, optionally only those taken at or after `sinceMs`. */
  samples(queue: string, sinceMs?: number): DepthSample[] {
    const all = this.buffers.get(queue)?.toArray() ?? [];
    return sinceMs === undefined ? all : all.filter((s) => s.at >= sinceMs);
  }

  /** The newest sample of a queue. */
  latest(queue: string): DepthSample | undefined {
    return this.buffers.get(queue)?.last();
  }

  /** The queues found by the last discovery. */
  knownQueues(): string[] {
    return [...this.queues];
  }

  /**
   * Completed and failed per second of each partition of a queue (by hash tag) between the last
   * two readings; a partition read only once (new, or the sampler just started) has none. Costs
   * no read of its own: the counts of each tick are read per partition anyway.
   */
  partitionThroughput(queue: string): ReadonlyMap<string, Throughput> {
    const out = new Map<string, Throughput>();
    for (const [tag, p] of this.partitionTotals.get(queue) ?? []) if (p.rate) out.set(tag, p.rate);
    return out;
  }

  /** Forces the next tick to read the list of queues again (after a queue was created). */
  rediscover(): void {
    this.discoveredAt = -Infinity;
  }

  /** Takes one round of samples now; what the timer calls. Never throws. Exposed for tests. */
  async tick(): Promise<DepthSample[]> {
    const now = this.now();
    if (now - this.discoveredAt >= this.discoveryIntervalMs) {
      try {
        this.queues = await this.source.listQueues();
        this.discoveredAt = now;
        this.forgetRemoved();
      } catch (e) {
        // Keep sampling the queues found last time; retry discovery next tick.
        log.debug(`queue discovery failed: ${message(e)}`);
      }
    }
    const [results, workers] = await Promise.all([
      Promise.allSettled(this.queues.map(async (q) => [q, ...(await this.read(q))] as const)),
      this.source.liveWorkers?.().catch((e: unknown) => {
        log.debug(`live workers not read: ${message(e)}`);
        return undefined;
      }),
    ]);
    const batch: DepthSample[] = [];
    let failed = 0;
    for (const r of results) {
      if (r.status === 'rejected') {
        failed++;
        continue;
      }
      const [queue, counts, oldest] = r.value;
      const extras: Extras = { ...oldest, ...(workers ? { liveWorkers: workers.get(queue) ?? 0 } : {}) };
      batch.push(this.record(queue, counts, this.now(), extras));
    }
    this.noteFailures(failed, results);
    if (batch.length > 0) this.emit(batch);
    return batch;
  }

  /**
   * One queue's counts, then (only while tasks wait) the oldest waiting task's enqueue time. A
   * failed age read leaves the age out of the sample instead of failing it.
   */
  private async read(
    queue: string,
  ): Promise<[QueueCounts & { partitions?: PartitionTotals[] }, Pick<Extras, 'oldestWaitingAt'>]> {
    const c = await this.source.counts(queue);
    if (!this.source.oldestWaitingAt) return [c, {}];
    if (c.waiting === 0) return [c, { oldestWaitingAt: null }];
    try {
      return [c, { oldestWaitingAt: await this.source.oldestWaitingAt(queue) }];
    } catch (e) {
      log.debug(`oldest waiting task of ${queue} not read: ${message(e)}`);
      return [c, {}];
    }
  }

  private record(
    queue: string,
    c: QueueCounts & { partitions?: PartitionTotals[] },
    at: number,
    extras: Extras = {},
  ): DepthSample {
    const reading = { at, completedTotal: c.completedTotal, failedTotal: c.failedTotal };
    const rate = throughputBetween(this.totals.get(queue), reading);
    this.totals.set(queue, reading);
    if (c.partitions) this.recordPartitions(queue, c.partitions, at);
    const sample: DepthSample = {
      queue,
      at,
      waiting: c.waiting,
      delayed: c.delayed,
      active: c.active,
      completed: c.completed,
      failed: c.failed,
      ...rate,
      completedTotal: c.completedTotal,
      failedTotal: c.failedTotal,
      cancelled: c.cancelled,
      cancelledTotal: c.cancelledTotal,
      timedOutTotal: c.timedOutTotal,
      expiredTotal: c.expiredTotal,
      retentionRemovedTotal: c.retentionRemovedTotal,
      lateResultsTotal: c.lateResultsTotal ?? 0,
      scheduleFiresTotal: c.scheduleFiresTotal ?? 0,
      scheduleSkippedTotal: c.scheduleSkippedTotal ?? 0,
      rateLimitedWaitsTotal: c.rateLimitedWaitsTotal ?? 0,
      concurrencyCappedWaitsTotal: c.concurrencyCappedWaitsTotal ?? 0,
      stalledTotal: c.stalledTotal ?? 0,
      ...extras,
    };
    let buf = this.buffers.get(queue);
    if (!buf) {
      buf = new RingBuffer<DepthSample>(this.capacity);
      this.buffers.set(queue, buf);
    }
    buf.push(sample);
    return sample;
  }

  /** Replaces a queue's per-partition readings: partitions no longer read (dropped generations) go. */
  private recordPartitions(queue: string, parts: PartitionTotals[], at: number): void {
    const before = this.partitionTotals.get(queue);
    const next = new Map<string, { reading: TotalsReading; rate?: Throughput }>();
    for (const p of parts) {
      const reading = { at, completedTotal: p.completedTotal, failedTotal: p.failedTotal };
      const previous = before?.get(p.tag)?.reading;
      next.set(p.tag, previous ? { reading, rate: throughputBetween(previous, reading) } : { reading });
    }
    this.partitionTotals.set(queue, next);
  }

  private forgetRemoved(): void {
    const known = new Set(this.queues);
    for (const q of [...this.buffers.keys()]) {
      if (!known.has(q)) {
        this.buffers.delete(q);
        this.totals.delete(q);
        this.partitionTotals.delete(q);
      }
    }
  }

  private noteFailures(failed: number, results: PromiseSettledResult<unknown>[]): void {
    if (failed === 0) {
      if (this.failures > 0) log.info(`sampling recovered after ${this.failures} tick(s) with failures`);
      this.failures = 0;
      return;
    }
    this.failures++;
    const first = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    // Once per outage at warn, then quietly: a failover makes every tick fail for a few seconds.
    const text = `${failed} of ${results.length} queue(s) could not be sampled: ${message(first?.reason)}`;
    if (this.failures === 1) log.warn(text);
    else log.debug(text);
  }

  private emit(batch: DepthSample[]): void {
    for (const fn of this.listeners) {
      try {
        fn(batch);
      } catch (e) {
        log.error(`depth listener failed: ${message(e)}`);
      }
    }
  }
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

import type { DepthSample } from '../../shared/types/queue';
import { createLogger } from '../log/create-logger';
import { HISTORY_SAMPLE_MS } from '../queue/history/history-layout';
import { recordHistorySample } from '../queue/history/queue-history';
import { Queue } from '../queue/queue';
import type { RedisHandle } from '../redis/handle';

const log = createLogger('history');

/**
 * The console's share of the queues' history (src-main/queue/history/history-layout.ts): on the
 * depth sampler's ticks (no timer of its own), at most once per `intervalMs` (default 15 s), it
 * offers each sampled queue's per-minute depth sample, which Redis keeps once per minute whoever
 * offers it. Workers offer theirs too; this one records depth while tasks pile up with no worker.
 * The composition root makes none for a read-only console, which writes nothing.
 */
export class HistoryRecorder {
  private last = -Infinity;
  private inFlight = false;
  private readonly opened = new Map<string, Promise<Queue>>();

  constructor(
    private readonly handle: RedisHandle,
    private readonly o: { intervalMs?: number; now?: () => number } = {},
  ) {}

  /** The sampler's listener: records when the interval has passed and no round is in flight. */
  onSamples(batch: DepthSample[]): void {
    const now = (this.o.now ?? Date.now)();
    if (this.inFlight || now - this.last < (this.o.intervalMs ?? HISTORY_SAMPLE_MS)) return;
    this.last = now;
    this.inFlight = true;
    void this.record(batch.map((s) => s.queue)).finally(() => (this.inFlight = false));
  }

  /** Offers the samples of these queues now; how many partitions took one. Never throws. */
  async record(queues: string[]): Promise<number> {
    const results = await Promise.allSettled(queues.map(async (name) => recordHistorySample(await this.open(name))));
    const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    // A failover makes every write fail for a few seconds: the next round tries again.
    if (failed.length > 0) log.debug(`${failed.length} history sample(s) not written: ${String(failed[0]!.reason)}`);
    return results.reduce((n, r) => n + (r.status === 'fulfilled' ? r.value : 0), 0);
  }

  private open(name: string): Promise<Queue> {
    let q = this.opened.get(name);
    if (!q) {
      q = Queue.open(this.handle, name, { mustExist: true });
      this.opened.set(name, q);
      q.catch(() => this.opened.delete(name));
    }
    return q;
  }
}

import { HISTORY_RANGES, type HistoryRange, type QueueHistory } from '../../../shared/types/history';
import { retry } from '../../lib/retry';
import { TRANSIENT_RETRY } from '../../redis/connection-error';
import { QueueArgumentError } from '../errors';
import type { Queue } from '../queue';
import { loadQueueScripts } from '../scripts';
import { RANGE_PLANS } from './history-layout';
import { HistoryScripts } from './history-scripts';
import { mergeHistory } from './merge-history';

const scriptsOf = new WeakMap<Queue, HistoryScripts>();

function historyScripts(q: Queue): HistoryScripts {
  let s = scriptsOf.get(q);
  if (!s) {
    s = new HistoryScripts(q.handle, loadQueueScripts(q.options.scriptsDir));
    scriptsOf.set(q, s);
  }
  return s;
}

/**
 * A queue's history over `range` (see history-layout.ts): one read script call per partition
 * (every generation's, so a rebalance keeps the history), retried through a failover.
 */
export async function readHistory(q: Queue, range: HistoryRange = '1h'): Promise<QueueHistory> {
  if (!(HISTORY_RANGES as readonly unknown[]).includes(range))
    throw new QueueArgumentError(
      `history range ${JSON.stringify(range)}: expected one of ${HISTORY_RANGES.join(', ')}`,
    );
  const plan = RANGE_PLANS[range];
  const scripts = historyScripts(q);
  const reads = await Promise.all(q.allPartitions.map((p) => retry(TRANSIENT_RETRY, () => scripts.read(p, plan))));
  const { stepMs, points } = mergeHistory(plan, reads);
  return {
    queue: q.name,
    range,
    stepMs,
    from: points[0]?.at ?? 0,
    to: (points[points.length - 1]?.at ?? 0) + stepMs,
    points,
  };
}

/**
 * Offers the current minute's depth sample of every partition of the queue (history-sample-3:
 * the first offer of a minute is kept, the rest change nothing). How many partitions this call
 * wrote. Workers call it every HISTORY_SAMPLE_MS; so does the console (HistoryRecorder).
 */
export async function recordHistorySample(q: Queue): Promise<number> {
  const scripts = historyScripts(q);
  const wrote = await Promise.all(q.allPartitions.map((p) => scripts.sample(p)));
  return wrote.filter(Boolean).length;
}

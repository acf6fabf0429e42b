import type { QueueHistoryPoint } from '../../../shared/types/history';
import type { RangePlan } from './history-layout';
import type { PartitionHistory } from './history-scripts';
import { LATENCY_BUCKETS, quantile } from './latency-buckets';

/** One point's sums over partitions. */
interface Sums {
  c: number;
  f: number;
  e: number;
  w: number[];
  r: number[];
  d: number | null;
  o: number | null;
}

function emptySums(): Sums {
  return {
    c: 0,
    f: 0,
    e: 0,
    w: new Array(LATENCY_BUCKETS).fill(0),
    r: new Array(LATENCY_BUCKETS).fill(0),
    d: null,
    o: null,
  };
}

function addRow(s: Sums, row: Map<string, number>): void {
  for (const [field, v] of row) {
    if (field === 'c') s.c += v;
    else if (field === 'f') s.f += v;
    else if (field === 'e') s.e += v;
    else if (field === 'd') s.d = (s.d ?? 0) + v;
    else if (field === 'o') s.o = Math.max(s.o ?? 0, v);
    else if (field[0] === 'w' || field[0] === 'r') {
      const k = Number(field.slice(1));
      if (Number.isInteger(k) && k >= 0 && k < LATENCY_BUCKETS) (field[0] === 'w' ? s.w : s.r)[k]! += v;
    }
    // Fields of a later version are skipped rather than misread.
  }
}

const round = (ms: number | null) => (ms === null ? null : Math.round(ms * 100) / 100);

/**
 * Merges the partitions' reads of one range into `plan.points` points ending with the newest
 * point any partition saw (partitions read a moment apart can straddle a bucket boundary, so
 * points are matched by index, not by position): counts and histograms summed, depth summed
 * over the partitions that have a sample, age the largest; p50/p95 from the merged histograms.
 */
export function mergeHistory(
  plan: RangePlan,
  reads: PartitionHistory[],
): { stepMs: number; points: QueueHistoryPoint[] } {
  const stepMs = plan.bucketMs * plan.step;
  const last = reads.length ? Math.max(...reads.map((r) => r.first + r.rows.length - 1)) : 0;
  const first = last - plan.points + 1;
  const sums = Array.from({ length: plan.points }, emptySums);
  for (const read of reads)
    read.rows.forEach((row, i) => {
      const at = read.first + i - first;
      if (at >= 0 && at < plan.points) addRow(sums[at]!, row);
    });
  const points = sums.map((s, i): QueueHistoryPoint => ({
    at: (first + i) * stepMs,
    completed: s.c,
    failed: s.f,
    retried: s.e,
    waitP50: round(quantile(s.w, 0.5)),
    waitP95: round(quantile(s.w, 0.95)),
    runP50: round(quantile(s.r, 0.5)),
    runP95: round(quantile(s.r, 0.95)),
    waiting: s.d,
    oldestWaitingMs: s.o,
  }));
  return { stepMs, points };
}

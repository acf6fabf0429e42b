import { isGap, type DepthPoint } from '../../store/live-state';

/** One bucket of the cluster's throughput; nulls break the lines (no queue sampled in the bucket). */
export interface ThroughputRow {
  at: number;
  completedPerSec: number | null;
  failedPerSec: number | null;
}

/** Index of the first point at or after `at` (points are in time order). */
export function firstAtOrAfter(points: readonly { at: number }[], at: number): number {
  let lo = 0;
  let hi = points.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (points[mid]!.at < at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Completed/s and failed/s of the whole cluster over [from, to], in `buckets` equal time buckets:
 * per queue the mean of its samples in a bucket, summed over the queues sampled in it. Queues are
 * sampled in the same tick but at slightly different instants (and a console may hold one queue's
 * history and not another's), so summing per bucket adds like with like where summing per
 * timestamp would not. The buckets also decimate: 20 queues × 900 samples become `buckets` rows.
 */
export function clusterThroughputSeries(
  depth: Readonly<Record<string, readonly DepthPoint[]>>,
  from: number,
  to: number,
  buckets = 180,
): ThroughputRow[] {
  const span = Math.max(1, to - from);
  const width = span / buckets;
  const ok = new Array<number>(buckets).fill(0);
  const bad = new Array<number>(buckets).fill(0);
  const seen = new Array<boolean>(buckets).fill(false);
  for (const points of Object.values(depth)) {
    let bucket = -1;
    let n = 0;
    let sumOk = 0;
    let sumBad = 0;
    const flush = () => {
      if (bucket < 0 || n === 0) return;
      ok[bucket]! += sumOk / n;
      bad[bucket]! += sumBad / n;
      seen[bucket] = true;
    };
    for (let i = firstAtOrAfter(points, from); i < points.length; i++) {
      const p = points[i]!;
      if (p.at > to) break;
      const b = Math.min(buckets - 1, Math.floor((p.at - from) / width));
      if (b !== bucket) {
        flush();
        [bucket, n, sumOk, sumBad] = [b, 0, 0, 0];
      }
      if (isGap(p)) continue;
      n++;
      sumOk += p.completedPerSec;
      sumBad += p.failedPerSec;
    }
    flush();
  }
  return ok.map((_, i) => ({
    at: from + (i + 0.5) * width,
    completedPerSec: seen[i] ? ok[i]! : null,
    failedPerSec: seen[i] ? bad[i]! : null,
  }));
}

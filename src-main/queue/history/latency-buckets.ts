/**
 * The fixed buckets of the history's latency histograms (wait and run, per minute). Bucket 0 holds
 * latencies under 1 ms; bucket k (1 ≤ k < LATENCY_BUCKETS - 1) holds [2^((k-1)/2), 2^(k/2)) ms, a
 * factor √2 wide, so a percentile read from them lies in the true value's bucket, within a factor
 * √2 of it; the last bucket holds everything from 2^27 ms (about 37 h) on. 56 buckets keep a minute's
 * hash (at most 6 other fields + 2 × 56 latency fields) under Redis's default
 * hash-max-listpack-entries of 128, so it stays in the compact encoding whatever the latencies.
 */
export const LATENCY_BUCKETS = 56;

/** When an attempt's wait began: the record's readyAt (retry, requeue, stall, delay), else its createdAt. */
export function readySince(rec: { readyAt?: number; createdAt?: number }): number | undefined {
  return typeof rec.readyAt === 'number' ? rec.readyAt : typeof rec.createdAt === 'number' ? rec.createdAt : undefined;
}

/** The bucket of a latency in ms; negative values (clock skew between hosts) count as 0. */
export function latencyBucket(ms: number): number {
  if (!(ms >= 1)) return 0;
  return Math.min(LATENCY_BUCKETS - 1, Math.floor(2 * Math.log2(ms)) + 1);
}

/** The lower bound (ms) of bucket k. */
export function bucketLow(k: number): number {
  return k <= 0 ? 0 : 2 ** ((k - 1) / 2);
}

/** The upper bound (ms) of bucket k; the last bucket's is its lower bound (it has none). */
export function bucketHigh(k: number): number {
  return k >= LATENCY_BUCKETS - 1 ? bucketLow(k) : 2 ** (k / 2);
}

/**
 * The q-quantile (0 < q ≤ 1) of a histogram (`counts[k]` = latencies in bucket k), interpolated
 * linearly within the bucket that holds it, as Prometheus's histogram_quantile does; null for an
 * empty histogram. The result is always inside the bucket of the true quantile.
 */
export function quantile(counts: readonly number[], q: number): number | null {
  let total = 0;
  for (const c of counts) total += c ?? 0;
  if (total === 0) return null;
  const rank = q * total;
  let seen = 0;
  for (let k = 0; k < counts.length; k++) {
    const c = counts[k] ?? 0;
    if (c === 0) continue;
    if (seen + c >= rank) {
      const lo = bucketLow(k);
      const hi = bucketHigh(k);
      return lo + (hi - lo) * Math.min(1, Math.max(0, (rank - seen) / c));
    }
    seen += c;
  }
  return bucketLow(counts.length - 1);
}

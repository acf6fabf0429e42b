/**
 * Min/max decimation per time bucket (a bucket is a few pixels of the chart): in each bucket keep
 * the point with the lowest and the one with the highest value, in time order, plus every gap
 * point and the newest point. A spike survives however many points are dropped around it, which
 * even thinning (every n-th point) does not promise. Returns indices into `points`, ascending.
 */
export function minMaxBuckets<T extends { at: number }>(
  points: readonly T[],
  domain: readonly [number, number],
  buckets: number,
  value: (p: T) => number | null,
): number[] {
  if (points.length <= 2 * buckets) return points.map((_, i) => i);
  const [from, to] = domain;
  const span = Math.max(1, to - from);
  const keep = new Set<number>();
  let bucket = -1;
  let lo = -1;
  let hi = -1;
  const flush = () => {
    if (lo >= 0) keep.add(lo);
    if (hi >= 0) keep.add(hi);
  };
  points.forEach((p, i) => {
    const b = Math.min(buckets - 1, Math.max(0, Math.floor(((p.at - from) / span) * buckets)));
    if (b !== bucket) {
      flush();
      [bucket, lo, hi] = [b, -1, -1];
    }
    const v = value(p);
    // A gap breaks the line: it is kept as it is, and the bucket's extremes go on around it.
    if (v === null) return void keep.add(i);
    if (lo < 0 || v < value(points[lo]!)!) lo = i;
    if (hi < 0 || v > value(points[hi]!)!) hi = i;
  });
  flush();
  keep.add(points.length - 1);
  return [...keep].sort((a, b) => a - b);
}

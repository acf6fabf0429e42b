import type { QueueSummary } from '../../../shared/types/queue';
import { compareTrouble, queueTrouble, type QueueVitals, type Trouble } from '../../lib/queue-trouble';
import { isGap, type DepthPoint } from '../../store/live-state';
import { firstAtOrAfter } from '../ClusterThroughputChart/clusterThroughputSeries';
import { minMaxBuckets } from '../QueueDepthChart/decimate';

/** How far back each figure looks, ms. */
export const HEALTH_WINDOWS = {
  /** Failure rate: the finished tasks of the last minute. */
  failureRateMs: 60_000,
  /** Backlog growth: first to last sample of the last 5 minutes (at least 30 s of them). */
  growthMs: 5 * 60_000,
  growthMinSpanMs: 30_000,
} as const;

/** A sparkline: [at, unfinished] (null: a gap), decimated. */
export type Spark = Array<[number, number | null]>;

/**
 * Each queue's unfinished tasks over [now - windowMs, now], min/max-decimated to about
 * 2 × `buckets` points, so a spike stays visible in a line 120 px wide.
 */
export function queueSparks(
  names: readonly string[],
  depth: Readonly<Record<string, readonly DepthPoint[]>>,
  now: number,
  windowMs: number,
  buckets = 30,
): Record<string, Spark> {
  const out: Record<string, Spark> = {};
  for (const name of names) {
    const points = depth[name] ?? [];
    const start = firstAtOrAfter(points, now - windowMs);
    const inWindow = points.slice(start);
    const kept = minMaxBuckets(inWindow, [now - windowMs, now], buckets, (p) => (isGap(p) ? null : unfinishedOf(p)));
    out[name] = kept.map((i): [number, number | null] => {
      const p = inWindow[i]!;
      return [p.at, isGap(p) ? null : unfinishedOf(p)];
    });
  }
  return out;
}

/** One row of the overview's queue table. */
export interface QueueHealthRow extends QueueVitals {
  /** Waiting + delayed + active now. */
  unfinished: number;
  completedPerSec: number;
  failedPerSec: number;
  spark: Spark;
  trouble: Trouble;
}

const unfinishedOf = (p: { waiting: number; delayed: number; active: number }) => p.waiting + p.delayed + p.active;

/**
 * Every queue's vitals from its summary and its live depth samples, sorted worst first by the
 * trouble score (queue-trouble.ts). Workers and the oldest waiting age come from the newest sample
 * (main reads them each tick); a sample without them (an older main) falls back to the summary's
 * worker count and an unknown age.
 */
export function queueHealthRows(
  queues: readonly QueueSummary[],
  depth: Readonly<Record<string, readonly DepthPoint[]>>,
  now: number,
  sparks: Readonly<Record<string, Spark>>,
): QueueHealthRow[] {
  return queues
    .map((q): QueueHealthRow => {
      const points = depth[q.name] ?? [];
      let latest: Exclude<DepthPoint, { gap: true }> | undefined;
      for (let i = points.length - 1; i >= 0 && !latest; i--) {
        const p = points[i]!;
        if (!isGap(p)) latest = p;
      }
      const vitals: QueueVitals = {
        name: q.name,
        waiting: q.counts.waiting,
        liveWorkers: latest?.liveWorkers ?? q.workers,
        paused: q.counts.paused,
        failureRate: failureRate(points, now - HEALTH_WINDOWS.failureRateMs),
        oldestWaitingMs:
          latest?.oldestWaitingAt === undefined
            ? undefined
            : latest.oldestWaitingAt === null
              ? null
              : Math.max(0, latest.at - latest.oldestWaitingAt),
        depthGrowthPerMin: growthPerMin(points, now - HEALTH_WINDOWS.growthMs),
      };
      return {
        ...vitals,
        unfinished: q.counts.waiting + q.counts.delayed + q.counts.active,
        completedPerSec: q.completedPerSec,
        failedPerSec: q.failedPerSec,
        spark: sparks[q.name] ?? [],
        trouble: queueTrouble(vitals),
      };
    })
    .sort(compareTrouble);
}

/** failed / (completed + failed), from the per-second rates of the samples since `from`; null when none finished. */
function failureRate(points: readonly DepthPoint[], from: number): number | null {
  let ok = 0;
  let bad = 0;
  for (let i = firstAtOrAfter(points, from); i < points.length; i++) {
    const p = points[i]!;
    if (isGap(p)) continue;
    ok += p.completedPerSec;
    bad += p.failedPerSec;
  }
  return ok + bad > 0 ? bad / (ok + bad) : null;
}

/** Change of unfinished tasks per minute from the first to the last sample since `from`; null under 30 s of samples. */
function growthPerMin(points: readonly DepthPoint[], from: number): number | null {
  let first: Exclude<DepthPoint, { gap: true }> | undefined;
  let last: typeof first;
  for (let i = firstAtOrAfter(points, from); i < points.length; i++) {
    const p = points[i]!;
    if (isGap(p)) continue;
    first ??= p;
    last = p;
  }
  if (!first || !last || last.at - first.at < HEALTH_WINDOWS.growthMinSpanMs) return null;
  return ((unfinishedOf(last) - unfinishedOf(first)) / (last.at - first.at)) * 60_000;
}

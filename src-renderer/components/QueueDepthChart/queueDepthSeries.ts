import type { TopologyEvent } from '../../../shared/types/topology';
import { isGap, type DepthPoint } from '../../store/live-state';
import { minMaxBuckets } from './decimate';

export const DEPTH_WINDOWS = [
  { label: '5 min', ms: 5 * 60_000 },
  { label: '15 min', ms: 15 * 60_000 },
  { label: '60 min', ms: 60 * 60_000 },
] as const;

/** One chart row; nulls make recharts break the line/area (a gap while disconnected). */
export interface DepthRow {
  at: number;
  waiting: number | null;
  delayed: number | null;
  active: number | null;
  failed: number | null;
  completedPerSec: number | null;
  failedPerSec: number | null;
}

export interface FailoverMarker {
  at: number;
  label: string;
}

/**
 * Shapes a queue's bounded depth buffer for the chart: only the chosen window, decimated (min/max
 * per time bucket) to about `maxPoints` rows across it, gaps as null rows, and failover events in the window as markers.
 */
export function queueDepthSeries(
  points: readonly DepthPoint[],
  events: readonly TopologyEvent[],
  windowMs: number,
  now: number,
  maxPoints = 360,
): { rows: DepthRow[]; markers: FailoverMarker[]; domain: [number, number] } {
  const from = now - windowMs;
  const inWindow = points.filter((p) => p.at >= from);
  // Min/max per time bucket (the newest and every gap kept), so the 60-minute window spans the
  // hour and a short spike in depth still shows, in at most about maxPoints rows.
  const kept = minMaxBuckets(inWindow, [from, now], Math.max(1, Math.floor((maxPoints - 1) / 2)), (p) =>
    isGap(p) ? null : p.waiting + p.delayed + p.active + p.failed,
  );
  const rows = kept
    .map((i) => inWindow[i]!)
    .map((p): DepthRow =>
      isGap(p)
        ? {
            at: p.at,
            waiting: null,
            delayed: null,
            active: null,
            failed: null,
            completedPerSec: null,
            failedPerSec: null,
          }
        : {
            at: p.at,
            waiting: p.waiting,
            delayed: p.delayed,
            active: p.active,
            failed: p.failed,
            completedPerSec: p.completedPerSec,
            failedPerSec: p.failedPerSec,
          },
    );
  return { rows, markers: failoverMarkers(events, from, now), domain: [from, now] };
}

/** The failovers in [from, to] as chart markers: each node failure and each promotion. */
export function failoverMarkers(events: readonly TopologyEvent[], from: number, to: number): FailoverMarker[] {
  return events.flatMap((e): FailoverMarker[] => {
    if (e.at < from || e.at > to) return [];
    if (e.type === 'replica-promoted') return [{ at: e.at, label: `promoted ${e.newMasterAddress}` }];
    if (e.type === 'node-failed') return [{ at: e.at, label: `failed ${e.address}` }];
    return [];
  });
}

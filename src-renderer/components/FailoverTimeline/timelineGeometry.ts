import type { PlotBox } from '../QueueDepthChart/depthChartGeometry';
import { LANES, type Lane, type TimelinePoint } from './failoverTimelineSeries';

/** A point placed on the canvas, px. */
export interface PlacedPoint extends TimelinePoint {
  px: number;
  py: number;
}

export interface TimelineGeometry {
  domain: [number, number];
  points: PlacedPoint[];
  /** Promotion spans as [x0, x1] px. */
  spans: Array<[number, number]>;
  /** The y of each lane's line, px. */
  laneY: Record<Lane, number>;
}

/**
 * Where the timeline draws everything: time across (2 s of margin either side of the events, as the
 * chart always had), one lane per stage from the bottom up. Pure, so it is tested without a canvas.
 */
export function timelineGeometry(
  series: Readonly<Record<Lane, readonly TimelinePoint[]>>,
  spans: ReadonlyArray<{ from: number; to: number }>,
  box: PlotBox,
): TimelineGeometry {
  let lo = Infinity;
  let hi = -Infinity;
  for (const lane of LANES)
    for (const p of series[lane]) {
      lo = Math.min(lo, p.x);
      hi = Math.max(hi, p.x);
    }
  const domain: [number, number] = Number.isFinite(lo) ? [lo - 2000, hi + 2000] : [0, 1];
  const span = domain[1] - domain[0];
  const x = (at: number) => box.left + ((at - domain[0]) / span) * box.width;
  const laneY = Object.fromEntries(
    LANES.map((lane, i) => [lane, box.top + box.height - (i / (LANES.length - 1)) * box.height]),
  ) as Record<Lane, number>;
  const points = LANES.flatMap((lane) => series[lane].map((p) => ({ ...p, px: x(p.x), py: laneY[lane] })));
  return { domain, points, spans: spans.map((s) => [x(s.from), x(s.to)]), laneY };
}

/** The point nearest to (x, y) within `maxPx`, for the hover tooltip; undefined when none is that close. */
export function nearestPoint(points: readonly PlacedPoint[], x: number, y: number, maxPx = 8): PlacedPoint | undefined {
  let best: PlacedPoint | undefined;
  let bestD = maxPx * maxPx;
  for (const p of points) {
    const d = (p.px - x) ** 2 + (p.py - y) ** 2;
    if (d <= bestD) [best, bestD] = [p, d];
  }
  return best;
}

import type { PlotBox } from '../QueueDepthChart/depthChartGeometry';
import { LANES, type Lane, type TimelinePoint } from './failoverTimelineSeries';

/** Time either side of the first and last event, so no dot sits on the plot's edge (ms). */
export const DOMAIN_PAD_MS = 2000;

/** Height of the timeline canvas, px. */
export const TIMELINE_HEIGHT = 240;
/** Room for the lane names on the left and the time labels below, px. */
export const TIMELINE_INSET = { left: 84, right: 16, top: 8, bottom: 24 } as const;

/** The plot area of a timeline canvas `width` px wide. */
export function timelinePlotBox(width: number): PlotBox {
  const i = TIMELINE_INSET;
  return { left: i.left, top: i.top, width: width - i.left - i.right, height: TIMELINE_HEIGHT - i.top - i.bottom };
}

/** One drawn dot: every event of one lane that falls in the same few pixels, oldest first. */
export interface TimelineDot {
  x: number;
  y: number;
  lane: Lane;
  points: TimelinePoint[];
}

export interface TimelineGeometry {
  domain: [number, number];
  dots: TimelineDot[];
  /** Shaded promotion spans, px, clipped to the plot. */
  spans: Array<{ id: string; x: number; width: number }>;
  /** Time-axis ticks: the instant and its x in px. */
  ticks: Array<{ at: number; x: number }>;
  /** y in px of each lane's centre line, in LANES order. */
  laneY: number[];
}

/** The first and last event time, padded by DOMAIN_PAD_MS; [0, 1] when there is no event. */
export function timelineDomain(series: Readonly<Record<Lane, readonly TimelinePoint[]>>): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const lane of LANES)
    for (const p of series[lane]) {
      if (p.x < lo) lo = p.x;
      if (p.x > hi) hi = p.x;
    }
  return lo === Infinity ? [0, 1] : [lo - DOMAIN_PAD_MS, hi + DOMAIN_PAD_MS];
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const STEPS = [1, 2, 5, 10, 15, 30]
  .map((s) => s * SECOND)
  .concat(
    [1, 2, 5, 10, 15, 30].map((m) => m * MINUTE),
    [1, 2, 3, 6, 12, 24].map((h) => h * HOUR),
  );

/**
 * Tick instants on whole steps of 1 s … 24 h (aligned to the step in UTC, so minute ticks fall on
 * :00), the finest step that gives at most `maxTicks`.
 */
export function timeTicks(domain: readonly [number, number], maxTicks: number): number[] {
  const span = Math.max(1, domain[1] - domain[0]);
  const step = STEPS.find((s) => span / s <= Math.max(1, maxTicks)) ?? Math.ceil(span / maxTicks / HOUR) * HOUR;
  const out: number[] = [];
  for (let at = Math.ceil(domain[0] / step) * step; at <= domain[1]; at += step) out.push(at);
  return out;
}

/**
 * Where everything of the timeline goes, in px. Events of one lane closer than `mergePx` are one
 * dot holding all of them (decimation: a burst of hundreds of events is a handful of dots, and the
 * tooltip still names each). Pure, so the canvas drawing is tested without a canvas.
 */
export function timelineGeometry(
  series: Readonly<Record<Lane, readonly TimelinePoint[]>>,
  spans: ReadonlyArray<{ id: string; from: number; to: number }>,
  box: PlotBox,
  { mergePx = 4, tickSpacingPx = 110 }: { mergePx?: number; tickSpacingPx?: number } = {},
): TimelineGeometry {
  const domain = timelineDomain(series);
  const span = Math.max(1, domain[1] - domain[0]);
  const xOf = (at: number) => box.left + ((at - domain[0]) / span) * box.width;
  const rowHeight = box.height / LANES.length;
  // Lane 0 at the bottom, as the lanes climb through a failover's stages.
  const laneY = LANES.map((_, i) => box.top + (LANES.length - 1 - i + 0.5) * rowHeight);
  const dots: TimelineDot[] = [];
  LANES.forEach((lane, i) => {
    const points = [...series[lane]].sort((a, b) => a.x - b.x);
    let open: TimelineDot | undefined;
    for (const p of points) {
      const x = xOf(p.x);
      if (open && x - open.x < mergePx) open.points.push(p);
      else dots.push((open = { x, y: laneY[i]!, lane, points: [p] }));
    }
  });
  const right = box.left + box.width;
  const shaded = spans.flatMap((s) => {
    const x0 = Math.max(box.left, xOf(s.from));
    const x1 = Math.min(right, xOf(s.to));
    return x1 > x0 ? [{ id: s.id, x: x0, width: Math.max(1, x1 - x0) }] : [];
  });
  const maxTicks = Math.max(1, Math.floor(box.width / tickSpacingPx));
  const ticks = timeTicks(domain, maxTicks).map((at) => ({ at, x: xOf(at) }));
  return { domain, dots, spans: shaded, ticks, laneY };
}

/** The dot nearest to (x, y) within `radiusPx`, for the tooltip; undefined when none is that close. */
export function dotAt(dots: readonly TimelineDot[], x: number, y: number, radiusPx = 8): TimelineDot | undefined {
  let best: TimelineDot | undefined;
  let bestD = radiusPx * radiusPx;
  for (const d of dots) {
    const dist = (d.x - x) ** 2 + (d.y - y) ** 2;
    if (dist <= bestD) [best, bestD] = [d, dist];
  }
  return best;
}

/** How many events each lane holds, in words, for the chart's text alternative: "2 promoted, 1 failed". */
export function laneCounts(series: Readonly<Record<Lane, readonly TimelinePoint[]>>): string {
  return [...LANES]
    .reverse()
    .filter((lane) => series[lane].length > 0)
    .map((lane) => `${series[lane].length} ${lane}`)
    .join(', ');
}

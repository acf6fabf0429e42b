import type { DepthRow } from './queueDepthSeries';

export const STACK = ['waiting', 'delayed', 'active', 'failed'] as const;
export const RATES = ['completedPerSec', 'failedPerSec'] as const;

export interface PlotBox {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** x/y in px of every polyline the chart draws; a run breaks at a gap row. */
export interface DepthChartGeometry {
  /** Per stacked state: runs of [x, yTop, yBottom] (the band between this state and the ones below). */
  bands: Record<(typeof STACK)[number], Array<Array<[number, number, number]>>>;
  /** Per rate: runs of [x, y] on the right axis. */
  lines: Record<(typeof RATES)[number], Array<Array<[number, number]>>>;
  depthMax: number;
  rateMax: number;
}

/** A "nice" axis maximum at or above v (1, 2 or 5 × 10^n), at least 1. */
export function niceMax(v: number): number {
  if (!(v > 1)) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

/**
 * Where every point of the depth chart goes: stacked depth on the left axis, rates on the right,
 * time across. Pure, so the drawing is tested without a canvas.
 */
export function depthChartGeometry(
  rows: readonly DepthRow[],
  domain: readonly [number, number],
  box: PlotBox,
): DepthChartGeometry {
  const span = Math.max(1, domain[1] - domain[0]);
  let depthMax = 0;
  let rateMax = 0;
  for (const r of rows) {
    if (r.waiting === null) continue;
    depthMax = Math.max(
      depthMax,
      STACK.reduce((s, k) => s + (r[k] ?? 0), 0),
    );
    rateMax = Math.max(rateMax, r.completedPerSec ?? 0, r.failedPerSec ?? 0);
  }
  depthMax = niceMax(depthMax);
  rateMax = niceMax(rateMax);
  const x = (at: number) => box.left + ((at - domain[0]) / span) * box.width;
  const yOf = (v: number, max: number) => box.top + box.height - (v / max) * box.height;
  const bands = Object.fromEntries(
    STACK.map((k) => [k, [] as Array<Array<[number, number, number]>>]),
  ) as DepthChartGeometry['bands'];
  const lines = Object.fromEntries(
    RATES.map((k) => [k, [] as Array<Array<[number, number]>>]),
  ) as DepthChartGeometry['lines'];
  let open = false;
  for (const r of rows) {
    if (r.waiting === null) {
      open = false;
      continue;
    }
    if (!open) {
      for (const k of STACK) bands[k].push([]);
      for (const k of RATES) lines[k].push([]);
      open = true;
    }
    const px = x(r.at);
    let below = 0;
    for (const k of STACK) {
      const top = below + (r[k] ?? 0);
      bands[k].at(-1)!.push([px, yOf(top, depthMax), yOf(below, depthMax)]);
      below = top;
    }
    for (const k of RATES) lines[k].at(-1)!.push([px, yOf(r[k] ?? 0, rateMax)]);
  }
  return { bands, lines, depthMax, rateMax };
}

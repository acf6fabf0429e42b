import { niceMax, type PlotBox } from '../QueueDepthChart/depthChartGeometry';
import type { ThroughputRow } from './clusterThroughputSeries';

export const THROUGHPUT_LINES = ['completedPerSec', 'failedPerSec'] as const;

/** Runs of [x, y] px per line (a run breaks at a null row) and the axis maximum. */
export interface ThroughputGeometry {
  lines: Record<(typeof THROUGHPUT_LINES)[number], Array<Array<[number, number]>>>;
  max: number;
}

/** Where every point of the throughput chart goes; both lines share one axis. Pure, tested without a canvas. */
export function throughputGeometry(
  rows: readonly ThroughputRow[],
  domain: readonly [number, number],
  box: PlotBox,
): ThroughputGeometry {
  const span = Math.max(1, domain[1] - domain[0]);
  let max = 0;
  for (const r of rows) max = Math.max(max, r.completedPerSec ?? 0, r.failedPerSec ?? 0);
  max = niceMax(max);
  const lines = { completedPerSec: [], failedPerSec: [] } as ThroughputGeometry['lines'];
  for (const k of THROUGHPUT_LINES) {
    let open = false;
    for (const r of rows) {
      const v = r[k];
      if (v === null) {
        open = false;
        continue;
      }
      if (!open) lines[k].push([]);
      open = true;
      lines[k]
        .at(-1)!
        .push([box.left + ((r.at - domain[0]) / span) * box.width, box.top + box.height - (v / max) * box.height]);
    }
  }
  return { lines, max };
}

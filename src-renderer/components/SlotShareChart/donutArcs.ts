import type { SlotShare } from './slotShareSeries';

export interface DonutGeometry {
  cx: number;
  cy: number;
  inner: number;
  outer: number;
}

export interface DonutArc {
  ownerId: string;
  /** SVG path of the ring sector (drawn with fill-rule evenodd: a whole ring is two circles). */
  d: string;
  fill: string;
}

const f = (n: number) => Number(n.toFixed(3));

/** A point `r` from the centre at `angle` radians clockwise from 12 o'clock. */
function at(g: DonutGeometry, r: number, angle: number): string {
  return `${f(g.cx + r * Math.sin(angle))} ${f(g.cy - r * Math.cos(angle))}`;
}

function circle(g: DonutGeometry, r: number): string {
  // An SVG arc cannot close on itself: two half circles.
  return `M${at(g, r, 0)}A${r} ${r} 0 1 1 ${at(g, r, Math.PI)}A${r} ${r} 0 1 1 ${at(g, r, 0)}Z`;
}

/**
 * One ring sector per entry, clockwise from 12 o'clock in the series' order, sized by its slots.
 * Entries with no slots get no sector. Pure, so the chart is tested without a browser.
 */
export function donutArcs(series: readonly SlotShare[], g: DonutGeometry): DonutArc[] {
  const total = series.reduce((s, e) => s + e.slots, 0);
  if (total <= 0) return [];
  let start = 0;
  return series.flatMap((e) => {
    if (e.slots <= 0) return [];
    const sweep = (e.slots / total) * 2 * Math.PI;
    const end = start + sweep;
    const large = sweep > Math.PI ? 1 : 0;
    const d =
      e.slots === total
        ? circle(g, g.outer) + circle(g, g.inner)
        : `M${at(g, g.outer, start)}A${g.outer} ${g.outer} 0 ${large} 1 ${at(g, g.outer, end)}` +
          `L${at(g, g.inner, end)}A${g.inner} ${g.inner} 0 ${large} 0 ${at(g, g.inner, start)}Z`;
    start = end;
    return [{ ownerId: e.ownerId, d, fill: e.fill }];
  });
}

/** A row-run of cells: x, y and width in grid cells, height 1. */
export interface RowRun {
  x: number;
  y: number;
  width: number;
}

type Interval = [number, number];

/** Union of half-open intervals, sorted and merged. */
function merge(intervals: Interval[]): Interval[] {
  const sorted = [...intervals].sort((a, b) => a[0] - b[0]);
  const out: Interval[] = [];
  for (const [a, b] of sorted) {
    const last = out[out.length - 1];
    if (last && a <= last[1]) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

/** `from` minus `cut` (both merged). */
function subtract(from: Interval[], cut: Interval[]): Interval[] {
  const out: Interval[] = [];
  for (const [a0, b] of from) {
    let a = a0;
    for (const [c, d] of cut) {
      if (d <= a || c >= b) continue;
      if (c > a) out.push([a, c]);
      a = Math.max(a, d);
    }
    if (a < b) out.push([a, b]);
  }
  return out;
}

/**
 * The outer boundary of a set of row-runs, as an SVG path of unit-grid segments: edges between a
 * cell in the set and one outside it. Drawn as a ring, it marks "ownership just changed" without
 * painting over the cells, so the new owner's colour stays what it is.
 */
export function movedOutline(runs: readonly RowRun[]): string {
  const rows = new Map<number, Interval[]>();
  for (const r of runs) {
    const row = rows.get(r.y);
    if (row) row.push([r.x, r.x + r.width]);
    else rows.set(r.y, [[r.x, r.x + r.width]]);
  }
  for (const [y, list] of rows) rows.set(y, merge(list));
  const parts: string[] = [];
  for (const y of [...rows.keys()].sort((a, b) => a - b)) {
    const row = rows.get(y)!;
    for (const [a, b] of subtract(row, rows.get(y - 1) ?? [])) parts.push(`M${a} ${y}H${b}`);
    for (const [a, b] of subtract(row, rows.get(y + 1) ?? [])) parts.push(`M${a} ${y + 1}H${b}`);
    for (const [a, b] of row) parts.push(`M${a} ${y}V${y + 1}`, `M${b} ${y}V${y + 1}`);
  }
  return parts.join('');
}

import type { FailoverMarker } from './queueDepthSeries';

export interface PlacedMarker extends FailoverMarker {
  /** Label line from the top of the plot (0 first); null: no room, the label is left out (its line stays). */
  row: number | null;
  /**
   * `right`: the label starts at its marker and runs right; `left`: it ends at the marker, for a
   * marker too close to the plot's right edge for its label to fit.
   */
  side: 'right' | 'left';
}

export interface MarkerLabelOptions {
  /** Average width of a label character in px, at the chart's 11 px font. Default 6.2. */
  charWidthPx?: number;
  /** Space kept between two labels on one line, px. Default 6. */
  gapPx?: number;
  /** Label lines available. Default 4. */
  maxRows?: number;
}

/**
 * Puts each failover marker's label on the first line where it overlaps no other label, so
 * markers a few seconds apart stack their labels instead of printing them over each other. A
 * label runs right from its marker, or left of it when it would run past the plot's right edge
 * (the newest failover is usually there). Pure: x comes from the time domain and the plot's width in px.
 */
export function layoutMarkerLabels(
  markers: readonly FailoverMarker[],
  domain: readonly [number, number],
  plotWidthPx: number,
  o: MarkerLabelOptions = {},
): PlacedMarker[] {
  const charWidth = o.charWidthPx ?? 6.2;
  const gap = o.gapPx ?? 6;
  const maxRows = o.maxRows ?? 4;
  const span = domain[1] - domain[0];
  const xOf = (at: number) => (span > 0 ? ((at - domain[0]) / span) * plotWidthPx : 0);
  // The label boxes [from, to) taken on each line.
  const lines: Array<Array<[number, number]>> = [];
  const free = (line: Array<[number, number]>, a: number, b: number) =>
    line.every(([from, to]) => b + gap <= from || to + gap <= a);
  return [...markers]
    .sort((a, b) => a.at - b.at)
    .map((m): PlacedMarker => {
      const x = xOf(m.at);
      const width = m.label.length * charWidth;
      const side = x + width > plotWidthPx && x - width >= 0 ? 'left' : 'right';
      const [a, b] = side === 'right' ? [x, x + width] : [x - width, x];
      let row = lines.findIndex((line) => free(line, a, b));
      if (row === -1 && lines.length < maxRows) row = lines.push([]) - 1;
      if (row === -1) return { ...m, row: null, side };
      lines[row]!.push([a, b]);
      return { ...m, row, side };
    });
}

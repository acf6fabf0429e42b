import type { FailoverMarker } from './queueDepthSeries';

export interface PlacedMarker extends FailoverMarker {
  /** Label line from the top of the plot (0 first); null: no room, the label is left out (its line stays). */
  row: number | null;
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
 * Puts each failover marker's label on the first line where it does not overlap a label to its
 * left (labels start at their marker and run right), so markers a few seconds apart stack their
 * labels instead of printing them over each other. Pure: x comes from the time domain and the
 * plot's width in px.
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
  // Right edge of the last label on each line.
  const ends: number[] = [];
  return [...markers]
    .sort((a, b) => a.at - b.at)
    .map((m) => {
      const x = xOf(m.at);
      const width = m.label.length * charWidth;
      let row = ends.findIndex((end) => end + gap <= x);
      if (row === -1 && ends.length < maxRows) row = ends.length;
      if (row === -1) return { ...m, row: null };
      ends[row] = x + width;
      return { ...m, row };
    });
}

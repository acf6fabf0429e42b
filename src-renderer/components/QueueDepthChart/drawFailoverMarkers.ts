import type { PlotBox } from './depthChartGeometry';
import type { PlacedMarker } from './markerLabels';

/** Px between two label lines at the charts' 11 px font. */
export const LABEL_LINE_PX = 13;

/**
 * Failover markers on a chart's canvas: a dashed line across the plot each, and its label on the
 * line and side layoutMarkerLabels chose (none when it found no room). Shared by the depth chart and the
 * overview's throughput chart, so both mark failovers alike.
 */
export function drawFailoverMarkers(
  ctx: CanvasRenderingContext2D,
  placed: readonly PlacedMarker[],
  domain: readonly [number, number],
  box: PlotBox,
  color: string,
): void {
  ctx.save();
  ctx.strokeStyle = color;
  ctx.fillStyle = color;
  ctx.lineWidth = 1;
  ctx.setLineDash([3, 3]);
  ctx.font = '11px system-ui, sans-serif';
  const span = Math.max(1, domain[1] - domain[0]);
  for (const m of placed) {
    const x = Math.round(box.left + ((m.at - domain[0]) / span) * box.width) + 0.5;
    ctx.beginPath();
    ctx.moveTo(x, box.top);
    ctx.lineTo(x, box.top + box.height);
    ctx.stroke();
    if (m.row === null) continue;
    // Canvas alignment names the text's anchor: a label left of its marker ends there ('right').
    ctx.textAlign = m.side === 'right' ? 'left' : 'right';
    ctx.fillText(m.label, m.side === 'right' ? x + 3 : x - 3, box.top + 11 + m.row * LABEL_LINE_PX);
  }
  ctx.restore();
}

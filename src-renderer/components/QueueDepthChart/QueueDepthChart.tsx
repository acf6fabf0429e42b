import { memo, useEffect, useMemo, useRef } from 'react';
import { useColorScheme } from '../../hooks/useColorScheme';
import { useContainerWidth } from '../../hooks/useContainerWidth';
import { formatTime } from '../../lib/format';
import { depthChartGeometry, RATES, STACK, type PlotBox } from './depthChartGeometry';
import { drawFailoverMarkers } from './drawFailoverMarkers';
import { layoutMarkerLabels } from './markerLabels';
import type { DepthRow, FailoverMarker } from './queueDepthSeries';

const HEIGHT = 280;
/** Plot insets: room for the two axes' labels and the marker labels' lines on top. */
const INSET = { left: 48, right: 44, top: 8, bottom: 22 };
/** Axis numbers short enough for the insets: 1.2M, 35K. */
const compact = new Intl.NumberFormat('en', { notation: 'compact', maximumFractionDigits: 1 });

const SERIES = {
  waiting: { name: 'waiting', color: '--series-waiting' },
  delayed: { name: 'delayed', color: '--series-delayed' },
  active: { name: 'active', color: '--series-active' },
  failed: { name: 'failed', color: '--series-failed' },
  completedPerSec: { name: 'completed/s', color: '--series-completed' },
  failedPerSec: { name: 'failed/s', color: '--series-failed' },
} as const;

export interface QueueDepthChartProps {
  rows: DepthRow[];
  markers: FailoverMarker[];
  domain: [number, number];
}

/**
 * Stacked depth per state plus completed/s and failed/s, with failovers marked on the time axis.
 * Drawn on a canvas: an SVG chart (recharts) rebuilt hundreds of DOM nodes each second and held
 * the main thread for 100–300 ms; a redraw here is a few ms. Colours come from the CSS variables.
 */
export const QueueDepthChart = memo(function QueueDepthChart({ rows, markers, domain }: QueueDepthChartProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const width = useContainerWidth(canvas);
  const scheme = useColorScheme();
  const box: PlotBox = useMemo(
    () => ({
      left: INSET.left,
      top: INSET.top,
      width: width - INSET.left - INSET.right,
      height: HEIGHT - INSET.top - INSET.bottom,
    }),
    [width],
  );
  const geometry = useMemo(() => depthChartGeometry(rows, domain, box), [rows, domain, box]);
  const placed = useMemo(() => layoutMarkerLabels(markers, domain, box.width), [markers, domain, box.width]);
  useEffect(() => {
    const el = canvas.current;
    const ctx = el?.getContext('2d');
    if (!el || !ctx) return; // jsdom: no canvas
    const dpr = window.devicePixelRatio || 1;
    el.width = width * dpr;
    el.height = HEIGHT * dpr;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, width, HEIGHT);
    const css = getComputedStyle(el);
    const v = (name: string) => css.getPropertyValue(name).trim() || '#888';
    const [border, muted, danger] = [v('--border'), v('--muted'), v('--danger')];
    ctx.font = '11px system-ui, sans-serif';
    // Grid and axes labels: 0, half and max on both axes, five times across.
    ctx.strokeStyle = border;
    ctx.fillStyle = muted;
    ctx.lineWidth = 1;
    for (const f of [0, 0.5, 1]) {
      const y = Math.round(box.top + box.height * (1 - f)) + 0.5;
      ctx.beginPath();
      ctx.moveTo(box.left, y);
      ctx.lineTo(box.left + box.width, y);
      ctx.stroke();
      ctx.textAlign = 'right';
      ctx.fillText(compact.format(Math.round(geometry.depthMax * f)), box.left - 4, y + 4);
      ctx.textAlign = 'left';
      ctx.fillText(compact.format(geometry.rateMax * f), box.left + box.width + 4, y + 4);
    }
    for (let i = 0; i <= 4; i++) {
      // The end labels align inwards, so neither is cut off at the canvas edge.
      ctx.textAlign = i === 0 ? 'left' : i === 4 ? 'right' : 'center';
      const at = domain[0] + ((domain[1] - domain[0]) * i) / 4;
      ctx.fillText(formatTime(at), i === 0 ? 2 : i === 4 ? width - 2 : box.left + (box.width * i) / 4, HEIGHT - 6);
    }
    ctx.save();
    ctx.beginPath();
    ctx.rect(box.left, box.top, box.width, box.height);
    ctx.clip();
    for (const k of STACK) {
      const color = v(SERIES[k].color);
      for (const run of geometry.bands[k]) {
        if (run.length === 0) continue;
        ctx.beginPath();
        run.forEach(([x, top], i) => (i === 0 ? ctx.moveTo(x, top) : ctx.lineTo(x, top)));
        for (let i = run.length - 1; i >= 0; i--) ctx.lineTo(run[i]![0], run[i]![2]);
        ctx.closePath();
        ctx.globalAlpha = 0.35;
        ctx.fillStyle = color;
        ctx.fill();
        ctx.globalAlpha = 1;
        ctx.strokeStyle = color;
        ctx.beginPath();
        run.forEach(([x, top], i) => (i === 0 ? ctx.moveTo(x, top) : ctx.lineTo(x, top)));
        ctx.stroke();
      }
    }
    for (const k of RATES) {
      ctx.strokeStyle = v(SERIES[k].color);
      ctx.lineWidth = 1.5;
      ctx.setLineDash(k === 'failedPerSec' ? [4, 2] : []);
      for (const run of geometry.lines[k]) {
        ctx.beginPath();
        run.forEach(([x, y], i) => (i === 0 ? ctx.moveTo(x, y) : ctx.lineTo(x, y)));
        ctx.stroke();
      }
    }
    ctx.restore();
    drawFailoverMarkers(ctx, placed, domain, box, danger);
  }, [geometry, placed, box, width, domain, scheme]);
  const last = rows.findLast((r) => r.waiting !== null);
  return (
    <figure
      className="card"
      style={{ margin: 0 }}
      data-testid="queue-depth-chart"
      data-points={rows.length}
      data-gaps={rows.filter((r) => r.waiting === null).length}
      data-markers={markers.length}
    >
      <div style={{ width: '100%' }}>
        <canvas
          ref={canvas}
          role="img"
          aria-label={
            `Queue depth from ${formatTime(domain[0])} to ${formatTime(domain[1])}` +
            (last ? `: now ${last.waiting} waiting, ${last.active} active, ${last.completedPerSec} completed/s` : '') +
            `; ${markers.length} failover markers`
          }
          style={{ width: `${width}px`, height: `${HEIGHT}px`, display: 'block' }}
        />
      </div>
      <figcaption className="depth-legend" style={{ display: 'flex', gap: 12, flexWrap: 'wrap', fontSize: 12 }}>
        {Object.entries(SERIES).map(([k, s]) => (
          <span key={k}>
            <span
              aria-hidden="true"
              style={{ display: 'inline-block', width: 10, height: 10, marginRight: 4, background: `var(${s.color})` }}
            />
            {s.name}
          </span>
        ))}
        {placed
          .filter((m) => m.row === null)
          .map((m) => (
            <span key={`${m.at}-${m.label}`} className="muted">
              {formatTime(m.at)} {m.label}
            </span>
          ))}
      </figcaption>
    </figure>
  );
});

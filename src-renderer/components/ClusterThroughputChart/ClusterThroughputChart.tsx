import { memo, useEffect, useMemo, useRef } from 'react';
import { useParentWidth } from '../../hooks/useParentWidth';
import { formatRate, formatTime } from '../../lib/format';
import type { PlotBox } from '../QueueDepthChart/depthChartGeometry';
import { drawFailoverMarkers } from '../QueueDepthChart/drawFailoverMarkers';
import { layoutMarkerLabels } from '../QueueDepthChart/markerLabels';
import type { FailoverMarker } from '../QueueDepthChart/queueDepthSeries';
import type { ThroughputRow } from './clusterThroughputSeries';
import { THROUGHPUT_LINES, throughputGeometry } from './throughputGeometry';
import './ClusterThroughputChart.css';

const HEIGHT = 190;
const INSET = { left: 44, right: 12, top: 8, bottom: 22 };
const compact = new Intl.NumberFormat('en', { notation: 'compact', maximumFractionDigits: 1 });
const LINE = {
  completedPerSec: { name: 'completed/s', color: '--series-completed', dash: [] },
  failedPerSec: { name: 'failed/s', color: '--series-failed', dash: [4, 2] },
} as const;

export interface ClusterThroughputChartProps {
  rows: ThroughputRow[];
  markers: FailoverMarker[];
  domain: [number, number];
  /** Now, for the legend: the cluster's completed/s and failed/s. */
  current: { completedPerSec: number; failedPerSec: number };
}

/**
 * The whole cluster's completed/s and failed/s, failovers marked, drawn on a canvas like the depth
 * chart (a redraw is a few ms; the SVG chart it replaced held frames for 100–300 ms). Each marker
 * also gets a small DOM handle above the plot with a label, so screen readers and e2e find it.
 */
export const ClusterThroughputChart = memo(function ClusterThroughputChart({
  rows,
  markers,
  domain,
  current,
}: ClusterThroughputChartProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const width = useParentWidth(canvas, 720);
  const box: PlotBox = useMemo(
    () => ({
      left: INSET.left,
      top: INSET.top,
      width: width - INSET.left - INSET.right,
      height: HEIGHT - INSET.top - INSET.bottom,
    }),
    [width],
  );
  const geometry = useMemo(() => throughputGeometry(rows, domain, box), [rows, domain, box]);
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
    ctx.font = '11px system-ui, sans-serif';
    ctx.strokeStyle = v('--border');
    ctx.fillStyle = v('--muted');
    ctx.lineWidth = 1;
    for (const f of [0, 0.5, 1]) {
      const y = Math.round(box.top + box.height * (1 - f)) + 0.5;
      ctx.beginPath();
      ctx.moveTo(box.left, y);
      ctx.lineTo(box.left + box.width, y);
      ctx.stroke();
      ctx.textAlign = 'right';
      ctx.fillText(compact.format(geometry.max * f), box.left - 4, y + 4);
    }
    for (let i = 0; i <= 4; i++) {
      ctx.textAlign = i === 0 ? 'left' : i === 4 ? 'right' : 'center';
      const at = domain[0] + ((domain[1] - domain[0]) * i) / 4;
      ctx.fillText(formatTime(at), i === 0 ? 2 : i === 4 ? width - 2 : box.left + (box.width * i) / 4, HEIGHT - 6);
    }
    ctx.save();
    ctx.beginPath();
    ctx.rect(box.left, box.top, box.width, box.height);
    ctx.clip();
    ctx.lineWidth = 1.5;
    for (const k of THROUGHPUT_LINES) {
      ctx.strokeStyle = v(LINE[k].color);
      ctx.setLineDash([...LINE[k].dash]);
      for (const run of geometry.lines[k]) {
        ctx.beginPath();
        run.forEach(([x, y], i) => (i === 0 ? ctx.moveTo(x, y) : ctx.lineTo(x, y)));
        ctx.stroke();
      }
    }
    ctx.restore();
    drawFailoverMarkers(ctx, placed, domain, box, v('--danger'));
  }, [geometry, placed, box, width, domain]);

  const span = Math.max(1, domain[1] - domain[0]);
  return (
    <figure
      className="card throughput-chart"
      data-testid="overview-throughput-chart"
      data-points={rows.filter((r) => r.completedPerSec !== null).length}
      data-markers={markers.length}
    >
      <div className="throughput-plot">
        <canvas
          ref={canvas}
          role="img"
          aria-label={
            `Cluster throughput from ${formatTime(domain[0])} to ${formatTime(domain[1])}: now ` +
            `${formatRate(current.completedPerSec)} completed, ${formatRate(current.failedPerSec)} failed; ` +
            `${markers.length} failover markers`
          }
          style={{ width: `${width}px`, height: `${HEIGHT}px`, display: 'block' }}
        />
        {placed.map((m) => (
          <span
            key={`${m.at}-${m.label}`}
            className="throughput-marker"
            role="img"
            aria-label={`Failover at ${formatTime(m.at)}: ${m.label}`}
            title={`${formatTime(m.at)} ${m.label}`}
            data-testid="overview-failover-marker"
            data-at={m.at}
            style={{ left: `${INSET.left + ((m.at - domain[0]) / span) * box.width}px` }}
          />
        ))}
      </div>
      <figcaption className="throughput-legend">
        {THROUGHPUT_LINES.map((k) => (
          <span key={k}>
            <span aria-hidden="true" className={`throughput-swatch throughput-swatch-${k}`} />
            {LINE[k].name}{' '}
            <strong data-testid={`overview-${k === 'completedPerSec' ? 'completed' : 'failed'}-rate`}>
              {formatRate(current[k])}
            </strong>
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

import { memo, useEffect, useMemo, useRef, useState, type MouseEvent } from 'react';
import type { TopologyEvent } from '../../../shared/types/topology';
import { useColorScheme } from '../../hooks/useColorScheme';
import { useContainerWidth } from '../../hooks/useContainerWidth';
import { formatTime } from '../../lib/format';
import { LANES, promotionSpans, timelineSeries, type Lane } from './failoverTimelineSeries';
import {
  dotAt,
  laneCounts,
  TIMELINE_HEIGHT,
  TIMELINE_INSET,
  timelineGeometry,
  timelinePlotBox,
  type TimelineDot,
} from './timelineGeometry';
import './FailoverTimeline.css';

const HEIGHT = TIMELINE_HEIGHT;
const INSET = TIMELINE_INSET;
/** Labels a tooltip lists before it says how many more the dot holds. */
const TOOLTIP_LINES = 5;

const LANE_COLOR: Record<Lane, string> = {
  other: '--muted',
  suspected: '--warn',
  failed: '--danger',
  promoted: '--accent',
  rejoined: '--ok',
  rebalanced: '--series-delayed',
};

const radius = (d: TimelineDot) => 4 + Math.min(3, Math.log2(d.points.length));

/**
 * Topology events on a time axis, one lane per stage, promotion spans shaded; hover a dot for what
 * happened. Drawn on a canvas: recharts' SVG scatter chart re-ran its store and rebuilt the chart
 * on every new event, 150–370 ms of main thread for a few dozen points. The table beside it (the
 * Failovers view) is the text alternative; the canvas says what it shows in its label.
 */
export const FailoverTimeline = memo(function FailoverTimeline({ events }: { events: TopologyEvent[] }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const width = useContainerWidth(canvas);
  const scheme = useColorScheme();
  const [hovered, setHovered] = useState<TimelineDot | null>(null);
  const series = useMemo(() => timelineSeries(events), [events]);
  const spans = useMemo(() => promotionSpans(events), [events]);
  const geometry = useMemo(() => timelineGeometry(series, spans, timelinePlotBox(width)), [series, spans, width]);
  // A dot of an older geometry (events changed under the pointer) is not shown.
  const shown = hovered && geometry.dots.includes(hovered) ? hovered : null;

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
    const plotRight = width - INSET.right;
    const plotBottom = HEIGHT - INSET.bottom;
    ctx.font = '11px system-ui, sans-serif';
    ctx.lineWidth = 1;
    ctx.strokeStyle = v('--border');
    ctx.fillStyle = v('--muted');
    ctx.textBaseline = 'middle';
    ctx.textAlign = 'right';
    geometry.laneY.forEach((y, i) => {
      const py = Math.round(y) + 0.5;
      ctx.beginPath();
      ctx.moveTo(INSET.left, py);
      ctx.lineTo(plotRight, py);
      ctx.stroke();
      ctx.fillText(LANES[i]!, INSET.left - 8, y);
    });
    ctx.textBaseline = 'alphabetic';
    ctx.textAlign = 'center';
    for (const t of geometry.ticks) {
      const px = Math.round(t.x) + 0.5;
      ctx.beginPath();
      ctx.moveTo(px, INSET.top);
      ctx.lineTo(px, plotBottom);
      ctx.stroke();
      ctx.fillText(formatTime(t.at), Math.min(Math.max(t.x, INSET.left), plotRight), HEIGHT - 7);
    }
    ctx.fillStyle = v('--accent');
    ctx.globalAlpha = 0.12;
    for (const s of geometry.spans) ctx.fillRect(s.x, INSET.top, s.width, plotBottom - INSET.top);
    ctx.globalAlpha = 1;
    for (const lane of LANES) {
      ctx.fillStyle = v(LANE_COLOR[lane]);
      ctx.beginPath();
      for (const d of geometry.dots) {
        if (d.lane !== lane) continue;
        ctx.moveTo(d.x + radius(d), d.y);
        ctx.arc(d.x, d.y, radius(d), 0, 2 * Math.PI);
      }
      ctx.fill();
    }
    if (shown) {
      ctx.strokeStyle = v('--text');
      ctx.lineWidth = 2;
      ctx.beginPath();
      ctx.arc(shown.x, shown.y, radius(shown) + 2, 0, 2 * Math.PI);
      ctx.stroke();
    }
  }, [geometry, width, shown, scheme]);

  const onMove = (e: MouseEvent<HTMLCanvasElement>) => {
    const rect = e.currentTarget.getBoundingClientRect();
    const dot = dotAt(geometry.dots, e.clientX - rect.left, e.clientY - rect.top) ?? null;
    if (dot !== shown) setHovered(dot);
  };
  const [from, to] = geometry.domain;
  return (
    <figure
      className="card failover-timeline"
      style={{ margin: 0 }}
      data-testid="failover-timeline"
      data-points={events.length}
      data-spans={spans.length}
    >
      <div className="failover-timeline-plot">
        <canvas
          ref={canvas}
          role="img"
          aria-label={
            events.length === 0
              ? 'Failover timeline: no events'
              : `Failover timeline from ${formatTime(from)} to ${formatTime(to)}: ${laneCounts(series)}` +
                `; ${spans.length} promotion span${spans.length === 1 ? '' : 's'} shaded. The table lists every event.`
          }
          style={{ width: `${width}px`, height: `${HEIGHT}px`, display: 'block' }}
          onMouseMove={onMove}
          onMouseLeave={() => setHovered(null)}
        />
        {shown && (
          <div
            className="card failover-timeline-tooltip"
            data-testid="timeline-tooltip"
            style={{ left: Math.min(shown.x + 10, Math.max(0, width - 320)), top: Math.max(0, shown.y - 12) }}
          >
            {shown.points.slice(0, TOOLTIP_LINES).map((p) => (
              <div key={p.id}>
                {formatTime(p.x)} — {p.label}
              </div>
            ))}
            {shown.points.length > TOOLTIP_LINES && (
              <div className="muted">and {shown.points.length - TOOLTIP_LINES} more (see the table)</div>
            )}
          </div>
        )}
      </div>
    </figure>
  );
});

import { memo, useEffect, useMemo, useRef, useState, type MouseEvent } from 'react';
import type { TopologyEvent } from '../../../shared/types/topology';
import { useParentWidth } from '../../hooks/useParentWidth';
import { formatTime } from '../../lib/format';
import type { PlotBox } from '../QueueDepthChart/depthChartGeometry';
import { LANES, promotionSpans, timelineSeries, type Lane } from './failoverTimelineSeries';
import { nearestPoint, timelineGeometry, type PlacedPoint } from './timelineGeometry';

const HEIGHT = 240;
const INSET = { left: 84, right: 20, top: 12, bottom: 28 };

const LANE_COLOR: Record<Lane, string> = {
  other: '--muted',
  suspected: '--warn',
  failed: '--danger',
  promoted: '--accent',
  rejoined: '--ok',
  rebalanced: '--series-delayed',
};

/**
 * Topology events on a time axis, one lane per stage, promotion spans shaded; hovering a point
 * shows what happened. Drawn on a canvas: the SVG scatter chart (recharts) it replaced rebuilt
 * every point on each new event and held the main thread 150–400 ms per failover in the render
 * bench. Re-renders only when `events` (or the width) changes; the table beside it lists every
 * event in text.
 */
export const FailoverTimeline = memo(function FailoverTimeline({ events }: { events: TopologyEvent[] }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const width = useParentWidth(canvas, 800);
  const series = useMemo(() => timelineSeries(events), [events]);
  const spans = useMemo(() => promotionSpans(events), [events]);
  const box: PlotBox = useMemo(
    () => ({
      left: INSET.left,
      top: INSET.top,
      width: width - INSET.left - INSET.right,
      height: HEIGHT - INSET.top - INSET.bottom,
    }),
    [width],
  );
  const g = useMemo(() => timelineGeometry(series, spans, box), [series, spans, box]);
  const [hovered, setHovered] = useState<PlacedPoint | undefined>();
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
    ctx.globalAlpha = 0.12;
    ctx.fillStyle = v('--accent');
    for (const [x0, x1] of g.spans) ctx.fillRect(x0, box.top, Math.max(1, x1 - x0), box.height);
    ctx.globalAlpha = 1;
    ctx.strokeStyle = v('--border');
    ctx.fillStyle = v('--muted');
    ctx.lineWidth = 1;
    ctx.textAlign = 'right';
    for (const lane of LANES) {
      const y = Math.round(g.laneY[lane]) + 0.5;
      ctx.beginPath();
      ctx.moveTo(box.left, y);
      ctx.lineTo(box.left + box.width, y);
      ctx.stroke();
      ctx.fillText(lane, box.left - 8, y + 4);
    }
    for (let i = 0; i <= 4; i++) {
      ctx.textAlign = i === 0 ? 'left' : i === 4 ? 'right' : 'center';
      const at = g.domain[0] + ((g.domain[1] - g.domain[0]) * i) / 4;
      ctx.fillText(formatTime(at), i === 0 ? box.left : box.left + (box.width * i) / 4, HEIGHT - 8);
    }
    for (const lane of LANES) {
      ctx.fillStyle = v(LANE_COLOR[lane]);
      ctx.beginPath();
      for (const p of g.points) {
        if (p.lane !== lane) continue;
        ctx.moveTo(p.px + 4, p.py);
        ctx.arc(p.px, p.py, 4, 0, 2 * Math.PI);
      }
      ctx.fill();
    }
  }, [g, box, width]);

  const onMove = (e: MouseEvent<HTMLCanvasElement>) => {
    const r = e.currentTarget.getBoundingClientRect();
    const p = nearestPoint(g.points, e.clientX - r.left, e.clientY - r.top);
    setHovered((h) => (h?.id === p?.id ? h : p));
  };
  return (
    <figure
      className="card"
      style={{ margin: 0 }}
      data-testid="failover-timeline"
      data-points={events.length}
      data-spans={spans.length}
    >
      <div style={{ width: '100%', position: 'relative' }}>
        <canvas
          ref={canvas}
          role="img"
          aria-label={
            events.length
              ? `Failover timeline: ${events.length} events from ${formatTime(g.domain[0])} to ${formatTime(g.domain[1])}, ${spans.length} promotions; the table below lists each`
              : 'Failover timeline: no events'
          }
          style={{ width: `${width}px`, height: `${HEIGHT}px`, display: 'block' }}
          onMouseMove={onMove}
          onMouseLeave={() => setHovered(undefined)}
        />
        {hovered && (
          <div
            className="card"
            data-testid="timeline-tooltip"
            style={{
              position: 'absolute',
              left: Math.min(hovered.px + 10, Math.max(0, width - 320)),
              top: Math.max(0, hovered.py - 40),
              maxWidth: 320,
              pointerEvents: 'none',
              fontSize: 12,
            }}
          >
            {formatTime(hovered.x)} — {hovered.label}
          </div>
        )}
      </div>
    </figure>
  );
});

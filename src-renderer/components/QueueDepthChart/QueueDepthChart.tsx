import { memo, useMemo, useState } from 'react';
import {
  Area,
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { formatTime } from '../../lib/format';
import { layoutMarkerLabels } from './markerLabels';
import type { DepthRow, FailoverMarker } from './queueDepthSeries';

const STACK = [
  { key: 'waiting', color: 'var(--series-waiting)' },
  { key: 'delayed', color: 'var(--series-delayed)' },
  { key: 'active', color: 'var(--series-active)' },
  { key: 'failed', color: 'var(--series-failed)' },
] as const;

/** Chart margins plus the two y axes' default 60 px: what the plot area leaves of the width. */
const PLOT_INSET_PX = 10 + 10 + 60 + 60;
const LABEL_LINE_PX = 13;

/** A marker's label, on its line below the plot's top (recharts hands in the line's viewBox). */
function MarkerLabel({ viewBox, text, row }: { viewBox?: { x: number; y: number }; text: string; row: number }) {
  if (!viewBox) return null;
  return (
    <text x={viewBox.x + 3} y={viewBox.y + 11 + row * LABEL_LINE_PX} fill="var(--danger)" fontSize={11}>
      {text}
    </text>
  );
}

export interface QueueDepthChartProps {
  rows: DepthRow[];
  markers: FailoverMarker[];
  domain: [number, number];
}

/** Stacked depth per state plus completed/s and failed/s, with failovers marked on the time axis. */
export const QueueDepthChart = memo(function QueueDepthChart({ rows, markers, domain }: QueueDepthChartProps) {
  const [width, setWidth] = useState(800);
  const placed = useMemo(
    () => layoutMarkerLabels(markers, domain, Math.max(1, width - PLOT_INSET_PX)),
    [markers, domain, width],
  );
  return (
    <figure
      className="card"
      style={{ margin: 0 }}
      data-testid="queue-depth-chart"
      data-points={rows.length}
      data-gaps={rows.filter((r) => r.waiting === null).length}
      data-markers={markers.length}
    >
      <ResponsiveContainer
        width="100%"
        height={280}
        initialDimension={{ width: 800, height: 280 }}
        onResize={(w) => setWidth(w)}
      >
        <ComposedChart data={rows} margin={{ left: 10, right: 10, top: 10 }}>
          <CartesianGrid stroke="var(--border)" />
          <XAxis
            dataKey="at"
            type="number"
            scale="time"
            domain={domain}
            tickFormatter={(v: number) => formatTime(v)}
            stroke="var(--muted)"
          />
          <YAxis yAxisId="depth" stroke="var(--muted)" allowDecimals={false} />
          <YAxis yAxisId="rate" orientation="right" stroke="var(--muted)" />
          <Tooltip labelFormatter={(v) => formatTime(Number(v))} />
          <Legend />
          {STACK.map((s) => (
            <Area
              key={s.key}
              yAxisId="depth"
              dataKey={s.key}
              stackId="depth"
              stroke={s.color}
              fill={s.color}
              fillOpacity={0.35}
              isAnimationActive={false}
              connectNulls={false}
            />
          ))}
          <Line
            yAxisId="rate"
            dataKey="completedPerSec"
            name="completed/s"
            stroke="var(--series-completed)"
            dot={false}
            isAnimationActive={false}
            connectNulls={false}
          />
          <Line
            yAxisId="rate"
            dataKey="failedPerSec"
            name="failed/s"
            stroke="var(--series-failed)"
            strokeDasharray="4 2"
            dot={false}
            isAnimationActive={false}
            connectNulls={false}
          />
          {placed.map((m) => (
            <ReferenceLine
              key={`${m.at}-${m.label}`}
              yAxisId="depth"
              x={m.at}
              stroke="var(--danger)"
              strokeDasharray="3 3"
              label={m.row === null ? undefined : <MarkerLabel text={m.label} row={m.row} />}
            />
          ))}
        </ComposedChart>
      </ResponsiveContainer>
    </figure>
  );
});

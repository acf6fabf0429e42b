import { memo } from 'react';
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
import type { DepthRow, FailoverMarker } from './queueDepthSeries';

const STACK = [
  { key: 'waiting', color: 'var(--series-waiting)' },
  { key: 'delayed', color: 'var(--series-delayed)' },
  { key: 'active', color: 'var(--series-active)' },
  { key: 'failed', color: 'var(--series-failed)' },
] as const;

export interface QueueDepthChartProps {
  rows: DepthRow[];
  markers: FailoverMarker[];
  domain: [number, number];
}

/** Stacked depth per state plus completed/s and failed/s, with failovers marked on the time axis. */
export const QueueDepthChart = memo(function QueueDepthChart({ rows, markers, domain }: QueueDepthChartProps) {
  return (
    <figure
      className="card"
      style={{ margin: 0 }}
      data-testid="queue-depth-chart"
      data-points={rows.length}
      data-gaps={rows.filter((r) => r.waiting === null).length}
      data-markers={markers.length}
    >
      <ResponsiveContainer width="100%" height={280}>
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
          {markers.map((m) => (
            <ReferenceLine
              key={`${m.at}-${m.label}`}
              yAxisId="depth"
              x={m.at}
              stroke="var(--danger)"
              strokeDasharray="3 3"
              label={{ value: m.label, fill: 'var(--danger)', fontSize: 11, position: 'insideTopLeft' }}
            />
          ))}
        </ComposedChart>
      </ResponsiveContainer>
    </figure>
  );
});

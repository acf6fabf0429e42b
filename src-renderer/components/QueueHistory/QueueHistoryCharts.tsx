import { memo, type ReactNode } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { HistoryRange } from '../../../shared/types/history';
import { formatDuration } from '../../lib/format';
import { tickLabel, type HistoryRow } from './queueHistorySeries';

const HEIGHT = 180;
const MARGIN = { left: 8, right: 16, top: 8, bottom: 0 };

/** One chart of the history: a titled figure with a line chart over the rows. */
function HistoryFigure({
  title,
  testId,
  rows,
  range,
  children,
}: {
  title: string;
  testId: string;
  rows: HistoryRow[];
  range: HistoryRange;
  children: ReactNode;
}) {
  return (
    <figure className="card queue-history-chart" data-testid={testId} data-points={rows.length}>
      <figcaption>{title}</figcaption>
      <ResponsiveContainer width="100%" height={HEIGHT}>
        <LineChart data={rows} margin={MARGIN}>
          <CartesianGrid stroke="var(--border)" />
          <XAxis
            dataKey="at"
            type="number"
            scale="time"
            domain={['dataMin', 'dataMax']}
            tickFormatter={(v: number) => tickLabel(range, v)}
            stroke="var(--muted)"
            minTickGap={24}
          />
          <Tooltip labelFormatter={(v) => tickLabel(range, Number(v))} />
          <Legend />
          {children}
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}

/** What recharts hands a custom dot. */
interface DotProps {
  cx?: number;
  cy?: number;
  index?: number;
  stroke?: string;
}

/**
 * Lines are drawn without animation, and without dots except where a value has no neighbour (a
 * line needs two points, so a lone minute with data would not show at all): a few hundred points
 * each, redrawn on each refresh, stay a few hundred SVG nodes.
 */
function lineProps(rows: HistoryRow[], key: keyof HistoryRow) {
  const has = (i: number) => rows[i] !== undefined && rows[i]![key] !== null;
  return {
    type: 'linear' as const,
    isAnimationActive: false,
    strokeWidth: 1.5,
    dataKey: key,
    dot: ({ cx, cy, index = 0, stroke }: DotProps) =>
      cx !== undefined && cy !== undefined && has(index) && !has(index - 1) && !has(index + 1) ? (
        <circle key={index} cx={cx} cy={cy} r={2.5} fill={stroke} />
      ) : (
        <g key={index} />
      ),
  };
}

/**
 * The three history charts of a queue: completed / failed / retried per minute, wait and run
 * latency p50 and p95 (log scale), and the waiting depth with the head-of-queue age. Only this
 * file imports recharts; the rows come from queueHistorySeries.ts. Re-renders only when `rows` change.
 */
export const QueueHistoryCharts = memo(function QueueHistoryCharts({
  rows,
  range,
}: {
  rows: HistoryRow[];
  range: HistoryRange;
}) {
  const ms = (v: unknown) => formatDuration(Number(v));
  return (
    <div className="queue-history-charts">
      <HistoryFigure title="Tasks per minute" testId="history-throughput" rows={rows} range={range}>
        <YAxis stroke="var(--muted)" width={48} allowDecimals />
        <Line {...lineProps(rows, 'completedPerMin')} name="completed" stroke="var(--series-completed)" />
        <Line {...lineProps(rows, 'failedPerMin')} name="failed" stroke="var(--series-failed)" />
        <Line
          {...lineProps(rows, 'retriedPerMin')}
          name="retried"
          stroke="var(--series-active)"
          strokeDasharray="4 3"
        />
      </HistoryFigure>
      <HistoryFigure title="Latency (log scale)" testId="history-latency" rows={rows} range={range}>
        <YAxis stroke="var(--muted)" width={64} scale="log" domain={['auto', 'auto']} tickFormatter={ms} />
        <Line {...lineProps(rows, 'waitP50')} name="wait p50" stroke="var(--series-waiting)" />
        <Line {...lineProps(rows, 'waitP95')} name="wait p95" stroke="var(--series-waiting)" strokeDasharray="4 3" />
        <Line {...lineProps(rows, 'runP50')} name="run p50" stroke="var(--series-delayed)" />
        <Line {...lineProps(rows, 'runP95')} name="run p95" stroke="var(--series-delayed)" strokeDasharray="4 3" />
      </HistoryFigure>
      <HistoryFigure title="Waiting depth and oldest waiting age" testId="history-depth" rows={rows} range={range}>
        <YAxis yAxisId="depth" stroke="var(--muted)" width={48} />
        <YAxis yAxisId="age" orientation="right" stroke="var(--muted)" width={48} unit=" s" />
        <Line {...lineProps(rows, 'waiting')} yAxisId="depth" name="waiting" stroke="var(--series-waiting)" />
        <Line
          {...lineProps(rows, 'oldestWaitingS')}
          yAxisId="age"
          name="oldest age (s)"
          stroke="var(--series-failed)"
        />
      </HistoryFigure>
    </div>
  );
});

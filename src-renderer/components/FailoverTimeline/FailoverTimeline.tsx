import {
  CartesianGrid,
  ReferenceArea,
  ResponsiveContainer,
  Scatter,
  ScatterChart,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { memo, useMemo } from 'react';
import type { TopologyEvent } from '../../../shared/types/topology';
import { formatTime } from '../../lib/format';
import { LANES, promotionSpans, timelineSeries, type Lane, type TimelinePoint } from './failoverTimelineSeries';

const LANE_COLOR: Record<Lane, string> = {
  other: 'var(--muted)',
  suspected: 'var(--warn)',
  failed: 'var(--danger)',
  promoted: 'var(--accent)',
  rejoined: 'var(--ok)',
  rebalanced: 'var(--series-delayed)',
};

/** Topology events on a time axis, one lane per stage, promotion spans shaded. Re-renders only when `events` changes. */
export const FailoverTimeline = memo(function FailoverTimeline({ events }: { events: TopologyEvent[] }) {
  const series = useMemo(() => timelineSeries(events), [events]);
  const spans = useMemo(() => promotionSpans(events), [events]);
  return (
    <figure
      className="card"
      style={{ margin: 0 }}
      data-testid="failover-timeline"
      data-points={events.length}
      data-spans={spans.length}
    >
      <ResponsiveContainer width="100%" height={240}>
        <ScatterChart margin={{ left: 20, right: 20, top: 10, bottom: 10 }}>
          <CartesianGrid stroke="var(--border)" />
          <XAxis
            type="number"
            dataKey="x"
            domain={['dataMin - 2000', 'dataMax + 2000']}
            tickFormatter={(v: number) => formatTime(v)}
            stroke="var(--muted)"
            scale="time"
          />
          <YAxis
            type="number"
            dataKey="y"
            domain={[0, LANES.length - 1]}
            ticks={LANES.map((_, i) => i)}
            tickFormatter={(v: number) => LANES[v] ?? ''}
            stroke="var(--muted)"
            width={80}
          />
          {spans.map((s) => (
            <ReferenceArea key={s.id} x1={s.from} x2={s.to} fill="var(--accent)" fillOpacity={0.12} />
          ))}
          <Tooltip
            cursor={false}
            content={({ payload }) => {
              const p = payload?.[0]?.payload as TimelinePoint | undefined;
              return p ? (
                <div className="card">
                  {formatTime(p.x)} — {p.label}
                </div>
              ) : null;
            }}
          />
          {LANES.map((lane) => (
            <Scatter key={lane} name={lane} data={series[lane]} fill={LANE_COLOR[lane]} isAnimationActive={false} />
          ))}
        </ScatterChart>
      </ResponsiveContainer>
    </figure>
  );
});

import { useDeferredValue, useMemo, useState } from 'react';
import { EmptyState } from '../components/EmptyState/EmptyState';
import { LimitsEditor } from '../components/LimitsEditor/LimitsEditor';
import { QueuePartitions } from '../components/QueuePartitions/QueuePartitions';
import { limitSummary } from '../components/LimitsEditor/limit-text';
import { QueueDepthChart } from '../components/QueueDepthChart/QueueDepthChart';
import { SchemaEditor } from '../components/SchemaEditor/SchemaEditor';
import { QueueHistory } from '../components/QueueHistory/QueueHistory';
import { DEPTH_WINDOWS, queueDepthSeries } from '../components/QueueDepthChart/queueDepthSeries';
import { useDepthSeries } from '../hooks/useDepthSeries';
import { useLimitStatuses } from '../hooks/useLimitStatuses';
import { useNow } from '../hooks/useNow';
import { useQueues } from '../hooks/useQueues';
import { useTopologyEvents } from '../hooks/useTopologyEvents';
import { formatAge, formatRetention } from '../../shared/format/retention';
import { formatCount, formatRate } from '../lib/format';

/**
 * Every queue with counts per state and its limits, and the chosen queue's live depth, its
 * partitions (where each lives, spread over the masters, Rebalance), schema and limits.
 */
export function QueuesPage({
  selected,
  onSelect,
  onOpenTasks,
}: {
  selected: string | null;
  onSelect: (queue: string) => void;
  onOpenTasks: (queue: string) => void;
}) {
  const { queues } = useQueues();
  const current = selected ?? queues?.[0]?.name ?? null;
  const points = useDepthSeries(current);
  const names = useMemo(() => (queues ?? []).map((q) => q.name), [queues]);
  const limits = useLimitStatuses(names);
  const events = useTopologyEvents();
  const [windowMs, setWindowMs] = useState<number>(DEPTH_WINDOWS[1].ms);
  const clock = useNow(5000);
  const now = Math.max(clock, points[points.length - 1]?.at ?? 0);
  const series = useMemo(() => queueDepthSeries(points, events, windowMs, now), [points, events, windowMs, now]);
  // The chart is the costly part of a depth update: deferred, React renders it in slices between
  // frames after the table, instead of in one long task each time a sample arrives.
  const chart = useDeferredValue(series);

  return (
    <section className="page" data-testid="page-queues" data-state={queues ? 'ready' : 'loading'}>
      <h2>Queues</h2>
      {queues?.length === 0 && (
        <EmptyState title="No queues yet" testId="queues-empty">
          Queues appear when a producer adds their first task. Enqueue a test task from the Tasks view (6) or with{' '}
          <code>slotline enqueue</code>.
        </EmptyState>
      )}
      {queues && queues.length > 0 && (
        <table data-testid="queue-table">
          <thead>
            <tr>
              <th>Queue</th>
              <th>Waiting</th>
              <th>Delayed</th>
              <th>Active</th>
              <th>Completed</th>
              <th>Failed</th>
              <th>Cancelled</th>
              <th>Status</th>
              <th>Partitions</th>
              <th>Workers</th>
              <th>Throughput</th>
              <th>Retention</th>
              <th>Limits</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {queues.map((q) => (
              <tr
                key={q.name}
                data-testid={`queue-row-${q.name}`}
                aria-selected={q.name === current}
                onClick={() => onSelect(q.name)}
                style={{ cursor: 'pointer', fontWeight: q.name === current ? 600 : undefined }}
              >
                <td>{q.name}</td>
                <td data-testid="count-waiting">{formatCount(q.counts.waiting)}</td>
                <td data-testid="count-delayed">{formatCount(q.counts.delayed)}</td>
                <td data-testid="count-active">{formatCount(q.counts.active)}</td>
                <td data-testid="count-completed">{formatCount(q.counts.completed)}</td>
                <td data-testid="count-failed" className={q.counts.failed > 0 ? 'error-text' : undefined}>
                  {formatCount(q.counts.failed)}
                </td>
                <td data-testid="count-cancelled">{formatCount(q.counts.cancelled)}</td>
                <td>{q.counts.paused ? <strong data-testid="queue-paused">paused</strong> : 'running'}</td>
                <td>{q.partitions}</td>
                <td>{q.workers}</td>
                <td>
                  {formatRate(q.completedPerSec)} ok, {formatRate(q.failedPerSec)} failed
                </td>
                <td>
                  <span data-testid="queue-retention" title={formatRetention(q.retention)}>
                    {formatCount(q.retention.completed.maxCount)} / {formatAge(q.retention.completed.maxAgeMs)}{' '}
                    completed, {formatCount(q.retention.failed.maxCount)} / {formatAge(q.retention.failed.maxAgeMs)}{' '}
                    failed
                  </span>
                  <br />
                  <span className="muted" data-testid="queue-retention-removed" data-value={q.retentionRemovedTotal}>
                    {formatCount(q.retentionRemovedTotal)} removed
                  </span>
                </td>
                <td>
                  <span
                    data-testid="queue-limits"
                    data-limited={String(limits.statuses[q.name]?.limited ?? false)}
                    style={{ fontWeight: limits.statuses[q.name]?.limited ? 600 : undefined }}
                  >
                    {limits.statuses[q.name] ? limitSummary(limits.statuses[q.name]!, clock) : '…'}
                  </span>
                </td>
                <td>
                  <button
                    onClick={(e) => {
                      e.stopPropagation();
                      onOpenTasks(q.name);
                    }}
                    data-testid={`open-tasks-${q.name}`}
                  >
                    Tasks
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {current && queues && queues.length > 0 && (
        <>
          <div className="row">
            <strong>{current}</strong> depth
            {DEPTH_WINDOWS.map((w) => (
              <button
                key={w.ms}
                className={w.ms === windowMs ? 'primary' : undefined}
                onClick={() => setWindowMs(w.ms)}
                data-testid={`depth-window-${w.label.replace(' ', '')}`}
              >
                {w.label}
              </button>
            ))}
          </div>
          {chart.rows.length === 0 ? (
            <p className="muted">Waiting for the first depth sample…</p>
          ) : (
            <QueueDepthChart {...chart} />
          )}
          <QueuePartitions key={`partitions-${current}`} queue={current} />
          <LimitsEditor
            key={`limits-${current}`}
            queue={current}
            status={limits.statuses[current]}
            onChange={limits.put}
          />
          <SchemaEditor key={current} queue={current} />
          <QueueHistory queue={current} />
        </>
      )}
    </section>
  );
}

import { useId, useMemo, useState } from 'react';
import type { HistoryRange } from '../../../shared/types/history';
import { useQueueHistory } from '../../hooks/useQueueHistory';
import { formatCount, formatDuration } from '../../lib/format';
import { QueueHistoryCharts } from './QueueHistoryCharts';
import { historyRows, historySummary, type HistorySummary } from './queueHistorySeries';
import './QueueHistory.css';

const RANGES: Array<{ range: HistoryRange; label: string; long: string }> = [
  { range: '1h', label: '1 h', long: 'Last hour' },
  { range: '24h', label: '24 h', long: 'Last 24 hours' },
  { range: '7d', label: '7 d', long: 'Last 7 days' },
];

function summaryText(long: string, s: HistorySummary): string {
  const parts = [
    `${long}: ${formatCount(s.completed)} completed, ${formatCount(s.failed)} failed, ${formatCount(s.retried)} retried`,
  ];
  if (s.worstWaitP95 !== null) parts.push(`wait p95 up to ${formatDuration(s.worstWaitP95)}`);
  if (s.worstRunP95 !== null) parts.push(`run p95 up to ${formatDuration(s.worstRunP95)}`);
  if (s.mostWaiting !== null)
    parts.push(s.mostWaiting === 0 ? 'nothing waiting' : `up to ${formatCount(s.mostWaiting)} waiting`);
  if (s.oldestWaitingMs !== null && s.oldestWaitingMs > 0) parts.push(`oldest ${formatDuration(s.oldestWaitingMs)}`);
  return parts.join(' · ');
}

/**
 * A queue's history as Redis keeps it (7 days, per minute): a 1 h / 24 h / 7 d toggle, a text
 * summary of the range and three charts. Points come decimated from main (60, 288 or 336).
 */
export function QueueHistory({ queue }: { queue: string }) {
  const [range, setRange] = useState<HistoryRange>('1h');
  const { history, error } = useQueueHistory(queue, range);
  const rows = useMemo(() => (history ? historyRows(history) : []), [history]);
  const summary = useMemo(() => (history ? historySummary(history) : null), [history]);
  const headingId = useId();
  const long = RANGES.find((r) => r.range === range)!.long;

  return (
    <section
      className="queue-history"
      aria-labelledby={headingId}
      data-testid="queue-history"
      data-range={range}
      data-state={error ? 'error' : history ? 'ready' : 'loading'}
    >
      <div className="row">
        <h3 id={headingId} className="queue-history-title">
          History of {queue}
        </h3>
        <div role="group" aria-label="History range" className="queue-history-ranges">
          {RANGES.map((r) => (
            <button
              key={r.range}
              type="button"
              aria-pressed={r.range === range}
              className={r.range === range ? 'primary' : undefined}
              onClick={() => setRange(r.range)}
              data-testid={`history-range-${r.range}`}
            >
              {r.label}
            </button>
          ))}
        </div>
      </div>
      {error && (
        <p className="error-text" role="alert" data-testid="history-error">
          The history could not be read: {error}
        </p>
      )}
      {!error && !history && <p className="muted">Reading the history…</p>}
      {summary && (
        <p className="muted" data-testid="history-summary">
          {summaryText(long, summary)}
        </p>
      )}
      {summary && summary.pointsWithData === 0 && (
        <p className="muted" data-testid="history-empty">
          Nothing recorded in this range yet. Workers record each task they finish, and workers and this console record
          the waiting depth once a minute.
        </p>
      )}
      {summary && summary.pointsWithData > 0 && <QueueHistoryCharts rows={rows} range={range} />}
    </section>
  );
}

import { formatCount, formatElapsed, formatRate } from '../../lib/format';
import { Sparkline } from '../Sparkline/Sparkline';
import type { QueueHealthRow } from './queueHealthRows';
import './QueueHealthTable.css';

const pct = (r: number | null) => (r === null ? '—' : `${(r * 100).toFixed(r < 0.1 ? 1 : 0)}%`);
const TONE = { ok: '', warn: 'tone-warn', danger: 'tone-danger' } as const;

/**
 * One row per queue, worst first (see queue-trouble.ts): why it is there, its depth over the
 * window, throughput, oldest waiting age, failure rate and live workers. The reason is text, not
 * only a colour.
 */
export function QueueHealthTable({
  rows,
  domain,
  onOpen,
}: {
  rows: QueueHealthRow[];
  domain: readonly [number, number];
  onOpen?: (queue: string) => void;
}) {
  const minutes = Math.round((domain[1] - domain[0]) / 60_000);
  return (
    <table className="queue-health" data-testid="overview-queue-table">
      <caption className="muted">Queues, most trouble first</caption>
      <thead>
        <tr>
          <th scope="col">Queue</th>
          <th scope="col">Status</th>
          <th scope="col">Unfinished, last {minutes} min</th>
          <th scope="col">Completed</th>
          <th scope="col">Oldest waiting</th>
          <th scope="col">Failure rate (1 min)</th>
          <th scope="col">Live workers</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr
            key={r.name}
            data-testid={`overview-queue-row-${r.name}`}
            data-queue={r.name}
            data-trouble={r.trouble.tier}
            data-level={r.trouble.level}
          >
            <th scope="row">
              {onOpen ? (
                <button type="button" className="link-button" onClick={() => onOpen(r.name)}>
                  {r.name}
                </button>
              ) : (
                r.name
              )}
            </th>
            <td data-testid="overview-queue-reason" className={TONE[r.trouble.level]}>
              {r.trouble.reasons.length ? r.trouble.reasons.join(' · ') : 'ok'}
            </td>
            <td>
              <span className="queue-health-depth">
                <Sparkline
                  points={r.spark}
                  domain={domain}
                  label={`${r.name}: ${formatCount(r.unfinished)} unfinished now, over the last ${minutes} min`}
                />
                <span data-testid="overview-queue-unfinished">{formatCount(r.unfinished)}</span>
              </span>
            </td>
            <td data-testid="overview-queue-throughput">{formatRate(r.completedPerSec)}</td>
            <td data-testid="overview-queue-oldest">
              {r.oldestWaitingMs === undefined
                ? '—'
                : r.oldestWaitingMs === null
                  ? 'none'
                  : formatElapsed(r.oldestWaitingMs)}
            </td>
            <td data-testid="overview-queue-failure-rate">{pct(r.failureRate)}</td>
            <td data-testid="overview-queue-workers">{r.liveWorkers ?? '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

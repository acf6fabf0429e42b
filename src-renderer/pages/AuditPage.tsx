import { useCallback, useEffect, useState } from 'react';
import type { AuditEntry } from '../../shared/types/audit';
import { EmptyState } from '../components/EmptyState/EmptyState';
import { useAction } from '../hooks/useAction';
import { useQueues } from '../hooks/useQueues';
import { auditToCsv, auditToJson, describeFilter, describeTarget } from '../lib/audit-export';
import { downloadText } from '../lib/download';
import { formatDateTime } from '../lib/format';

/** The actions the log records, for the filter. */
const ACTIONS = [
  'queue:requeue',
  'queue:purge',
  'queue:cancel',
  'queue:cancel-many',
  'queue:cancel-bulk',
  'queue:delete',
  'queue:promote',
  'queue:pause',
  'queue:resume',
  'queue:enqueue',
  'topology:failover',
];

/** How often the first page refreshes by itself. */
const REFRESH_MS = 3000;

/**
 * The shared audit log: who did what to which queue, with the filter, count, outcome and
 * duration, newest first, for every console on this cluster. Read-only consoles see it too.
 */
export function AuditPage() {
  const { queues } = useQueues();
  const [action, setAction] = useState('');
  const [queue, setQueue] = useState('');
  const [who, setWho] = useState('');
  const [entries, setEntries] = useState<AuditEntry[] | null>(null);
  const [nextBefore, setNextBefore] = useState<string | null>(null);
  const [older, setOlder] = useState(false);
  const { run, busy, error } = useAction();

  const filter = useCallback(
    () => ({
      ...(action ? { action } : {}),
      ...(queue ? { queue } : {}),
      ...(who.trim() ? { who: who.trim() } : {}),
    }),
    [action, queue, who],
  );

  const loadFirst = useCallback(async () => {
    const page = await run('audit:list', { ...filter(), limit: 100 });
    if (page) {
      setEntries(page.entries);
      setNextBefore(page.nextBefore);
      setOlder(false);
    }
  }, [run, filter]);

  useEffect(() => {
    void loadFirst();
  }, [loadFirst]);

  // The newest page follows the log by itself; once the operator pages back it holds still.
  useEffect(() => {
    if (older) return;
    const t = setInterval(() => void loadFirst(), REFRESH_MS);
    return () => clearInterval(t);
  }, [older, loadFirst]);

  const loadOlder = async () => {
    if (!nextBefore) return;
    const page = await run('audit:list', { ...filter(), limit: 100, before: nextBefore });
    if (page) {
      setEntries((e) => [...(e ?? []), ...page.entries]);
      setNextBefore(page.nextBefore);
      setOlder(true);
    }
  };

  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  return (
    <section className="page" data-testid="page-audit" data-state={entries ? 'ready' : 'loading'}>
      <h2>Audit log</h2>
      <p className="muted">
        Every requeue, purge, cancel, delete, promote, pause, resume, enqueue and failover made from a console, shared
        by every console on this cluster. The log keeps the newest 10 000 records.
      </p>
      <div className="row">
        <select
          value={action}
          onChange={(e) => setAction(e.target.value)}
          aria-label="Action"
          data-testid="audit-filter-action"
        >
          <option value="">All actions</option>
          {ACTIONS.map((a) => (
            <option key={a} value={a}>
              {a}
            </option>
          ))}
        </select>
        <select
          value={queue}
          onChange={(e) => setQueue(e.target.value)}
          aria-label="Queue"
          data-testid="audit-filter-queue"
        >
          <option value="">All queues</option>
          {queues?.map((q) => (
            <option key={q.name} value={q.name}>
              {q.name}
            </option>
          ))}
        </select>
        <input
          value={who}
          onChange={(e) => setWho(e.target.value)}
          placeholder="Who (exact), e.g. desktop:ops@host"
          aria-label="Who"
          data-testid="audit-filter-who"
        />
        <span style={{ flex: 1 }} />
        <button
          onClick={() => downloadText(`slotline-audit-${stamp}.json`, 'application/json', auditToJson(entries ?? []))}
          disabled={!entries?.length}
          data-testid="audit-export-json"
        >
          Export JSON
        </button>
        <button
          onClick={() => downloadText(`slotline-audit-${stamp}.csv`, 'text/csv', auditToCsv(entries ?? []))}
          disabled={!entries?.length}
          data-testid="audit-export-csv"
        >
          Export CSV
        </button>
      </div>
      {error && <p className="error-text" data-testid="audit-error">{`${error.code}: ${error.message}`}</p>}
      {entries?.length === 0 && (
        <EmptyState title="Nothing recorded yet">
          Actions that change tasks, queues or the cluster appear here with who made them.
        </EmptyState>
      )}
      {entries && entries.length > 0 && (
        <table data-testid="audit-table">
          <thead>
            <tr>
              <th>Time</th>
              <th>Who</th>
              <th>Action</th>
              <th>Target</th>
              <th>Filter</th>
              <th>Count</th>
              <th>Outcome</th>
              <th>Duration</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.id} data-testid="audit-row" data-action={e.action} data-outcome={e.outcome}>
                <td>{formatDateTime(e.at)}</td>
                <td>{e.who}</td>
                <td>{e.action}</td>
                <td>{describeTarget(e.target)}</td>
                <td>{describeFilter(e.filter)}</td>
                <td data-testid="audit-count">{e.count ?? '—'}</td>
                <td title={e.error}>{e.outcome === 'ok' ? 'ok' : `error: ${e.error ?? ''}`}</td>
                <td>{`${e.durationMs} ms`}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {nextBefore && (
        <button onClick={loadOlder} disabled={busy} data-testid="audit-older">
          Older records
        </button>
      )}
    </section>
  );
}

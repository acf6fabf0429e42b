import { memo, useMemo, useState } from 'react';
import { EmptyState } from '../components/EmptyState/EmptyState';
import { FailoverTimeline } from '../components/FailoverTimeline/FailoverTimeline';
import { describeEvent, filterEvents } from '../components/FailoverTimeline/failoverTimelineSeries';
import { useAction } from '../hooks/useAction';
import { useSnapshotMode } from '../hooks/useSnapshotMode';
import { useTopologyEvents } from '../hooks/useTopologyEvents';
import { downloadText } from '../lib/download';
import { formatDateTime } from '../lib/format';
import type { TopologyEvent, TopologyEventType } from '../../shared/types/topology';

const TYPES: TopologyEventType[] = [
  'node-suspected',
  'node-failed',
  'replica-promoted',
  'node-recovered',
  'node-rejoined-as-replica',
  'slots-moved',
  'node-added',
  'node-removed',
  'cluster-state-changed',
  'views-disagreed',
  'queue-rebalanced',
];

/**
 * One event's row. Events are never changed once stored, so a row renders once: a new event does
 * not format hundreds of dates and descriptions again.
 */
const TimelineRow = memo(function TimelineRow({ event: e }: { event: TopologyEvent }) {
  return (
    <tr data-testid="timeline-row" data-type={e.type}>
      <td>{formatDateTime(e.at)}</td>
      <td>{e.type}</td>
      <td>{describeEvent(e)}</td>
    </tr>
  );
});

/** Every topology event and queue rebalance on a time axis and in a filterable table, exportable. */
export function TimelinePage() {
  const events = useTopologyEvents();
  const { mode, loaded } = useSnapshotMode();
  const [type, setType] = useState('all');
  const [text, setText] = useState('');
  const { run, busy, error } = useAction();
  const rows = useMemo(() => filterEvents(events, type, text), [events, type, text]);

  const exportAs = async (format: 'json' | 'csv') => {
    const file = await run('topology:export', { format });
    if (file) downloadText(file.filename, file.mimeType, file.content);
  };

  return (
    <section className="page" data-testid="page-timeline" data-state={loaded ? 'ready' : 'loading'}>
      <h2>Failover timeline</h2>
      {mode === 'single' && (
        <EmptyState title="Single Redis: no failovers">
          Failovers happen in Redis Cluster; a single server has none to show.
        </EmptyState>
      )}
      {events.length === 0 && mode !== 'single' && (
        <EmptyState title="No topology events yet">
          Events appear here as nodes are suspected, fail, get promoted and rejoin, as slots move and queues are
          rebalanced.
        </EmptyState>
      )}
      {events.length > 0 && <FailoverTimeline events={rows} />}
      <div className="row">
        <select
          value={type}
          onChange={(e) => setType(e.target.value)}
          data-testid="timeline-filter-type"
          aria-label="Event type"
        >
          <option value="all">All events</option>
          {TYPES.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
        <input
          value={text}
          onChange={(e) => setText(e.target.value)}
          placeholder="Filter by node or text"
          data-testid="timeline-filter-text"
        />
        <span className="nav-spacer" style={{ flex: 1 }} />
        <button onClick={() => exportAs('json')} disabled={busy} data-testid="timeline-export-json">
          Export JSON
        </button>
        <button onClick={() => exportAs('csv')} disabled={busy} data-testid="timeline-export-csv">
          Export CSV
        </button>
      </div>
      {error && <p className="error-text">{`${error.code}: ${error.message}`}</p>}
      <table data-testid="timeline-table">
        <thead>
          <tr>
            <th>Time</th>
            <th>Event</th>
            <th>Detail</th>
          </tr>
        </thead>
        <tbody>
          {[...rows].reverse().map((e) => (
            <TimelineRow key={e.id} event={e} />
          ))}
        </tbody>
      </table>
    </section>
  );
}

import { useState } from 'react';
import type { AutoRebalanceStatus, RebalanceResultView } from '../../../shared/types/partitions';
import { useAppInfo } from '../../hooks/useAppInfo';
import { useNow } from '../../hooks/useNow';
import { useQueuePartitions } from '../../hooks/useQueuePartitions';
import { formatDateTime } from '../../lib/format';
import { RebalanceDialog } from '../RebalanceDialog/RebalanceDialog';
import { MasterSpread } from './MasterSpread';
import { PartitionTable } from './PartitionTable';
import './QueuePartitions.css';

function autoText(a: AutoRebalanceStatus): string {
  if (!a.enabled) return `Automatic rebalance: off${a.decision ? ` (${a.decision})` : ''}`;
  const last = a.lastAt !== undefined ? `; last ${formatDateTime(a.lastAt)}: ${a.lastOutcome ?? ''}` : '';
  return `Automatic rebalance: on, at most once per ${Math.round(a.minIntervalMs / 60_000)} min${last}${a.decision ? `; ${a.decision}` : ''}`;
}

/**
 * The selected queue's partitions: where each lives and what it holds (PartitionTable), how the
 * newest generation spreads over the masters (MasterSpread), and Rebalance behind a confirmation
 * (disabled in read-only mode; main refuses it there too).
 */
export function QueuePartitions({ queue }: { queue: string }) {
  const { data, error, refresh } = useQueuePartitions(queue);
  const { readOnly } = useAppInfo();
  const [open, setOpen] = useState(false);
  const [done, setDone] = useState<RebalanceResultView | null>(null);
  const now = useNow(1000);
  const state = data ? 'ready' : error ? 'error' : 'loading';

  return (
    <div className="card" data-testid="queue-partitions" data-state={state}>
      <h3 style={{ marginTop: 0 }}>Partitions of {queue}</h3>
      {error && (
        <p className="error-text" data-testid="partitions-error">
          {`${error.code}: ${error.message}`}
        </p>
      )}
      {!data && !error && <p className="muted">Reading the partitions…</p>}
      {data && (
        <>
          <div className="row">
            <span data-testid="partitions-generation">
              Generation {data.generation}
              {data.draining ? ' (an older generation is still draining)' : ''} · {data.workers} live worker
              {data.workers === 1 ? '' : 's'}
            </span>
            <button
              onClick={() => {
                setDone(null);
                setOpen(true);
              }}
              disabled={readOnly}
              title={readOnly ? 'The console is read-only' : undefined}
              data-testid="rebalance-open"
            >
              Rebalance…
            </button>
          </div>
          <MasterSpread spread={data.spread} />
          <p className="muted" data-testid="auto-rebalance-status">
            {autoText(data.autoRebalance)}
          </p>
          {done && (
            <p role="status" data-testid="rebalance-done">
              Rebalanced {done.queue}: generation {done.generation}, {done.partitionsBefore} → {done.partitionsAfter}{' '}
              partitions. Workers drain the old generation; its rows below empty, then go.
            </p>
          )}
          <PartitionTable rows={data.rows} now={now} />
        </>
      )}
      {open && data && (
        <RebalanceDialog
          queue={queue}
          generation={data.generation}
          current={data.spread.partitions}
          masters={data.spread.masters.length}
          suggested={Math.min(1024, Math.max(1, data.spread.masters.length || data.spread.partitions))}
          draining={data.draining}
          onCancel={() => setOpen(false)}
          onDone={(r) => {
            setOpen(false);
            setDone(r);
            refresh();
          }}
        />
      )}
    </div>
  );
}

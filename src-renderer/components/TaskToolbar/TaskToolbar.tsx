import type { QueueSummary, TaskState } from '../../../shared/types/queue';

export interface TaskToolbarProps {
  summary: QueueSummary | undefined;
  state: TaskState;
  selectedCount: number;
  readOnly: boolean;
  olderThanMin: string;
  onOlderThan: (value: string) => void;
  onRequeueSelected: () => void;
  onRequeueAll: () => void;
  onPurge: () => void;
  onPromote: () => void;
  onCancelAll: () => void;
  onPauseToggle: () => void;
  onEnqueue: () => void;
}

const REQUEUEABLE: TaskState[] = ['failed', 'delayed', 'completed'];
/** States whose tasks can still be cancelled (finished ones cannot). */
const CANCELLABLE: TaskState[] = ['waiting', 'delayed', 'active'];

/** Bulk actions for the current queue and state; all visibly disabled in read-only mode. */
export function TaskToolbar(p: TaskToolbarProps) {
  const count = p.summary?.counts[p.state] ?? 0;
  const off = p.readOnly;
  const why = off ? 'Read-only mode: actions are disabled' : undefined;
  return (
    <div className="row card" data-testid="task-toolbar" title={why}>
      <button
        onClick={p.onRequeueSelected}
        disabled={off || p.selectedCount === 0 || !REQUEUEABLE.includes(p.state)}
        data-testid="requeue-selected"
      >
        Requeue selected ({p.selectedCount})
      </button>
      <button
        onClick={p.onRequeueAll}
        disabled={off || count === 0 || !REQUEUEABLE.includes(p.state)}
        data-testid="requeue-all"
      >
        Requeue all {p.state} ({count})
      </button>
      <label className="row">
        older than
        <input
          type="number"
          min={0}
          style={{ width: 70 }}
          value={p.olderThanMin}
          onChange={(e) => p.onOlderThan(e.target.value)}
          disabled={off}
          data-testid="purge-older-than"
          aria-label="Purge only tasks older than, minutes"
        />
        min
      </label>
      <button className="danger" onClick={p.onPurge} disabled={off || count === 0} data-testid="purge-state">
        Purge {p.state}
      </button>
      <button
        className="danger"
        onClick={p.onCancelAll}
        disabled={off || count === 0 || !CANCELLABLE.includes(p.state)}
        data-testid="cancel-all"
      >
        Cancel all {p.state}
      </button>
      <button
        onClick={p.onPromote}
        disabled={off || p.state !== 'delayed' || count === 0}
        data-testid="promote-delayed"
      >
        Promote delayed
      </button>
      <button onClick={p.onPauseToggle} disabled={off || !p.summary} data-testid="pause-toggle">
        {p.summary?.counts.paused ? 'Resume queue' : 'Pause queue'}
      </button>
      <button onClick={p.onEnqueue} disabled={off} data-testid="enqueue-open">
        Enqueue test task
      </button>
    </div>
  );
}

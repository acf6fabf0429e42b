import { useRef } from 'react';
import type { Task } from '../../../shared/types/queue';
import { formatDateTime } from '../../lib/format';
import { toggleSelection } from '../../lib/selection';
import { TaskProgress } from '../TaskProgress/TaskProgress';

export interface TaskTableProps {
  tasks: Task[];
  selected: Set<string>;
  onSelected: (next: Set<string>) => void;
  onOpen: (task: Task) => void;
  onRequeue: (task: Task) => void;
  onDelete: (task: Task) => void;
  readOnly: boolean;
  /** Adds the Progress column (the active tab: the only tasks whose progress still moves). */
  showProgress?: boolean;
}

const preview = (task: Task) => (task.corrupt ? (task.raw ?? '') : (JSON.stringify(task.payload) ?? '')).slice(0, 80);

/** Tasks with checkboxes (shift-click selects a range) and per-row actions. */
export function TaskTable({
  tasks,
  selected,
  onSelected,
  onOpen,
  onRequeue,
  onDelete,
  readOnly,
  showProgress,
}: TaskTableProps) {
  const anchor = useRef<string | null>(null);
  const ids = tasks.map((t) => t.id);
  const all = tasks.length > 0 && tasks.every((t) => selected.has(t.id));
  return (
    <table data-testid="task-table">
      <thead>
        <tr>
          <th>
            <input
              type="checkbox"
              aria-label="Select all on this page"
              checked={all}
              onChange={() => onSelected(all ? new Set() : new Set(ids))}
              data-testid="task-select-all"
            />
          </th>
          <th>Id</th>
          <th>State</th>
          {showProgress && <th>Progress</th>}
          <th>Payload</th>
          <th>Attempts</th>
          <th>Created</th>
          <th>Last error</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {tasks.map((t) => (
          <tr key={t.id} data-testid={`task-row-${t.id}`}>
            <td>
              <input
                type="checkbox"
                aria-label={`Select ${t.id}`}
                checked={selected.has(t.id)}
                data-testid={`task-select-${t.id}`}
                onChange={() => {}}
                onClick={(e) => {
                  onSelected(toggleSelection(ids, selected, anchor.current, t.id, e.shiftKey));
                  anchor.current = t.id;
                }}
              />
            </td>
            <td>
              <button className="link" onClick={() => onOpen(t)} data-testid={`task-open-${t.id}`}>
                {t.id}
              </button>
            </td>
            <td data-testid={`task-state-of-${t.id}`}>
              {t.state}
              {t.cancelRequested && t.state === 'active' && <span className="muted"> (cancelling)</span>}
            </td>
            {showProgress && (
              <td>
                <TaskProgress taskId={t.id} progress={t.progress} compact testId={`task-progress-${t.id}`} />
              </td>
            )}
            <td>
              {t.corrupt && (
                <span className="error-text" title="Stored record is not valid JSON">
                  ⚠{' '}
                </span>
              )}
              <code>{preview(t)}</code>
            </td>
            <td>
              {t.attemptsMade}/{t.maxAttempts}
            </td>
            <td>{formatDateTime(t.createdAt)}</td>
            <td className="error-text">{t.lastError ?? ''}</td>
            <td className="row">
              <button
                onClick={() => onRequeue(t)}
                disabled={readOnly || t.state === 'waiting' || t.state === 'active'}
                data-testid={`task-requeue-${t.id}`}
              >
                Requeue
              </button>
              <button onClick={() => onDelete(t)} disabled={readOnly} data-testid={`task-delete-${t.id}`}>
                Delete
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

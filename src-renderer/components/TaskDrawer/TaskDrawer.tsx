import type { Task } from '../../../shared/types/queue';
import { formatDateTime, formatDuration } from '../../lib/format';
import './TaskDrawer.css';

/** The full task: payload (raw with a warning when corrupt), attempts, history, error and stack. */
export function TaskDrawer({ task, onClose }: { task: Task; onClose: () => void }) {
  return (
    <aside
      className="task-drawer card"
      role="dialog"
      aria-label={`Task ${task.id}`}
      data-testid="task-drawer"
      onKeyDown={(e) => e.key === 'Escape' && onClose()}
    >
      <div className="row">
        <h3 style={{ margin: 0, flex: 1 }}>Task {task.id}</h3>
        <button onClick={onClose} data-testid="task-drawer-close">
          Close
        </button>
      </div>
      <dl>
        <dt>Queue / partition</dt>
        <dd>
          {task.queue} / {task.partition}
        </dd>
        <dt>State</dt>
        <dd>{task.state}</dd>
        <dt>Attempts</dt>
        <dd>
          {task.attemptsMade} of {task.maxAttempts} ({task.stalls} stalls)
        </dd>
        <dt>Priority</dt>
        <dd>{task.priority}</dd>
        <dt>Created</dt>
        <dd>{formatDateTime(task.createdAt)}</dd>
        {task.runAt !== undefined && (
          <>
            <dt>Runs at</dt>
            <dd>{formatDateTime(task.runAt)}</dd>
          </>
        )}
        <dt>Started / finished</dt>
        <dd>
          {formatDateTime(task.startedAt)} / {formatDateTime(task.finishedAt)}
        </dd>
        {task.workerId && (
          <>
            <dt>Worker</dt>
            <dd>{task.workerId}</dd>
          </>
        )}
      </dl>
      <h4>Payload</h4>
      {task.corrupt ? (
        <>
          <p className="error-text" data-testid="task-corrupt-warning">
            ⚠ The stored record is not valid JSON; shown raw.
          </p>
          <pre data-testid="task-payload-raw">{task.raw}</pre>
        </>
      ) : (
        <pre data-testid="task-payload">{JSON.stringify(task.payload, null, 2)}</pre>
      )}
      {task.lastError && (
        <>
          <h4>Last error</h4>
          <p className="error-text" data-testid="task-last-error">
            {task.lastError}
          </p>
          {task.lastStack && <pre data-testid="task-last-stack">{task.lastStack}</pre>}
        </>
      )}
      <h4>History</h4>
      <table data-testid="task-history">
        <tbody>
          {task.history.map((a) => (
            <tr key={a.attempt}>
              <td>#{a.attempt}</td>
              <td>{a.outcome}</td>
              <td>{a.workerId}</td>
              <td>{formatDateTime(a.startedAt)}</td>
              <td>{a.endedAt !== undefined ? formatDuration(a.endedAt - a.startedAt) : '—'}</td>
              <td className="error-text">{a.error ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </aside>
  );
}

import { useState } from 'react';
import type { Task } from '../../../shared/types/queue';
import { useAction } from '../../hooks/useAction';
import { useTaskDetail } from '../../hooks/useTaskDetail';
import { formatDateTime, formatDuration } from '../../lib/format';
import { ConfirmDialog } from '../ConfirmDialog/ConfirmDialog';
import { EditRetry } from '../EditRetry/EditRetry';
import { JsonView } from '../JsonView/JsonView';
import { TaskLog } from '../TaskLog/TaskLog';
import { TaskProgress } from '../TaskProgress/TaskProgress';
import './TaskDrawer.css';

const CANCELLABLE = new Set<Task['state']>(['waiting', 'delayed', 'active']);

/**
 * The full task: payload (raw with a warning when corrupt), progress, result, log, attempts,
 * history, error and stack; it follows the task while it runs, can cancel it, and can edit and
 * retry a failed or cancelled one.
 */
export function TaskDrawer({
  task: initial,
  readOnly,
  onClose,
  onChanged,
}: {
  task: Task;
  readOnly: boolean;
  onClose: () => void;
  /** After a cancel: the list behind the drawer is stale. */
  onChanged?: () => void;
}) {
  const { task, logs, error, gone, following, refresh } = useTaskDetail(initial);
  const action = useAction();
  const [confirming, setConfirming] = useState(false);
  const cancellable = CANCELLABLE.has(task.state) && !task.cancelRequested && !gone;
  return (
    <aside
      className="task-drawer card"
      role="dialog"
      aria-label={`Task ${task.id}`}
      data-testid="task-drawer"
      data-task-state={task.state}
      data-following={String(following)}
      onKeyDown={(e) => e.key === 'Escape' && !confirming && onClose()}
    >
      <div className="row">
        <h3 style={{ margin: 0, flex: 1 }}>Task {task.id}</h3>
        <button
          className="danger"
          onClick={() => {
            action.clearError();
            setConfirming(true);
          }}
          disabled={readOnly || !cancellable}
          title={
            readOnly ? 'The console is read-only' : cancellable ? undefined : 'Only unfinished tasks can be cancelled'
          }
          data-testid="task-cancel"
        >
          Cancel task
        </button>
        <button onClick={onClose} data-testid="task-drawer-close">
          Close
        </button>
      </div>
      {gone && (
        <p className="error-text" data-testid="task-gone">
          This task no longer exists (deleted, purged or removed by retention); showing what was last seen.
        </p>
      )}
      {error && (
        <p className="error-text" data-testid="task-detail-error">
          {error.code}: {error.message}
        </p>
      )}
      <dl>
        <dt>Queue / partition</dt>
        <dd>
          {task.queue} / {task.partition}
        </dd>
        <dt>State</dt>
        <dd data-testid="task-state">
          {task.state}
          {task.state === 'failed' && task.failedReason && task.failedReason !== 'error' && ` (${task.failedReason})`}
          {task.cancelRequested && task.state === 'active' && (
            <strong data-testid="task-cancel-requested"> — cancel requested</strong>
          )}
        </dd>
        {(task.state === 'active' || task.progress !== undefined) && (
          <>
            <dt>Progress</dt>
            <dd>
              <TaskProgress taskId={task.id} progress={task.progress} testId="task-progress" />
            </dd>
          </>
        )}
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
        {task.timeoutMs !== undefined && (
          <>
            <dt>Timeout</dt>
            <dd>{formatDuration(task.timeoutMs)} per attempt</dd>
          </>
        )}
        {task.expiresAt !== undefined && (
          <>
            <dt>Expires</dt>
            <dd>{formatDateTime(task.expiresAt)}</dd>
          </>
        )}
        {task.cancelledAt !== undefined && (
          <>
            <dt>Cancelled</dt>
            <dd>{formatDateTime(task.cancelledAt)}</dd>
          </>
        )}
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
      {task.result !== undefined && (
        <>
          <h4>Result</h4>
          <JsonView value={task.result} label={`Result of task ${task.id}`} testId="task-result" />
        </>
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
      <EditRetry
        task={task}
        readOnly={readOnly}
        onDone={() => {
          refresh();
          onChanged?.();
        }}
      />
      {task.edits && task.edits.length > 0 && (
        <>
          <h4>Edits</h4>
          <table data-testid="task-edits">
            <tbody>
              {task.edits.map((e) => (
                <tr key={e.at + e.by}>
                  <td>{formatDateTime(e.at)}</td>
                  <td>{e.by}</td>
                  <td>
                    <code>was {JSON.stringify(e.previous).slice(0, 200)}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      <h4>Log</h4>
      <TaskLog logs={logs} logCount={task.logCount} following={following} />
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
      {confirming && (
        <ConfirmDialog
          title="Cancel task?"
          confirmLabel="Cancel 1 task"
          busy={action.busy}
          error={action.error && `${action.error.code}: ${action.error.message}`}
          onCancel={() => setConfirming(false)}
          onConfirm={async () => {
            const done = await action.run('queue:cancel', { queue: task.queue, id: task.id });
            if (!done) return;
            setConfirming(false);
            refresh();
            onChanged?.();
          }}
        >
          {task.state === 'active' ? (
            <>
              Cancel the running task <strong>{task.id}</strong> of queue <strong>{task.queue}</strong>: its worker
              aborts the handler, the outcome is discarded and it is not retried.
            </>
          ) : (
            <>
              Cancel the {task.state} task <strong>{task.id}</strong> of queue <strong>{task.queue}</strong>: it will
              never run.
            </>
          )}
        </ConfirmDialog>
      )}
    </aside>
  );
}

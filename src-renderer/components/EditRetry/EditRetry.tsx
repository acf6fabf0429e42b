import { useState } from 'react';
import type { Task } from '../../../shared/types/queue';
import { useAction } from '../../hooks/useAction';
import { ConfirmDialog } from '../ConfirmDialog/ConfirmDialog';
import { PayloadEditor, parsePayloadText, type PayloadState } from '../PayloadEditor/PayloadEditor';

/**
 * Edit and retry for a failed or cancelled task: its payload in a JSON editor (syntax and the
 * queue's schema checked as you type), requeued with the edit after a confirmation. The edit is
 * kept in the task's edit history, and the call in the audit log.
 */
export function EditRetry({ task, readOnly, onDone }: { task: Task; readOnly: boolean; onDone: () => void }) {
  const [open, setOpen] = useState(false);
  const [text, setText] = useState(() => JSON.stringify(task.payload, null, 2));
  const [check, setCheck] = useState<PayloadState | null>(null);
  const [confirming, setConfirming] = useState(false);
  const action = useAction();
  const editable = task.state === 'failed' || task.state === 'cancelled';
  if (!editable) return null;
  const { payload, parseError } = parsePayloadText(text);
  const sendable = parseError === null && (check?.schemaErrors.length ?? 0) === 0;
  if (!open) {
    return (
      <button
        onClick={() => setOpen(true)}
        disabled={readOnly}
        title={readOnly ? 'The console is read-only' : undefined}
        data-testid="task-edit-open"
      >
        Edit payload and retry
      </button>
    );
  }
  return (
    <div className="card" data-testid="task-edit">
      <PayloadEditor
        queue={task.queue}
        text={text}
        onText={setText}
        onState={setCheck}
        label={`Edited payload of task ${task.id}`}
        testId="task-edit-payload"
      />
      <div className="row">
        <button
          className="primary"
          disabled={readOnly || !sendable}
          onClick={() => {
            action.clearError();
            setConfirming(true);
          }}
          data-testid="task-edit-submit"
        >
          Retry with this payload
        </button>
        <button onClick={() => setOpen(false)} data-testid="task-edit-close">
          Discard edit
        </button>
      </div>
      {confirming && (
        <ConfirmDialog
          title="Retry with an edited payload?"
          confirmLabel="Requeue 1 task"
          busy={action.busy}
          error={action.error && `${action.error.code}: ${action.error.message}`}
          onCancel={() => setConfirming(false)}
          onConfirm={async () => {
            const done = await action.run('payload:retry-edited', { queue: task.queue, id: task.id, payload });
            if (!done) return;
            setConfirming(false);
            setOpen(false);
            onDone();
          }}
        >
          Replace the payload of the {task.state} task <strong>{task.id}</strong> of queue <strong>{task.queue}</strong>{' '}
          and move it back to waiting with its attempts reset. The previous payload is kept in the task’s edit history.
        </ConfirmDialog>
      )}
    </div>
  );
}

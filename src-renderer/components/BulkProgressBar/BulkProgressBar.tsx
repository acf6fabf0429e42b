import { useRef } from 'react';
import { useBulkProgress } from '../../hooks/useBulkProgress';
import { formatCount } from '../../lib/format';
import './BulkProgressBar.css';

export interface BulkProgressBarProps {
  operationId: string;
  /** From the start response, until the first progress event arrives. */
  total: number;
  label: string;
  onCancel: () => void;
  onDismiss: () => void;
  readOnly?: boolean;
}

/** Progress of a requeue/purge/promote, driven only by `task:bulk-progress` events. */
export function BulkProgressBar({ operationId, total, label, onCancel, onDismiss, readOnly }: BulkProgressBarProps) {
  const progress = useBulkProgress(operationId);
  const done = progress?.done ?? 0;
  // How many distinct progress values this bar has shown (e2e: the bar moved, not just jumped).
  const steps = useRef(new Set<number>()).current;
  steps.add(done);
  const max = progress?.total ?? total;
  const finished = progress?.finished ?? false;
  const status = progress?.error
    ? `failed: ${progress.error}`
    : progress?.cancelled
      ? 'cancelled'
      : finished
        ? 'done'
        : 'running';
  return (
    <div
      className="bulk-progress card"
      data-testid="bulk-progress"
      data-done={done}
      data-total={max}
      data-finished={String(finished)}
      data-steps={steps.size}
      data-status={status}
    >
      <div className="row">
        <strong>{label}</strong>
        <span data-testid="bulk-progress-text">
          {formatCount(done)} / {formatCount(max)} — {status}
        </span>
      </div>
      <progress value={done} max={Math.max(max, 1)} aria-label={label} />
      <div className="row">
        {!finished && (
          <button onClick={onCancel} disabled={readOnly} data-testid="bulk-cancel">
            Cancel
          </button>
        )}
        {finished && (
          <button onClick={onDismiss} data-testid="bulk-dismiss">
            Dismiss
          </button>
        )}
      </div>
    </div>
  );
}

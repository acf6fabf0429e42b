import { useState } from 'react';
import type { RebalanceResultView } from '../../../shared/types/partitions';
import { useAction } from '../../hooks/useAction';
import { ConfirmDialog } from '../ConfirmDialog/ConfirmDialog';

/** Why a typed partition count cannot be sent, or undefined when it can (main checks it again). */
export function partitionCountError(text: string): string | undefined {
  const t = text.trim();
  const n = /^\d+$/.test(t) ? Number(t) : NaN;
  return n >= 1 && n <= 1024
    ? undefined
    : `${JSON.stringify(text)} is not a partition count: expected a whole number from 1 to 1024`;
}

/**
 * The confirmation of a queue rebalance: names the queue, the partition count now and the new
 * one (editable, `suggested` at first), and what happens to the tasks. Calls `queue:rebalance`;
 * main's refusal (read-only, a bad count, another rebalance won) stays in the dialog.
 */
export function RebalanceDialog({
  queue,
  generation,
  current,
  masters,
  suggested,
  draining,
  onDone,
  onCancel,
}: {
  queue: string;
  generation: number;
  current: number;
  masters: number;
  suggested: number;
  draining: boolean;
  onDone: (r: RebalanceResultView) => void;
  onCancel: () => void;
}) {
  const [text, setText] = useState(String(suggested));
  const action = useAction();
  const invalid = partitionCountError(text);
  const next = Number(text.trim());

  const confirm = async () => {
    if (invalid) return;
    const r = await action.run('queue:rebalance', { queue, partitions: next });
    if (r) onDone(r);
  };

  return (
    <ConfirmDialog
      title={`Rebalance queue ${queue}?`}
      confirmLabel="Rebalance"
      danger={false}
      busy={action.busy}
      confirmDisabled={invalid !== undefined}
      error={action.error && `${action.error.code}: ${action.error.message}`}
      onCancel={() => {
        action.clearError();
        onCancel();
      }}
      onConfirm={() => void confirm()}
    >
      <p>
        Queue <strong>{queue}</strong> has <strong>{current}</strong> partition{current === 1 ? '' : 's'} (generation{' '}
        {generation}). A new generation of <strong data-testid="rebalance-summary-next">{invalid ? '?' : next}</strong>{' '}
        partition
        {next === 1 ? '' : 's'} is planned over the {masters} master{masters === 1 ? '' : 's'} of now.
      </p>
      <label>
        New partition count{' '}
        <input
          type="number"
          min={1}
          max={1024}
          value={text}
          onChange={(e) => setText(e.target.value)}
          aria-invalid={invalid !== undefined || undefined}
          aria-describedby={invalid ? 'rebalance-input-error' : undefined}
          data-testid="rebalance-partitions"
        />
      </label>
      {invalid && (
        <p className="error-text" id="rebalance-input-error" data-testid="rebalance-input-error">
          {invalid}
        </p>
      )}
      <p className="muted">
        New tasks go to the new generation within about a second; workers drain the old one, then its keys are removed.
        No task is moved or lost.
        {draining && ' An older generation is still draining: it goes on draining alongside.'}
      </p>
    </ConfirmDialog>
  );
}

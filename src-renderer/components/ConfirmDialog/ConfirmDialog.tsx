import { useEffect, useRef, type ReactNode } from 'react';
import './ConfirmDialog.css';

export interface ConfirmDialogProps {
  title: string;
  /** What will happen, in plain words: queue, state, count, node. */
  children: ReactNode;
  confirmLabel: string;
  /** Red confirm button for destructive actions. Default true. */
  danger?: boolean;
  busy?: boolean;
  /** Keeps the confirm button disabled (a field inside the dialog is not valid yet). */
  confirmDisabled?: boolean;
  error?: string | null;
  onConfirm: () => void;
  onCancel: () => void;
}

/** A modal that states exactly what an action will do; Cancel has focus so Enter never destroys. */
export function ConfirmDialog({
  title,
  children,
  confirmLabel,
  danger = true,
  busy,
  confirmDisabled,
  error,
  onConfirm,
  onCancel,
}: ConfirmDialogProps) {
  const cancelRef = useRef<HTMLButtonElement>(null);
  useEffect(() => cancelRef.current?.focus(), []);
  return (
    <div className="confirm-backdrop" onKeyDown={(e) => e.key === 'Escape' && onCancel()}>
      <div
        role="alertdialog"
        aria-modal="true"
        aria-labelledby="confirm-title"
        className="confirm-dialog card"
        data-testid="confirm-dialog"
      >
        <h3 id="confirm-title">{title}</h3>
        <div data-testid="confirm-dialog-message">{children}</div>
        {error && (
          <p className="error-text" data-testid="confirm-dialog-error">
            {error}
          </p>
        )}
        <div className="row confirm-buttons">
          <button ref={cancelRef} onClick={onCancel} data-testid="confirm-cancel">
            Cancel
          </button>
          <button
            className={danger ? 'danger' : 'primary'}
            onClick={onConfirm}
            disabled={busy || confirmDisabled}
            data-testid="confirm-ok"
          >
            {busy ? 'Working…' : confirmLabel}
          </button>
        </div>
      </div>
    </div>
  );
}

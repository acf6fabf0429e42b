import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { ConfirmDialog } from './ConfirmDialog';

describe('ConfirmDialog', () => {
  it('states the consequence, focuses Cancel and confirms only on click', async () => {
    const onConfirm = vi.fn();
    const onCancel = vi.fn();
    render(
      <ConfirmDialog title="Purge" confirmLabel="Purge 7 tasks" onConfirm={onConfirm} onCancel={onCancel}>
        Delete 7 failed tasks from emails.
      </ConfirmDialog>,
    );
    expect(screen.getByTestId('confirm-dialog-message').textContent).toBe('Delete 7 failed tasks from emails.');
    expect(document.activeElement).toBe(screen.getByTestId('confirm-cancel'));
    await userEvent.keyboard('{Escape}');
    expect(onCancel).toHaveBeenCalled();
    await userEvent.click(screen.getByTestId('confirm-ok'));
    expect(onConfirm).toHaveBeenCalledOnce();
  });
});

import { fireEvent, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { Task } from '../../../shared/types/queue';
import { createFakeBridge } from '../../testing/fake-bridge';
import { task } from '../../testing/fixtures';
import { renderWithApi } from '../../testing/render';
import { TaskDrawer } from '../TaskDrawer/TaskDrawer';

const failed = (extra: Partial<Task> = {}) => task('t1', { state: 'failed', payload: { to: 'a' }, ...extra });

describe('Edit and retry in the task drawer', () => {
  it('edits the payload of a failed task, checks it against the schema as you type, and requeues it after a confirmation', async () => {
    let stored = failed();
    const bridge = createFakeBridge({
      'queue:get': () => stored,
      'queue:logs': () => ({ lines: [], start: 0, total: 0 }),
      'payload:check': ({ payload }) => ({
        errors: typeof (payload as { to?: unknown }).to === 'string' ? [] : ['payload/to: must be string'],
      }),
      'payload:retry-edited': ({ payload }) => {
        stored = failed({
          state: 'waiting',
          payload,
          attemptsMade: 0,
          edits: [{ at: 1_000_000, by: 'desktop:ops@host', previous: { to: 'a' } }],
        });
        return stored;
      },
    });
    await renderWithApi(<TaskDrawer task={failed()} readOnly={false} onClose={() => {}} />, bridge);
    await userEvent.click(screen.getByTestId('task-edit-open'));
    const editor = screen.getByTestId('task-edit-payload');
    fireEvent.change(editor, { target: { value: '{"to": 5}' } });
    expect(await screen.findByTestId('task-edit-payload-schema-errors')).toBeTruthy();
    await waitFor(() => expect((screen.getByTestId('task-edit-submit') as HTMLButtonElement).disabled).toBe(true));
    fireEvent.change(editor, { target: { value: '{"to": ' } });
    expect(screen.getByTestId('task-edit-payload-json-error')).toBeTruthy();
    fireEvent.change(editor, { target: { value: '{"to": "b"}' } });
    await waitFor(() => expect(screen.queryByTestId('task-edit-payload-schema-errors')).toBeNull());
    await waitFor(() => expect((screen.getByTestId('task-edit-submit') as HTMLButtonElement).disabled).toBe(false));
    await userEvent.click(screen.getByTestId('task-edit-submit'));
    expect(bridge.callsTo('payload:retry-edited')).toHaveLength(0);
    await userEvent.click(screen.getByTestId('confirm-ok'));
    expect(bridge.callsTo('payload:retry-edited')).toEqual([{ queue: 'emails', id: 't1', payload: { to: 'b' } }]);
    expect(await screen.findByTestId('task-edits')).toBeTruthy();
    expect(screen.getByTestId('task-edits').textContent).toContain('desktop:ops@host');
  });

  it('is offered only for failed or cancelled tasks, and disabled in read-only mode', async () => {
    const bridge = createFakeBridge({
      'queue:get': () => failed(),
      'queue:logs': () => ({ lines: [], start: 0, total: 0 }),
    });
    const { unmount } = await renderWithApi(<TaskDrawer task={failed()} readOnly onClose={() => {}} />, bridge);
    expect((screen.getByTestId('task-edit-open') as HTMLButtonElement).disabled).toBe(true);
    unmount();
    const waiting = task('t2', { state: 'waiting' });
    await renderWithApi(
      <TaskDrawer task={waiting} readOnly={false} onClose={() => {}} />,
      createFakeBridge({ 'queue:get': () => waiting, 'queue:logs': () => ({ lines: [], start: 0, total: 0 }) }),
    );
    expect(screen.queryByTestId('task-edit-open')).toBeNull();
  });
});

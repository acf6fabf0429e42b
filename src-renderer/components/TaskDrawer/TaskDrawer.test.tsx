import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { Task, TaskLogPage } from '../../../shared/types/queue';
import { createFakeBridge } from '../../testing/fake-bridge';
import { depthSample, task } from '../../testing/fixtures';
import { push, renderWithApi } from '../../testing/render';
import { TaskDrawer } from './TaskDrawer';

const running = (extra: Partial<Task> = {}) =>
  task('t1', { state: 'active', lastError: undefined, lastStack: undefined, finishedAt: undefined, ...extra });

/** A fake whose stored task and log the test changes between depth samples, as a worker would. */
function world(readOnly = false) {
  const state = { task: running({ progress: 10, logCount: 1 }), lines: ['started'] };
  const bridge = createFakeBridge(
    {
      'queue:get': () => state.task,
      'queue:logs': (): TaskLogPage => ({ lines: state.lines, start: 0, total: state.lines.length }),
      'queue:cancel': ({ id }) => {
        state.task = { ...state.task, state: 'cancelled', cancelledAt: 2_000_000 };
        return { id, state: 'cancelled' as const };
      },
    },
    { readOnly },
  );
  return { state, bridge };
}

const show = (bridge: ReturnType<typeof world>['bridge'], readOnly = false) =>
  renderWithApi(<TaskDrawer task={running()} readOnly={readOnly} onClose={() => {}} />, bridge);

describe('TaskDrawer', () => {
  it('follows an active task: each depth sample of its queue refetches progress and log, no timer', async () => {
    const { state, bridge } = world();
    await show(bridge);
    expect(bridge.callsTo('queue:logs')).toEqual([{ queue: 'emails', id: 't1', start: -200, end: -1 }]);
    const bar = screen.getByRole('progressbar', { name: 'Progress of task t1' });
    expect(bar.getAttribute('value')).toBe('10');
    expect(screen.getByTestId('task-log').dataset.following).toBe('true');
    expect(screen.getAllByTestId('task-log-line').map((l) => l.textContent)).toEqual(['started']);

    // Nothing changes without a pushed sample: the drawer has no polling loop.
    await new Promise((r) => setTimeout(r, 50));
    expect(bridge.callsTo('queue:get')).toHaveLength(1);

    state.task = running({ progress: 60, logCount: 2 });
    state.lines = ['started', 'half way'];
    await push(bridge, 'queue:depth', [depthSample(Date.now(), 'emails')]);
    expect(bridge.callsTo('queue:get')).toHaveLength(2);
    expect(screen.getByTestId('task-progress').dataset.value).toBe('60');
    expect(screen.getAllByTestId('task-log-line').map((l) => l.textContent)).toEqual(['started', 'half way']);
    expect(screen.getByTestId('task-log-summary').textContent).toBe('Last 2 of 2 kept line(s); 2 written — following.');

    // Another queue's sample is not this task's business.
    await push(bridge, 'queue:depth', [depthSample(Date.now() + 1, 'reports')]);
    expect(bridge.callsTo('queue:get')).toHaveLength(2);

    state.task = {
      ...running({ progress: 100, logCount: 2 }),
      state: 'completed',
      result: { sent: 3, ids: ['a', 'b', 'c'] },
    };
    await push(bridge, 'queue:depth', [depthSample(Date.now() + 2, 'emails')]);
    expect(screen.getByTestId('task-drawer').dataset.taskState).toBe('completed');
    expect(screen.getByTestId('task-log').dataset.following).toBe('false');
    // Finished: later samples do not refetch.
    await push(bridge, 'queue:depth', [depthSample(Date.now() + 3, 'emails')]);
    expect(bridge.callsTo('queue:get')).toHaveLength(3);
  });

  it('shows the result as a JSON tree whose objects fold', async () => {
    const { state, bridge } = world();
    state.task = { ...running(), state: 'completed', result: { sent: 3, nested: { deep: { deeper: [1, 2] } } } };
    await show(bridge);
    const result = screen.getByRole('group', { name: 'Result of task t1' });
    expect(result.textContent).toContain('sent: 3');
    const folds = result.querySelectorAll('details');
    expect(folds).toHaveLength(4);
    // The first two levels start open, deeper ones folded.
    expect([...folds].map((d) => d.open)).toEqual([true, true, false, false]);
    await userEvent.click(within(folds[2] as HTMLElement).getAllByText('deep')[0]!);
    expect((folds[2] as HTMLDetailsElement).open).toBe(true);
  });

  it('cancels after a confirmation that names task and queue, then shows it cancelled', async () => {
    const { bridge } = world();
    await show(bridge);
    await userEvent.click(screen.getByRole('button', { name: 'Cancel task' }));
    expect(screen.getByTestId('confirm-dialog-message').textContent).toBe(
      'Cancel the running task t1 of queue emails: its worker aborts the handler, the outcome is discarded and it is not retried.',
    );
    expect(bridge.callsTo('queue:cancel')).toEqual([]);
    await userEvent.click(screen.getByTestId('confirm-ok'));
    expect(bridge.callsTo('queue:cancel')).toEqual([{ queue: 'emails', id: 't1' }]);
    expect(screen.queryByTestId('confirm-dialog')).toBeNull();
    await waitFor(() => expect(screen.getByTestId('task-state').textContent).toBe('cancelled'));
    expect((screen.getByTestId('task-cancel') as HTMLButtonElement).disabled).toBe(true);
  });

  it('keeps the dialog open with the error when the cancel is refused', async () => {
    const { bridge } = world();
    bridge.handle('queue:cancel', () => ({
      ok: false,
      error: { code: 'task-not-found', message: 'task "t1" does not exist in queue emails' },
    }));
    await show(bridge);
    await userEvent.click(screen.getByTestId('task-cancel'));
    await userEvent.click(screen.getByTestId('confirm-ok'));
    expect(screen.getByTestId('confirm-dialog-error').textContent).toBe(
      'task-not-found: task "t1" does not exist in queue emails',
    );
  });

  it('disables Cancel in read-only mode and for a cancel already pending', async () => {
    const { bridge } = world(true);
    await show(bridge, true);
    const button = screen.getByTestId('task-cancel') as HTMLButtonElement;
    expect(button.disabled).toBe(true);
    expect(button.title).toBe('The console is read-only');

    const pending = world();
    pending.state.task = running({ cancelRequested: true });
    await renderWithApi(<TaskDrawer task={running()} readOnly={false} onClose={() => {}} />, pending.bridge);
    expect(screen.getByTestId('task-cancel-requested').textContent).toBe(' — cancel requested');
    expect((screen.getAllByTestId('task-cancel')[1] as HTMLButtonElement).disabled).toBe(true);
  });

  it('says so when the task has gone, and stops following it', async () => {
    const { bridge } = world();
    bridge.handle('queue:get', () => null);
    await show(bridge);
    expect(screen.getByTestId('task-gone')).toBeTruthy();
    expect(screen.getByTestId('task-drawer').dataset.following).toBe('false');
  });
});

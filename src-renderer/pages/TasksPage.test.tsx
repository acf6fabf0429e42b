import { act, fireEvent, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { createFakeBridge } from '../testing/fake-bridge';
import { depthSample, queueSummary, task } from '../testing/fixtures';
import { push, renderWithApi } from '../testing/render';
import { TasksPage } from './TasksPage';

const tasks = ['t1', 't2', 't3', 't4'].map((id) => task(id));
const bridgeWith = (readOnly = false) =>
  createFakeBridge(
    {
      'queue:list': () => [queueSummary('emails')],
      'queue:tasks': ({ state }) => ({
        tasks: state === 'failed' ? tasks : [],
        nextCursor: state === 'failed' ? 'c2' : null,
      }),
      'queue:search': () => ({
        tasks: [task('t9', { corrupt: true, raw: '{"to":', payload: null })],
        nextCursor: null,
      }),
      'queue:purge': () => ({ operationId: 'op1', total: 7 }),
      'queue:cancel-many': () => ({ operationId: 'op3', total: 12 }),
      'queue:requeue': (req) => ({ operationId: 'op2', total: 'ids' in req ? req.ids.length : 7 }),
    },
    { readOnly },
  );
const open = async (bridge = bridgeWith()) => {
  await renderWithApi(<TasksPage queue="emails" onQueue={() => {}} focusSearch={0} />, bridge);
  await userEvent.click(screen.getByTestId('task-state-failed'));
  return bridge;
};

describe('TasksPage', () => {
  it('lists tasks of a state with cursor paging', async () => {
    const bridge = await open();
    expect(screen.getByTestId('page-tasks').dataset.state).toBe('ready');
    expect(screen.getByTestId('task-row-t3')).toBeTruthy();
    await userEvent.click(screen.getByTestId('task-next'));
    expect(bridge.callsTo('queue:tasks').at(-1)).toMatchObject({ queue: 'emails', state: 'failed', cursor: 'c2' });
    expect(screen.getByTestId('task-page').textContent).toBe('Page 2');
  });

  it('confirms a purge with queue, state and count, then follows its progress', async () => {
    const bridge = await open();
    await userEvent.click(screen.getByTestId('purge-state'));
    const text = screen.getByTestId('confirm-dialog-message').textContent!;
    expect(text).toContain('Permanently delete 7 failed tasks from queue emails');
    expect(bridge.callsTo('queue:purge')).toHaveLength(0);
    await userEvent.click(screen.getByTestId('confirm-ok'));
    expect(bridge.callsTo('queue:purge')).toEqual([{ queue: 'emails', state: 'failed', olderThanMs: undefined }]);
    expect(screen.queryByTestId('confirm-dialog')).toBeNull();
    const bar = screen.getByTestId('bulk-progress');
    await push(bridge, 'task:bulk-progress', {
      operationId: 'op1',
      queue: 'emails',
      action: 'purge',
      done: 3,
      total: 7,
      finished: false,
      cancelled: false,
    });
    expect(bar.dataset.done).toBe('3');
    await userEvent.click(screen.getByTestId('bulk-cancel'));
    expect(bridge.callsTo('queue:cancel-bulk')).toEqual([{ operationId: 'op1' }]);
  });

  it('cancels all waiting tasks after a confirmation naming queue, state and count; finished states cannot be cancelled', async () => {
    const bridge = await open();
    expect((screen.getByTestId('cancel-all') as HTMLButtonElement).disabled).toBe(true);
    await userEvent.click(screen.getByTestId('task-state-waiting'));
    await userEvent.click(screen.getByTestId('cancel-all'));
    expect(screen.getByTestId('confirm-dialog-message').textContent).toContain(
      'Cancel all 12 waiting tasks of queue emails. They move to cancelled and never run.',
    );
    expect(bridge.callsTo('queue:cancel-many')).toHaveLength(0);
    await userEvent.click(screen.getByTestId('confirm-ok'));
    expect(bridge.callsTo('queue:cancel-many')).toEqual([
      { queue: 'emails', state: 'waiting', olderThanMs: undefined },
    ]);
    expect(screen.getByTestId('bulk-progress')).toBeTruthy();
  });

  it('requeues a shift-clicked range of selected tasks', async () => {
    const bridge = await open();
    await userEvent.click(screen.getByTestId('task-select-t1'));
    fireEvent.click(screen.getByTestId('task-select-t3'), { shiftKey: true });
    await userEvent.click(screen.getByTestId('requeue-selected'));
    expect(screen.getByTestId('confirm-dialog-message').textContent).toContain(
      'Move 3 selected failed task(s) of queue emails',
    );
    await userEvent.click(screen.getByTestId('confirm-ok'));
    expect(bridge.callsTo('queue:requeue')).toEqual([{ queue: 'emails', ids: ['t1', 't2', 't3'] }]);
  });

  it('searches and shows a corrupt task raw with a warning', async () => {
    const bridge = await open();
    await userEvent.type(screen.getByTestId('task-search'), 'to{Enter}');
    expect(bridge.callsTo('queue:search')).toEqual([{ queue: 'emails', query: 'to', cursor: undefined, limit: 50 }]);
    await userEvent.click(screen.getByTestId('task-open-t9'));
    expect(screen.getByTestId('task-corrupt-warning')).toBeTruthy();
    expect(screen.getByTestId('task-payload-raw').textContent).toBe('{"to":');
  });

  it('shows the detail of a task: payload, error, stack, history', async () => {
    await open();
    await userEvent.click(screen.getByTestId('task-open-t2'));
    expect(screen.getByTestId('task-payload').textContent).toContain('t2@example.com');
    expect(screen.getByTestId('task-last-stack').textContent).toContain('mailer.js');
  });

  it('validates the enqueue JSON', async () => {
    const bridge = await open();
    bridge.handle('queue:enqueue', () => ({ id: 'new1', created: true }));
    await userEvent.click(screen.getByTestId('enqueue-open'));
    const editor = screen.getByTestId('enqueue-payload');
    fireEvent.change(editor, { target: { value: '{bad' } });
    expect(screen.getByTestId('enqueue-payload-json-error')).toBeTruthy();
    expect((screen.getByTestId('enqueue-submit') as HTMLButtonElement).disabled).toBe(true);
    fireEvent.change(editor, { target: { value: '{"a":1}' } });
    await act(async () => fireEvent.click(screen.getByTestId('enqueue-submit')));
    expect(bridge.callsTo('queue:enqueue')).toEqual([{ queue: 'emails', payload: { a: 1 } }]);
  });

  it('sends a per-attempt timeout and an expiry when they are filled in', async () => {
    const bridge = await open();
    bridge.handle('queue:enqueue', () => ({ id: 'new2', created: true }));
    await userEvent.click(screen.getByTestId('enqueue-open'));
    fireEvent.change(screen.getByTestId('enqueue-timeout'), { target: { value: '5000' } });
    fireEvent.change(screen.getByTestId('enqueue-expires'), { target: { value: '60000' } });
    await act(async () => fireEvent.click(screen.getByTestId('enqueue-submit')));
    expect(bridge.callsTo('queue:enqueue')).toEqual([
      { queue: 'emails', payload: { hello: 'world' }, timeoutMs: 5000, expiresInMs: 60000 },
    ]);
  });

  it('disables every action in read-only mode', async () => {
    await open(bridgeWith(true));
    for (const id of [
      'requeue-all',
      'purge-state',
      'promote-delayed',
      'cancel-all',
      'pause-toggle',
      'enqueue-open',
      'task-delete-t1',
      'task-requeue-t1',
    ]) {
      expect((screen.getByTestId(id) as HTMLButtonElement).disabled, id).toBe(true);
    }
  });

  it('shows a progress column on the active tab that follows the pushed depth samples', async () => {
    let progress = 20;
    const bridge = createFakeBridge({
      'queue:list': () => [queueSummary('emails')],
      'queue:tasks': ({ state }) => ({
        tasks: state === 'active' ? [task('a1', { state: 'active', progress }), task('a2', { state: 'active' })] : [],
        nextCursor: null,
      }),
    });
    await renderWithApi(<TasksPage queue="emails" onQueue={() => {}} focusSearch={0} />, bridge);
    await userEvent.click(screen.getByTestId('task-state-active'));
    expect(screen.getByRole('columnheader', { name: 'Progress' })).toBeTruthy();
    expect(screen.getByTestId('task-progress-a1').dataset.value).toBe('20');
    expect(screen.getByRole('progressbar', { name: 'Progress of task a1' })).toBeTruthy();
    expect(screen.getByTestId('task-progress-a2').textContent).toBe('—');
    const fetches = bridge.callsTo('queue:tasks').length;
    progress = 75;
    await push(bridge, 'queue:depth', [depthSample(Date.now(), 'emails')]);
    expect(bridge.callsTo('queue:tasks')).toHaveLength(fetches + 1);
    expect(screen.getByTestId('task-progress-a1').dataset.value).toBe('75');

    // Other tabs have no progress column and do not refetch on samples.
    await userEvent.click(screen.getByTestId('task-state-failed'));
    const after = bridge.callsTo('queue:tasks').length;
    await push(bridge, 'queue:depth', [depthSample(Date.now() + 1, 'emails')]);
    expect(bridge.callsTo('queue:tasks')).toHaveLength(after);
    expect(screen.queryByRole('columnheader', { name: 'Progress' })).toBeNull();
  });

  it('has a cancelled tab with its count, whose tasks can be requeued', async () => {
    const c = queueSummary().counts;
    const bridge = createFakeBridge({
      'queue:list': () => [queueSummary('emails', { counts: { ...c, cancelled: 2 } })],
      'queue:tasks': ({ state }) => ({
        tasks: state === 'cancelled' ? [task('c1', { state: 'cancelled', cancelledAt: 1_000_400 })] : [],
        nextCursor: null,
      }),
      'queue:requeue': () => ({ operationId: 'op9', total: 1 }),
    });
    await renderWithApi(<TasksPage queue="emails" onQueue={() => {}} focusSearch={0} />, bridge);
    expect(screen.getByTestId('task-state-cancelled').textContent).toBe('cancelled (2)');
    await userEvent.click(screen.getByTestId('task-state-cancelled'));
    expect(screen.getByTestId('task-state-of-c1').textContent).toBe('cancelled');
    await userEvent.click(screen.getByTestId('task-requeue-c1'));
    expect(bridge.callsTo('queue:requeue')).toEqual([{ queue: 'emails', ids: ['c1'] }]);
  });
});

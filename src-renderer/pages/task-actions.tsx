import type { ReactNode } from 'react';
import type { RequeueableState, Task, TaskState } from '../../shared/types/queue';
import type { useAction } from '../hooks/useAction';
import { formatCount } from '../lib/format';

export interface Pending {
  title: string;
  message: ReactNode;
  confirmLabel: string;
  danger: boolean;
  run: () => Promise<boolean>;
}

interface TaskActionContext {
  queue: string;
  state: TaskState;
  /** Tasks in `state`, from the live counts: what the confirm dialogs quote. */
  count: number;
  paused: boolean;
  olderThanMin: string;
  olderThanMs: number | undefined;
  action: ReturnType<typeof useAction>;
  ask: (pending: Pending) => void;
  setBulk: (bulk: { operationId: string; total: number; label: string }) => void;
  reload: () => void;
  refresh: () => Promise<void>;
}

/** The Tasks view's actions: each destructive one becomes a confirm prompt that names queue, state and count. */
export function taskActions({
  queue,
  state,
  count,
  paused,
  olderThanMin,
  olderThanMs,
  action,
  ask,
  setBulk,
  reload,
  refresh,
}: TaskActionContext) {
  const startBulk = (label: string) => async (started: { operationId: string; total: number } | undefined) => {
    if (started) setBulk({ ...started, label });
    return started !== undefined;
  };

  const requeue = (ids: string[] | null) =>
    ask({
      title: 'Requeue tasks?',
      message: ids ? (
        <>
          Move <strong>{ids.length}</strong> selected <strong>{state}</strong> task(s) of queue <strong>{queue}</strong>{' '}
          back to waiting.
        </>
      ) : (
        <>
          Move all <strong>{formatCount(count)}</strong> <strong>{state}</strong> tasks of queue{' '}
          <strong>{queue}</strong> back to waiting.
        </>
      ),
      confirmLabel: `Requeue ${ids ? ids.length : formatCount(count)}`,
      danger: false,
      run: () =>
        action
          .run('queue:requeue', ids ? { queue, ids } : { queue, state: state as RequeueableState })
          .then(startBulk(`Requeue ${state} in ${queue}`)),
    });
  const purge = () =>
    ask({
      title: `Purge ${state} tasks?`,
      message: (
        <>
          Permanently delete {olderThanMs !== undefined ? 'up to ' : ''}
          <strong>{formatCount(count)}</strong> <strong>{state}</strong> tasks from queue <strong>{queue}</strong>
          {olderThanMs !== undefined && (
            <>
              {' '}
              that are older than <strong>{olderThanMin} min</strong>
            </>
          )}
          . This cannot be undone.
        </>
      ),
      confirmLabel: `Purge ${formatCount(count)} ${state}`,
      danger: true,
      run: () => action.run('queue:purge', { queue, state, olderThanMs }).then(startBulk(`Purge ${state} in ${queue}`)),
    });
  const remove = (t: Task) =>
    ask({
      title: 'Delete task?',
      message: (
        <>
          Permanently delete task <strong>{t.id}</strong> ({t.state}) from queue <strong>{queue}</strong>.
        </>
      ),
      confirmLabel: 'Delete 1 task',
      danger: true,
      run: async () => {
        const done = await action.run('queue:delete', { queue, id: t.id });
        if (done) reload();
        return done !== undefined;
      },
    });
  const promote = () =>
    ask({
      title: 'Promote delayed tasks?',
      message: (
        <>
          Make all <strong>{formatCount(count)}</strong> <strong>delayed</strong> tasks of queue{' '}
          <strong>{queue}</strong> run now.
        </>
      ),
      confirmLabel: `Promote ${formatCount(count)}`,
      danger: false,
      run: () => action.run('queue:promote', { queue }).then(startBulk(`Promote delayed in ${queue}`)),
    });
  const cancelAll = () =>
    ask({
      title: `Cancel ${state} tasks?`,
      message: (
        <>
          Cancel {olderThanMs !== undefined ? 'up to ' : 'all '}
          <strong>{formatCount(count)}</strong> <strong>{state}</strong> tasks of queue <strong>{queue}</strong>
          {olderThanMs !== undefined && (
            <>
              {' '}
              created more than <strong>{olderThanMin} min</strong> ago
            </>
          )}
          .{' '}
          {state === 'active'
            ? 'Their workers abort them and they end cancelled.'
            : 'They move to cancelled and never run.'}
        </>
      ),
      confirmLabel: `Cancel ${formatCount(count)} ${state}`,
      danger: true,
      run: () =>
        action
          .run('queue:cancel-many', { queue, state: state as 'waiting' | 'delayed' | 'active', olderThanMs })
          .then(startBulk(`Cancel ${state} in ${queue}`)),
    });
  const pauseToggle = async () => {
    await action.run(paused ? 'queue:resume' : 'queue:pause', { queue });
    void refresh();
  };

  return { startBulk, requeue, purge, remove, promote, cancelAll, pauseToggle };
}

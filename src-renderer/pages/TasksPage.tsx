import { useEffect, useRef, useState } from 'react';
import { TASK_STATES, type Task, type TaskState } from '../../shared/types/queue';
import { BulkProgressBar } from '../components/BulkProgressBar/BulkProgressBar';
import { ConfirmDialog } from '../components/ConfirmDialog/ConfirmDialog';
import { EmptyState } from '../components/EmptyState/EmptyState';
import { EnqueueForm } from '../components/EnqueueForm/EnqueueForm';
import { TaskDrawer } from '../components/TaskDrawer/TaskDrawer';
import { TaskTable } from '../components/TaskTable/TaskTable';
import { TaskToolbar } from '../components/TaskToolbar/TaskToolbar';
import { useAction } from '../hooks/useAction';
import { useAppInfo } from '../hooks/useAppInfo';
import { useBulkProgress } from '../hooks/useBulkProgress';
import { useLive } from '../hooks/useLive';
import { useQueues } from '../hooks/useQueues';
import { useTaskPage } from '../hooks/useTaskPage';
import { formatCount } from '../lib/format';
import { taskActions, type Pending } from './task-actions';

/** Browse, search and act on tasks; destructive actions confirm with queue, state and count. */
export function TasksPage({
  queue: chosen,
  onQueue,
  focusSearch,
}: {
  queue: string | null;
  onQueue: (q: string) => void;
  focusSearch: number;
}) {
  const { queues, refresh } = useQueues();
  const { readOnly } = useAppInfo();
  const queue = chosen ?? queues?.[0]?.name ?? null;
  const summary = queues?.find((q) => q.name === queue);
  const [state, setState] = useState<TaskState>('waiting');
  const [search, setSearch] = useState('');
  const [query, setQuery] = useState('');
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [open, setOpen] = useState<Task | null>(null);
  const [pending, setPending] = useState<Pending | null>(null);
  const [bulk, setBulk] = useState<{ operationId: string; total: number; label: string } | null>(null);
  const [olderThanMin, setOlderThanMin] = useState('');
  const [enqueue, setEnqueue] = useState(false);
  const action = useAction();
  const page = useTaskPage(queue, state, query);
  const progress = useBulkProgress(bulk?.operationId ?? null);
  const searchRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (focusSearch) searchRef.current?.focus();
  }, [focusSearch]);
  useEffect(() => setSelected(new Set()), [queue, state, query]);
  const { reload } = page;
  // The active tab follows progress: one refetch per depth sample main pushes for this queue.
  const tick = useLive((s) => (queue ? (s.depth[queue]?.at(-1)?.at ?? 0) : 0));
  const followActive = state === 'active' && !query;
  useEffect(() => {
    if (followActive && tick) reload();
  }, [followActive, tick, reload]);
  useEffect(() => {
    if (progress?.finished) {
      reload();
      void refresh();
      setSelected(new Set());
    }
  }, [progress?.finished, reload, refresh]);

  if (!queue) {
    return (
      <section className="page" data-testid="page-tasks" data-state={queues ? 'ready' : 'loading'}>
        <h2>Tasks</h2>
        <EmptyState title="No queues yet">
          Tasks appear once a producer enqueues into a queue. Start a producer or run <code>slotline enqueue</code>.
        </EmptyState>
      </section>
    );
  }
  const olderThanMs = olderThanMin ? Math.round(Number(olderThanMin) * 60_000) : undefined;
  const { startBulk, requeue, purge, remove, promote, cancelAll, pauseToggle } = taskActions({
    queue,
    state,
    count: summary?.counts[state] ?? 0,
    paused: summary?.counts.paused ?? false,
    olderThanMin,
    olderThanMs,
    action,
    ask: (p) => {
      action.clearError();
      setPending(p);
    },
    setBulk,
    reload,
    refresh,
  });

  return (
    <section className="page" data-testid="page-tasks" data-state={page.tasks ? 'ready' : 'loading'}>
      <div className="row">
        <h2>Tasks</h2>
        <select value={queue} onChange={(e) => onQueue(e.target.value)} data-testid="task-queue" aria-label="Queue">
          {queues?.map((q) => (
            <option key={q.name} value={q.name}>
              {q.name}
            </option>
          ))}
        </select>
        <form
          className="row"
          onSubmit={(e) => {
            e.preventDefault();
            setQuery(search.trim());
          }}
        >
          <input
            ref={searchRef}
            id="task-search"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            placeholder="Search id prefix or payload text ( / )"
            data-testid="task-search"
          />
          <button type="submit" data-testid="task-search-submit">
            Search
          </button>
          {query && (
            <button
              type="button"
              onClick={() => {
                setSearch('');
                setQuery('');
              }}
              data-testid="task-search-clear"
            >
              Clear
            </button>
          )}
        </form>
      </div>
      <div className="row" role="tablist">
        {TASK_STATES.map((s) => (
          <button
            key={s}
            role="tab"
            aria-selected={s === state && !query}
            className={s === state && !query ? 'primary' : undefined}
            onClick={() => {
              setQuery('');
              setState(s);
            }}
            data-testid={`task-state-${s}`}
          >
            {s} ({formatCount(summary?.counts[s] ?? 0)})
          </button>
        ))}
      </div>
      <TaskToolbar
        summary={summary}
        state={state}
        selectedCount={selected.size}
        readOnly={readOnly}
        olderThanMin={olderThanMin}
        onOlderThan={setOlderThanMin}
        onRequeueSelected={() => requeue([...selected])}
        onRequeueAll={() => requeue(null)}
        onPurge={purge}
        onPromote={promote}
        onCancelAll={cancelAll}
        onPauseToggle={pauseToggle}
        onEnqueue={() => setEnqueue((v) => !v)}
      />
      {action.error && !pending && (
        <p className="error-text" data-testid="task-action-error">
          {action.error.code}: {action.error.message}
        </p>
      )}
      {bulk && (
        <BulkProgressBar
          {...bulk}
          readOnly={readOnly}
          onDismiss={() => setBulk(null)}
          onCancel={() => void action.run('queue:cancel-bulk', { operationId: bulk.operationId })}
        />
      )}
      {enqueue && (
        <EnqueueForm
          queue={queue}
          readOnly={readOnly}
          onDone={() => {
            setEnqueue(false);
            reload();
          }}
        />
      )}
      {page.error && (
        <p className="error-text">
          {page.error.code}: {page.error.message}
        </p>
      )}
      {page.tasks?.length === 0 && !page.error && (
        <p className="muted" data-testid="tasks-empty">
          {query ? `No task matches “${query}”.` : `No ${state} tasks in ${queue}.`}
        </p>
      )}
      {page.tasks && page.tasks.length > 0 && (
        <TaskTable
          tasks={page.tasks}
          selected={selected}
          onSelected={setSelected}
          onOpen={setOpen}
          readOnly={readOnly}
          onRequeue={(t) => void action.run('queue:requeue', { queue, ids: [t.id] }).then(startBulk(`Requeue ${t.id}`))}
          onDelete={remove}
          showProgress={state === 'active' && !query}
        />
      )}
      <div className="row">
        <button onClick={page.prev} disabled={page.page === 1} data-testid="task-prev">
          Previous
        </button>
        <span data-testid="task-page">Page {page.page}</span>
        <button onClick={page.next} disabled={!page.hasNext} data-testid="task-next">
          Next
        </button>
      </div>
      {open && (
        <TaskDrawer
          key={open.id}
          task={open}
          readOnly={readOnly}
          onClose={() => setOpen(null)}
          onChanged={() => {
            reload();
            void refresh();
          }}
        />
      )}
      {pending && (
        <ConfirmDialog
          title={pending.title}
          confirmLabel={pending.confirmLabel}
          danger={pending.danger}
          busy={action.busy}
          error={action.error && `${action.error.code}: ${action.error.message}`}
          onCancel={() => setPending(null)}
          onConfirm={async () => {
            if (await pending.run()) setPending(null);
          }}
        >
          {pending.message}
        </ConfirmDialog>
      )}
    </section>
  );
}

import { useState } from 'react';
import type { ScheduleInfo } from '../../shared/types/schedule';
import { ConfirmDialog } from '../components/ConfirmDialog/ConfirmDialog';
import { EmptyState } from '../components/EmptyState/EmptyState';
import { ScheduleForm } from '../components/ScheduleForm/ScheduleForm';
import { ScheduleTable, type ScheduleVerb } from '../components/ScheduleTable/ScheduleTable';
import { useAction } from '../hooks/useAction';
import { useAppInfo } from '../hooks/useAppInfo';
import { useQueues } from '../hooks/useQueues';
import { useSchedules } from '../hooks/useSchedules';
import { formatAge } from '../../shared/format/retention';

const TITLES: Record<ScheduleVerb, string> = {
  pause: 'Pause schedule?',
  resume: 'Resume schedule?',
  run: 'Run schedule now?',
  remove: 'Remove schedule?',
};

/** What each action does, in words naming the queue and the schedule. */
function consequence(verb: ScheduleVerb, s: ScheduleInfo) {
  const name = (
    <>
      schedule <strong>{s.id}</strong> of queue <strong>{s.queue}</strong>
    </>
  );
  switch (verb) {
    case 'pause':
      return <>Pause {name}: its ticks enqueue no task until it is resumed.</>;
    case 'resume':
      return (
        <>
          Resume {name}: it fires again. Ticks missed while it was paused still fire, each its own task, if they are
          less than {formatAge(s.graceMs)} late; older ones are {s.catchUp === 'skip' ? 'skipped' : 'fired as one task'}
          .
        </>
      );
    case 'run':
      return <>Enqueue one task of {name} now; its regular ticks stay where they are.</>;
    case 'remove':
      return <>Remove {name}: it never fires again. Tasks it already enqueued stay.</>;
  }
}

/** Every schedule of every queue, their actions (each confirmed), and the create form. */
export function SchedulesPage() {
  const { readOnly } = useAppInfo();
  const { queues } = useQueues();
  const { schedules, error, refresh } = useSchedules();
  const action = useAction();
  const [pending, setPending] = useState<{ verb: ScheduleVerb; s: ScheduleInfo } | null>(null);
  const [note, setNote] = useState<string | null>(null);

  const apply = async ({ verb, s }: { verb: ScheduleVerb; s: ScheduleInfo }) => {
    const ref = { queue: s.queue, id: s.id };
    const r =
      verb === 'pause'
        ? await action.run('schedules:pause', ref)
        : verb === 'resume'
          ? await action.run('schedules:resume', ref)
          : verb === 'run'
            ? await action.run('schedules:run', ref)
            : await action.run('schedules:remove', ref);
    if (!r) return;
    setPending(null);
    setNote(
      'taskId' in r
        ? `Enqueued task ${r.taskId} from schedule ${s.id} of ${s.queue}.`
        : `Schedule ${s.id} of ${s.queue}: ${verb === 'remove' ? 'removed' : verb === 'pause' ? 'paused' : 'resumed'}.`,
    );
    refresh();
  };

  return (
    <section className="page" data-testid="page-schedules" data-state={schedules ? 'ready' : 'loading'}>
      <h2>Schedules</h2>
      {error && (
        <p className="error-text" data-testid="schedules-error">
          {`${error.code}: ${error.message}`}
        </p>
      )}
      {note && (
        <p className="muted" role="status" data-testid="schedule-action-done">
          {note}
        </p>
      )}
      {schedules?.length === 0 && (
        <EmptyState title="No schedules yet" testId="schedules-empty">
          Create one below, with <code>slotline schedule add</code>, or with <code>queue.upsertSchedule</code>. A
          queue&apos;s workers fire its schedules.
        </EmptyState>
      )}
      {schedules && schedules.length > 0 && (
        <ScheduleTable schedules={schedules} readOnly={readOnly} onAction={(verb, s) => setPending({ verb, s })} />
      )}
      <ScheduleForm
        queues={(queues ?? []).map((q) => q.name)}
        existing={schedules ?? []}
        readOnly={readOnly}
        onSaved={(s) => {
          setNote(`Saved schedule ${s.id} of ${s.queue}.`);
          refresh();
        }}
      />
      {pending && (
        <ConfirmDialog
          title={TITLES[pending.verb]}
          confirmLabel={TITLES[pending.verb].replace(' schedule', '').replace('?', '')}
          danger={pending.verb === 'remove'}
          busy={action.busy}
          error={action.error && `${action.error.code}: ${action.error.message}`}
          onCancel={() => {
            action.clearError();
            setPending(null);
          }}
          onConfirm={() => void apply(pending)}
        >
          {consequence(pending.verb, pending.s)}
        </ConfirmDialog>
      )}
    </section>
  );
}

import { useEffect, useMemo, useState } from 'react';
import { describeSpec } from '../../../shared/schedule/schedule-spec';
import type { CatchUp, ScheduleInfo } from '../../../shared/types/schedule';
import { useAction } from '../../hooks/useAction';
import { useNow } from '../../hooks/useNow';
import { ConfirmDialog } from '../ConfirmDialog/ConfirmDialog';
import { PayloadEditor, parsePayloadText, type PayloadState } from '../PayloadEditor/PayloadEditor';
import { SchedulePreview } from './SchedulePreview';
import { previewFields, specOfFields, type SpecFields } from './schedule-form';

/**
 * Creates (or replaces) a schedule: queue, id, an interval or a cron expression with a time zone,
 * the task's payload and the catch-up choice. The spec is checked and its next 5 fires previewed
 * as you type, with the same shared code main uses; saving goes through a confirmation.
 */
export function ScheduleForm({
  queues,
  existing,
  readOnly,
  onSaved,
}: {
  queues: string[];
  existing: ScheduleInfo[];
  readOnly: boolean;
  onSaved: (s: ScheduleInfo) => void;
}) {
  const [queue, setQueue] = useState('');
  const [id, setId] = useState('');
  const [fields, setFields] = useState<SpecFields>({ kind: 'every', every: '60000', cron: '0 3 * * *', tz: '' });
  const [text, setText] = useState('{}');
  const [check, setCheck] = useState<PayloadState>(() => ({ ...parsePayloadText(text), schemaErrors: [] }));
  const [catchUp, setCatchUp] = useState<CatchUp>('skip');
  const [confirming, setConfirming] = useState(false);
  const save = useAction();

  // Follow the queue list: pick the first queue until the operator chose one that still exists.
  useEffect(() => {
    if (!queues.includes(queue) && queues.length > 0) setQueue(queues[0]!);
  }, [queues, queue]);

  // The preview starts from now, so it moves on with the clock (a UI timer; nothing asks Redis).
  const now = useNow(1000);
  const preview = useMemo(() => previewFields(fields, now), [fields, now]);
  const spec = specOfFields(fields).spec;
  const { payload, parseError } = parsePayloadText(text);
  const idError = id.trim() === '' ? 'Give the schedule an id.' : null;
  const replaces = existing.find((s) => s.queue === queue && s.id === id);
  const sendable =
    !readOnly &&
    queue !== '' &&
    idError === null &&
    spec !== null &&
    parseError === null &&
    check.schemaErrors.length === 0;
  const set = (patch: Partial<SpecFields>) => setFields((f) => ({ ...f, ...patch }));

  return (
    <details className="card" open data-testid="schedule-form">
      <summary>
        <strong>New schedule</strong>
      </summary>
      <fieldset disabled={readOnly} style={{ border: 0, padding: 0, margin: 0 }}>
        <div className="row">
          <label>
            Queue{' '}
            <select value={queue} onChange={(e) => setQueue(e.target.value)} data-testid="schedule-queue">
              {queues.map((q) => (
                <option key={q} value={q}>
                  {q}
                </option>
              ))}
            </select>
          </label>
          <label>
            Id{' '}
            <input
              value={id}
              onChange={(e) => setId(e.target.value)}
              data-testid="schedule-id"
              placeholder="nightly-report"
            />
          </label>
          <label>
            <input
              type="radio"
              name="schedule-kind"
              checked={fields.kind === 'every'}
              onChange={() => set({ kind: 'every' })}
              data-testid="schedule-kind-every"
            />{' '}
            Every (ms)
          </label>
          <input
            type="text"
            inputMode="numeric"
            aria-label="Interval in milliseconds"
            value={fields.every}
            onChange={(e) => set({ every: e.target.value })}
            disabled={fields.kind !== 'every'}
            data-testid="schedule-every"
            style={{ width: 100 }}
          />
          <label>
            <input
              type="radio"
              name="schedule-kind"
              checked={fields.kind === 'cron'}
              onChange={() => set({ kind: 'cron' })}
              data-testid="schedule-kind-cron"
            />{' '}
            Cron
          </label>
          <input
            aria-label="Cron expression"
            value={fields.cron}
            onChange={(e) => set({ cron: e.target.value })}
            disabled={fields.kind !== 'cron'}
            data-testid="schedule-cron"
            style={{ fontFamily: 'monospace' }}
            spellCheck={false}
          />
          <input
            aria-label="Time zone (IANA, empty for UTC)"
            placeholder="UTC"
            value={fields.tz}
            onChange={(e) => set({ tz: e.target.value })}
            disabled={fields.kind !== 'cron'}
            data-testid="schedule-tz"
          />
          <label>
            Missed ticks{' '}
            <select
              value={catchUp}
              onChange={(e) => setCatchUp(e.target.value as CatchUp)}
              data-testid="schedule-catchup"
            >
              <option value="skip">skip them</option>
              <option value="once">fire once</option>
            </select>
          </label>
        </div>
        <SchedulePreview {...preview} interval={fields.kind === 'every'} />
        {queue !== '' && (
          <PayloadEditor
            queue={queue}
            text={text}
            onText={setText}
            onState={setCheck}
            label="Payload JSON of each task"
            testId="schedule-payload"
          />
        )}
        {id !== '' && idError && <p className="error-text">{idError}</p>}
        <div className="row">
          <button
            className="primary"
            disabled={!sendable}
            title={readOnly ? 'The console is read-only' : (idError ?? undefined)}
            onClick={() => setConfirming(true)}
            data-testid="schedule-submit"
          >
            {replaces ? 'Replace schedule' : 'Create schedule'}
          </button>
          {queues.length === 0 && <span className="muted">A schedule needs a queue: none exists yet.</span>}
        </div>
      </fieldset>
      {confirming && spec && (
        <ConfirmDialog
          title={replaces ? 'Replace schedule?' : 'Create schedule?'}
          confirmLabel={replaces ? 'Replace schedule' : 'Create schedule'}
          danger={false}
          busy={save.busy}
          error={save.error && `${save.error.code}: ${save.error.message}`}
          onCancel={() => {
            save.clearError();
            setConfirming(false);
          }}
          onConfirm={async () => {
            const r = await save.run('schedules:upsert', {
              queue,
              id,
              spec,
              template: { payload },
              options: { catchUp },
            });
            if (!r) return;
            setConfirming(false);
            onSaved(r);
          }}
        >
          {replaces ? 'Replace' : 'Create'} schedule <strong>{id}</strong> of queue <strong>{queue}</strong>:{' '}
          {describeSpec(spec)}, one task per tick; missed ticks: {catchUp === 'skip' ? 'skipped' : 'fired once'}.
        </ConfirmDialog>
      )}
    </details>
  );
}

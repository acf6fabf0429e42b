import { describeSpec } from '../../../shared/schedule/schedule-spec';
import type { ScheduleInfo } from '../../../shared/types/schedule';
import { formatCount, formatDateTime, formatUtc } from '../../lib/format';

/** An action on one schedule; each one is confirmed by the page before it is sent. */
export type ScheduleVerb = 'pause' | 'resume' | 'run' | 'remove';

/** Every schedule with its spec, zone, next and last fire (local and UTC), counters and actions. */
export function ScheduleTable({
  schedules,
  readOnly,
  onAction,
}: {
  schedules: ScheduleInfo[];
  readOnly: boolean;
  onAction: (verb: ScheduleVerb, s: ScheduleInfo) => void;
}) {
  const off = readOnly ? 'The console is read-only' : undefined;
  return (
    <table data-testid="schedule-table">
      <thead>
        <tr>
          <th>Queue</th>
          <th>Schedule</th>
          <th>Spec</th>
          <th>Time zone</th>
          <th>Next fire</th>
          <th>Last fire</th>
          <th>Fires</th>
          <th>Skipped</th>
          <th>State</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {schedules.map((s) => (
          <tr
            key={`${s.queue}\n${s.id}`}
            data-testid="schedule-row"
            data-queue={s.queue}
            data-id={s.id}
            data-paused={String(s.paused)}
          >
            <td>{s.queue}</td>
            <td>{s.id}</td>
            <td data-testid="schedule-spec">
              {describeSpec(s.spec)}
              {s.catchUp === 'once' && <span className="muted"> · missed ticks fire once</span>}
            </td>
            <td data-testid="schedule-tz">{'cron' in s.spec ? (s.spec.tz ?? 'UTC') : '—'}</td>
            <td data-testid="schedule-next" data-at={s.nextFireAt}>
              {formatDateTime(s.nextFireAt)}
              <br />
              <span className="muted">{formatUtc(s.nextFireAt)}</span>
              {s.paused && (
                <>
                  <br />
                  <span className="muted">on hold while paused</span>
                </>
              )}
            </td>
            <td data-testid="schedule-last" data-at={s.lastFireAt ?? ''}>
              {s.lastFireAt === undefined ? (
                'never'
              ) : (
                <>
                  {formatDateTime(s.lastFireAt)}
                  <br />
                  <span className="muted">{formatUtc(s.lastFireAt)}</span>
                  {s.lastTaskId && (
                    <>
                      <br />
                      task <code data-testid="schedule-last-task">{s.lastTaskId}</code>
                    </>
                  )}
                </>
              )}
            </td>
            <td data-testid="schedule-fires" data-value={s.fires}>
              {formatCount(s.fires)}
            </td>
            <td data-testid="schedule-skipped" data-value={s.skipped}>
              {formatCount(s.skipped)}
            </td>
            <td data-testid="schedule-state">{s.paused ? <strong>paused</strong> : 'active'}</td>
            <td>
              <div className="row" style={{ flexWrap: 'nowrap' }}>
                <button
                  disabled={readOnly}
                  title={off}
                  onClick={() => onAction(s.paused ? 'resume' : 'pause', s)}
                  data-testid={s.paused ? 'schedule-resume' : 'schedule-pause'}
                >
                  {s.paused ? 'Resume' : 'Pause'}
                </button>
                <button disabled={readOnly} title={off} onClick={() => onAction('run', s)} data-testid="schedule-run">
                  Run now
                </button>
                <button
                  className="danger"
                  disabled={readOnly}
                  title={off}
                  onClick={() => onAction('remove', s)}
                  data-testid="schedule-remove"
                >
                  Remove
                </button>
              </div>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

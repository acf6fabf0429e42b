import { formatDateTime, formatUtc } from '../../lib/format';

/** The next fires of the spec being typed (local and UTC), or the validation error naming the value. */
export function SchedulePreview({
  fires,
  error,
  interval,
}: {
  fires: number[];
  error: string | null;
  /** An interval counts from when it is saved, so its preview says "if saved now". */
  interval: boolean;
}) {
  if (error !== null) {
    return (
      <p className="error-text" role="alert" data-testid="schedule-spec-error">
        {error}
      </p>
    );
  }
  return (
    <div data-testid="schedule-preview" data-fires={fires.length}>
      <span className="muted">
        Next {fires.length} fires{interval ? ', if saved now' : ''} (local time, then UTC):
      </span>
      <ol style={{ margin: '4px 0' }}>
        {fires.map((at) => (
          <li key={at} data-testid="schedule-preview-fire" data-at={at}>
            {formatDateTime(at)} <span className="muted">({formatUtc(at)})</span>
          </li>
        ))}
      </ol>
    </div>
  );
}

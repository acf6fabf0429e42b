import type { Alert } from '../../../shared/types/alerts';
import './AlertBanner.css';

/** On top of every view while an alert fires: how many, the first few, and a way to the Alerts view. */
export function AlertBanner({ alerts, onOpen }: { alerts: Alert[] | null; onOpen: () => void }) {
  const firing = (alerts ?? []).filter((a) => a.state === 'firing');
  if (firing.length === 0) return null;
  const unacked = firing.filter((a) => !a.ackedAt);
  return (
    <div
      className={`banner ${unacked.length ? 'banner-danger' : 'banner-warn'} alert-banner`}
      role="alert"
      data-testid="alert-banner"
      data-count={firing.length}
    >
      <strong>
        {firing.length} alert{firing.length === 1 ? '' : 's'} firing
        {unacked.length < firing.length ? ` (${firing.length - unacked.length} acknowledged)` : ''}:
      </strong>
      <ul>
        {firing.slice(0, 3).map((a) => (
          <li key={a.key} data-testid="alert-banner-item" data-key={a.key}>
            {a.ruleName} — {a.message}
          </li>
        ))}
        {firing.length > 3 && <li>and {firing.length - 3} more</li>}
      </ul>
      <button type="button" onClick={onOpen} data-testid="alert-banner-open">
        Open alerts
      </button>
    </div>
  );
}

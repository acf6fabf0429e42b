import type { Alert } from '../../../shared/types/alerts';
import { formatElapsed } from '../../lib/format';
import './ActiveAlerts.css';

/** Firing before pending, then the oldest first: what has been wrong longest leads. */
export function orderAlerts(alerts: readonly Alert[]): Alert[] {
  const rank = (a: Alert) => (a.state === 'firing' ? (a.ackedAt ? 1 : 0) : 2);
  return alerts.filter((a) => a.state !== 'resolved').sort((a, b) => rank(a) - rank(b) || a.since - b.since);
}

/**
 * The overview's first card: every active alert (firing, acknowledged, pending) with its subject,
 * message and how long it has held, or, in words, that none is active.
 */
export function ActiveAlerts({ alerts, now, onOpen }: { alerts: Alert[] | null; now: number; onOpen?: () => void }) {
  const list = orderAlerts(alerts ?? []);
  const firing = list.filter((a) => a.state === 'firing').length;
  return (
    <section
      className={`card active-alerts ${firing ? 'active-alerts-firing' : ''}`}
      aria-labelledby="overview-alerts-title"
      data-testid="overview-alerts"
      data-count={firing}
      data-state={alerts === null ? 'loading' : 'ready'}
    >
      <div className="row">
        <h3 id="overview-alerts-title">Active alerts</h3>
        <span className="nav-spacer" style={{ flex: 1 }} />
        {onOpen && (
          <button type="button" onClick={onOpen} data-testid="overview-alerts-open">
            Open alerts (8)
          </button>
        )}
      </div>
      {alerts !== null && list.length === 0 && (
        <p className="tone-ok" data-testid="overview-alerts-none">
          ✓ No active alerts.
        </p>
      )}
      {list.length > 0 && (
        <ul className="active-alert-list">
          {list.map((a) => {
            const state = a.state === 'firing' ? (a.ackedAt ? 'acknowledged' : 'firing') : 'pending';
            return (
              <li key={a.key} data-testid="overview-alert" data-key={a.key} data-state={state}>
                <strong className={state === 'firing' ? 'tone-danger' : 'tone-warn'}>{state}</strong>{' '}
                <strong>{a.ruleName}</strong> · {a.subject} — {a.message}{' '}
                <span className="muted">for {formatElapsed(now - (a.firedAt ?? a.since))}</span>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

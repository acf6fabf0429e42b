import { useCallback, useEffect, useState } from 'react';
import type { Alert, AlertHistoryEntry, AlertKind, AlertRuleView } from '../../shared/types/alerts';
import { EmptyState } from '../components/EmptyState/EmptyState';
import { useAction } from '../hooks/useAction';
import { useAppInfo } from '../hooks/useAppInfo';
import { askBrowserNotifications, browserNotificationState } from '../lib/browser-notifications';
import { formatDateTime } from '../lib/format';
import { EMPTY_DRAFT, KIND_FIELDS, ruleFromDraft, type RuleDraft } from './alert-rule-form';

const SNOOZE_MS = 3_600_000;

/**
 * Alerts: the active ones (acknowledge, snooze an hour), the rules every console and the CLI
 * share (add, remove), and the history of fires, resolves, acks and snoozes.
 */
export function AlertsPage({ alerts, onChanged }: { alerts: Alert[] | null; onChanged: () => Promise<void> }) {
  const { info, readOnly } = useAppInfo();
  const { run, busy, error } = useAction();
  const [rules, setRules] = useState<AlertRuleView[] | null>(null);
  const [history, setHistory] = useState<AlertHistoryEntry[]>([]);
  const [draft, setDraft] = useState<RuleDraft>(EMPTY_DRAFT);
  const [errors, setErrors] = useState<string[]>([]);
  const [permission, setPermission] = useState(browserNotificationState());

  const load = useCallback(async () => {
    const [r, h] = await Promise.all([run('alerts:rules', {}), run('alerts:history', { limit: 100 })]);
    setRules(r ?? []);
    setHistory(h ?? []);
  }, [run]);
  useEffect(() => {
    void load();
  }, [load, alerts]);

  const act = async (p: Promise<unknown>) => {
    if ((await p) !== undefined) {
      await onChanged();
      await load();
    }
  };
  const save = async () => {
    const r = ruleFromDraft(draft);
    if ('errors' in r) return setErrors(r.errors);
    setErrors([]);
    if (await run('alerts:upsert-rule', r.rule)) {
      setDraft(EMPTY_DRAFT);
      await load();
    }
  };
  const fields = KIND_FIELDS[draft.kind];
  const set = (k: keyof RuleDraft) => (e: { target: { value: string } }) => setDraft({ ...draft, [k]: e.target.value });

  return (
    <section className="page" data-testid="page-alerts" data-state={rules && alerts ? 'ready' : 'loading'}>
      <h2>Alerts</h2>
      {error && (
        <p className="banner banner-danger" role="alert" data-testid="alerts-error">
          {error.message}
        </p>
      )}
      {info?.transport === 'web' && permission === 'default' && (
        <button
          type="button"
          data-testid="alerts-enable-notifications"
          onClick={async () => setPermission(await askBrowserNotifications())}
        >
          Enable browser notifications
        </button>
      )}
      <h3>Active</h3>
      {alerts && alerts.length === 0 && <EmptyState title="Nothing is firing" testId="alerts-none" />}
      {alerts && alerts.length > 0 && (
        <table className="table" data-testid="alerts-active">
          <thead>
            <tr>
              <th>State</th>
              <th>Rule</th>
              <th>Subject</th>
              <th>Since</th>
              <th>What</th>
              <th>Actions</th>
            </tr>
          </thead>
          <tbody>
            {alerts.map((a) => (
              <tr key={a.key} data-testid="alert-row" data-key={a.key} data-state={a.state}>
                <td>{a.state}</td>
                <td>{a.ruleName}</td>
                <td>{a.subject}</td>
                <td>{formatDateTime(a.firedAt ?? a.since)}</td>
                <td>
                  {a.message}
                  {a.ackedBy && <div className="muted">acknowledged by {a.ackedBy}</div>}
                  {(a.snoozedUntil ?? 0) > Date.now() && (
                    <div className="muted">snoozed until {formatDateTime(a.snoozedUntil)}</div>
                  )}
                </td>
                <td>
                  {a.state === 'firing' && (
                    <>
                      <button
                        type="button"
                        disabled={readOnly || busy || a.ackedAt !== undefined}
                        data-testid="alert-ack"
                        onClick={() => act(run('alerts:ack', { key: a.key }))}
                      >
                        Acknowledge
                      </button>{' '}
                      <button
                        type="button"
                        disabled={readOnly || busy}
                        data-testid="alert-snooze"
                        onClick={() => act(run('alerts:snooze', { key: a.key, until: Date.now() + SNOOZE_MS }))}
                      >
                        Snooze 1 h
                      </button>
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <h3>Rules</h3>
      {rules && rules.length === 0 && <p className="muted">No rules yet.</p>}
      <ul data-testid="alert-rules">
        {rules?.map((r) => (
          <li key={r.id} data-testid="alert-rule" data-id={r.id}>
            <strong>{r.name}</strong> {r.enabled ? '' : '(disabled) '}
            <code>{JSON.stringify(r.condition)}</code> {r.queue ? `on ${r.queue}` : 'on every queue/the cluster'}
            {r.webhook && ` → ${r.webhook.url}${r.webhook.hasSecret ? ' (signed)' : ''}`}{' '}
            <button
              type="button"
              disabled={readOnly || busy}
              data-testid="alert-rule-remove"
              onClick={() => act(run('alerts:remove-rule', { id: r.id }))}
            >
              Remove
            </button>
          </li>
        ))}
      </ul>
      <fieldset disabled={readOnly} data-testid="alert-rule-form">
        <legend>New rule</legend>
        <label>
          Name <input value={draft.name} onChange={set('name')} data-testid="rule-name" />
        </label>{' '}
        <label>
          Kind{' '}
          <select
            value={draft.kind}
            onChange={(e) => setDraft({ ...draft, kind: e.target.value as AlertKind })}
            data-testid="rule-kind"
          >
            {Object.keys(KIND_FIELDS).map((k) => (
              <option key={k} value={k}>
                {k}
              </option>
            ))}
          </select>
        </label>{' '}
        {fields.queue && (
          <label>
            Queue (empty: every queue) <input value={draft.queue} onChange={set('queue')} data-testid="rule-queue" />
          </label>
        )}{' '}
        {fields.amount && (
          <label>
            {fields.amount} <input value={draft.amount} onChange={set('amount')} data-testid="rule-amount" />
          </label>
        )}{' '}
        <label>
          {fields.seconds} <input value={draft.seconds} onChange={set('seconds')} data-testid="rule-seconds" />
        </label>{' '}
        <label>
          Webhook URL <input value={draft.webhookUrl} onChange={set('webhookUrl')} data-testid="rule-webhook" />
        </label>{' '}
        <label>
          Signing secret{' '}
          <input
            type="password"
            value={draft.webhookSecret}
            onChange={set('webhookSecret')}
            data-testid="rule-secret"
          />
        </label>{' '}
        <button type="button" onClick={save} disabled={busy} data-testid="rule-save">
          Add rule
        </button>
        {errors.length > 0 && (
          <ul className="error" role="alert" data-testid="rule-errors">
            {errors.map((e) => (
              <li key={e}>{e}</li>
            ))}
          </ul>
        )}
      </fieldset>

      <h3>History</h3>
      {history.length === 0 && <p className="muted">No alert history yet.</p>}
      <ul data-testid="alert-history">
        {history.map((h) => (
          <li key={h.id} data-testid="alert-history-row" data-event={h.event}>
            {formatDateTime(h.at)} <strong>{h.event}</strong> {h.alert.ruleName} — {h.alert.message}
            {h.who && ` (by ${h.who})`}
          </li>
        ))}
      </ul>
    </section>
  );
}

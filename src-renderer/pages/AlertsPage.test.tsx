import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { Alert } from '../../shared/types/alerts';
import { App } from '../App';
import { createFakeBridge } from '../testing/fake-bridge';
import { push, renderWithApi } from '../testing/render';

const firing: Alert = {
  key: 'r1|emails',
  ruleId: 'r1',
  ruleName: 'big backlog',
  kind: 'backlog',
  subject: 'emails',
  state: 'firing',
  since: Date.UTC(2026, 11, 1, 3, 0, 0),
  firedAt: Date.UTC(2026, 11, 1, 3, 1, 0),
  value: 500,
  message: 'emails: 500 waiting (over 100 for 60 s)',
};

describe('alerts in the console', () => {
  it('shows a banner on every view while an alert fires, fed by alert:changed, and clears it when resolved', async () => {
    const bridge = createFakeBridge();
    await renderWithApi(<App initialView="queues" />, bridge);
    expect(screen.queryByTestId('alert-banner')).toBeNull();
    await push(bridge, 'alert:changed', { alerts: [firing], change: { event: 'firing', alert: firing } });
    const banner = screen.getByTestId('alert-banner');
    expect(banner.textContent).toContain('1 alert firing');
    expect(banner.textContent).toContain('emails: 500 waiting');
    await userEvent.keyboard('3');
    expect(screen.getByTestId('alert-banner')).toBeTruthy();
    await userEvent.click(screen.getByTestId('alert-banner-open'));
    expect(await screen.findByTestId('page-alerts')).toBeTruthy();
    await push(bridge, 'alert:changed', { alerts: [] });
    expect(screen.queryByTestId('alert-banner')).toBeNull();
  });

  it('lists active alerts and sends ack and snooze for the row', async () => {
    const bridge = createFakeBridge({
      'alerts:active': () => [firing],
      'alerts:ack': () => ({ ...firing, ackedAt: 1, ackedBy: 'serve:abc' }),
      'alerts:snooze': (r) => ({ ...firing, snoozedUntil: r.until }),
    });
    await renderWithApi(<App initialView="alerts" />, bridge);
    const row = await screen.findByTestId('alert-row');
    expect(row.dataset.state).toBe('firing');
    await userEvent.click(within(row).getByTestId('alert-ack'));
    expect(bridge.callsTo('alerts:ack')).toEqual([{ key: 'r1|emails' }]);
    await userEvent.click(within(screen.getByTestId('alert-row')).getByTestId('alert-snooze'));
    const snooze = bridge.callsTo('alerts:snooze')[0]!;
    expect(snooze.key).toBe('r1|emails');
    expect(snooze.until).toBeGreaterThan(Date.now() + 3_500_000);
  });

  it('validates a new rule before sending it, then sends it', async () => {
    const bridge = createFakeBridge({
      'alerts:upsert-rule': (r) => ({
        id: 'rule-1',
        name: r.name,
        enabled: true,
        notify: true,
        condition: { kind: 'backlog' as const, threshold: 10, forMs: 60_000 },
        updatedAt: 0,
      }),
    });
    await renderWithApi(<App initialView="alerts" />, bridge);
    await screen.findByTestId('alert-rule-form');
    await userEvent.clear(screen.getByTestId('rule-amount'));
    await userEvent.type(screen.getByTestId('rule-amount'), '-5');
    await userEvent.type(screen.getByTestId('rule-webhook'), 'ftp://x');
    await userEvent.click(screen.getByTestId('rule-save'));
    const errors = screen.getByTestId('rule-errors').textContent!;
    expect(errors).toContain('name:');
    expect(errors).toContain('condition.threshold:');
    expect(errors).toContain('webhook.url: expected an http:// or https:// URL');
    expect(bridge.callsTo('alerts:upsert-rule')).toEqual([]);

    await userEvent.type(screen.getByTestId('rule-name'), 'backlog');
    await userEvent.clear(screen.getByTestId('rule-amount'));
    await userEvent.type(screen.getByTestId('rule-amount'), '10');
    await userEvent.type(screen.getByTestId('rule-queue'), 'emails');
    await userEvent.clear(screen.getByTestId('rule-webhook'));
    await userEvent.type(screen.getByTestId('rule-webhook'), 'http://127.0.0.1:8080/hook');
    await userEvent.type(screen.getByTestId('rule-secret'), 's');
    await userEvent.click(screen.getByTestId('rule-save'));
    expect(bridge.callsTo('alerts:upsert-rule')).toEqual([
      {
        name: 'backlog',
        queue: 'emails',
        condition: { kind: 'backlog', threshold: 10, forMs: 60_000 },
        webhook: { url: 'http://127.0.0.1:8080/hook', secret: 's' },
      },
    ]);
  });

  it('read-only consoles see alerts but cannot ack, snooze or edit rules', async () => {
    const bridge = createFakeBridge({ 'alerts:active': () => [firing] }, { readOnly: true });
    await renderWithApi(<App initialView="alerts" />, bridge);
    const row = await screen.findByTestId('alert-row');
    expect((within(row).getByTestId('alert-ack') as HTMLButtonElement).disabled).toBe(true);
    expect((within(row).getByTestId('alert-snooze') as HTMLButtonElement).disabled).toBe(true);
    expect((screen.getByTestId('alert-rule-form') as HTMLFieldSetElement).disabled).toBe(true);
  });
});

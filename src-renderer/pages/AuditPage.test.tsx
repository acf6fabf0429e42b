import { act, fireEvent, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../shared/types/audit';
import { createFakeBridge } from '../testing/fake-bridge';
import { queueSummary } from '../testing/fixtures';
import { renderWithApi } from '../testing/render';
import { AuditPage } from './AuditPage';

const entry = (id: string, extra: Partial<AuditEntry> = {}): AuditEntry => ({
  id,
  at: Date.UTC(2026, 11, 1, 3, 0, 0),
  who: 'desktop:ops@host',
  action: 'queue:purge',
  target: { queue: 'emails' },
  filter: { state: 'failed' },
  count: 7,
  outcome: 'ok',
  durationMs: 12.5,
  ...extra,
});

describe('AuditPage', () => {
  it('lists records newest first with who, action, target, filter and count, and pages back', async () => {
    const bridge = createFakeBridge({
      'queue:list': () => [queueSummary('emails')],
      'audit:list': (req) =>
        req.before
          ? { entries: [entry('1-0', { action: 'queue:pause', count: undefined, filter: {} })], nextBefore: null }
          : {
              entries: [
                entry('3-0'),
                entry('2-0', { outcome: 'error', error: 'task-missing: gone', count: undefined }),
              ],
              nextBefore: '2-0',
            },
    });
    await renderWithApi(<AuditPage />, bridge);
    const rows = await screen.findAllByTestId('audit-row');
    expect(rows).toHaveLength(2);
    expect(rows[0]!.textContent).toContain('desktop:ops@host');
    expect(rows[0]!.textContent).toContain('state=failed');
    expect(screen.getAllByTestId('audit-count')[0]!.textContent).toBe('7');
    expect(rows[1]!.dataset.outcome).toBe('error');
    expect(rows[1]!.textContent).toContain('error: task-missing: gone');
    await userEvent.click(screen.getByTestId('audit-older'));
    expect(bridge.callsTo('audit:list').at(-1)).toMatchObject({ before: '2-0' });
    expect(await screen.findAllByTestId('audit-row')).toHaveLength(3);
    expect(screen.queryByTestId('audit-older')).toBeNull();
  });

  it('sends the filters to main', async () => {
    const bridge = createFakeBridge({ 'queue:list': () => [queueSummary('emails')] });
    await renderWithApi(<AuditPage />, bridge);
    await act(async () => {
      fireEvent.change(screen.getByTestId('audit-filter-action'), { target: { value: 'queue:purge' } });
    });
    await act(async () => {
      fireEvent.change(screen.getByTestId('audit-filter-queue'), { target: { value: 'emails' } });
    });
    expect(bridge.callsTo('audit:list').at(-1)).toMatchObject({ action: 'queue:purge', queue: 'emails', limit: 100 });
    expect(await screen.findByText('Nothing recorded yet')).toBeTruthy();
  });

  it('is readable in read-only mode (reading is not a mutation)', async () => {
    const bridge = createFakeBridge(
      { 'audit:list': () => ({ entries: [entry('9-0')], nextBefore: null }) },
      { readOnly: true },
    );
    await renderWithApi(<AuditPage />, bridge);
    expect(await screen.findAllByTestId('audit-row')).toHaveLength(1);
    expect(screen.queryByTestId('audit-error')).toBeNull();
  });
});

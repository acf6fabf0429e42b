import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { ScheduleInfo } from '../../shared/types/schedule';
import { createFakeBridge } from '../testing/fake-bridge';
import { depthSample, queueSummary, scheduleInfo } from '../testing/fixtures';
import { push, renderWithApi } from '../testing/render';
import { SchedulesPage } from './SchedulesPage';

const row = (queue: string, id: string) =>
  screen.getAllByTestId('schedule-row').find((r) => r.dataset.queue === queue && r.dataset.id === id)!;

function withSchedules(list: ScheduleInfo[], readOnly = false) {
  return createFakeBridge(
    {
      'queue:list': () => [queueSummary('emails'), queueSummary('reports')],
      'schedules:list': () => list,
      'schedules:pause': ({ queue, id }) => {
        list = list.map((s) => (s.queue === queue && s.id === id ? { ...s, paused: true } : s));
        return { paused: true };
      },
      'schedules:resume': () => ({ paused: false }),
      'schedules:run': () => ({ taskId: 't-now' }),
      'schedules:remove': ({ queue, id }) => {
        list = list.filter((s) => !(s.queue === queue && s.id === id));
        return { removed: true };
      },
    },
    { readOnly },
  );
}

const twoSchedules = () => [
  scheduleInfo('digest'),
  scheduleInfo('nightly', 'reports', {
    spec: { cron: '0 3 * * *', tz: 'Europe/Berlin' },
    nextFireAt: Date.UTC(2026, 2, 29, 1, 0, 0),
    lastFireAt: undefined,
    lastTaskId: undefined,
    fires: 0,
    skipped: 0,
    paused: true,
  }),
];

describe('SchedulesPage', () => {
  it('lists every schedule of every queue with spec, zone, next fire (local and UTC), last fire and counters', async () => {
    await renderWithApi(<SchedulesPage />, withSchedules(twoSchedules()));
    expect(screen.getByTestId('page-schedules').dataset.state).toBe('ready');
    const digest = within(row('emails', 'digest'));
    expect(digest.getByTestId('schedule-spec').textContent).toBe('every 30 s');
    expect(digest.getByTestId('schedule-tz').textContent).toBe('—');
    expect(digest.getByTestId('schedule-last-task').textContent).toBe('digest-t4');
    expect(digest.getByTestId('schedule-fires').textContent).toBe('4');
    expect(digest.getByTestId('schedule-skipped').textContent).toBe('1');
    expect(digest.getByTestId('schedule-state').textContent).toBe('active');
    const nightly = within(row('reports', 'nightly'));
    expect(nightly.getByTestId('schedule-spec').textContent).toBe('cron 0 3 * * * (Europe/Berlin)');
    expect(nightly.getByTestId('schedule-tz').textContent).toBe('Europe/Berlin');
    expect(nightly.getByTestId('schedule-next').textContent).toContain('2026-03-29 01:00:00 UTC');
    expect(nightly.getByTestId('schedule-next').textContent).toContain(
      new Date(Date.UTC(2026, 2, 29, 1)).toLocaleString(),
    );
    expect(nightly.getByTestId('schedule-last').textContent).toBe('never');
    expect(nightly.getByTestId('schedule-state').textContent).toBe('paused');
    expect(nightly.getByTestId('schedule-resume')).toBeTruthy();
  });

  it('pauses a schedule only after a confirmation naming queue and schedule', async () => {
    const bridge = withSchedules(twoSchedules());
    await renderWithApi(<SchedulesPage />, bridge);
    await userEvent.click(within(row('emails', 'digest')).getByTestId('schedule-pause'));
    expect(screen.getByTestId('confirm-dialog-message').textContent).toBe(
      'Pause schedule digest of queue emails: its ticks enqueue no task until it is resumed.',
    );
    expect(bridge.callsTo('schedules:pause')).toHaveLength(0);
    await userEvent.click(screen.getByTestId('confirm-ok'));
    expect(bridge.callsTo('schedules:pause')).toEqual([{ queue: 'emails', id: 'digest' }]);
    expect(await screen.findByTestId('schedule-action-done')).toBeTruthy();
    await waitFor(() => expect(row('emails', 'digest').dataset.paused).toBe('true'));
  });

  it('resumes, runs now and removes, each confirmed; Cancel sends nothing', async () => {
    const bridge = withSchedules(twoSchedules());
    await renderWithApi(<SchedulesPage />, bridge);
    await userEvent.click(within(row('reports', 'nightly')).getByTestId('schedule-resume'));
    await userEvent.click(screen.getByTestId('confirm-cancel'));
    expect(bridge.callsTo('schedules:resume')).toHaveLength(0);
    await userEvent.click(within(row('reports', 'nightly')).getByTestId('schedule-resume'));
    expect(screen.getByTestId('confirm-dialog-message').textContent).toBe(
      'Resume schedule nightly of queue reports: it fires again. Ticks missed while it was paused still fire, each its own task, if they are less than 1 min late; older ones are skipped.',
    );
    await userEvent.click(screen.getByTestId('confirm-ok'));
    expect(bridge.callsTo('schedules:resume')).toEqual([{ queue: 'reports', id: 'nightly' }]);

    await userEvent.click(within(row('emails', 'digest')).getByTestId('schedule-run'));
    expect(screen.getByTestId('confirm-dialog-message').textContent).toContain('schedule digest of queue emails');
    await userEvent.click(screen.getByTestId('confirm-ok'));
    expect(screen.getByTestId('schedule-action-done').textContent).toBe(
      'Enqueued task t-now from schedule digest of emails.',
    );

    await userEvent.click(within(row('emails', 'digest')).getByTestId('schedule-remove'));
    expect(screen.getByTestId('confirm-dialog-message').textContent).toContain(
      'Remove schedule digest of queue emails',
    );
    await userEvent.click(screen.getByTestId('confirm-ok'));
    expect(bridge.callsTo('schedules:remove')).toEqual([{ queue: 'emails', id: 'digest' }]);
    await waitFor(() => expect(screen.getAllByTestId('schedule-row').map((r) => r.dataset.id)).toEqual(['nightly']));
  });

  it('shows main’s error in the confirmation and keeps it open', async () => {
    const bridge = withSchedules(twoSchedules());
    bridge.handle('schedules:pause', () => ({
      ok: false,
      error: { code: 'not-found', message: 'schedule "digest" of queue emails does not exist' },
    }));
    await renderWithApi(<SchedulesPage />, bridge);
    await userEvent.click(within(row('emails', 'digest')).getByTestId('schedule-pause'));
    await userEvent.click(screen.getByTestId('confirm-ok'));
    expect(screen.getByTestId('confirm-dialog-error').textContent).toBe(
      'not-found: schedule "digest" of queue emails does not exist',
    );
  });

  it('follows the fires: refetches on each depth sample', async () => {
    let list = [scheduleInfo('digest')];
    const bridge = createFakeBridge({ 'schedules:list': () => list });
    await renderWithApi(<SchedulesPage />, bridge);
    list = [scheduleInfo('digest', 'emails', { fires: 5, lastTaskId: 'digest-t5' })];
    await push(bridge, 'queue:depth', [depthSample(Date.now(), 'emails', 3)]);
    expect(within(row('emails', 'digest')).getByTestId('schedule-fires').textContent).toBe('5');
    expect(within(row('emails', 'digest')).getByTestId('schedule-last-task').textContent).toBe('digest-t5');
  });

  it('disables every action in read-only mode', async () => {
    await renderWithApi(<SchedulesPage />, withSchedules(twoSchedules(), true));
    for (const id of ['schedule-pause', 'schedule-resume', 'schedule-run', 'schedule-remove']) {
      for (const b of screen.getAllByTestId(id)) expect((b as HTMLButtonElement).disabled).toBe(true);
    }
    expect((screen.getByTestId('schedule-submit') as HTMLButtonElement).disabled).toBe(true);
    expect((screen.getByTestId('schedule-id') as HTMLInputElement).matches(':disabled')).toBe(true);
  });

  it('says how to get a first schedule', async () => {
    await renderWithApi(<SchedulesPage />, createFakeBridge());
    expect(screen.getByTestId('schedules-empty').textContent).toContain('slotline schedule add');
  });
});

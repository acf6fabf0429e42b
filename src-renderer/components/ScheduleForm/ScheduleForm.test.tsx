import { fireEvent, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { createFakeBridge } from '../../testing/fake-bridge';
import { scheduleInfo } from '../../testing/fixtures';
import { renderWithApi } from '../../testing/render';
import { ScheduleForm } from './ScheduleForm';

const type = (testId: string, value: string) => fireEvent.change(screen.getByTestId(testId), { target: { value } });
const submit = () => screen.getByTestId('schedule-submit') as HTMLButtonElement;

describe('ScheduleForm', () => {
  it('checks the cron expression and zone as you type, naming the bad value, and previews 5 fires', async () => {
    await renderWithApi(
      <ScheduleForm queues={['emails']} existing={[]} readOnly={false} onSaved={() => {}} />,
      createFakeBridge(),
    );
    type('schedule-id', 'nightly');
    await userEvent.click(screen.getByTestId('schedule-kind-cron'));
    type('schedule-cron', '0 3 * *');
    expect(screen.getByTestId('schedule-spec-error').textContent).toContain('cron expression "0 3 * *" has 4 field(s)');
    expect(submit().disabled).toBe(true);
    type('schedule-cron', '0 3 * * *');
    type('schedule-tz', 'Europe/Berlim');
    expect(screen.getByTestId('schedule-spec-error').textContent).toContain('time zone "Europe/Berlim" is not known');
    expect(submit().disabled).toBe(true);
    type('schedule-tz', 'Europe/Berlin');
    expect(screen.queryByTestId('schedule-spec-error')).toBeNull();
    const fires = screen.getAllByTestId('schedule-preview-fire');
    expect(fires).toHaveLength(5);
    // 03:00 in Berlin is 01:00 or 02:00 UTC, depending on summer time.
    for (const f of fires) expect(f.textContent).toMatch(/0[12]:00:00 UTC/);
    expect(submit().disabled).toBe(false);
  });

  it('creates a schedule behind a confirmation and sends what was typed', async () => {
    const onSaved = vi.fn();
    const bridge = createFakeBridge({
      'schedules:upsert': ({ queue, id, spec }) => scheduleInfo(id, queue, { spec }),
    });
    await renderWithApi(
      <ScheduleForm queues={['emails', 'reports']} existing={[]} readOnly={false} onSaved={onSaved} />,
      bridge,
    );
    await userEvent.selectOptions(screen.getByTestId('schedule-queue'), 'reports');
    type('schedule-id', 'tick');
    type('schedule-every', '0');
    expect(screen.getByTestId('schedule-spec-error').textContent).toContain('every=0 is not valid');
    type('schedule-every', '1000');
    expect(screen.getAllByTestId('schedule-preview-fire')).toHaveLength(5);
    type('schedule-payload', '{"report": "daily"');
    expect(submit().disabled).toBe(true);
    type('schedule-payload', '{"report": "daily"}');
    await userEvent.selectOptions(screen.getByTestId('schedule-catchup'), 'once');
    await userEvent.click(submit());
    expect(screen.getByTestId('confirm-dialog-message').textContent).toBe(
      'Create schedule tick of queue reports: every 1 s, one task per tick; missed ticks: fired once.',
    );
    expect(bridge.callsTo('schedules:upsert')).toHaveLength(0);
    await userEvent.click(screen.getByTestId('confirm-ok'));
    expect(bridge.callsTo('schedules:upsert')).toEqual([
      {
        queue: 'reports',
        id: 'tick',
        spec: { every: 1000 },
        template: { payload: { report: 'daily' } },
        options: { catchUp: 'once' },
      },
    ]);
    expect(onSaved).toHaveBeenCalledOnce();
    expect(screen.queryByTestId('confirm-dialog')).toBeNull();
  });

  it('says when it replaces an existing schedule, and shows main’s refusal', async () => {
    const bridge = createFakeBridge({
      'schedules:upsert': () => ({
        ok: false,
        error: { code: 'invalid-schedule', message: 'schedule id "digest" is taken by another spec' },
      }),
    });
    await renderWithApi(
      <ScheduleForm queues={['emails']} existing={[scheduleInfo('digest')]} readOnly={false} onSaved={() => {}} />,
      bridge,
    );
    type('schedule-id', 'digest');
    expect(submit().textContent).toBe('Replace schedule');
    await userEvent.click(submit());
    expect(screen.getByTestId('confirm-dialog-message').textContent).toContain(
      'Replace schedule digest of queue emails',
    );
    await userEvent.click(screen.getByTestId('confirm-ok'));
    expect(screen.getByTestId('confirm-dialog-error').textContent).toBe(
      'invalid-schedule: schedule id "digest" is taken by another spec',
    );
  });

  it('is disabled in read-only mode', async () => {
    await renderWithApi(
      <ScheduleForm queues={['emails']} existing={[]} readOnly={true} onSaved={() => {}} />,
      createFakeBridge({}, { readOnly: true }),
    );
    type('schedule-id', 'x');
    expect(submit().disabled).toBe(true);
    expect((screen.getByTestId('schedule-cron') as HTMLInputElement).matches(':disabled')).toBe(true);
  });
});

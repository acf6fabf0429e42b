import { act, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { ApiProvider } from '../api/ApiContext';
import { createFakeBridge } from '../testing/fake-bridge';
import { depthSample, limitStatus, promotionEvent, queueSummary } from '../testing/fixtures';
import { push, renderWithApi } from '../testing/render';
import { QueuesPage } from './QueuesPage';

const withQueues = () =>
  createFakeBridge({
    'queue:list': () => [
      queueSummary('emails'),
      queueSummary('reports', { counts: { ...queueSummary().counts, paused: true } }),
    ],
  });

describe('QueuesPage', () => {
  it('lists queues with counts and paused state', async () => {
    await renderWithApi(<QueuesPage selected={null} onSelect={() => {}} onOpenTasks={() => {}} />, withQueues());
    expect(screen.getByTestId('page-queues').dataset.state).toBe('ready');
    expect(within(screen.getByTestId('queue-row-emails')).getByTestId('count-waiting').textContent).toBe('12');
    expect(within(screen.getByTestId('queue-row-reports')).getByTestId('queue-paused')).toBeTruthy();
  });

  it('updates counts and the depth chart from queue:depth, with gaps and failover markers', async () => {
    const bridge = withQueues();
    await renderWithApi(<QueuesPage selected="emails" onSelect={() => {}} onOpenTasks={() => {}} />, bridge);
    const now = Date.now();
    await push(bridge, 'queue:depth', [depthSample(now - 3000, 'emails', 40)]);
    expect(within(screen.getByTestId('queue-row-emails')).getByTestId('count-waiting').textContent).toBe('40');
    await push(bridge, 'connection:state', { state: 'reconnecting', retryAt: now + 1000 });
    await push(bridge, 'topology:event', promotionEvent(now - 1500));
    await push(bridge, 'connection:state', { state: 'ready' });
    await push(bridge, 'queue:depth', [depthSample(now - 1000, 'emails', 41)]);
    const chart = screen.getByTestId('queue-depth-chart');
    expect(chart.dataset.points).toBe('3');
    expect(chart.dataset.gaps).toBe('1');
    expect(chart.dataset.markers).toBe('1');
  });

  it('opens the tasks of a queue', async () => {
    const onOpenTasks = vi.fn();
    await renderWithApi(<QueuesPage selected={null} onSelect={() => {}} onOpenTasks={onOpenTasks} />, withQueues());
    await userEvent.click(screen.getByTestId('open-tasks-reports'));
    expect(onOpenTasks).toHaveBeenCalledWith('reports');
  });

  it('says how to get a first queue', async () => {
    await renderWithApi(<QueuesPage selected={null} onSelect={() => {}} onOpenTasks={() => {}} />, createFakeBridge());
    expect(screen.getByTestId('queues-empty').textContent).toContain('Enqueue a test task');
  });

  it('shows each queue’s retention, how many tasks it removed, and its cancelled count', async () => {
    const c = queueSummary().counts;
    const bridge = createFakeBridge({
      'queue:list': () => [
        queueSummary('emails', {
          counts: { ...c, cancelled: 9 },
          retention: { completed: { maxCount: 500, maxAgeMs: 3_600_000 }, failed: { maxCount: 0, maxAgeMs: 90_000 } },
          retentionRemovedTotal: 12_345,
        }),
      ],
    });
    await renderWithApi(<QueuesPage selected={null} onSelect={() => {}} onOpenTasks={() => {}} />, bridge);
    const row = within(screen.getByTestId('queue-row-emails'));
    expect(row.getByTestId('queue-retention').textContent).toBe('500 / 1 h completed, 0 / 90 s failed');
    expect(row.getByTestId('queue-retention').title).toBe(
      'completed: last 500, none older than 1 h; failed and cancelled: last 0, none older than 90 s',
    );
    expect(row.getByTestId('queue-retention-removed').textContent).toBe('12,345 removed');
    expect(row.getByTestId('count-cancelled').textContent).toBe('9');
  });

  it('shows each queue’s limits and whether they hold tasks back now, following depth samples', async () => {
    let emails = limitStatus('emails', { rateLimit: { max: 100, perMs: 1000 }, waiting: 340, limited: true });
    const bridge = withQueues();
    bridge.handle('limits:get', ({ queue }) => (queue === 'emails' ? emails : limitStatus(queue, { concurrency: 5 })));
    await renderWithApi(<QueuesPage selected="emails" onSelect={() => {}} onOpenTasks={() => {}} />, bridge);
    const cell = (q: string) => within(screen.getByTestId(`queue-row-${q}`)).getByTestId('queue-limits');
    expect(cell('emails').textContent).toBe('limited: 100/s, 340 waiting for a slot');
    expect(cell('emails').dataset.limited).toBe('true');
    expect(cell('reports').textContent).toBe('at most 5 active');
    expect(cell('reports').dataset.limited).toBe('false');
    expect(screen.getByTestId('limits-rate').textContent).toBe('100/s');
    emails = { ...emails, waiting: 0, limited: false };
    await push(bridge, 'queue:depth', [depthSample(Date.now(), 'emails', 0)]);
    expect(cell('emails').textContent).toBe('100/s');
  });

  it('disables the limits editor in read-only mode', async () => {
    const bridge = createFakeBridge({ 'queue:list': () => [queueSummary('emails')] }, { readOnly: true });
    await renderWithApi(<QueuesPage selected="emails" onSelect={() => {}} onOpenTasks={() => {}} />, bridge);
    expect((screen.getByTestId('limit-set-rate') as HTMLButtonElement).disabled).toBe(true);
    expect((screen.getByTestId('concurrency-set') as HTMLButtonElement).disabled).toBe(true);
  });

  it('shows the selected queue’s partitions, and follows the selection', async () => {
    const bridge = withQueues();
    const { rerender } = await renderWithApi(
      <QueuesPage selected="emails" onSelect={() => {}} onOpenTasks={() => {}} />,
      bridge,
    );
    expect(screen.getByTestId('queue-partitions').textContent).toContain('Partitions of emails');
    expect(screen.getAllByTestId('partition-row')).toHaveLength(3);
    expect(bridge.callsTo('queue:partitions')).toEqual([{ queue: 'emails' }]);
    await act(async () => {
      rerender(
        <ApiProvider bridge={bridge}>
          <QueuesPage selected="reports" onSelect={() => {}} onOpenTasks={() => {}} />
        </ApiProvider>,
      );
    });
    expect(screen.getByTestId('queue-partitions').textContent).toContain('Partitions of reports');
    expect(bridge.callsTo('queue:partitions').at(-1)).toEqual({ queue: 'reports' });
  });
});

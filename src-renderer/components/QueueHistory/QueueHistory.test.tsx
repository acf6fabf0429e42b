import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { createFakeBridge } from '../../testing/fake-bridge';
import { depthSample } from '../../testing/fixtures';
import { queueHistory } from '../../testing/history-fixtures';
import { push, renderWithApi } from '../../testing/render';
import { QueueHistory } from './QueueHistory';

const pressed = (range: string) => screen.getByTestId(`history-range-${range}`).getAttribute('aria-pressed');

describe('QueueHistory', () => {
  it('says so when nothing was recorded (the fake bridge’s default)', async () => {
    const bridge = createFakeBridge();
    await renderWithApi(<QueueHistory queue="emails" />, bridge);
    expect(screen.getByTestId('queue-history').dataset.state).toBe('ready');
    expect(screen.getByTestId('history-empty').textContent).toMatch(/Nothing recorded in this range yet/);
    expect(screen.queryByTestId('history-throughput')).toBeNull();
    expect(bridge.callsTo('queue:history')).toEqual([{ queue: 'emails', range: '1h' }]);
  });

  it('charts the chosen range, switches with pressed buttons and sums the range in words', async () => {
    const bridge = createFakeBridge({
      'queue:history': ({ queue, range }) =>
        queueHistory(queue, range, (i) =>
          i % 2 === 0
            ? {
                completed: 120,
                failed: 2,
                retried: 1,
                waitP95: 1500,
                runP95: 40,
                waiting: 30 + i,
                oldestWaitingMs: 90_000,
              }
            : {},
        ),
    });
    await renderWithApi(<QueueHistory queue="emails" />, bridge);
    expect(screen.getByRole('group', { name: 'History range' })).toBeTruthy();
    expect([pressed('1h'), pressed('24h'), pressed('7d')]).toEqual(['true', 'false', 'false']);
    expect(screen.getByTestId('history-throughput').dataset.points).toBe('60');
    expect(screen.getByTestId('history-summary').textContent).toBe(
      'Last hour: 3,600 completed, 60 failed, 30 retried · wait p95 up to 1.5 s · run p95 up to 40 ms · up to 88 waiting · oldest 1 min 30 s',
    );

    await userEvent.click(screen.getByTestId('history-range-7d'));
    expect(bridge.callsTo('queue:history').at(-1)).toEqual({ queue: 'emails', range: '7d' });
    expect([pressed('1h'), pressed('7d')]).toEqual(['false', 'true']);
    expect(screen.getByTestId('queue-history').dataset.range).toBe('7d');
    for (const id of ['history-throughput', 'history-latency', 'history-depth'])
      expect(screen.getByTestId(id).dataset.points).toBe('336');
    expect(screen.getByTestId('history-summary').textContent).toMatch(/^Last 7 days: 20,160 completed/);
  });

  it('reads the history again once a minute on the pushed depth samples, not on every sample', async () => {
    const bridge = createFakeBridge();
    await renderWithApi(<QueueHistory queue="emails" />, bridge);
    const t = Date.UTC(2026, 10, 30, 12, 0, 5);
    await push(bridge, 'queue:depth', [depthSample(t)]);
    const afterFirst = bridge.callsTo('queue:history').length;
    await push(bridge, 'queue:depth', [depthSample(t + 1000)]);
    await push(bridge, 'queue:depth', [depthSample(t + 2000)]);
    expect(bridge.callsTo('queue:history')).toHaveLength(afterFirst);
    await push(bridge, 'queue:depth', [depthSample(t + 60_000)]);
    expect(bridge.callsTo('queue:history')).toHaveLength(afterFirst + 1);
  });

  it('shows main’s error, naming the queue', async () => {
    const bridge = createFakeBridge({
      'queue:history': () => ({
        ok: false,
        error: { code: 'queue-not-found', message: 'queue "gone" does not exist' },
      }),
    });
    await renderWithApi(<QueueHistory queue="gone" />, bridge);
    expect(screen.getByTestId('queue-history').dataset.state).toBe('error');
    expect(screen.getByRole('alert').textContent).toBe('The history could not be read: queue "gone" does not exist');
  });
});

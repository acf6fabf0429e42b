import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { QueuePartitions as View } from '../../../shared/types/partitions';
import { createFakeBridge } from '../../testing/fake-bridge';
import { depthSample, partitionRow, queuePartitions } from '../../testing/fixtures';
import { push, renderWithApi } from '../../testing/render';
import { QueuePartitions } from './QueuePartitions';

const rows = () => screen.getAllByTestId('partition-row');
const cell = (row: HTMLElement, id: string) => within(row).getByTestId(id).textContent;

/** Four masters, the queue's 3 partitions on two of them: uneven. */
function uneven(): View {
  const base = queuePartitions();
  return {
    ...base,
    spread: {
      partitions: 3,
      masters: [
        { id: 'm0', address: '127.0.0.1:7000', partitions: 2 },
        { id: 'm1', address: '127.0.0.1:7001', partitions: 1 },
        { id: 'm2', address: '127.0.0.1:7002', partitions: 0 },
        { id: 'm3', address: '127.0.0.1:7006', partitions: 0 },
      ],
      fairMax: 1,
      uneven: true,
      reason: '127.0.0.1:7000 owns 2 of 3 partitions: more than ceil(3/4) = 1',
      slotless: ['127.0.0.1:7008'],
      unplaced: 0,
    },
  };
}

describe('QueuePartitions', () => {
  it('lists each partition: master, depth, oldest waiting, throughput, and a warning row in words when nobody serves it', async () => {
    const now = Date.now();
    const bridge = createFakeBridge({
      'queue:partitions': () => ({
        ...queuePartitions('emails', { workers: 0 }),
        rows: [
          partitionRow(0, {
            oldestWaitingAt: now - 90_000,
            served: false,
            warning: '4 waiting and no live worker serves this partition',
          }),
          partitionRow(1, { waiting: 0, oldestWaitingAt: null, served: false, completedPerSec: null }),
          partitionRow(0, { generation: 1, tag: 'q:emails#g1:0', migratingTo: '127.0.0.1:7006', failedPerSec: 0.5 }),
          partitionRow(2, { generation: 0, retired: true, waiting: 0, active: 0, delayed: 0 }),
        ],
      }),
    });
    await renderWithApi(<QueuePartitions queue="emails" />, bridge);
    expect(screen.getByTestId('queue-partitions').dataset.state).toBe('ready');
    const [warn, idle, moving, drained] = rows();
    expect(warn!.dataset.state).toBe('warning');
    expect(warn!.className).toBe('partition-warning');
    expect(cell(warn!, 'partition-state')).toBe('Warning: 4 waiting and no live worker serves this partition');
    expect(cell(warn!, 'partition-master')).toBe('127.0.0.1:7000');
    expect(cell(warn!, 'partition-oldest')).toMatch(/^1 min (29|30|31) s$/);
    expect(cell(warn!, 'partition-throughput')).toBe('2.5/s ok');
    expect(idle!.dataset.state).toBe('idle');
    expect(cell(idle!, 'partition-oldest')).toBe('—');
    expect(cell(idle!, 'partition-throughput')).toBe('—');
    expect(cell(moving!, 'partition-master')).toBe('127.0.0.1:7000 → 127.0.0.1:7006 (migrating)');
    expect(cell(moving!, 'partition-throughput')).toBe('2.5/s ok, 0.5/s failed');
    expect(moving!.dataset.generation).toBe('1');
    expect(drained!.dataset.state).toBe('drained');
    expect(cell(drained!, 'partition-state')).toBe('retired: drained, removed soon');
    expect(screen.getByTestId('spread-summary').textContent).toBe('3 partitions over 3 masters: at most 1 on each');
    expect(screen.queryByTestId('spread-uneven')).toBeNull();
  });

  it('shows partitions per master and warns when the spread is uneven, naming the master; lists masters without slots', async () => {
    await renderWithApi(<QueuePartitions queue="emails" />, createFakeBridge({ 'queue:partitions': uneven }));
    expect(screen.getByTestId('spread').dataset.uneven).toBe('true');
    expect(screen.getAllByTestId('spread-master').map((m) => m.textContent)).toEqual([
      '127.0.0.1:7000: 2 partitions',
      '127.0.0.1:7001: 1 partition',
      '127.0.0.1:7002: 0 partitions',
      '127.0.0.1:7006: 0 partitions',
    ]);
    expect(screen.getByTestId('spread-uneven').textContent).toContain(
      'Uneven: 127.0.0.1:7000 owns 2 of 3 partitions: more than ceil(3/4) = 1.',
    );
    expect(screen.getByTestId('spread-slotless').textContent).toContain('127.0.0.1:7008: owns no slots');
  });

  it('rebalances behind a confirmation naming the queue, the current count and the new one (default: the masters)', async () => {
    let answer: View = uneven();
    const bridge = createFakeBridge({
      'queue:partitions': () => answer,
      'queue:rebalance': ({ queue, partitions }) => {
        answer = { ...queuePartitions(), generation: 1, draining: true };
        return { queue, generation: 1, partitionsBefore: 3, partitionsAfter: partitions!, tags: [], movedSchedules: 0 };
      },
    });
    await renderWithApi(<QueuePartitions queue="emails" />, bridge);
    await userEvent.click(screen.getByTestId('rebalance-open'));
    const message = screen.getByTestId('confirm-dialog-message').textContent;
    expect(message).toContain('Queue emails has 3 partitions (generation 0)');
    expect(message).toContain('A new generation of 4 partitions is planned over the 4 masters of now');
    expect((screen.getByTestId('rebalance-partitions') as HTMLInputElement).value).toBe('4');
    expect(bridge.callsTo('queue:rebalance')).toEqual([]);
    fireEvent.change(screen.getByTestId('rebalance-partitions'), { target: { value: '6' } });
    expect(screen.getByTestId('rebalance-summary-next').textContent).toBe('6');
    const fetches = bridge.callsTo('queue:partitions').length;
    await userEvent.click(screen.getByTestId('confirm-ok'));
    expect(bridge.callsTo('queue:rebalance')).toEqual([{ queue: 'emails', partitions: 6 }]);
    // The answer, the closing dialog and the refetch follow the call's promise: on a loaded
    // machine that can be after the click's own promise has resolved.
    await waitFor(() => expect(screen.queryByTestId('confirm-dialog')).toBeNull());
    await waitFor(() =>
      expect(screen.getByTestId('rebalance-done').textContent).toContain(
        'Rebalanced emails: generation 1, 3 → 6 partitions',
      ),
    );
    await waitFor(() => expect(bridge.callsTo('queue:partitions').length).toBeGreaterThan(fetches));
    await waitFor(() =>
      expect(screen.getByTestId('partitions-generation').textContent).toContain(
        'Generation 1 (an older generation is still draining)',
      ),
    );
  });

  it('keeps the confirm disabled for a count outside 1..1024, and shows main’s refusal in the dialog', async () => {
    const bridge = createFakeBridge({
      'queue:rebalance': () => ({
        ok: false,
        error: { code: 'invalid-argument', message: 'queue emails was rebalanced by another process meanwhile' },
      }),
    });
    await renderWithApi(<QueuePartitions queue="emails" />, bridge);
    await userEvent.click(screen.getByTestId('rebalance-open'));
    const ok = screen.getByTestId('confirm-ok') as HTMLButtonElement;
    for (const bad of ['0', '1025', '2.5']) {
      fireEvent.change(screen.getByTestId('rebalance-partitions'), { target: { value: bad } });
      expect(ok.disabled).toBe(true);
      expect(screen.getByTestId('rebalance-input-error').textContent).toBe(
        `"${bad}" is not a partition count: expected a whole number from 1 to 1024`,
      );
    }
    fireEvent.change(screen.getByTestId('rebalance-partitions'), { target: { value: '3' } });
    expect(ok.disabled).toBe(false);
    await userEvent.click(ok);
    expect(screen.getByTestId('confirm-dialog-error').textContent).toBe(
      'invalid-argument: queue emails was rebalanced by another process meanwhile',
    );
    await userEvent.click(screen.getByTestId('confirm-cancel'));
    expect(screen.queryByTestId('confirm-dialog')).toBeNull();
  });

  it('disables Rebalance in read-only mode', async () => {
    await renderWithApi(<QueuePartitions queue="emails" />, createFakeBridge({}, { readOnly: true }));
    expect((screen.getByTestId('rebalance-open') as HTMLButtonElement).disabled).toBe(true);
  });

  it('refetches on each depth sample of its queue, says what the automatic rebalance decides, and shows a failed read', async () => {
    let n = 0;
    const bridge = createFakeBridge({
      'queue:partitions': () =>
        ++n < 3
          ? queuePartitions('emails', {
              autoRebalance: {
                enabled: true,
                minIntervalMs: 600_000,
                decision: 'no rebalance: the partitions are spread evenly',
              },
            })
          : { ok: false, error: { code: 'not-connected', message: 'not connected to Redis' } },
    });
    await renderWithApi(<QueuePartitions queue="emails" />, bridge);
    expect(screen.getByTestId('auto-rebalance-status').textContent).toBe(
      'Automatic rebalance: on, at most once per 10 min; no rebalance: the partitions are spread evenly',
    );
    await push(bridge, 'queue:depth', [depthSample(Date.now(), 'other')]);
    expect(n).toBe(1);
    await push(bridge, 'queue:depth', [depthSample(Date.now(), 'emails')]);
    expect(n).toBe(2);
    await push(bridge, 'queue:depth', [depthSample(Date.now() + 1, 'emails')]);
    expect(screen.getByTestId('partitions-error').textContent).toBe('not-connected: not connected to Redis');
    // The last good answer stays.
    expect(rows()).toHaveLength(3);
  });
});

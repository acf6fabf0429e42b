import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { createFakeBridge } from '../testing/fake-bridge';
import { disagreementEvent, failoverEvents, promotionEvent, rebalanceEvent } from '../testing/fixtures';
import { push, renderWithApi } from '../testing/render';
import { TimelinePage } from './TimelinePage';

describe('TimelinePage', () => {
  it('shows history plus live events, newest first, and filters them', async () => {
    const bridge = createFakeBridge({ 'topology:history': () => failoverEvents().slice(0, 2) });
    await renderWithApi(<TimelinePage />, bridge);
    expect(screen.getByTestId('page-timeline').dataset.state).toBe('ready');
    expect(screen.getAllByTestId('timeline-row')).toHaveLength(2);
    await push(bridge, 'topology:event', promotionEvent());
    const rows = screen.getAllByTestId('timeline-row');
    expect(rows[0]!.dataset.type).toBe('replica-promoted');
    expect(rows[0]!.textContent).toContain('3.8 s');
    expect(screen.getByTestId('failover-timeline').dataset.spans).toBe('1');
    await userEvent.selectOptions(screen.getByTestId('timeline-filter-type'), 'node-failed');
    expect(screen.getAllByTestId('timeline-row')).toHaveLength(1);
  });

  it('exports through topology:export as a Blob download', async () => {
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {});
    const createObjectURL = vi.fn(() => 'blob:x');
    URL.createObjectURL = createObjectURL;
    URL.revokeObjectURL = vi.fn();
    const bridge = createFakeBridge({
      'topology:export': ({ format }) => ({ filename: `t.${format}`, mimeType: 'text/csv', content: 'a,b' }),
    });
    await renderWithApi(<TimelinePage />, bridge);
    await userEvent.click(screen.getByTestId('timeline-export-csv'));
    expect(bridge.callsTo('topology:export')).toEqual([{ format: 'csv' }]);
    expect(createObjectURL).toHaveBeenCalledWith(expect.any(Blob));
  });

  it('shows a disagreement episode as one event, filterable by its type', async () => {
    const bridge = createFakeBridge({ 'topology:history': () => failoverEvents().slice(0, 2) });
    await renderWithApi(<TimelinePage />, bridge);
    await push(bridge, 'topology:event', disagreementEvent());
    await userEvent.selectOptions(screen.getByTestId('timeline-filter-type'), 'views-disagreed');
    const rows = screen.getAllByTestId('timeline-row');
    expect(rows).toHaveLength(1);
    expect(rows[0]!.textContent).toContain('nodes disagreed on slots 7000 for 3.5 s');
    expect(rows[0]!.textContent).toContain('127.0.0.1:7000 says 7000 → 127.0.0.1:7002');
  });

  it('shows each queue rebalance with its generation and partitions before → after, on a lane of its own', async () => {
    const bridge = createFakeBridge({ 'topology:history': () => [...failoverEvents().slice(0, 2), rebalanceEvent()] });
    await renderWithApi(<TimelinePage />, bridge);
    // The same rebalance again (another console's or a repeat): one event, by its id.
    await push(bridge, 'topology:event', rebalanceEvent());
    await push(
      bridge,
      'topology:event',
      rebalanceEvent(1_030_000, {
        id: 'queue-rebalanced:emails:2',
        generation: 2,
        previousGeneration: 1,
        partitionsBefore: 4,
        partitionsAfter: 6,
      }),
    );
    await userEvent.selectOptions(screen.getByTestId('timeline-filter-type'), 'queue-rebalanced');
    const rows = screen.getAllByTestId('timeline-row');
    expect(rows.map((r) => r.textContent)).toEqual([
      expect.stringContaining('queue emails rebalanced: generation 1 → 2, partitions 4 → 6'),
      expect.stringContaining('queue emails rebalanced: generation 0 → 1, partitions 3 → 4'),
    ]);
    expect(rows.every((r) => r.dataset.type === 'queue-rebalanced')).toBe(true);
    expect(screen.getByTestId('failover-timeline').dataset.points).toBe('2');
  });

  it('says what to expect when there is no history', async () => {
    await renderWithApi(<TimelinePage />, createFakeBridge());
    expect(screen.getByTestId('empty-state').textContent).toContain('No topology events yet');
  });
});

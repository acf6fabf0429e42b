import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { createFakeBridge } from '../../testing/fake-bridge';
import { push, renderWithApi } from '../../testing/render';
import { BulkProgressBar } from './BulkProgressBar';

const progress = (done: number, finished = false) => ({
  operationId: 'op1',
  queue: 'emails',
  action: 'purge' as const,
  state: 'failed' as const,
  done,
  total: 100,
  finished,
  cancelled: false,
});

describe('BulkProgressBar', () => {
  it('advances with progress events and swaps Cancel for Dismiss when finished', async () => {
    const bridge = createFakeBridge();
    const onCancel = vi.fn();
    await renderWithApi(
      <BulkProgressBar operationId="op1" total={100} label="Purge" onCancel={onCancel} onDismiss={() => {}} />,
      bridge,
    );
    const bar = screen.getByTestId('bulk-progress');
    expect(bar.dataset.done).toBe('0');
    await push(bridge, 'task:bulk-progress', progress(40));
    expect(bar.dataset.done).toBe('40');
    expect(screen.getByRole('progressbar').getAttribute('value')).toBe('40');
    await userEvent.click(screen.getByTestId('bulk-cancel'));
    expect(onCancel).toHaveBeenCalled();
    await push(bridge, 'task:bulk-progress', progress(100, true));
    expect(bar.dataset.finished).toBe('true');
    expect(bar.dataset.steps).toBe('3'); // 0, 40, 100
    expect(screen.queryByTestId('bulk-cancel')).toBeNull();
    expect(screen.getByTestId('bulk-dismiss')).toBeTruthy();
  });
});

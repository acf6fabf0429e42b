import { render } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { QueueDepthChart } from './QueueDepthChart';

describe('QueueDepthChart failover markers', () => {
  // jsdom lays nothing out: give every element a size, so ResponsiveContainer renders the chart.
  beforeEach(() => {
    vi.spyOn(HTMLElement.prototype, 'getBoundingClientRect').mockReturnValue({
      x: 0,
      y: 0,
      top: 0,
      left: 0,
      right: 800,
      bottom: 280,
      width: 800,
      height: 280,
      toJSON: () => ({}),
    });
    vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(800);
    vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(280);
  });
  afterEach(() => vi.restoreAllMocks());

  it('draws close markers with their labels on separate lines', async () => {
    const rows = [0, 300_000, 600_000, 900_000].map((at) => ({
      at,
      waiting: 1,
      delayed: 0,
      active: 0,
      failed: 0,
      completedPerSec: 1,
      failedPerSec: 0,
    }));
    const markers = [
      { at: 300_000, label: 'failed 127.0.0.1:7000' },
      { at: 304_000, label: 'promoted 127.0.0.1:7003' },
    ];
    const { container, findAllByText } = render(
      <QueueDepthChart rows={rows} markers={markers} domain={[0, 900_000]} />,
    );
    await findAllByText(/127\.0\.0\.1:700[03]/);
    const labels = [...container.querySelectorAll('text')].filter((t) =>
      /^(failed|promoted) /.test(t.textContent ?? ''),
    );
    expect(labels.map((t) => t.textContent)).toEqual(['failed 127.0.0.1:7000', 'promoted 127.0.0.1:7003']);
    const ys = labels.map((t) => Number(t.getAttribute('y')));
    expect(ys[1]! - ys[0]!).toBe(13);
  });
});

import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { QueueDepthChart } from './QueueDepthChart';

const rows = [0, 300_000, 600_000, 900_000].map((at) => ({
  at,
  waiting: 1,
  delayed: 0,
  active: 0,
  failed: 0,
  completedPerSec: 1,
  failedPerSec: 0,
}));

describe('QueueDepthChart', () => {
  it('exposes points, gaps and markers, and describes the chart for screen readers', () => {
    const markers = [
      { at: 300_000, label: 'failed 127.0.0.1:7000' },
      { at: 304_000, label: 'promoted 127.0.0.1:7003' },
    ];
    render(
      <QueueDepthChart
        rows={[...rows, { ...rows[0]!, at: 950_000, waiting: null }]}
        markers={markers}
        domain={[0, 1_000_000]}
      />,
    );
    const chart = screen.getByTestId('queue-depth-chart');
    expect(chart.dataset).toMatchObject({ points: '5', gaps: '1', markers: '2' });
    expect(screen.getByRole('img').getAttribute('aria-label')).toMatch(
      /now 1 waiting, 0 active, 1 completed\/s; 2 failover markers/,
    );
  });

  it('lists a failover whose label found no free line under the chart instead', () => {
    const markers = Array.from({ length: 6 }, (_, i) => ({
      at: 300_000 + i * 1000,
      label: `promoted 127.0.0.1:700${i}`,
    }));
    render(<QueueDepthChart rows={rows} markers={markers} domain={[0, 900_000]} />);
    expect(screen.getByText(/promoted 127\.0\.0\.1:7004/)).toBeTruthy();
    expect(screen.getByText(/promoted 127\.0\.0\.1:7005/)).toBeTruthy();
    expect(screen.queryByText(/promoted 127\.0\.0\.1:7003/)).toBeNull();
  });
});

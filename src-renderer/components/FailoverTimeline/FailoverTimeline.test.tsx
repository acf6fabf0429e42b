import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { failoverEvents } from '../../testing/fixtures';
import { describeEvent, promotionSpans, timelineSeries } from './failoverTimelineSeries';
import { FailoverTimeline } from './FailoverTimeline';
import { timelineGeometry } from './timelineGeometry';

describe('FailoverTimeline', () => {
  it('describes itself, and shows the event under the pointer in a tooltip', () => {
    const events = failoverEvents();
    render(<FailoverTimeline events={events} />);
    const chart = screen.getByTestId('failover-timeline');
    expect(chart.dataset).toMatchObject({ points: '4', spans: '1' });
    const canvas = screen.getByRole('img');
    expect(canvas.getAttribute('aria-label')).toMatch(/^Failover timeline: 4 events from .+ to .+, 1 promotions/);
    // jsdom lays nothing out: the chart is at its fallback width (800 px) at the page's origin.
    const g = timelineGeometry(timelineSeries(events), promotionSpans(events), {
      left: 84,
      top: 12,
      width: 800 - 84 - 20,
      height: 240 - 12 - 28,
    });
    const promoted = g.points.find((p) => p.id === 'e3')!;
    fireEvent.mouseMove(canvas, { clientX: promoted.px + 2, clientY: promoted.py + 1 });
    expect(screen.getByTestId('timeline-tooltip').textContent).toContain(describeEvent(events[2]!));
    fireEvent.mouseMove(canvas, { clientX: 2, clientY: 2 });
    expect(screen.queryByTestId('timeline-tooltip')).toBeNull();
  });
});

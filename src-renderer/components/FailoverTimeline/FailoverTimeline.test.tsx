import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { failoverEvents, rebalanceEvent } from '../../testing/fixtures';
import { FailoverTimeline } from './FailoverTimeline';
import { promotionSpans, timelineSeries } from './failoverTimelineSeries';
import { timelineGeometry, timelinePlotBox } from './timelineGeometry';

describe('FailoverTimeline', () => {
  it('exposes points and spans, and says what it shows for screen readers', () => {
    render(<FailoverTimeline events={[...failoverEvents(), rebalanceEvent()]} />);
    const chart = screen.getByTestId('failover-timeline');
    expect(chart.dataset).toMatchObject({ points: '5', spans: '1' });
    expect(screen.getByRole('img').getAttribute('aria-label')).toMatch(
      /^Failover timeline from .+ to .+: 1 rebalanced, 1 rejoined, 1 promoted, 1 failed, 1 suspected; 1 promotion span shaded\. The table lists every event\.$/,
    );
  });

  it('names the events of the dot under the pointer, and nothing once it leaves', () => {
    const events = failoverEvents();
    render(<FailoverTimeline events={events} />);
    // jsdom measures no width: the canvas keeps its 800-px default, at the viewport's origin.
    const dots = timelineGeometry(timelineSeries(events), promotionSpans(events), timelinePlotBox(800)).dots;
    const promoted = dots.find((d) => d.lane === 'promoted')!;
    const canvas = screen.getByRole('img');
    fireEvent.mouseMove(canvas, { clientX: promoted.x + 2, clientY: promoted.y });
    expect(screen.getByTestId('timeline-tooltip').textContent).toContain(
      '127.0.0.1:7003 promoted over 127.0.0.1:7000 (slots 0–5460) in 3.8 s',
    );
    fireEvent.mouseMove(canvas, { clientX: promoted.x, clientY: promoted.y + 60 });
    expect(screen.queryByTestId('timeline-tooltip')).toBeNull();
    fireEvent.mouseMove(canvas, { clientX: promoted.x, clientY: promoted.y });
    fireEvent.mouseLeave(canvas);
    expect(screen.queryByTestId('timeline-tooltip')).toBeNull();
  });
});

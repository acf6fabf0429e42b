import type { TopologyEvent } from '../../../shared/types/topology';
import { formatTime } from '../../lib/format';
import { describeEventBrief } from '../FailoverTimeline/failoverTimelineSeries';

/** The newest `count` topology events, newest first, described as the timeline does but with long slot lists cut short. */
export function RecentEvents({ events, count = 5 }: { events: readonly TopologyEvent[]; count?: number }) {
  const recent = events.slice(-count).reverse();
  return (
    <section className="card" aria-labelledby="overview-events-title" data-testid="overview-events">
      <h3 id="overview-events-title" style={{ margin: 0, fontSize: 15 }}>
        Recent topology events
      </h3>
      {recent.length === 0 ? (
        <p className="muted" data-testid="overview-events-none">
          None recorded yet.
        </p>
      ) : (
        <ol style={{ margin: '6px 0 0', paddingLeft: 18 }}>
          {recent.map((e) => (
            <li key={e.id} data-testid="overview-event" data-type={e.type}>
              <span className="muted">{formatTime(e.at)}</span> {describeEventBrief(e)}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

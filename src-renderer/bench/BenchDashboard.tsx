import { OverviewPage } from '../pages/OverviewPage';
import { QueuesPage } from '../pages/QueuesPage';
import { SlotsPage } from '../pages/SlotsPage';
import { TimelinePage } from '../pages/TimelinePage';
import './bench.css';

/** Views the bench can show (`?views=overview,slots,timeline,queues`), to attribute cost to one of them. */
export const BENCH_VIEWS = ['overview', 'slots', 'timeline', 'queues'] as const;
export type BenchView = (typeof BENCH_VIEWS)[number];

/** The live views the bench measures, side by side: the real pages, not copies of them. */
export function BenchDashboard({ status, views }: { status: string; views: readonly BenchView[] }) {
  return (
    <div className="bench">
      <p className="bench-status" data-testid="bench-status">
        {status}
      </p>
      {views.includes('overview') && <OverviewPage alerts={[]} />}
      <div className="bench-grid">
        <div>
          {views.includes('slots') && <SlotsPage />}
          {views.includes('timeline') && <TimelinePage />}
        </div>
        {views.includes('queues') && (
          <QueuesPage selected={null} onSelect={() => undefined} onOpenTasks={() => undefined} />
        )}
      </div>
    </div>
  );
}

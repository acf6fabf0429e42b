import { useDeferredValue, useMemo } from 'react';
import type { Alert } from '../../shared/types/alerts';
import { ActiveAlerts } from '../components/ActiveAlerts/ActiveAlerts';
import { ClusterThroughputChart } from '../components/ClusterThroughputChart/ClusterThroughputChart';
import { clusterThroughputSeries } from '../components/ClusterThroughputChart/clusterThroughputSeries';
import { EmptyState } from '../components/EmptyState/EmptyState';
import { OwnershipStrip } from '../components/OwnershipStrip/OwnershipStrip';
import { failoverMarkers } from '../components/QueueDepthChart/queueDepthSeries';
import { QueueHealthTable } from '../components/QueueHealthTable/QueueHealthTable';
import { queueHealthRows, queueSparks } from '../components/QueueHealthTable/queueHealthRows';
import { RecentEvents } from '../components/RecentEvents/RecentEvents';
import { useAllDepth } from '../hooks/useAllDepth';
import { useConnectionStatus } from '../hooks/useConnectionStatus';
import { useDepthTick } from '../hooks/useDepthTick';
import { useNow } from '../hooks/useNow';
import { useOwnedRanges } from '../hooks/useOwnedRanges';
import { useOwnerColors } from '../hooks/useOwnerColors';
import { useQueues } from '../hooks/useQueues';
import { useSnapshot } from '../hooks/useSnapshot';
import { useThrottled } from '../hooks/useThrottled';
import { useTopologyEvents } from '../hooks/useTopologyEvents';
import { overviewVerdict } from '../lib/overview-verdict';
import { ClusterTiles, DepthTiles } from './OverviewTiles';
import './OverviewPage.css';

/** The chart, the sparklines and the growth look back this far. */
export const OVERVIEW_WINDOW_MS = 15 * 60_000;

/**
 * "Is anything wrong?" on one screen, worst first: a verdict, active alerts, the cluster (state,
 * nodes, slot ownership strip), the cluster's throughput with failovers marked, depth by state,
 * the latest topology events, and every queue ranked by trouble.
 */
export function OverviewPage({
  alerts,
  onOpenAlerts,
  onOpenQueue,
}: {
  alerts: Alert[] | null;
  onOpenAlerts?: () => void;
  onOpenQueue?: (queue: string) => void;
}) {
  const connection = useConnectionStatus();
  const { snapshot, loaded } = useSnapshot();
  const { queues } = useQueues();
  const events = useTopologyEvents();
  const colors = useOwnerColors();
  const ranges = useOwnedRanges(snapshot);
  // The list is a new array with each sample; the names only change when a queue comes or goes.
  const nameKey = (queues ?? []).map((q) => q.name).join('\n');
  const names = useMemo(() => (nameKey ? nameKey.split('\n') : []), [nameKey]);
  const depth = useAllDepth(names, OVERVIEW_WINDOW_MS);
  const clock = useNow(5000);
  const now = Math.max(clock, useDepthTick());
  const from = now - OVERVIEW_WINDOW_MS;

  const throughput = useMemo(() => {
    const domain: [number, number] = [from, now];
    return { rows: clusterThroughputSeries(depth, from, now), markers: failoverMarkers(events, from, now), domain };
  }, [depth, events, from, now]);
  // The chart redraws after the tables, in React's spare time between frames (as the depth chart does).
  const chart = useDeferredValue(throughput);
  // Sparklines redraw every 5 s: at 120 px for 15 minutes a pixel is 7.5 s, and the numbers beside them are live.
  const sparkState = useThrottled({ depth, now }, 5000);
  const sparks = useMemo(
    () => queueSparks(names, sparkState.depth, sparkState.now, OVERVIEW_WINDOW_MS),
    [names, sparkState],
  );
  const rows = useMemo(() => queueHealthRows(queues ?? [], depth, now, sparks), [queues, depth, now, sparks]);
  const rates = useMemo(
    () =>
      (queues ?? []).reduce(
        (acc, q) => ({
          completedPerSec: acc.completedPerSec + q.completedPerSec,
          failedPerSec: acc.failedPerSec + q.failedPerSec,
        }),
        { completedPerSec: 0, failedPerSec: 0 },
      ),
    [queues],
  );
  const verdict = overviewVerdict({ connection, snapshot, alerts, queueLevels: rows.map((r) => r.trouble.level) });
  const cluster = snapshot?.mode === 'cluster' ? snapshot : null;
  const ready = loaded && queues !== null && connection !== null;

  return (
    <section className="page overview" data-testid="page-overview" data-state={ready ? 'ready' : 'loading'}>
      <h2>Overview</h2>
      <p
        className={`overview-verdict overview-verdict-${verdict.level}`}
        data-testid="overview-verdict"
        data-level={verdict.level}
        role="status"
      >
        {verdict.level === 'ok' ? '✓ All clear' : `${verdict.level === 'danger' ? '✗' : '!'} Needs attention: `}
        {verdict.findings.join(' · ')}
      </p>
      <ActiveAlerts alerts={alerts} now={clock} onOpen={onOpenAlerts} />
      <ClusterTiles connection={connection} snapshot={snapshot} events={events} />
      {cluster && (
        <section className="card" aria-labelledby="overview-slots-title">
          <h3 id="overview-slots-title">Slot ownership</h3>
          <OwnershipStrip ranges={ranges} colors={colors} clusterState={cluster.clusterState} />
        </section>
      )}
      <div className="overview-grid">
        <section aria-labelledby="overview-throughput-title" className="overview-main">
          <h3 id="overview-throughput-title">Cluster throughput, last 15 min</h3>
          <ClusterThroughputChart rows={chart.rows} markers={chart.markers} domain={chart.domain} current={rates} />
        </section>
        <div className="overview-side">
          <DepthTiles queues={queues ?? []} rates={rates} />
          <RecentEvents events={events} />
        </div>
      </div>
      {queues?.length === 0 ? (
        <EmptyState title="No queues yet" testId="overview-queues-empty">
          Queues appear when a producer adds their first task.
        </EmptyState>
      ) : (
        <QueueHealthTable
          rows={rows}
          domain={[sparkState.now - OVERVIEW_WINDOW_MS, sparkState.now]}
          onOpen={onOpenQueue}
        />
      )}
    </section>
  );
}

import { TASK_STATES } from '../../shared/types/queue';
import { lastPromotion } from '../components/FailoverTimeline/failoverTimelineSeries';
import { StatTile } from '../components/StatTile/StatTile';
import { useConnectionStatus } from '../hooks/useConnectionStatus';
import { useQueues } from '../hooks/useQueues';
import { useSnapshot } from '../hooks/useSnapshot';
import { useTopologyEvents } from '../hooks/useTopologyEvents';
import { formatCount, formatDuration, formatRate, formatTime } from '../lib/format';
import { summarizeTopology } from '../lib/topology-summary';

/** Everything an operator checks first, on one screen. */
export function OverviewPage() {
  const connection = useConnectionStatus();
  const { snapshot, loaded } = useSnapshot();
  const { queues } = useQueues();
  const events = useTopologyEvents();
  const nodes = summarizeTopology(snapshot);
  const promotion = lastPromotion(events);
  const cluster = snapshot?.mode === 'cluster';
  const totals = Object.fromEntries(TASK_STATES.map((s) => [s, (queues ?? []).reduce((n, q) => n + q.counts[s], 0)]));
  const rate = (queues ?? []).reduce(
    (acc, q) => ({ ok: acc.ok + q.completedPerSec, failed: acc.failed + q.failedPerSec }),
    { ok: 0, failed: 0 },
  );
  const workers = (queues ?? []).reduce((n, q) => n + q.workers, 0);
  const ready = loaded && queues !== null && connection !== null;

  return (
    <section className="page" data-testid="page-overview" data-state={ready ? 'ready' : 'loading'}>
      <h2>Overview</h2>
      <div className="row">
        <StatTile
          testId="overview-connection"
          label="Connection"
          value={connection ? `${connection.state}${connection.mode ? ` · ${connection.mode}` : ''}` : '—'}
          tone={connection?.state === 'ready' ? 'ok' : 'danger'}
          hint={connection?.description ?? connection?.error?.message ?? 'Not connected: open the Connection view (0).'}
        />
        {cluster && (
          <StatTile
            testId="overview-cluster-state"
            label="cluster_state"
            value={snapshot.clusterState}
            tone={snapshot.clusterState === 'ok' ? 'ok' : 'danger'}
            hint={snapshot.currentEpoch !== undefined ? `epoch ${snapshot.currentEpoch}` : undefined}
          />
        )}
        {cluster && (
          <StatTile
            testId="overview-masters"
            label="Masters up / down"
            value={`${nodes.mastersUp} / ${nodes.mastersDown}`}
            tone={nodes.mastersDown ? 'danger' : 'ok'}
          />
        )}
        {cluster && (
          <StatTile
            testId="overview-replicas"
            label="Replicas up / down"
            value={`${nodes.replicasUp} / ${nodes.replicasDown}`}
            tone={nodes.replicasDown ? 'warn' : 'ok'}
          />
        )}
        {cluster && (
          <StatTile
            testId="overview-coverage"
            label="Slot coverage"
            value={`${formatCount(snapshot.coverage.ok)} / 16384`}
            tone={snapshot.coverage.ok === 16384 ? 'ok' : 'danger'}
            hint={`${snapshot.coverage.pfail} pfail · ${snapshot.coverage.fail} fail · ${snapshot.coverage.unassigned} unassigned`}
          />
        )}
        {cluster && (
          <StatTile
            testId="overview-last-failover"
            label="Last failover"
            value={promotion ? formatDuration(promotion.durationMs) : 'none'}
            hint={
              promotion
                ? `${formatTime(promotion.at)}: ${promotion.oldMasterAddress} → ${promotion.newMasterAddress}`
                : 'No promotion seen yet.'
            }
          />
        )}
        {snapshot?.mode === 'single' && (
          <StatTile
            testId="overview-single"
            label="Mode"
            value="single Redis"
            hint="Slot and failover views apply to Redis Cluster only."
          />
        )}
      </div>
      <div className="row">
        {TASK_STATES.map((s) => (
          <StatTile
            key={s}
            testId={`overview-total-${s}`}
            label={s}
            value={formatCount(totals[s] ?? 0)}
            tone={s === 'failed' && totals[s] ? 'danger' : undefined}
          />
        ))}
        <StatTile
          testId="overview-throughput"
          label="Throughput"
          value={formatRate(rate.ok)}
          hint={`${formatRate(rate.failed)} failed`}
        />
        <StatTile
          testId="overview-workers"
          label="Live workers"
          value={workers}
          hint={`${queues?.length ?? 0} queues`}
        />
      </div>
    </section>
  );
}

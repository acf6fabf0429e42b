import type { ConnectionStatus } from '../../shared/ipc/contract';
import { TASK_STATES, type QueueSummary } from '../../shared/types/queue';
import type { TopologyEvent, TopologySnapshot } from '../../shared/types/topology';
import { lastPromotion } from '../components/FailoverTimeline/failoverTimelineSeries';
import { StatTile } from '../components/StatTile/StatTile';
import { formatCount, formatCountShort, formatDuration, formatRate, formatTime } from '../lib/format';
import { summarizeTopology } from '../lib/topology-summary';

/** The connection and the cluster's nodes, one tile each (ids in TESTIDS.md). */
export function ClusterTiles({
  connection,
  snapshot,
  events,
}: {
  connection: ConnectionStatus | null;
  snapshot: TopologySnapshot | null;
  events: readonly TopologyEvent[];
}) {
  const nodes = summarizeTopology(snapshot);
  const promotion = lastPromotion(events);
  const cluster = snapshot?.mode === 'cluster' ? snapshot : null;
  return (
    <div className="row overview-tiles">
      <StatTile
        testId="overview-connection"
        label="Connection"
        value={connection ? `${connection.state}${connection.mode ? ` · ${connection.mode}` : ''}` : '—'}
        tone={connection?.state === 'ready' ? 'ok' : 'danger'}
        hint={connection?.description ?? connection?.error?.message ?? 'Not connected: open the Connection view (0).'}
      />
      {cluster && (
        <>
          <StatTile
            testId="overview-cluster-state"
            label="cluster_state"
            value={cluster.clusterState}
            tone={cluster.clusterState === 'ok' ? 'ok' : 'danger'}
            hint={cluster.currentEpoch !== undefined ? `epoch ${cluster.currentEpoch}` : undefined}
          />
          <StatTile
            testId="overview-masters"
            label="Masters up / down"
            value={`${nodes.mastersUp} / ${nodes.mastersDown}`}
            tone={nodes.mastersDown ? 'danger' : 'ok'}
          />
          <StatTile
            testId="overview-replicas"
            label="Replicas up / down"
            value={`${nodes.replicasUp} / ${nodes.replicasDown}`}
            tone={nodes.replicasDown ? 'warn' : 'ok'}
          />
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
        </>
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
  );
}

/** Tasks per state summed over every queue, the cluster's throughput and its live workers. */
export function DepthTiles({
  queues,
  rates,
}: {
  queues: readonly QueueSummary[];
  rates: { completedPerSec: number; failedPerSec: number };
}) {
  const totals = Object.fromEntries(TASK_STATES.map((s) => [s, queues.reduce((n, q) => n + q.counts[s], 0)]));
  const workers = queues.reduce((n, q) => n + q.workers, 0);
  return (
    <section aria-labelledby="overview-depth-title">
      <h3 id="overview-depth-title">Tasks by state, all queues</h3>
      <div className="overview-depth-tiles">
        {TASK_STATES.map((s) => (
          <StatTile
            key={s}
            testId={`overview-total-${s}`}
            label={s}
            value={<span title={formatCount(totals[s] ?? 0)}>{formatCountShort(totals[s] ?? 0)}</span>}
            tone={s === 'failed' && totals[s] ? 'danger' : undefined}
          />
        ))}
        <StatTile
          testId="overview-throughput"
          label="Throughput"
          value={formatRate(rates.completedPerSec)}
          hint={`${formatRate(rates.failedPerSec)} failed`}
        />
        <StatTile testId="overview-workers" label="Live workers" value={workers} hint={`${queues.length} queues`} />
      </div>
    </section>
  );
}

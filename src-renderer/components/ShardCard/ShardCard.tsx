import type { ClusterNode, Shard } from '../../../shared/types/topology';
import { formatBytes, formatRange } from '../../lib/format';
import { ownerColor } from '../../lib/owner-colors';
import './ShardCard.css';

export interface ShardCardProps {
  shard: Shard;
  colors: Record<string, number>;
  /** Node ids promoted in the last few seconds: labelled and animated. */
  promotedIds: ReadonlySet<string>;
  readOnly: boolean;
  onFailover: (replica: ClusterNode, master: ClusterNode) => void;
}

function NodeRow({ node, promoted, action }: { node: ClusterNode; promoted: boolean; action?: React.ReactNode }) {
  return (
    <tr
      data-testid={`node-${node.id}`}
      data-role={node.role}
      data-health={node.health}
      className={promoted ? 'node-promoted' : undefined}
    >
      <td>
        <span className="node-swatch" />
        {node.address}
        {promoted && (
          <span className="promoted-badge" data-testid="promoted-badge">
            promoted
          </span>
        )}
      </td>
      <td>{node.role}</td>
      <td className={`health-${node.health}`}>{node.reachable ? node.health : `${node.health} (unreachable)`}</td>
      <td>{node.replicationOffset ?? '—'}</td>
      <td>{node.lagBytes !== undefined ? formatBytes(node.lagBytes) : '—'}</td>
      <td>{node.linkStatus ?? '—'}</td>
      <td>{node.opsPerSec ?? '—'}</td>
      <td>{formatBytes(node.usedMemoryBytes)}</td>
      <td>{action}</td>
    </tr>
  );
}

/** One master with its replicas and their replication health. */
export function ShardCard({ shard, colors, promotedIds, readOnly, onFailover }: ShardCardProps) {
  const { master } = shard;
  const canFailOver = (r: ClusterNode) => r.health === 'online' && r.linkStatus !== 'down';
  return (
    <div
      className="card shard-card"
      data-testid={`shard-${master.id}`}
      style={{ borderLeftColor: ownerColor(colors[master.id]) }}
    >
      <div className="row">
        <strong>{master.address}</strong>
        <span className="muted">slots {shard.slots.map(formatRange).join(', ') || 'none'}</span>
      </div>
      <table>
        <thead>
          <tr>
            <th>Node</th>
            <th>Role</th>
            <th>Health</th>
            <th>Offset</th>
            <th>Lag</th>
            <th>Link</th>
            <th>ops/s</th>
            <th>Memory</th>
            <th />
          </tr>
        </thead>
        <tbody>
          <NodeRow node={master} promoted={promotedIds.has(master.id)} />
          {shard.replicas.map((r) => (
            <NodeRow
              key={r.id}
              node={r}
              promoted={false}
              action={
                <button
                  onClick={() => onFailover(r, master)}
                  disabled={readOnly || !canFailOver(r)}
                  title={
                    readOnly
                      ? 'Read-only mode'
                      : canFailOver(r)
                        ? 'Promote this replica with CLUSTER FAILOVER'
                        : 'Replica is not healthy'
                  }
                  data-testid={`failover-${r.id}`}
                >
                  Fail over to this replica
                </button>
              }
            />
          ))}
        </tbody>
      </table>
      {shard.replicas.length === 0 && (
        <p className="muted">No replicas: if this master fails, its slots are lost until it returns.</p>
      )}
    </div>
  );
}

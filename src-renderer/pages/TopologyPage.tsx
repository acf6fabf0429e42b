import { useMemo, useState } from 'react';
import { DisagreementBanner } from '../components/DisagreementBanner/DisagreementBanner';
import type { ClusterNode } from '../../shared/types/topology';
import { ConfirmDialog } from '../components/ConfirmDialog/ConfirmDialog';
import { EmptyState } from '../components/EmptyState/EmptyState';
import { ShardCard } from '../components/ShardCard/ShardCard';
import { useAction } from '../hooks/useAction';
import { useAppInfo } from '../hooks/useAppInfo';
import { useMovedRanges } from '../hooks/useMovedRanges';
import { useOwnerColors } from '../hooks/useOwnerColors';
import { useSnapshot } from '../hooks/useSnapshot';
import { formatRange } from '../lib/format';

/** Masters and their replicas, with an operator-driven failover behind a confirm. */
export function TopologyPage() {
  const { snapshot, loaded } = useSnapshot();
  const colors = useOwnerColors();
  const moved = useMovedRanges();
  const { readOnly } = useAppInfo();
  const { run, busy, error, clearError } = useAction();
  const [target, setTarget] = useState<{ replica: ClusterNode; master: ClusterNode } | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const promotedIds = useMemo(() => new Set(moved.flatMap((m) => (m.toId ? [m.toId] : []))), [moved]);
  const shard = target && snapshot?.shards.find((s) => s.master.id === target.master.id);

  const confirm = async () => {
    if (!target) return;
    const result = await run('topology:failover', { replicaId: target.replica.id });
    if (result) {
      setDone(`Failover requested: ${result.address} is taking over.`);
      setTarget(null);
    }
  };

  return (
    <section className="page" data-testid="page-topology" data-state={loaded ? 'ready' : 'loading'}>
      <h2>Topology</h2>
      <DisagreementBanner snapshot={snapshot} />
      {loaded && !snapshot && <EmptyState title="Not connected">Connect on the Connection view (0).</EmptyState>}
      {snapshot?.mode === 'single' && (
        <p className="muted">Single Redis: one server, no replicas or failover are managed here.</p>
      )}
      {done && (
        <p role="status" data-testid="failover-status">
          {done}
        </p>
      )}
      {snapshot?.shards.map((s) => (
        <ShardCard
          key={s.master.id}
          shard={s}
          colors={colors}
          promotedIds={promotedIds}
          readOnly={readOnly}
          onFailover={(replica, master) => setTarget({ replica, master })}
        />
      ))}
      {target && (
        <ConfirmDialog
          title="Fail over to this replica?"
          confirmLabel={`Promote ${target.replica.address}`}
          busy={busy}
          error={error && `${error.code}: ${error.message}`}
          onConfirm={confirm}
          onCancel={() => {
            clearError();
            setTarget(null);
          }}
        >
          <p>
            Replica <strong>{target.replica.address}</strong> will run <code>CLUSTER FAILOVER</code> and become master
            of slots <strong>{shard?.slots.map(formatRange).join(', ') || 'none'}</strong>. The current master{' '}
            <strong>{target.master.address}</strong> becomes its replica.
          </p>
          <p className="muted">
            Clients are redirected within about a second; writes to these slots wait briefly during the switch.
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}

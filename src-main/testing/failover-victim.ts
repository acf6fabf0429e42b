import type { TopologySnapshot } from '../../shared/types/topology';

/** A master picked for a failover test, with what its promotion should report. */
export interface FailoverVictim {
  id: string;
  address: string;
  port: number;
  slots: TopologySnapshot['shards'][number]['slots'];
  replicaId: string;
  replicaAddress: string;
}

/** The first master of a snapshot that owns slots and has exactly one replica. */
export function pickFailoverVictim(snapshot: TopologySnapshot): FailoverVictim {
  const shard = snapshot.shards.find((s) => s.slots.length > 0 && s.replicas.length === 1);
  if (!shard) throw new Error('no master with slots and one replica in the snapshot');
  return {
    id: shard.master.id,
    address: shard.master.address,
    port: Number(shard.master.address.split(':').pop()),
    slots: shard.slots,
    replicaId: shard.replicas[0]!.id,
    replicaAddress: shard.replicas[0]!.address,
  };
}

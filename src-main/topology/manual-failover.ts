import { SlotlineError } from '../../shared/errors';
import { parseHostPort } from '../../shared/host-port';
import type { TopologySnapshot } from '../../shared/types/topology';
import type { RedisHandle } from '../redis/handle';

/** Why a requested failover cannot be sent. */
export class FailoverError extends SlotlineError {}

/** What a manual failover needs: the deployment and the monitor's latest view of it. */
export interface ManualFailoverInput {
  handle: Pick<RedisHandle, 'kind' | 'node'>;
  snapshot: TopologySnapshot | null | undefined;
  /** Cluster node id of the replica that should take over its master's slots. */
  replicaId: string;
  /** CLUSTER FAILOVER FORCE: take over without the master's agreement (it is unreachable). */
  force?: boolean;
}

/**
 * The operator's failover: checks that `replicaId` is a replica in the latest snapshot, asks the
 * node itself (ROLE) in case the snapshot is a round old, then sends it CLUSTER FAILOVER.
 * Throws a FailoverError with a code (not-a-cluster, no-topology, unknown-node, not-a-replica)
 * and a message naming the node and what to do.
 */
export async function manualFailover(o: ManualFailoverInput): Promise<{ replicaId: string; address: string }> {
  if (o.handle.kind !== 'cluster')
    throw new FailoverError('not-a-cluster', 'failover needs a Redis Cluster: this is a single server');
  if (!o.snapshot) throw new FailoverError('no-topology', 'the topology is not known yet: try again in a moment');
  const node = o.snapshot.shards.flatMap((s) => [s.master, ...s.replicas]).find((n) => n.id === o.replicaId);
  if (!node)
    throw new FailoverError('unknown-node', `no node ${o.replicaId} in the cluster: expected the id of a replica`);
  if (node.role !== 'replica')
    throw new FailoverError(
      'not-a-replica',
      `node ${o.replicaId} (${node.address}) is a master: choose one of its replicas`,
    );
  const { host, port } = parseHostPort(node.address);
  const client = o.handle.node(host, port);
  const role = (await client.call('ROLE')) as unknown[];
  if (role[0] !== 'slave') {
    throw new FailoverError(
      'not-a-replica',
      `node ${o.replicaId} (${node.address}) reports role ${String(role[0])}, not replica: refresh and choose again`,
    );
  }
  await client.call('CLUSTER', 'FAILOVER', ...(o.force ? ['FORCE'] : []));
  return { replicaId: o.replicaId, address: node.address };
}

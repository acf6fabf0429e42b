import { SlotlineError } from '../../shared/errors';
import type { AppContext } from '../app/app-context';
import type { DomainHandlers } from './handler-types';

type Ctx = Pick<AppContext, 'handle' | 'monitor' | 'history'>;

/** Why a requested failover cannot be sent. */
export class FailoverError extends SlotlineError {}

function splitAddress(address: string): { host: string; port: number } {
  const i = address.lastIndexOf(':');
  return { host: address.slice(0, i).replace(/^\[|\]$/g, ''), port: Number(address.slice(i + 1)) };
}

function stamp(now: Date): string {
  return now.toISOString().replace(/[:.]/g, '-');
}

/** `topology:*`: the latest snapshot, the failover history, and the operator's failover. */
export function topologyHandlers(ctx: Ctx): DomainHandlers<'topology'> {
  return {
    'topology:snapshot': async () => ctx.monitor()?.snapshot() ?? null,
    'topology:history': async ({ limit }) => ctx.history.list(limit),
    'topology:export': async ({ format }) => {
      const name = `slotline-topology-${stamp(new Date())}`;
      return format === 'csv'
        ? { filename: `${name}.csv`, mimeType: 'text/csv', content: ctx.history.exportCsv() }
        : { filename: `${name}.json`, mimeType: 'application/json', content: ctx.history.exportJson() };
    },
    'topology:failover': async ({ replicaId, force }) => {
      const handle = ctx.handle();
      if (handle.kind !== 'cluster')
        throw new FailoverError('not-a-cluster', 'failover needs a Redis Cluster: this is a single server');
      const snapshot = ctx.monitor()?.snapshot();
      if (!snapshot) throw new FailoverError('no-topology', 'the topology is not known yet: try again in a moment');
      const all = snapshot.shards.flatMap((s) => [s.master, ...s.replicas]);
      const node = all.find((n) => n.id === replicaId);
      if (!node)
        throw new FailoverError('unknown-node', `no node ${replicaId} in the cluster: expected the id of a replica`);
      if (node.role !== 'replica')
        throw new FailoverError(
          'not-a-replica',
          `node ${replicaId} (${node.address}) is a master: choose one of its replicas`,
        );
      const { host, port } = splitAddress(node.address);
      const client = handle.node(host, port);
      // The snapshot may be a round old: ask the node itself before sending the command.
      const role = (await client.call('ROLE')) as unknown[];
      if (role[0] !== 'slave') {
        throw new FailoverError(
          'not-a-replica',
          `node ${replicaId} (${node.address}) reports role ${String(role[0])}, not replica: refresh and choose again`,
        );
      }
      await client.call('CLUSTER', 'FAILOVER', ...(force ? ['FORCE'] : []));
      return { replicaId, address: node.address };
    },
  };
}

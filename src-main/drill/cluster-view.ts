import { parseClusterNodes, type NodesLine, type NodesView } from '../topology/parse-cluster-nodes';

export { parseClusterNodes, type NodesView };

/** The port of a `host:port` address. */
export function portOf(line: Pick<NodesLine, 'address'>): number {
  return Number(line.address.slice(line.address.lastIndexOf(':') + 1));
}

/** The master that owns `slot` in this view (flags `master`, the slot in its ranges), if any. */
export function ownerOfSlot(view: NodesView, slot: number): NodesLine | undefined {
  return view.nodes.find((n) => n.role === 'master' && n.slots.some(([a, b]) => slot >= a && slot <= b));
}

/** The node listening on `port`, as this view sees it. */
export function nodeOnPort(view: NodesView, port: number): NodesLine | undefined {
  return view.nodes.find((n) => portOf(n) === port);
}

/** The replicas of a master, by id. */
export function replicasOf(view: NodesView, masterId: string): NodesLine[] {
  return view.nodes.filter((n) => n.role === 'replica' && n.masterId === masterId);
}

/**
 * One slot per shard, the first slot each master owns, sorted: a stable name for a shard across
 * failovers (its master changes, its slots do not), so kills can rotate over shards.
 */
export function shardSlots(view: NodesView): number[] {
  return view.nodes
    .filter((n) => n.role === 'master' && n.slots.length > 0)
    .map((n) => Math.min(...n.slots.map(([a]) => a)))
    .sort((a, b) => a - b);
}

/** What a live node says about the victim: `pfail` (fail?), `fail`, or neither. */
export function failureFlag(view: NodesView, victimId: string): 'pfail' | 'fail' | undefined {
  const v = view.nodes.find((n) => n.id === victimId);
  if (!v) return undefined;
  if (v.flags.includes('fail')) return 'fail';
  if (v.flags.includes('fail?')) return 'pfail';
  return undefined;
}

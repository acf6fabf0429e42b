import type { TopologySnapshot } from '../../shared/types/topology';

export interface TopologySummary {
  mastersUp: number;
  mastersDown: number;
  replicasUp: number;
  replicasDown: number;
}

/** Up = online or loading; everything else (pfail, fail, unknown) counts as down. */
export function summarizeTopology(snapshot: TopologySnapshot | null): TopologySummary {
  const summary = { mastersUp: 0, mastersDown: 0, replicasUp: 0, replicasDown: 0 };
  for (const shard of snapshot?.shards ?? []) {
    for (const node of [shard.master, ...shard.replicas]) {
      const up = node.health === 'online' || node.health === 'loading';
      if (node.role === 'master') summary[up ? 'mastersUp' : 'mastersDown']++;
      else summary[up ? 'replicasUp' : 'replicasDown']++;
    }
  }
  return summary;
}

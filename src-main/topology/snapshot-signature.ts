import type { ClusterNode, TopologySnapshot } from '../../shared/types/topology';

/** Numbers that move on every round of a busy cluster without anything having happened. */
const VOLATILE: ReadonlyArray<keyof ClusterNode> = [
  'opsPerSec',
  'usedMemoryBytes',
  'connectedClients',
  'keys',
  'replicationOffset',
  'lagBytes',
];

function split(n: ClusterNode): { structure: Partial<ClusterNode>; stats: Partial<ClusterNode> } {
  const structure: Partial<ClusterNode> = { ...n };
  const stats: Partial<ClusterNode> = {};
  for (const k of VOLATILE) {
    if (n[k] !== undefined) (stats as Record<string, unknown>)[k] = n[k];
    delete structure[k];
  }
  return { structure, stats };
}

/**
 * Two strings that say whether a snapshot differs from another: `structure` (roles, health,
 * flags, reachability, slots, migrations, cluster state, epoch) and `stats` (INFO numbers and
 * replication offsets). `takenAt` and the error text are in neither, so an unchanged cluster, or
 * a lost one whose error wording varies between retries, is not re-sent.
 */
export function snapshotSignature(s: TopologySnapshot): { structure: string; stats: string } {
  const structure: unknown[] = [s.mode, s.clusterState, s.currentEpoch, s.reachable, s.coverage, s.migrations];
  // Without `since`, which only dates the episode.
  if (s.disagreement) structure.push(s.disagreement.contested, s.disagreement.views);
  const stats: unknown[] = [];
  for (const sh of s.shards) {
    const nodes = [sh.master, ...sh.replicas].map(split);
    structure.push(
      sh.slots,
      nodes.map((x) => x.structure),
    );
    stats.push(nodes.map((x) => x.stats));
  }
  return { structure: JSON.stringify(structure), stats: JSON.stringify(stats) };
}

import { mastersOf, partitionSpread } from '../../shared/partitions/partition-spread';
import type { PartitionSpread } from '../../shared/types/partitions';
import type { TopologySnapshot } from '../../shared/types/topology';
import { slotOf } from '../queue/partition-plan';
import type { QueueDefinition } from '../queue/registry';

/** What the automatic rebalance looks at for one queue. */
export interface AutoRebalanceInput {
  /** The topology monitor's latest snapshot. */
  snapshot: TopologySnapshot | null | undefined;
  def: Pick<QueueDefinition, 'name' | 'tags' | 'generation' | 'retired' | 'rebalancedAt'>;
  now: number;
  /** At most one automatic rebalance per queue in this many ms. */
  minIntervalMs: number;
  /** When this console last tried to rebalance the queue automatically (ms). */
  lastAttemptAt?: number;
  /**
   * Retired generations that still drain: hold waiting, delayed or active tasks, or were retired
   * so recently that producers may still write to them. One kept only for its failed tasks does
   * not drain (it stays until they are requeued or purged). Default: every retired generation.
   */
  draining?: number[];
}

export type AutoRebalanceDecision =
  { rebalance: true; reason: string; spread: PartitionSpread } | { rebalance: false; why: string };

/**
 * Why no queue may be rebalanced on this topology now, or undefined when one may: the snapshot
 * must be of a reachable cluster, cluster_state ok, no slot migrating, every node agreeing.
 */
export function topologyBlocker(s: TopologySnapshot | null | undefined): string | undefined {
  if (!s || !s.reachable) return 'the topology is not known yet';
  if (s.mode !== 'cluster') return 'a single Redis: one master holds every partition';
  if (s.clusterState !== 'ok') return `cluster_state is ${s.clusterState}`;
  if (s.migrations.length > 0) return `${s.migrations.length} slot(s) are being migrated`;
  if (s.disagreement) return 'nodes disagree about slot ownership';
  return undefined;
}

const minutes = (ms: number) => `${Math.ceil(ms / 60_000)} min`;

/**
 * Whether to rebalance a queue now: only on a healthy cluster whose slots stand still and whose
 * nodes agree (a spread measured mid-reshard is already stale), never while a retired generation
 * still drains (see `draining`), at most once per `minIntervalMs` (counting any rebalance in the definition, from
 * any console or the CLI, and this console's own attempts, failed ones too), and only when the
 * newest partitions are uneven over the masters (see partitionSpread).
 */
export function decideAutoRebalance(i: AutoRebalanceInput): AutoRebalanceDecision {
  const blocked = topologyBlocker(i.snapshot);
  if (blocked) return { rebalance: false, why: blocked };
  const s = i.snapshot!;
  const draining = i.draining ?? i.def.retired?.map((r) => r.generation) ?? [];
  if (draining.length > 0)
    return { rebalance: false, why: `generation ${draining.join(', ')} of the queue is still draining` };
  const last = Math.max(i.def.rebalancedAt ?? -Infinity, i.lastAttemptAt ?? -Infinity);
  if (i.now - last < i.minIntervalMs)
    return {
      rebalance: false,
      why: `the last rebalance was less than ${minutes(i.minIntervalMs)} ago (the next may run in ${minutes(last + i.minIntervalMs - i.now)})`,
    };
  const spread = partitionSpread(i.def.tags.map(slotOf), mastersOf(s));
  if (!spread.uneven) return { rebalance: false, why: 'the partitions are spread evenly' };
  return { rebalance: true, reason: spread.reason!, spread };
}

import type { SlotMigration } from '../../shared/types/topology';
import type { NodesLine, NodesView } from './parse-cluster-nodes';

function freshness(view: NodesView): number {
  let max = 0;
  for (const n of view.nodes) max = Math.max(max, n.configEpoch);
  return max;
}

function migrationKey(m: SlotMigration): string {
  return `${m.slot}:${m.fromId}:${m.toId}`;
}

/**
 * Combines the CLUSTER NODES replies of several nodes into one view.
 * - The base view is the freshest one: the highest config epoch wins, because right after a
 *   failover some nodes have not yet heard of the promotion. Ties go to the earlier view, so the
 *   caller's order (its rotation) decides between equals.
 * - `fail?` (pfail) is each observer's private suspicion, so a node is marked `fail?` if any view
 *   suspects it; otherwise the flag would flicker as the monitor rotates between observers.
 * - Migration markers only appear on a node's own `myself` line, so they are collected from
 *   every view.
 */
export function mergeNodesViews(views: readonly NodesView[]): NodesView | undefined {
  let base: NodesView | undefined;
  for (const v of views) {
    if (v.nodes.length === 0) continue;
    if (!base || freshness(v) > freshness(base)) base = v;
  }
  if (!base) return undefined;
  const suspected = new Set<string>();
  const migrations = new Map<string, Map<string, SlotMigration>>();
  for (const v of views) {
    for (const n of v.nodes) {
      if (n.flags.includes('fail?')) suspected.add(n.id);
      for (const m of n.migrations) {
        const perNode = migrations.get(n.id) ?? new Map<string, SlotMigration>();
        perNode.set(migrationKey(m), m);
        migrations.set(n.id, perNode);
      }
    }
  }
  const nodes: NodesLine[] = base.nodes.map((n) => {
    const flags =
      suspected.has(n.id) && !n.flags.includes('fail') && !n.flags.includes('fail?') ? [...n.flags, 'fail?'] : n.flags;
    return { ...n, flags, migrations: [...(migrations.get(n.id)?.values() ?? [])] };
  });
  return { myselfId: base.myselfId, nodes };
}

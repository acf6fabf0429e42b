import type { ClusterNode, SlotRange, SlotView, TopologyEvent, TopologySnapshot } from '../../shared/types/topology';
import { intersectRanges, normalizeRanges } from './slot-ranges';

/** Memory the diff keeps between rounds. Create one per monitor with createDiffState. */
export interface DiffState {
  /** When each node was first seen suspected (pfail) or failed, until it recovers. */
  firstSuspectedAt: Map<string, number>;
  /** Masters that lost their slots to a promotion while failed: their return as a replica is news. */
  demoted: Set<string>;
  /** When each open migration (`slot|fromId|toId`) was first seen, until it closes. */
  migrationSeenAt: Map<string, number>;
  /** The open episode of nodes disagreeing about slot ownership, until they agree again. */
  disagreement?: { since: number; nodes: Set<string>; slots: SlotRange[]; views: SlotView[] };
  /** Next event sequence number. */
  seq: number;
  /** Prefix that makes ids unique across monitor runs (history outlives a restart). */
  idPrefix: string;
}

/** A fresh diff state; `now` seeds the id prefix (default Date.now()). */
export function createDiffState(now: number = Date.now()): DiffState {
  return {
    firstSuspectedAt: new Map(),
    demoted: new Set(),
    migrationSeenAt: new Map(),
    seq: 0,
    idPrefix: now.toString(36),
  };
}

type EventBody = TopologyEvent extends infer E ? (E extends TopologyEvent ? Omit<E, 'id' | 'at'> : never) : never;

function allNodes(s: TopologySnapshot): Map<string, ClusterNode> {
  const out = new Map<string, ClusterNode>();
  for (const shard of s.shards) {
    out.set(shard.master.id, shard.master);
    for (const r of shard.replicas) out.set(r.id, r);
  }
  return out;
}

function slotsOf(s: TopologySnapshot): Map<string, SlotRange[]> {
  return new Map(s.shards.map((sh) => [sh.master.id, sh.slots]));
}

const isDown = (n: ClusterNode): boolean => n.health === 'pfail' || n.health === 'fail';

/** The first sighting of an open migration of any of `slots` from → to; forgets those sightings. */
function migrationStart(state: DiffState, from: string, to: string, slots: SlotRange[]): number | undefined {
  let since: number | undefined;
  for (const [key, seenAt] of state.migrationSeenAt) {
    const [slotText, f, t] = key.split('|');
    const slot = Number(slotText);
    if (f !== from || t !== to || !slots.some(([a, b]) => slot >= a && slot <= b)) continue;
    since = since === undefined ? seenAt : Math.min(since, seenAt);
    state.migrationSeenAt.delete(key);
  }
  return since;
}

/**
 * Follows an episode of disagreeing views across rounds: opens it on the first snapshot that
 * carries `disagreement`, widens it with later ones, and on the first agreeing snapshot returns
 * the whole episode as one `views-disagreed` body. Unreachable snapshots neither open nor close.
 */
export function trackDisagreement(state: DiffState, next: TopologySnapshot): EventBody | undefined {
  if (!next.reachable) return undefined;
  const d = next.disagreement;
  const open = state.disagreement;
  if (d) {
    const nodes = d.views.flatMap((v) => v.nodes);
    if (!open) state.disagreement = { since: d.since, nodes: new Set(nodes), slots: d.contested, views: d.views };
    else {
      for (const n of nodes) open.nodes.add(n);
      open.slots = normalizeRanges([...open.slots, ...d.contested]);
    }
    return undefined;
  }
  if (!open) return undefined;
  state.disagreement = undefined;
  return {
    type: 'views-disagreed',
    startedAt: open.since,
    durationMs: Math.max(0, next.takenAt - open.since),
    nodes: [...open.nodes].sort(),
    slots: open.slots,
    views: open.views,
  };
}

/**
 * The events that explain how `prev` became `next`, oldest concern first (membership, health,
 * slot ownership, cluster state). Pure apart from `state`, which it updates.
 *
 * - Snapshots taken while no node answered (`reachable: false`) say nothing about the cluster,
 *   so a pair with one of those gives no events; the monitor diffs against the last good one.
 * - A replica that now owns slots its former master owned is `replica-promoted`, with
 *   `durationMs` counted from the first time the old master was seen suspected or failed.
 * - Slots that changed hands between two masters otherwise are `slots-moved`; when their
 *   migration markers were seen open earlier, `durationMs` counts from the first sighting.
 * - A master that was down or demoted and now replicates someone is `node-rejoined-as-replica`
 *   (not `node-recovered`); any other node leaving pfail/fail is `node-recovered`.
 */
export function diffSnapshots(prev: TopologySnapshot, next: TopologySnapshot, state: DiffState): TopologyEvent[] {
  if (!prev.reachable || !next.reachable) return [];
  const at = next.takenAt;
  const bodies: EventBody[] = [];
  const before = allNodes(prev);
  const after = allNodes(next);
  const openNow = new Set<string>();
  for (const m of next.migrations) {
    const key = `${m.slot}|${m.fromId}|${m.toId}`;
    openNow.add(key);
    if (!state.migrationSeenAt.has(key)) state.migrationSeenAt.set(key, at);
  }

  for (const [id, n] of after)
    if (!before.has(id)) bodies.push({ type: 'node-added', nodeId: id, address: n.address, role: n.role });
  for (const [id, n] of before) {
    if (after.has(id)) continue;
    bodies.push({ type: 'node-removed', nodeId: id, address: n.address });
    state.firstSuspectedAt.delete(id);
    state.demoted.delete(id);
  }

  // Slot ownership first, so a promotion is known before the old master's return is judged.
  const prevSlots = slotsOf(prev);
  const nextSlots = slotsOf(next);
  const moved = new Map<string, { from: string; to: string; slots: SlotRange[] }>();
  for (const [toId, toRanges] of nextSlots) {
    for (const [fromId, fromRanges] of prevSlots) {
      if (fromId === toId) continue;
      const slots = intersectRanges(fromRanges, toRanges);
      if (slots.length > 0) moved.set(`${fromId}>${toId}`, { from: fromId, to: toId, slots });
    }
  }
  for (const { from, to, slots } of moved.values()) {
    const oldM = before.get(from);
    const newM = after.get(to);
    if (!oldM || !newM) continue;
    const wasReplicaOf = before.get(to)?.role === 'replica' && before.get(to)?.masterId === from;
    if (wasReplicaOf) {
      const since = state.firstSuspectedAt.get(from);
      bodies.push({
        type: 'replica-promoted',
        oldMasterId: from,
        oldMasterAddress: oldM.address,
        newMasterId: to,
        newMasterAddress: newM.address,
        slots: normalizeRanges(slots),
        ...(next.currentEpoch !== undefined ? { epoch: next.currentEpoch } : {}),
        ...(since !== undefined ? { durationMs: Math.max(0, at - since) } : {}),
      });
      state.demoted.add(from);
    } else {
      const since = migrationStart(state, from, to, slots);
      bodies.push({
        type: 'slots-moved',
        fromId: from,
        fromAddress: oldM.address,
        toId: to,
        toAddress: newM.address,
        slots: normalizeRanges(slots),
        ...(since !== undefined ? { durationMs: Math.max(0, at - since) } : {}),
      });
    }
  }
  // Migrations that closed without moving their slot (aborted) are forgotten too.
  for (const key of state.migrationSeenAt.keys()) if (!openNow.has(key)) state.migrationSeenAt.delete(key);

  for (const [id, n] of after) {
    const p = before.get(id);
    if (!p) {
      if (isDown(n)) state.firstSuspectedAt.set(id, at);
      continue;
    }
    if (n.health === 'pfail' && p.health !== 'pfail' && p.health !== 'fail') {
      bodies.push({ type: 'node-suspected', nodeId: id, address: n.address, role: n.role });
      if (!state.firstSuspectedAt.has(id)) state.firstSuspectedAt.set(id, at);
    }
    if (n.health === 'fail' && p.health !== 'fail') {
      bodies.push({ type: 'node-failed', nodeId: id, address: n.address, role: n.role });
      if (!state.firstSuspectedAt.has(id)) state.firstSuspectedAt.set(id, at);
    }
    const becameReplica = p.role === 'master' && n.role === 'replica' && !isDown(n);
    if (becameReplica && (isDown(p) || state.demoted.has(id))) {
      const master = n.masterId !== undefined ? after.get(n.masterId) : undefined;
      bodies.push({
        type: 'node-rejoined-as-replica',
        nodeId: id,
        address: n.address,
        masterId: n.masterId ?? '',
        masterAddress: master?.address ?? '',
      });
      state.demoted.delete(id);
      state.firstSuspectedAt.delete(id);
    } else if (isDown(p) && !isDown(n)) {
      bodies.push({ type: 'node-recovered', nodeId: id, address: n.address });
      state.firstSuspectedAt.delete(id);
    }
  }

  if (prev.clusterState !== next.clusterState)
    bodies.push({ type: 'cluster-state-changed', from: prev.clusterState, to: next.clusterState });

  const ended = trackDisagreement(state, next);
  if (ended) bodies.push(ended);

  return bodies.map(
    (b) => ({ ...b, id: `${state.idPrefix}-${String(++state.seq).padStart(6, '0')}`, at }) as TopologyEvent,
  );
}

import type {
  ClusterNode,
  NodeHealth,
  Shard,
  SlotCoverage,
  SlotMigration,
  TopologySnapshot,
} from '../../shared/types/topology';
import type { ShardsEntry } from './parse-cluster-shards';
import type { NodesLine, NodesView } from './parse-cluster-nodes';
import type { ClusterInfo, NodeInfo } from './parse-info';
import { countSlots, normalizeRanges, SLOT_COUNT } from './slot-ranges';

/** What one polling round learned about a cluster. */
export interface ClusterSnapshotInput {
  takenAt: number;
  /** The merged CLUSTER NODES view (see mergeNodesViews). */
  view: NodesView;
  /** CLUSTER INFO of a node that answered; gives cluster_state and the current epoch. */
  clusterInfo?: ClusterInfo;
  /** CLUSTER SHARDS, when the server has it (Redis 7+); only used to fill gaps. */
  shards?: ShardsEntry[];
  /** INFO per node address; a missing entry means the node did not answer. */
  infos: ReadonlyMap<string, NodeInfo>;
}

/** What one polling round learned about a single server. */
export interface SingleSnapshotInput {
  takenAt: number;
  /** `host:port` of the server; it doubles as the node id, since single servers have none. */
  address: string;
  info: NodeInfo;
  /** INFO of each replica listed in the server's `connected_slaveN` lines, by address. */
  replicaInfos: ReadonlyMap<string, NodeInfo>;
}

function healthOf(flags: readonly string[], info: NodeInfo | undefined): NodeHealth {
  if (flags.includes('fail')) return 'fail';
  if (flags.includes('fail?')) return 'pfail';
  if (flags.includes('handshake') || flags.includes('noaddr')) return 'unknown';
  if (info?.loading) return 'loading';
  return 'online';
}

/** Copies only the INFO numbers that are present, so absent stats stay absent. */
function stats(info: NodeInfo | undefined): Partial<ClusterNode> {
  const out: Partial<ClusterNode> = {};
  if (info?.opsPerSec !== undefined) out.opsPerSec = info.opsPerSec;
  if (info?.usedMemoryBytes !== undefined) out.usedMemoryBytes = info.usedMemoryBytes;
  if (info?.connectedClients !== undefined) out.connectedClients = info.connectedClients;
  if (info?.keys !== undefined) out.keys = info.keys;
  return out;
}

function coverageOf(shards: readonly Shard[]): SlotCoverage {
  const c: SlotCoverage = { assigned: 0, ok: 0, pfail: 0, fail: 0, unassigned: 0 };
  for (const s of shards) {
    const n = countSlots(s.slots);
    c.assigned += n;
    if (s.master.health === 'fail') c.fail += n;
    else if (s.master.health === 'pfail') c.pfail += n;
    else c.ok += n;
  }
  c.unassigned = SLOT_COUNT - c.assigned;
  return c;
}

/** Shards by first slot (slotless masters last, by address), replicas by address: stable for diffing. */
function sortShards(shards: Shard[]): Shard[] {
  for (const s of shards) s.replicas.sort((a, b) => a.address.localeCompare(b.address));
  return shards.sort((a, b) => {
    const x = a.slots[0]?.[0] ?? SLOT_COUNT;
    const y = b.slots[0]?.[0] ?? SLOT_COUNT;
    return x - y || a.master.address.localeCompare(b.master.address);
  });
}

/**
 * Builds the console's snapshot of a cluster. Flags, roles and slot ownership come from CLUSTER
 * NODES, because pfail/fail only show there; CLUSTER SHARDS only fills a replication offset
 * INFO could not give (its health field is gossip and lags, e.g. a synced replica shows `loading`).
 * Lag is the master's offset minus the replica's, both from INFO of this round.
 */
export function buildClusterSnapshot(input: ClusterSnapshotInput): TopologySnapshot {
  const shardOffsets = new Map<string, number>();
  for (const s of input.shards ?? [])
    for (const n of s.nodes) if (n.replicationOffset !== undefined) shardOffsets.set(n.id, n.replicationOffset);

  const lines = input.view.nodes.filter((n) => !n.flags.includes('handshake'));
  const byId = new Map(lines.map((n) => [n.id, n]));
  const masterOffset = (m: NodesLine): number | undefined =>
    input.infos.get(m.address)?.masterReplOffset ?? shardOffsets.get(m.id);

  const toNode = (n: NodesLine): ClusterNode => {
    const info = input.infos.get(n.address);
    const node: ClusterNode = {
      id: n.id,
      address: n.address,
      role: n.role,
      health: healthOf(n.flags, info),
      flags: n.flags.filter((f) => f !== 'myself'),
      reachable: info !== undefined,
      ...stats(info),
    };
    if (n.role === 'master') {
      const off = masterOffset(n);
      if (off !== undefined) node.replicationOffset = off;
      return node;
    }
    if (n.masterId !== undefined) node.masterId = n.masterId;
    const master = n.masterId !== undefined ? byId.get(n.masterId) : undefined;
    const seenByMaster = master
      ? input.infos.get(master.address)?.replicas.find((r) => r.address === n.address)?.offset
      : undefined;
    const off = info?.slaveReplOffset ?? seenByMaster ?? shardOffsets.get(n.id);
    if (off !== undefined) node.replicationOffset = off;
    const mOff = master ? masterOffset(master) : undefined;
    if (off !== undefined && mOff !== undefined) node.lagBytes = Math.max(0, mOff - off);
    if (info?.linkStatus !== undefined) node.linkStatus = info.linkStatus;
    return node;
  };

  const shards: Shard[] = [];
  const shardOf = new Map<string, Shard>();
  for (const n of lines) {
    if (n.role !== 'master') continue;
    const shard: Shard = { slots: normalizeRanges(n.slots), master: toNode(n), replicas: [] };
    shards.push(shard);
    shardOf.set(n.id, shard);
  }
  for (const n of lines) {
    if (n.role !== 'replica') continue;
    // A replica whose master the view does not know (it was just forgotten) has no shard to sit in.
    const shard = n.masterId !== undefined ? shardOf.get(n.masterId) : undefined;
    shard?.replicas.push(toNode(n));
  }

  const migrations: SlotMigration[] = [];
  const seen = new Set<string>();
  for (const n of lines) {
    for (const m of n.migrations) {
      const k = `${m.slot}:${m.fromId}:${m.toId}`;
      if (!seen.has(k)) migrations.push(m);
      seen.add(k);
    }
  }
  migrations.sort((a, b) => a.slot - b.slot || a.fromId.localeCompare(b.fromId));

  const maxEpoch = lines.reduce((m, n) => Math.max(m, n.configEpoch), 0);
  const sorted = sortShards(shards);
  return {
    takenAt: input.takenAt,
    mode: 'cluster',
    clusterState: input.clusterInfo?.state ?? 'unknown',
    currentEpoch: input.clusterInfo?.currentEpoch ?? maxEpoch,
    shards: sorted,
    coverage: coverageOf(sorted),
    migrations,
    reachable: true,
  };
}

/**
 * Builds the snapshot of a single server: one shard owning all 16384 slots, with the replicas
 * its `connected_slaveN` lines list. Single servers have no node ids, so addresses stand in.
 */
export function buildSingleSnapshot(input: SingleSnapshotInput): TopologySnapshot {
  const { info } = input;
  const master: ClusterNode = {
    id: input.address,
    address: input.address,
    role: 'master',
    health: info.loading ? 'loading' : 'online',
    flags: [],
    reachable: true,
    ...stats(info),
  };
  if (info.masterReplOffset !== undefined) master.replicationOffset = info.masterReplOffset;
  const replicas = info.replicas.map((r): ClusterNode => {
    const rInfo = input.replicaInfos.get(r.address);
    const node: ClusterNode = {
      id: r.address,
      address: r.address,
      role: 'replica',
      // Until the master reports `state=online` the replica is still receiving its first sync.
      health: r.state === 'online' ? 'online' : 'loading',
      flags: [],
      masterId: input.address,
      reachable: rInfo !== undefined,
      ...stats(rInfo),
    };
    const off = rInfo?.slaveReplOffset ?? r.offset;
    if (off !== undefined) node.replicationOffset = off;
    if (off !== undefined && info.masterReplOffset !== undefined)
      node.lagBytes = Math.max(0, info.masterReplOffset - off);
    if (rInfo?.linkStatus !== undefined) node.linkStatus = rInfo.linkStatus;
    return node;
  });
  const shards = sortShards([{ slots: [[0, SLOT_COUNT - 1]], master, replicas }]);
  return {
    takenAt: input.takenAt,
    mode: 'single',
    clusterState: 'ok',
    shards,
    coverage: coverageOf(shards),
    migrations: [],
    reachable: true,
  };
}

/**
 * The snapshot for a round in which no node answered: the last known layout, every node marked
 * unreachable, so the console keeps showing where things were while it says the link is lost.
 */
export function unreachableSnapshot(
  last: TopologySnapshot | undefined,
  mode: 'single' | 'cluster',
  takenAt: number,
  error: string,
): TopologySnapshot {
  const mark = (n: ClusterNode): ClusterNode => ({ ...n, reachable: false });
  const shards = (last?.shards ?? []).map((s) => ({
    slots: s.slots,
    master: mark(s.master),
    replicas: s.replicas.map(mark),
  }));
  const snap: TopologySnapshot = {
    takenAt,
    mode,
    clusterState: 'unknown',
    shards,
    coverage: last?.coverage ?? { assigned: 0, ok: 0, pfail: 0, fail: 0, unassigned: SLOT_COUNT },
    migrations: last?.migrations ?? [],
    reachable: false,
    error,
  };
  if (last?.currentEpoch !== undefined) snap.currentEpoch = last.currentEpoch;
  return snap;
}

import { describe, expect, it } from 'vitest';
import { TopologySnapshotSchema } from '../../shared/types/topology';
import { buildClusterSnapshot, buildSingleSnapshot, unreachableSnapshot } from './build-snapshot';
import * as R from './fixtures/captured-replies';
import { IDS } from './fixtures/node-ids';
import { mergeNodesViews } from './merge-views';
import { parseClusterNodes } from './parse-cluster-nodes';
import { parseClusterShards } from './parse-cluster-shards';
import { parseClusterInfo, parseInfo, type NodeInfo } from './parse-info';

const okInfo = parseClusterInfo(R.CLUSTER_INFO_AFTER_FAILOVER);

function infosFor(addresses: string[]): Map<string, NodeInfo> {
  return new Map(
    addresses.map((a) => [a, parseInfo('# Replication\r\nrole:master\r\nmaster_repl_offset:100\r\n# Keyspace\r\n')]),
  );
}

describe('buildClusterSnapshot', () => {
  it('builds a healthy 3+3 snapshot with lag from INFO', () => {
    const infos = new Map<string, NodeInfo>([
      ['127.0.0.1:25684', { ...parseInfo(R.INFO_CLUSTER_MASTER), masterReplOffset: 500 }],
      ['127.0.0.1:25689', parseInfo(R.INFO_CLUSTER_REPLICA)],
    ]);
    const s = buildClusterSnapshot({
      takenAt: 1,
      view: parseClusterNodes(R.NODES_HEALTHY),
      clusterInfo: okInfo,
      infos,
    });
    expect(TopologySnapshotSchema.parse(s)).toEqual(s);
    expect(s.shards.map((x) => [x.slots, x.master.address, x.replicas.map((r) => r.address)])).toEqual([
      [[[0, 5460]], '127.0.0.1:25684', ['127.0.0.1:25689']],
      [[[5461, 10922]], '127.0.0.1:25685', ['127.0.0.1:25687']],
      [[[10923, 16383]], '127.0.0.1:25686', ['127.0.0.1:25688']],
    ]);
    expect(s.coverage).toEqual({ assigned: 16384, ok: 16384, pfail: 0, fail: 0, unassigned: 0 });
    expect(s.currentEpoch).toBe(7);
    expect(s.clusterState).toBe('ok');
    expect(s.shards[0]!.master).toMatchObject({
      id: IDS.masterA,
      health: 'online',
      flags: ['master'],
      reachable: true,
      keys: 14,
      replicationOffset: 500,
    });
    expect(s.shards[0]!.replicas[0]).toMatchObject({
      masterId: IDS.masterA,
      replicationOffset: 14,
      lagBytes: 486,
      linkStatus: 'up',
      reachable: true,
    });
    expect(s.shards[1]!.master.reachable).toBe(false);
  });

  it('falls back to CLUSTER SHARDS offsets for nodes INFO did not reach', () => {
    const s = buildClusterSnapshot({
      takenAt: 1,
      view: parseClusterNodes(R.NODES_FAILED),
      shards: parseClusterShards(R.SHARDS_FAILED),
      infos: new Map(),
    });
    expect(s.shards[1]!.master).toMatchObject({ replicationOffset: 441, reachable: false, health: 'fail' });
    expect(s.shards[1]!.replicas[0]).toMatchObject({ replicationOffset: 441, lagBytes: 0 });
  });

  it('counts pfail and fail coverage', () => {
    const pfail = buildClusterSnapshot({ takenAt: 1, view: parseClusterNodes(R.NODES_PFAIL), infos: new Map() });
    expect(pfail.coverage).toEqual({ assigned: 16384, ok: 16384 - 5462, pfail: 5462, fail: 0, unassigned: 0 });
    expect(pfail.shards[1]!.master.health).toBe('pfail');
    const failed = buildClusterSnapshot({ takenAt: 1, view: parseClusterNodes(R.NODES_FAILED), infos: new Map() });
    expect(failed.coverage).toMatchObject({ fail: 5462, pfail: 0 });
    // No CLUSTER INFO: state unknown, epoch from the highest config epoch in the view.
    expect(failed.clusterState).toBe('unknown');
    expect(failed.currentEpoch).toBe(3);
  });

  it('shows a promotion: the new master owns the slots, the old one is a slotless failed shard', () => {
    const s = buildClusterSnapshot({
      takenAt: 1,
      view: parseClusterNodes(R.NODES_PROMOTED),
      clusterInfo: okInfo,
      infos: infosFor(['127.0.0.1:25687']),
    });
    expect(s.shards).toHaveLength(4);
    expect(s.shards[1]!.master).toMatchObject({ id: IDS.replicaB, role: 'master', health: 'online' });
    expect(s.shards[1]!.replicas).toEqual([]);
    expect(s.shards[3]).toMatchObject({
      slots: [],
      master: { id: IDS.masterB, health: 'fail', flags: ['master', 'fail'] },
    });
    expect(s.coverage).toEqual({ assigned: 16384, ok: 16384, pfail: 0, fail: 0, unassigned: 0 });
  });

  it('lists an open migration seen from both sides once', () => {
    const view = mergeNodesViews([
      parseClusterNodes(R.NODES_MIGRATING_SOURCE),
      parseClusterNodes(R.NODES_IMPORTING_TARGET),
    ])!;
    const s = buildClusterSnapshot({ takenAt: 1, view, infos: new Map() });
    expect(s.migrations).toEqual([{ slot: 100, fromId: IDS.masterA, toId: IDS.masterC }]);
  });

  it('reports unassigned slots', () => {
    const s = buildClusterSnapshot({
      takenAt: 1,
      view: parseClusterNodes('a 10.0.0.1:7000@17000 myself,master - 0 0 1 connected 0-99\n'),
      infos: new Map(),
    });
    expect(s.coverage).toEqual({ assigned: 100, ok: 100, pfail: 0, fail: 0, unassigned: 16284 });
  });
});

describe('mergeNodesViews', () => {
  it('prefers the view with the freshest config epoch and unions pfail suspicions', () => {
    const stale = parseClusterNodes(R.NODES_FAILED);
    const fresh = parseClusterNodes(R.NODES_PROMOTED);
    expect(mergeNodesViews([stale, fresh])!.nodes.find((n) => n.id === IDS.replicaB)!.role).toBe('master');
    const merged = mergeNodesViews([parseClusterNodes(R.NODES_HEALTHY), parseClusterNodes(R.NODES_PFAIL)])!;
    expect(merged.nodes.find((n) => n.id === IDS.masterB)!.flags).toEqual(['master', 'fail?']);
    expect(mergeNodesViews([])).toBeUndefined();
  });
});

describe('buildSingleSnapshot', () => {
  it('owns all slots and lists the replica from INFO replication', () => {
    const s = buildSingleSnapshot({
      takenAt: 5,
      address: '127.0.0.1:26390',
      info: parseInfo(R.INFO_SINGLE_MASTER),
      replicaInfos: new Map([['127.0.0.1:26391', parseInfo(R.INFO_SINGLE_REPLICA)]]),
    });
    expect(TopologySnapshotSchema.parse(s)).toEqual(s);
    expect(s).toMatchObject({
      mode: 'single',
      clusterState: 'ok',
      reachable: true,
      coverage: { assigned: 16384, ok: 16384 },
    });
    expect(s.shards).toHaveLength(1);
    expect(s.shards[0]!.slots).toEqual([[0, 16383]]);
    expect(s.shards[0]!.master).toMatchObject({ id: '127.0.0.1:26390', keys: 2, replicationOffset: 77 });
    expect(s.shards[0]!.replicas).toEqual([
      expect.objectContaining({
        address: '127.0.0.1:26391',
        health: 'loading',
        replicationOffset: 1,
        lagBytes: 76,
        linkStatus: 'down',
        reachable: true,
      }),
    ]);
  });
});

describe('unreachableSnapshot', () => {
  it('keeps the last layout with every node unreachable', () => {
    const last = buildClusterSnapshot({
      takenAt: 1,
      view: parseClusterNodes(R.NODES_HEALTHY),
      clusterInfo: okInfo,
      infos: infosFor(['127.0.0.1:25684']),
    });
    const s = unreachableSnapshot(last, 'cluster', 9, 'no node answered');
    expect(TopologySnapshotSchema.parse(s)).toEqual(s);
    expect(s).toMatchObject({
      reachable: false,
      error: 'no node answered',
      clusterState: 'unknown',
      takenAt: 9,
      currentEpoch: 7,
    });
    expect(s.shards.every((x) => !x.master.reachable && x.replicas.every((r) => !r.reachable))).toBe(true);
    expect(unreachableSnapshot(undefined, 'single', 1, 'x').shards).toEqual([]);
  });
});

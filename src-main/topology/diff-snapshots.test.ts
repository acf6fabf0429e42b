import { describe, expect, it } from 'vitest';
import { TopologyEventSchema, type TopologySnapshot } from '../../shared/types/topology';
import { buildClusterSnapshot, unreachableSnapshot } from './build-snapshot';
import { createDiffState, diffSnapshots } from './diff-snapshots';
import * as R from './fixtures/captured-replies';
import { IDS } from './fixtures/node-ids';
import { parseClusterNodes } from './parse-cluster-nodes';

function snap(nodes: string, takenAt: number, state: 'ok' | 'fail' = 'ok', currentEpoch?: number): TopologySnapshot {
  return buildClusterSnapshot({
    takenAt,
    view: parseClusterNodes(nodes),
    clusterInfo: { state, currentEpoch },
    infos: new Map(),
  });
}

/** Runs a sequence of snapshots through one diff state, like the monitor does. */
function run(...snaps: TopologySnapshot[]) {
  const state = createDiffState(0);
  const out = [];
  for (let i = 1; i < snaps.length; i++) out.push(diffSnapshots(snaps[i - 1]!, snaps[i]!, state));
  for (const e of out.flat()) expect(TopologyEventSchema.parse(e)).toEqual(e);
  return out;
}

const A = '127.0.0.1:25684';
const B = '127.0.0.1:25685';
const C = '127.0.0.1:25686';
const rB = '127.0.0.1:25687';

describe('diffSnapshots', () => {
  it('gives nothing for an unchanged cluster', () => {
    expect(run(snap(R.NODES_HEALTHY, 1), snap(R.NODES_HEALTHY, 2))).toEqual([[]]);
  });

  it('walks a whole failover: suspected, failed, promoted (with duration), rejoined', () => {
    const [suspected, failed, promoted, rejoined] = run(
      snap(R.NODES_HEALTHY, 1000),
      snap(R.NODES_PFAIL, 3000),
      snap(R.NODES_FAILED, 3500, 'fail', 6),
      snap(R.NODES_PROMOTED, 4200, 'ok', 7),
      snap(R.NODES_REJOINED, 20000, 'ok', 7),
    );
    expect(suspected).toEqual([
      { id: '0-000001', at: 3000, type: 'node-suspected', nodeId: IDS.masterB, address: B, role: 'master' },
    ]);
    expect(failed).toEqual([
      { id: '0-000002', at: 3500, type: 'node-failed', nodeId: IDS.masterB, address: B, role: 'master' },
      { id: '0-000003', at: 3500, type: 'cluster-state-changed', from: 'ok', to: 'fail' },
    ]);
    expect(promoted).toEqual([
      {
        id: '0-000004',
        at: 4200,
        type: 'replica-promoted',
        oldMasterId: IDS.masterB,
        oldMasterAddress: B,
        newMasterId: IDS.replicaB,
        newMasterAddress: rB,
        slots: [[5461, 10922]],
        epoch: 7,
        durationMs: 1200,
      },
      { id: '0-000005', at: 4200, type: 'cluster-state-changed', from: 'fail', to: 'ok' },
    ]);
    expect(rejoined).toEqual([
      {
        id: '0-000006',
        at: 20000,
        type: 'node-rejoined-as-replica',
        nodeId: IDS.masterB,
        address: B,
        masterId: IDS.replicaB,
        masterAddress: rB,
      },
    ]);
  });

  it('times the promotion from the failure when pfail was never seen, and omits it when nothing was', () => {
    const [, promoted] = run(
      snap(R.NODES_HEALTHY, 0),
      snap(R.NODES_FAILED, 1000),
      snap(R.NODES_PROMOTED, 1800, 'ok', 7),
    );
    expect(promoted![0]).toMatchObject({ type: 'replica-promoted', durationMs: 800 });
    const [direct] = run(snap(R.NODES_HEALTHY, 0), snap(R.NODES_PROMOTED, 1800, 'ok', 7));
    const p = direct!.find((e) => e.type === 'replica-promoted')!;
    expect(p).not.toHaveProperty('durationMs');
    expect(direct!.map((e) => e.type)).toEqual(['replica-promoted', 'node-failed']);
  });

  it('reports a suspected master that comes back as recovered', () => {
    const [, back] = run(snap(R.NODES_HEALTHY, 0), snap(R.NODES_PFAIL, 100), snap(R.NODES_HEALTHY, 200));
    expect(back).toEqual([{ id: '0-000002', at: 200, type: 'node-recovered', nodeId: IDS.masterB, address: B }]);
  });

  it('reports recovered, then rejoined, for an old master that is briefly a slotless master', () => {
    const slotlessBack = R.NODES_PROMOTED.replace(
      'master,fail - 1795701534022 1795701533017 2 disconnected',
      'master - 0 1795701533017 2 connected',
    );
    const [, recovered, rejoined] = run(
      snap(R.NODES_FAILED, 0),
      snap(R.NODES_PROMOTED, 100),
      snap(slotlessBack, 200),
      snap(R.NODES_REJOINED, 300),
    );
    expect(recovered!.map((e) => e.type)).toEqual(['node-recovered']);
    expect(rejoined!.map((e) => e.type)).toEqual(['node-rejoined-as-replica']);
  });

  it('reports slots moved between two live masters once the migration closes', () => {
    // The migration was captured after the failover drill, so its baseline is the rejoined layout.
    const after = R.NODES_REJOINED.replace('connected 0-5460', 'connected 0-99 101-5460').replace(
      'connected 10923-16383',
      'connected 100 10923-16383',
    );
    const [opened, still, closed] = run(
      snap(R.NODES_REJOINED, 0),
      snap(R.NODES_MIGRATING_SOURCE, 1000),
      snap(R.NODES_MIGRATING_SOURCE, 2500),
      snap(after, 4000),
    );
    expect(opened).toEqual([]);
    expect(still).toEqual([]);
    expect(closed).toEqual([
      {
        id: '0-000001',
        at: 4000,
        type: 'slots-moved',
        fromId: IDS.masterA,
        fromAddress: A,
        toId: IDS.masterC,
        toAddress: C,
        slots: [[100, 100]],
        durationMs: 3000,
      },
    ]);
  });

  it('gives a move without a sighted migration no duration, and forgets an aborted one', () => {
    const after = R.NODES_REJOINED.replace('connected 0-5460', 'connected 0-99 101-5460').replace(
      'connected 10923-16383',
      'connected 100 10923-16383',
    );
    // Opened at 1000, aborted by 2000 (markers gone, slot stayed), moved later without markers seen.
    const [, aborted, moved] = run(
      snap(R.NODES_REJOINED, 0),
      snap(R.NODES_MIGRATING_SOURCE, 1000),
      snap(R.NODES_REJOINED, 2000),
      snap(after, 9000),
    );
    expect(aborted).toEqual([]);
    expect(moved).toHaveLength(1);
    expect(moved![0]).toMatchObject({ type: 'slots-moved', slots: [[100, 100]] });
    expect(moved![0]).not.toHaveProperty('durationMs');
  });

  it('reports nodes added and removed', () => {
    const added =
      R.NODES_HEALTHY + 'ffff 127.0.0.1:25690@35690 slave 91a93452fd9fd8d5b7972d5a6f89da4b6eb58f4c 0 1 1 connected\n';
    const [a, r] = run(snap(R.NODES_HEALTHY, 0), snap(added, 1), snap(R.NODES_HEALTHY, 2));
    expect(a).toEqual([
      { id: '0-000001', at: 1, type: 'node-added', nodeId: 'ffff', address: '127.0.0.1:25690', role: 'replica' },
    ]);
    expect(r).toEqual([{ id: '0-000002', at: 2, type: 'node-removed', nodeId: 'ffff', address: '127.0.0.1:25690' }]);
  });

  it('reports a suspected replica with its role', () => {
    const replicaPfail = R.NODES_HEALTHY.replace(
      '0e4f0d2b3b5eff6c07906c877490226b353866b2 127.0.0.1:25688@35688 slave',
      '0e4f0d2b3b5eff6c07906c877490226b353866b2 127.0.0.1:25688@35688 slave,fail?',
    );
    const [s] = run(snap(R.NODES_HEALTHY, 0), snap(replicaPfail, 1));
    expect(s).toEqual([
      {
        id: '0-000001',
        at: 1,
        type: 'node-suspected',
        nodeId: IDS.replicaC,
        address: '127.0.0.1:25688',
        role: 'replica',
      },
    ]);
  });

  it('says nothing about rounds in which no node answered', () => {
    const good = snap(R.NODES_HEALTHY, 0);
    const lost = unreachableSnapshot(good, 'cluster', 1, 'down');
    expect(run(good, lost, snap(R.NODES_HEALTHY, 2))).toEqual([[], []]);
  });
});

import { describe, expect, it } from 'vitest';
import { describeDisagreement } from '../../shared/format/slot-views';
import { compareSlotViews } from './compare-views';
import { trackDisagreement, createDiffState } from './diff-snapshots';
import { parseClusterNodes } from './parse-cluster-nodes';
import * as R from './fixtures/captured-replies';
import { IDS } from './fixtures/node-ids';
import { unreachableSnapshot } from './build-snapshot';
import type { TopologySnapshot } from '../../shared/types/topology';

const healthy = parseClusterNodes(R.NODES_HEALTHY);
/** 25684's view after `CLUSTER SETSLOT 7000 NODE <25686>` on it alone: slot 7000 moved, others not. */
const moved = parseClusterNodes(
  R.NODES_HEALTHY.replace('connected 10923-16383', 'connected 7000 10923-16383').replace(
    'connected 5461-10922',
    'connected 5461-6999 7001-10922',
  ),
);

describe('compareSlotViews', () => {
  it('finds no disagreement when every view names the same owners', () => {
    const views = ['127.0.0.1:25684', '127.0.0.1:25685', '127.0.0.1:25686'].map((address) => ({
      address,
      view: healthy,
    }));
    expect(compareSlotViews(views, 1)).toBeUndefined();
  });

  it('names the nodes on each side and the owner of the contested range', () => {
    const d = compareSlotViews(
      [
        { address: '127.0.0.1:25684', view: moved },
        { address: '127.0.0.1:25685', view: healthy },
        { address: '127.0.0.1:25686', view: healthy },
      ],
      42,
    )!;
    expect(d.since).toBe(42);
    expect(d.contested).toEqual([[7000, 7000]]);
    expect(d.views).toEqual([
      {
        nodes: ['127.0.0.1:25685', '127.0.0.1:25686'],
        claims: [{ ownerId: IDS.masterB, ownerAddress: '127.0.0.1:25685', slots: [[7000, 7000]] }],
      },
      {
        nodes: ['127.0.0.1:25684'],
        claims: [{ ownerId: IDS.masterC, ownerAddress: '127.0.0.1:25686', slots: [[7000, 7000]] }],
      },
    ]);
    expect(describeDisagreement(d)).toBe(
      'nodes disagree: 127.0.0.1:25685, 127.0.0.1:25686 say 7000 → 127.0.0.1:25685 | 127.0.0.1:25684 says 7000 → 127.0.0.1:25686',
    );
  });

  it('does not count a node that did not answer (no view, or an empty one) as disagreeing', () => {
    expect(
      compareSlotViews(
        [
          { address: '127.0.0.1:25684', view: healthy },
          { address: '127.0.0.1:25685', view: { nodes: [] } },
        ],
        1,
      ),
    ).toBeUndefined();
    expect(compareSlotViews([{ address: '127.0.0.1:25684', view: moved }], 1)).toBeUndefined();
  });

  it('reports slots one view leaves unassigned', () => {
    const partial = parseClusterNodes(R.NODES_HEALTHY.replace('connected 0-5460', 'connected 0-5000'));
    const d = compareSlotViews(
      [
        { address: 'a:1', view: healthy },
        { address: 'b:2', view: partial },
      ],
      1,
    )!;
    expect(d.contested).toEqual([[5001, 5460]]);
    expect(d.views[1]!.claims).toEqual([{ slots: [[5001, 5460]] }]);
    expect(describeDisagreement(d)).toContain('b:2 says 5001-5460 → unassigned');
  });

  it('compares at most `cap` views', () => {
    const views = [
      { address: 'a:1', view: healthy },
      { address: 'b:2', view: healthy },
      { address: 'c:3', view: moved },
    ];
    expect(compareSlotViews(views, 1, 2)).toBeUndefined();
    expect(compareSlotViews(views, 1, 3)).toBeDefined();
  });
});

describe('trackDisagreement', () => {
  const base: TopologySnapshot = {
    ...unreachableSnapshot(undefined, 'cluster', 0, 'x'),
    reachable: true,
  };
  delete base.error;
  const disagreeing = (at: number, nodes: string[], slots: [number, number][]): TopologySnapshot => ({
    ...base,
    takenAt: at,
    disagreement: { since: at, contested: slots, views: nodes.map((n) => ({ nodes: [n], claims: [] })) },
  });

  it('records one episode from the first disagreeing round to the first agreeing one', () => {
    const state = createDiffState(0);
    expect(trackDisagreement(state, disagreeing(100, ['a:1', 'b:2'], [[7000, 7000]]))).toBeUndefined();
    expect(trackDisagreement(state, disagreeing(200, ['a:1', 'c:3'], [[7001, 7001]]))).toBeUndefined();
    // A round in which no node answered says nothing about agreement.
    expect(trackDisagreement(state, { ...base, takenAt: 250, reachable: false })).toBeUndefined();
    const e = trackDisagreement(state, { ...base, takenAt: 300 });
    expect(e).toMatchObject({
      type: 'views-disagreed',
      startedAt: 100,
      durationMs: 200,
      nodes: ['a:1', 'b:2', 'c:3'],
      slots: [[7000, 7001]],
    });
    expect(trackDisagreement(state, { ...base, takenAt: 400 })).toBeUndefined();
  });
});

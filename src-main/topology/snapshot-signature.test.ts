import { describe, expect, it } from 'vitest';
import { buildClusterSnapshot } from './build-snapshot';
import * as R from './fixtures/captured-replies';
import { parseClusterNodes } from './parse-cluster-nodes';
import { parseInfo } from './parse-info';
import { snapshotSignature } from './snapshot-signature';

const build = (nodes: string, takenAt: number, ops: number) =>
  buildClusterSnapshot({
    takenAt,
    view: parseClusterNodes(nodes),
    infos: new Map([['127.0.0.1:25685', { ...parseInfo(R.INFO_CLUSTER_MASTER), opsPerSec: ops }]]),
  });

describe('snapshotSignature', () => {
  it('ignores the time, separates stats from structure', () => {
    const a = snapshotSignature(build(R.NODES_HEALTHY, 1, 5));
    expect(snapshotSignature(build(R.NODES_HEALTHY, 2, 5))).toEqual(a);
    const busier = snapshotSignature(build(R.NODES_HEALTHY, 3, 900));
    expect(busier.structure).toBe(a.structure);
    expect(busier.stats).not.toBe(a.stats);
    expect(snapshotSignature(build(R.NODES_PFAIL, 4, 5)).structure).not.toBe(a.structure);
  });
});

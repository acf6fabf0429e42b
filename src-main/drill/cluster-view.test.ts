import { describe, expect, it } from 'vitest';
import { failureFlag, nodeOnPort, ownerOfSlot, parseClusterNodes, replicasOf, shardSlots } from './cluster-view';

// CLUSTER NODES as a live replica saw it 2.5 s after its master (7001) was SIGKILLed.
const AFTER_KILL = `aaaa 127.0.0.1:7001@17001 master,fail - 1700000000000 1700000000000 1 disconnected 0-5460
bbbb 127.0.0.1:7002@17002 master - 0 1700000001000 2 connected 5461-10922
cccc 127.0.0.1:7003@17003 master - 0 1700000001000 3 connected 10923-16383
dddd 127.0.0.1:7004@17004 myself,slave aaaa 0 0 1 connected
eeee 127.0.0.1:7005@17005 slave bbbb 0 1700000001000 2 connected
ffff 127.0.0.1:7006@17006 slave cccc 0 1700000001000 3 connected
`;

const PROMOTED = AFTER_KILL.replace(
  'dddd 127.0.0.1:7004@17004 myself,slave aaaa 0 0 1 connected',
  'dddd 127.0.0.1:7004@17004 myself,master - 0 0 7 connected 0-5460',
).replace(
  'master,fail - 1700000000000 1700000000000 1 disconnected 0-5460',
  'master,fail - 1700000000000 1700000000000 1 disconnected',
);

describe('cluster-view', () => {
  it('finds the owner of a slot, the replica of a master and the shards', () => {
    const v = parseClusterNodes(AFTER_KILL);
    expect(ownerOfSlot(v, 0)?.id).toBe('aaaa');
    expect(ownerOfSlot(v, 16383)?.id).toBe('cccc');
    expect(replicasOf(v, 'aaaa').map((n) => n.id)).toEqual(['dddd']);
    expect(nodeOnPort(v, 7005)?.id).toBe('eeee');
    expect(shardSlots(v)).toEqual([0, 5461, 10923]);
  });

  it('reads the failure flag of the victim', () => {
    expect(failureFlag(parseClusterNodes(AFTER_KILL), 'aaaa')).toBe('fail');
    expect(failureFlag(parseClusterNodes(AFTER_KILL.replace('master,fail ', 'master,fail? ')), 'aaaa')).toBe('pfail');
    expect(failureFlag(parseClusterNodes(AFTER_KILL), 'bbbb')).toBeUndefined();
  });

  it('sees the promotion: the replica owns the slots', () => {
    const v = parseClusterNodes(PROMOTED);
    expect(ownerOfSlot(v, 0)?.id).toBe('dddd');
    expect(shardSlots(v)).toEqual([0, 5461, 10923]);
  });
});

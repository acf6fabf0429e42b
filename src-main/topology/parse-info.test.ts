import { describe, expect, it } from 'vitest';
import * as R from './fixtures/captured-replies';
import { parseClusterInfo, parseInfo, parseInfoFields } from './parse-info';

describe('parseInfo', () => {
  it('reads a cluster master with keys and a replica line', () => {
    expect(parseInfo(R.INFO_CLUSTER_MASTER)).toEqual({
      role: 'master',
      masterReplOffset: 441,
      slaveReplOffset: undefined,
      loading: false,
      opsPerSec: 7,
      usedMemoryBytes: 1957440,
      connectedClients: 1,
      keys: 14,
      replicas: [{ address: '127.0.0.1:25687', state: 'online', offset: 14, lagSeconds: 0 }],
    });
  });

  it('reads a cluster replica (no db0 line in the keyspace section means 0 keys)', () => {
    expect(parseInfo(R.INFO_CLUSTER_REPLICA)).toMatchObject({
      role: 'replica',
      masterAddress: '127.0.0.1:25684',
      linkStatus: 'up',
      slaveReplOffset: 14,
      masterReplOffset: 14,
      keys: 0,
      replicas: [],
    });
  });

  it('reads a single server whose replica is still syncing', () => {
    const info = parseInfo(R.INFO_SINGLE_MASTER);
    expect(info).toMatchObject({ role: 'master', masterReplOffset: 77, keys: 2 });
    expect(info.replicas).toEqual([{ address: '127.0.0.1:26391', state: 'wait_bgsave', offset: 0, lagSeconds: 0 }]);
    expect(parseInfo(R.INFO_SINGLE_REPLICA)).toMatchObject({ role: 'replica', linkStatus: 'down', slaveReplOffset: 1 });
  });

  it('leaves keys unknown when the keyspace section was not asked for', () => {
    expect(parseInfo('# Replication\r\nrole:master\r\n').keys).toBeUndefined();
  });

  it('parses fields and CLUSTER INFO', () => {
    expect(parseInfoFields('# S\r\na:1\r\n\r\nb:x:y\r\n')).toEqual({ a: '1', b: 'x:y' });
    expect(parseClusterInfo(R.CLUSTER_INFO_AFTER_FAILOVER)).toEqual({ state: 'ok', currentEpoch: 7, knownNodes: 6 });
    expect(parseClusterInfo('cluster_state:fail\r\n').state).toBe('fail');
    expect(parseClusterInfo('').state).toBe('unknown');
  });
});

import { describe, expect, it } from 'vitest';
import * as R from './fixtures/captured-replies';
import { IDS } from './fixtures/node-ids';
import { parseClusterShards } from './parse-cluster-shards';

describe('parseClusterShards', () => {
  it('reads the healthy reply as ioredis returns it', () => {
    const shards = parseClusterShards(R.SHARDS_HEALTHY);
    expect(shards.map((s) => s.slots)).toEqual([[[0, 5460]], [[10923, 16383]], [[5461, 10922]]]);
    expect(shards[0]!.nodes).toEqual([
      {
        id: IDS.masterA,
        address: '127.0.0.1:25684',
        endpoint: '127.0.0.1',
        role: 'master',
        replicationOffset: 14,
        health: 'online',
      },
      // Gossip lags: a synced replica can still show `loading` here, which is why health comes from CLUSTER NODES.
      {
        id: IDS.replicaA,
        address: '127.0.0.1:25689',
        endpoint: '127.0.0.1',
        role: 'replica',
        replicationOffset: 0,
        health: 'loading',
      },
    ]);
  });

  it('maps a failed master', () => {
    const b = parseClusterShards(R.SHARDS_FAILED).find((s) => s.nodes.some((n) => n.id === IDS.masterB))!;
    expect(b.nodes.find((n) => n.id === IDS.masterB)!.health).toBe('fail');
  });

  it('shows the promoted replica as master and the old master as a slotless shard', () => {
    const shards = parseClusterShards(R.SHARDS_PROMOTED);
    expect(shards).toHaveLength(4);
    expect(shards.find((s) => s.nodes[0]!.id === IDS.replicaB)!.slots).toEqual([[5461, 10922]]);
    expect(shards.find((s) => s.nodes[0]!.id === IDS.masterB)).toMatchObject({
      slots: [],
      nodes: [{ role: 'master', health: 'fail' }],
    });
  });

  it('reads several ranges per shard, string numbers and failed health', () => {
    const reply = [
      [
        'slots',
        ['0', '10', '20', '30'],
        'nodes',
        [['id', 'x', 'port', '7000', 'ip', '::1', 'role', 'replica', 'health', 'failed', 'hostname', 'h']],
      ],
    ];
    expect(parseClusterShards(reply)).toEqual([
      {
        slots: [
          [0, 10],
          [20, 30],
        ],
        nodes: [
          {
            id: 'x',
            address: '[::1]:7000',
            hostname: 'h',
            role: 'replica',
            replicationOffset: undefined,
            health: 'fail',
          },
        ],
      },
    ]);
  });

  it('gives an empty list for a reply of another shape', () => {
    expect(parseClusterShards('ERR unknown subcommand')).toEqual([]);
    expect(parseClusterShards(null)).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import * as R from './fixtures/captured-replies';
import { IDS } from './fixtures/node-ids';
import { parseClusterNodes, parseNodeAddress } from './parse-cluster-nodes';

const line = (text: string, id: string) => parseClusterNodes(text).nodes.find((n) => n.id === id)!;

describe('parseClusterNodes', () => {
  it('reads a healthy 3+3 cluster', () => {
    const v = parseClusterNodes(R.NODES_HEALTHY);
    expect(v.myselfId).toBe(IDS.masterA);
    expect(v.nodes).toHaveLength(6);
    expect(v.nodes.filter((n) => n.role === 'master').map((n) => n.slots)).toEqual([
      [[0, 5460]],
      [[10923, 16383]],
      [[5461, 10922]],
    ]);
    expect(line(R.NODES_HEALTHY, IDS.masterA)).toMatchObject({
      address: '127.0.0.1:25684',
      flags: ['myself', 'master'],
      configEpoch: 1,
      linkState: 'connected',
      migrations: [],
    });
    expect(line(R.NODES_HEALTHY, IDS.replicaB)).toMatchObject({ role: 'replica', masterId: IDS.masterB, slots: [] });
  });

  it('keeps the pfail flag of a suspected master', () => {
    expect(line(R.NODES_PFAIL, IDS.masterB)).toMatchObject({
      flags: ['master', 'fail?'],
      linkState: 'disconnected',
      slots: [[5461, 10922]],
    });
  });

  it('keeps the fail flag of a failed master', () => {
    expect(line(R.NODES_FAILED, IDS.masterB)).toMatchObject({ flags: ['master', 'fail'], pingSent: 1795701534022 });
  });

  it('sees the promoted replica as master of the old slots, the old master slotless', () => {
    expect(line(R.NODES_PROMOTED, IDS.replicaB)).toMatchObject({
      role: 'master',
      configEpoch: 7,
      slots: [[5461, 10922]],
    });
    const old = line(R.NODES_PROMOTED, IDS.masterB);
    expect(old).toMatchObject({ role: 'master', flags: ['master', 'fail'], slots: [] });
    expect(old.masterId).toBeUndefined();
  });

  it('reads migrating and importing markers from the myself line', () => {
    const src = line(R.NODES_MIGRATING_SOURCE, IDS.masterA);
    expect(src.slots).toEqual([[0, 5460]]);
    expect(src.migrations).toEqual([{ slot: 100, fromId: IDS.masterA, toId: IDS.masterC }]);
    const dst = line(R.NODES_IMPORTING_TARGET, IDS.masterC);
    expect(dst.migrations).toEqual([{ slot: 100, fromId: IDS.masterA, toId: IDS.masterC }]);
    expect(parseClusterNodes(R.NODES_IMPORTING_TARGET).myselfId).toBe(IDS.masterC);
  });

  it('reads several markers of both kinds beside ranges, as redis-cli reshard leaves them mid-move', () => {
    const text =
      'aaaa 127.0.0.1:7000@17000 myself,master - 0 0 1 connected 0-99 101-5460 [100->-bbbb] [5461-<-cccc] [7->-cccc]\n';
    const me = parseClusterNodes(text).nodes[0]!;
    expect(me.slots).toEqual([
      [0, 99],
      [101, 5460],
    ]);
    expect(me.migrations).toEqual([
      { slot: 100, fromId: 'aaaa', toId: 'bbbb' },
      { slot: 5461, fromId: 'cccc', toId: 'aaaa' },
      { slot: 7, fromId: 'aaaa', toId: 'cccc' },
    ]);
  });

  it('reads single slots, several ranges and skips short lines', () => {
    const v = parseClusterNodes(
      'abc 10.0.0.1:7000@17000,node-a.example myself,master - 0 0 3 connected 0-10 12 20-30\ngarbage line\n',
    );
    expect(v.nodes).toHaveLength(1);
    expect(v.nodes[0]).toMatchObject({
      address: '10.0.0.1:7000',
      slots: [
        [0, 10],
        [12, 12],
        [20, 30],
      ],
    });
  });

  it('formats addresses without bus port or hostname, with brackets for IPv6', () => {
    expect(parseNodeAddress('127.0.0.1:7000@17000')).toBe('127.0.0.1:7000');
    expect(parseNodeAddress('::1:7000@17000')).toBe('[::1]:7000');
    expect(parseNodeAddress(':0@0')).toBe(':0');
  });
});

import { describe, expect, it } from 'vitest';
import { mastersOf, ownerOfSlot, partitionSpread, type SpreadMaster } from './partition-spread';

const m = (id: string, ...slots: Array<[number, number]>): SpreadMaster => ({ id, address: `${id}:7000`, slots });
/** Three masters with the default thirds, plus one added without slots. */
const three = [m('a', [0, 5460]), m('b', [5461, 10922]), m('c', [10923, 16383])];
// One slot in each master's range.
const A = 100;
const B = 6000;
const C = 12000;

describe('partitionSpread', () => {
  it('is even when no master owns more than ceil(P/M) and none owns nothing while P >= M', () => {
    expect(partitionSpread([A, B, C], three)).toMatchObject({ uneven: false, fairMax: 1, partitions: 3 });
    expect(partitionSpread([A, A, B, C], three)).toMatchObject({ uneven: false, fairMax: 2 });
    // P < M: a master may own none.
    expect(partitionSpread([A, B], three)).toMatchObject({ uneven: false, fairMax: 1 });
  });

  it('is uneven when a master owns more than ceil(P/M), and names it', () => {
    const s = partitionSpread([A, A, B], three);
    expect(s.uneven).toBe(true);
    expect(s.reason).toBe('a:7000 owns 2 of 3 partitions: more than ceil(3/3) = 1');
    expect(s.masters).toEqual([
      { id: 'a', address: 'a:7000', partitions: 2 },
      { id: 'b', address: 'b:7000', partitions: 1 },
      { id: 'c', address: 'c:7000', partitions: 0 },
    ]);
    // P < M and two share one master.
    expect(partitionSpread([A, A], three)).toMatchObject({ uneven: true, fairMax: 1 });
  });

  it('is uneven when a master owns none while P >= M', () => {
    const four = [m('a', [0, 4095]), m('b', [4096, 8191]), m('c', [8192, 12287]), m('d', [12288, 16383])];
    const s = partitionSpread([100, 5000, 9000, 9001, 9002, 5001], four);
    expect(s.uneven).toBe(true);
    expect(s.reason).toBe('c:7000 owns 3 of 6 partitions: more than ceil(6/4) = 2');
    const none = partitionSpread([100, 101, 5000, 5001, 9000, 9001], four);
    expect(none.reason).toBe('d:7000 owns none of the 6 partitions, though there are 4 masters');
  });

  it('leaves masters without slots out of M and lists them', () => {
    const s = partitionSpread([A, B, C], [...three, m('new')]);
    expect(s).toMatchObject({ uneven: false, fairMax: 1, slotless: ['new:7000'] });
    expect(s.masters.map((x) => x.id)).toEqual(['a', 'b', 'c']);
  });

  it('is never uneven with one master or none, and counts partitions on unowned slots', () => {
    expect(partitionSpread([A, A, A], [m('solo', [0, 16383])])).toMatchObject({ uneven: false, fairMax: 3 });
    expect(partitionSpread([A, B], [])).toMatchObject({ uneven: false, unplaced: 2, masters: [] });
    expect(partitionSpread([A, 16000], [m('a', [0, 5460])])).toMatchObject({ unplaced: 1 });
  });
});

describe('ownerOfSlot and mastersOf', () => {
  it('finds the master whose ranges hold a slot', () => {
    const ms = [m('a', [0, 10], [20, 30]), m('b', [11, 19])];
    expect(ownerOfSlot(ms, 25)?.id).toBe('a');
    expect(ownerOfSlot(ms, 15)?.id).toBe('b');
    expect(ownerOfSlot(ms, 31)).toBeUndefined();
    expect(mastersOf(null)).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { parseCommandStats } from '../harness/redis-cli';
import { parseClusterNodes } from './cluster-view';
import { partitionsByPort, slotSpreadOf, spreadOf, workCalls } from './load-spread';
import { slotOf } from '../queue/partition-plan';

// INFO commandstats of one master (Redis 7.0 format), trimmed.
const STATS = `# Commandstats
cmdstat_evalsha:calls=850,usec=40000,usec_per_call=47.06,rejected_calls=0,failed_calls=0
cmdstat_hget:calls=1556,usec=1556,usec_per_call=1.00,rejected_calls=0,failed_calls=0
cmdstat_cluster|slots:calls=3,usec=300,usec_per_call=100.00,rejected_calls=0,failed_calls=0
cmdstat_client|setname:calls=3,usec=3,usec_per_call=1.00,rejected_calls=0,failed_calls=0
cmdstat_info:calls=1,usec=50,usec_per_call=50.00,rejected_calls=0,failed_calls=0
cmdstat_wait:calls=80,usec=80,usec_per_call=1.00,rejected_calls=0,failed_calls=0
`;

const stats = (calls: number) => ({
  commands: { evalsha: { calls, usecPerCall: 1 }, info: { calls: 99, usecPerCall: 1 } },
});

describe('load spread', () => {
  it('counts every command but cluster and connection housekeeping and INFO', () => {
    expect(workCalls(parseCommandStats(STATS))).toBe(850 + 1556 + 80);
  });

  it('is within 10% when every master is within ±10% of the mean, and fails just past it', () => {
    const before = new Map([7001, 7002, 7003].map((p) => [p, stats(0)] as const));
    const partitions = new Map([
      [7001, 1],
      [7002, 1],
      [7003, 1],
    ]);
    // mean 1000: 1100 is +10.0% (inside), 900 is −10.0% (inside).
    const even = spreadOf({
      before,
      after: new Map([
        [7001, stats(1100)],
        [7002, stats(1000)],
        [7003, stats(900)],
      ]),
      partitions,
      windowMs: 5000,
      checked: true,
    });
    expect(even.mean).toBe(1000);
    expect(even.maxDeviation).toBeCloseTo(0.1, 10);
    expect(even.ok).toBe(true);
    expect(even.masters.map((m) => m.deviation)).toEqual([expect.closeTo(0.1), 0, expect.closeTo(-0.1)]);

    const uneven = spreadOf({
      before,
      after: new Map([
        [7001, stats(1200)],
        [7002, stats(1000)],
        [7003, stats(800)],
      ]),
      partitions,
      windowMs: 5000,
      checked: true,
    });
    expect(uneven.maxDeviation).toBeCloseTo(0.2, 10);
    expect(uneven.ok).toBe(false);
  });

  it('counts a master missing from a sample as idle, reports unchecked spreads as ok, and fails an empty window', () => {
    const partitions = new Map([
      [7001, 2],
      [7002, 0],
    ]);
    const before = new Map([[7001, stats(0)]]);
    const after = new Map([
      [7001, stats(500)],
      [7002, stats(500)],
    ]);
    const info = spreadOf({ before, after, partitions, windowMs: 1000, checked: false, note: 'reported only' });
    expect(info.masters).toEqual([
      { port: 7001, partitions: 2, calls: 500, enqueues: 0, deviation: 1 },
      { port: 7002, partitions: 0, calls: 0, enqueues: 0, deviation: -1 },
    ]);
    expect(info.ok).toBe(true);
    expect(info.note).toBe('reported only');
    expect(spreadOf({ before, after, partitions, windowMs: 1000, checked: true }).ok).toBe(false);
    const idle = spreadOf({ before: after, after, partitions, windowMs: 1000, checked: true });
    expect(idle.ok).toBe(false);
    expect(idle.note).toBe('no load was measured on any master');
  });
});

// Four masters after a rebalance onto an empty one (redis-cli moves from the top of each range).
const FOUR = `aaaa 127.0.0.1:7001@17001 myself,master - 0 0 1 connected 1365-5460
bbbb 127.0.0.1:7002@17002 master - 0 1700000001000 2 connected 6827-10922
cccc 127.0.0.1:7003@17003 master - 0 1700000001000 3 connected 12288-16383
dddd 127.0.0.1:7007@17007 master - 0 1700000001000 7 connected 0-1364 5461-6826 10923-12287
eeee 127.0.0.1:7004@17004 slave aaaa 0 1700000001000 1 connected
`;

describe('slot and partition placement', () => {
  it('counts slots per master against the even share', () => {
    const s = slotSpreadOf(parseClusterNodes(FOUR));
    expect(s.masters.map((m) => [m.port, m.slots])).toEqual([
      [7001, 4096],
      [7002, 4096],
      [7003, 4096],
      [7007, 4096],
    ]);
    expect(s.ok).toBe(true);
    // 7007 short of 1264 slots (left unassigned): 2832 against a mean of 3780.
    const skewed = slotSpreadOf(parseClusterNodes(FOUR.replace(' 0-1364', ' 0-100')));
    expect(skewed.ok).toBe(false);
  });

  it('places each tag on the master owning its slot', () => {
    const tags = ['a', 'b', 'c', 'd', 'e'];
    const counts = partitionsByPort(parseClusterNodes(FOUR), tags);
    expect([...counts.values()].reduce((x, y) => x + y, 0)).toBe(5);
    const owner = (slot: number) =>
      slot <= 1364 || (slot >= 5461 && slot <= 6826) || (slot >= 10923 && slot <= 12287)
        ? 7007
        : slot <= 5460
          ? 7001
          : slot <= 10922
            ? 7002
            : 7003;
    const expected = new Map<number, number>([
      [7001, 0],
      [7002, 0],
      [7003, 0],
      [7007, 0],
    ]);
    for (const t of tags) expected.set(owner(slotOf(t)), expected.get(owner(slotOf(t)))! + 1);
    expect(counts).toEqual(expected);
  });
});

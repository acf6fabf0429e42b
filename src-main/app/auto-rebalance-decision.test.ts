import { describe, expect, it } from 'vitest';
import type { ClusterNode, SlotRange, TopologySnapshot } from '../../shared/types/topology';
import { slotOf } from '../queue/partition-plan';
import { decideAutoRebalance, type AutoRebalanceInput } from './auto-rebalance-decision';

const node = (id: string, port: number): ClusterNode => ({
  id,
  address: `127.0.0.1:${port}`,
  role: 'master',
  health: 'online',
  flags: ['master'],
  reachable: true,
});

/** A healthy cluster whose masters own the given ranges (an empty list: a master without slots). */
function cluster(...ranges: SlotRange[][]): TopologySnapshot {
  return {
    takenAt: 1,
    mode: 'cluster',
    clusterState: 'ok',
    shards: ranges.map((slots, i) => ({ slots, master: node(`m${i}`, 7000 + i), replicas: [] })),
    coverage: { assigned: 16384, ok: 16384, pfail: 0, fail: 0, unassigned: 0 },
    migrations: [],
    reachable: true,
  };
}

const THIRDS: SlotRange[][] = [[[0, 5460]], [[5461, 10922]], [[10923, 16383]]];

/** A hash tag whose slot falls in [a, b]. */
function tagIn([a, b]: SlotRange, seed: string): string {
  for (let i = 0; ; i++) {
    const t = `q:${seed}:${i}`;
    const s = slotOf(t);
    if (s >= a && s <= b) return t;
  }
}

const NOW = 10_000_000;
const MIN = 10 * 60_000;
const even = [tagIn([0, 5460], 'a'), tagIn([5461, 10922], 'b'), tagIn([10923, 16383], 'c')];
const crowded = [tagIn([0, 5460], 'a'), tagIn([0, 5460], 'b'), tagIn([5461, 10922], 'c')];

const input = (o: Partial<AutoRebalanceInput> & { tags?: string[] } = {}): AutoRebalanceInput => ({
  snapshot: cluster(...THIRDS),
  now: NOW,
  minIntervalMs: MIN,
  ...o,
  def: { name: 'emails', tags: o.tags ?? crowded, generation: 0, ...o.def },
});

describe('decideAutoRebalance', () => {
  it('rebalances a queue whose newest partitions are uneven, naming the master', () => {
    const d = decideAutoRebalance(input());
    expect(d).toMatchObject({
      rebalance: true,
      reason: '127.0.0.1:7000 owns 2 of 3 partitions: more than ceil(3/3) = 1',
    });
  });

  it('leaves an even queue alone', () => {
    expect(decideAutoRebalance(input({ tags: even }))).toEqual({
      rebalance: false,
      why: 'the partitions are spread evenly',
    });
  });

  it('rebalances when a master that owns slots holds none of P >= M partitions (a master was added and slots moved)', () => {
    const four = cluster([[0, 4095]], [[5461, 10922]], [[10923, 16383]], [[4096, 5460]]);
    const pair = (r: SlotRange, seed: string) => [tagIn(r, `${seed}1`), tagIn(r, `${seed}2`)];
    const tags = [...pair([0, 4095], 'a'), ...pair([5461, 10922], 'b'), ...pair([10923, 16383], 'c')];
    expect(decideAutoRebalance(input({ snapshot: four, tags }))).toMatchObject({
      rebalance: true,
      reason: '127.0.0.1:7003 owns none of the 6 partitions, though there are 4 masters',
    });
  });

  it('does not count a master without slots (rebalancing could not place anything on it)', () => {
    const withEmpty = cluster(...THIRDS, []);
    expect(decideAutoRebalance(input({ snapshot: withEmpty, tags: even }))).toMatchObject({ rebalance: false });
  });

  it('never rebalances while a retired generation drains', () => {
    const d = decideAutoRebalance(
      input({
        def: {
          name: 'emails',
          tags: crowded,
          generation: 2,
          retired: [{ generation: 1, tags: even, retiredAt: NOW - 1 }],
        },
      }),
    );
    expect(d).toEqual({ rebalance: false, why: 'generation 1 of the queue is still draining' });
    // A retired generation kept only for its failed tasks does not drain: the caller says which do.
    const retired = [{ generation: 1, tags: even, retiredAt: NOW - 60_000 }];
    const def = { name: 'emails', tags: crowded, generation: 2, retired };
    expect(decideAutoRebalance(input({ def, draining: [] }))).toMatchObject({ rebalance: true });
    expect(decideAutoRebalance(input({ def, draining: [1] }))).toMatchObject({ rebalance: false });
  });

  it('waits minIntervalMs after any rebalance in the definition and after its own last attempt', () => {
    const recent = decideAutoRebalance(
      input({ def: { name: 'emails', tags: crowded, generation: 1, rebalancedAt: NOW - 4 * 60_000 } }),
    );
    expect(recent).toEqual({
      rebalance: false,
      why: 'the last rebalance was less than 10 min ago (the next may run in 6 min)',
    });
    expect(decideAutoRebalance(input({ lastAttemptAt: NOW - MIN + 1 }))).toMatchObject({ rebalance: false });
    expect(decideAutoRebalance(input({ lastAttemptAt: NOW - MIN }))).toMatchObject({ rebalance: true });
    const old = decideAutoRebalance(
      input({ def: { name: 'emails', tags: crowded, generation: 1, rebalancedAt: NOW - MIN - 1 } }),
    );
    expect(old).toMatchObject({ rebalance: true });
  });

  it('waits while the topology is unknown, not a cluster, failing, moving slots or disputed', () => {
    const why = (snapshot: TopologySnapshot | null) => {
      const d = decideAutoRebalance(input({ snapshot }));
      return d.rebalance ? 'rebalance' : d.why;
    };
    const base = cluster(...THIRDS);
    expect(why(null)).toBe('the topology is not known yet');
    expect(why({ ...base, reachable: false })).toBe('the topology is not known yet');
    expect(why({ ...base, mode: 'single' })).toBe('a single Redis: one master holds every partition');
    expect(why({ ...base, clusterState: 'fail' })).toBe('cluster_state is fail');
    expect(why({ ...base, migrations: [{ slot: 5, fromId: 'm0', toId: 'm1' }] })).toBe('1 slot(s) are being migrated');
    expect(why({ ...base, disagreement: { since: 1, contested: [[0, 1]], views: [] } })).toBe(
      'nodes disagree about slot ownership',
    );
    expect(why(base)).toBe('rebalance');
  });
});

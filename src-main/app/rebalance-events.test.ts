import { describe, expect, it } from 'vitest';
import type { QueueDefinition } from '../queue/registry';
import { REBALANCE_BACKFILL_MS, RebalanceEvents } from './rebalance-events';

const NOW = 50_000_000_000;
const def = (name: string, o: Partial<QueueDefinition> = {}): QueueDefinition => {
  const partitions = o.partitions ?? 3;
  return {
    name,
    partitions,
    tags: Array.from({ length: partitions }, (_, i) => `q:${name}:${i}`),
    createdAt: 1,
    ...o,
  };
};

describe('RebalanceEvents', () => {
  it('records a generation change seen between two reads, with partitions before and after', () => {
    const r = new RebalanceEvents(() => false);
    expect(r.next([def('emails'), def('reports')], NOW)).toEqual([]);
    const after = def('emails', {
      partitions: 4,
      generation: 1,
      rebalancedAt: NOW + 500,
      partitionsBefore: 3,
      retired: [{ generation: 0, tags: ['a', 'b', 'c'], retiredAt: NOW + 500 }],
    });
    expect(r.next([after, def('reports')], NOW + 1000)).toEqual([
      {
        id: 'queue-rebalanced:emails:1',
        at: NOW + 500,
        type: 'queue-rebalanced',
        queue: 'emails',
        generation: 1,
        previousGeneration: 0,
        partitionsBefore: 3,
        partitionsAfter: 4,
      },
    ]);
    // The same definition again (the retired generation drained meanwhile): nothing new.
    expect(r.next([{ ...after, retired: undefined }, def('reports')], NOW + 2000)).toEqual([]);
  });

  it('names the generation it saw last when several rebalances happened between reads', () => {
    const r = new RebalanceEvents(() => false);
    r.next([def('emails', { generation: 1, rebalancedAt: NOW - 10, partitionsBefore: 2 })], NOW);
    const [e] = r.next(
      [def('emails', { generation: 3, partitions: 6, rebalancedAt: NOW + 5, partitionsBefore: 4 })],
      NOW + 10,
    );
    expect(e).toMatchObject({ generation: 3, previousGeneration: 1, partitionsBefore: 4, partitionsAfter: 6 });
  });

  it('on its first read, adds only recent rebalances the timeline lacks (a console started after one)', () => {
    const known = new Set(['queue-rebalanced:a:1']);
    const r = new RebalanceEvents((id) => known.has(id));
    const events = r.next(
      [
        def('a', { generation: 1, rebalancedAt: NOW - 1000, partitionsBefore: 2 }),
        def('b', { generation: 2, rebalancedAt: NOW - 1000, partitionsBefore: 2 }),
        def('c', { generation: 1, rebalancedAt: NOW - REBALANCE_BACKFILL_MS - 1, partitionsBefore: 2 }),
        // Written before definitions kept rebalancedAt, drained: when is unknown.
        def('d', { generation: 1 }),
        // Same, still draining: the retired generation says when.
        def('e', { generation: 1, retired: [{ generation: 0, tags: ['x', 'y'], retiredAt: NOW - 5 }] }),
      ],
      NOW,
    );
    expect(events.map((e) => [e.queue, e.at, e.partitionsBefore])).toEqual([
      ['b', NOW - 1000, 2],
      ['e', NOW - 5, 2],
    ]);
  });

  it('uses the previous read for a change without rebalancedAt, and skips queues never rebalanced', () => {
    const r = new RebalanceEvents(() => false);
    r.next([def('emails', { partitions: 2 }), def('new-one')], NOW);
    const [e] = r.next([def('emails', { generation: 1, partitions: 3 }), def('new-one')], NOW + 100);
    expect(e).toMatchObject({ at: NOW + 100, partitionsBefore: 2, partitionsAfter: 3, previousGeneration: 0 });
  });
});

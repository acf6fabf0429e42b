import { describe, expect, it } from 'vitest';
import { partitionRow, queuePartitions } from '../../testing/fixtures';
import { partitionRowViews, spreadSummary } from './partitionRows';

describe('partition rows in words', () => {
  it('gives each row a state that says it, warnings first', () => {
    const states = partitionRowViews(
      [
        partitionRow(0, { served: false, warning: '4 waiting and no live worker serves this partition' }),
        partitionRow(1, { retired: true }),
        partitionRow(2, { retired: true, waiting: 0, active: 0 }),
        partitionRow(6, { retired: true, waiting: 0, active: 0, failed: 1 }),
        partitionRow(3, { paused: true }),
        partitionRow(4),
        partitionRow(5, { served: false, waiting: 0 }),
      ],
      1_000_000,
    ).map((v) => [v.label, v.state, v.stateText, v.oldest]);
    expect(states).toEqual([
      ['g0 #0', 'warning', 'Warning: 4 waiting and no live worker serves this partition', '1 min 30 s'],
      ['g0 #1', 'draining', 'retired: draining', '1 min 30 s'],
      ['g0 #2', 'drained', 'retired: drained, removed soon', '1 min 30 s'],
      ['g0 #6', 'kept', 'retired: kept for its 1 failed task (requeue or purge them)', '1 min 30 s'],
      ['g0 #3', 'paused', 'paused', '1 min 30 s'],
      ['g0 #4', 'served', 'served by live workers', '1 min 30 s'],
      ['g0 #5', 'idle', 'no live worker (nothing waiting)', '1 min 30 s'],
    ]);
    expect(partitionRowViews([partitionRow(0, { master: null })], 0)[0]!.master).toBe('unknown');
  });

  it('sums the spread up', () => {
    const s = queuePartitions().spread;
    expect(spreadSummary(s)).toBe('3 partitions over 3 masters: at most 1 on each');
    expect(spreadSummary({ ...s, masters: [s.masters[0]!], fairMax: 3 })).toBe(
      '3 partitions over 1 master: all on one master',
    );
    expect(spreadSummary({ ...s, masters: [] })).toBe('3 partitions; which masters hold them is not known yet');
  });
});

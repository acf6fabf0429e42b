import calculateSlot from 'cluster-key-slot';
import { describe, expect, it } from 'vitest';
import { partitionKeys } from './keys';
import { partitionsPerMaster, planPartitionTags, type MasterSlots } from './partition-plan';

const three: MasterSlots[] = [
  { id: 'a', ranges: [[0, 5460]] },
  { id: 'b', ranges: [[5461, 10922]] },
  { id: 'c', ranges: [[10923, 16383]] },
];

describe('planPartitionTags', () => {
  it('puts one partition on each of three masters', () => {
    const tags = planPartitionTags('emails', 3, three);
    expect([...partitionsPerMaster(tags, three).values()]).toEqual([1, 1, 1]);
    expect(tags[0]).toMatch(/^q:emails:0(~\d+)?$/);
  });

  it('spreads 7 partitions as evenly as possible', () => {
    const counts = [...partitionsPerMaster(planPartitionTags('jobs', 7, three), three).values()].sort();
    expect(counts).toEqual([2, 2, 3]);
  });

  it('works for masters with split ranges (after a reshard)', () => {
    const split: MasterSlots[] = [
      {
        id: 'a',
        ranges: [
          [0, 100],
          [8000, 9000],
        ],
      },
      { id: 'b', ranges: [[101, 7999]] },
      { id: 'c', ranges: [[9001, 16383]] },
    ];
    expect([...partitionsPerMaster(planPartitionTags('q', 3, split), split).values()]).toEqual([1, 1, 1]);
  });

  it('uses plain tags on a single server', () => {
    expect(planPartitionTags('q', 2, [])).toEqual(['q:q:0', 'q:q:1']);
  });

  it('keeps every key of a partition in one slot', () => {
    const keys = partitionKeys('q:emails:0~3');
    const slots = new Set(
      Object.entries(keys)
        .filter(([k]) => k !== 'tag')
        .map(([, v]) => calculateSlot(v)),
    );
    expect(slots.size).toBe(1);
  });
});

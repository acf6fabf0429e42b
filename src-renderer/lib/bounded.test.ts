import { describe, expect, it } from 'vitest';
import { pushBounded } from './bounded';

describe('pushBounded', () => {
  it('keeps the newest items up to the limit', () => {
    expect(pushBounded([1, 2, 3], [4, 5], 4)).toEqual([2, 3, 4, 5]);
  });
  it('does not mutate its input', () => {
    const list = [1];
    pushBounded(list, [2], 1);
    expect(list).toEqual([1]);
  });
  it('never exceeds the limit when fed one at a time', () => {
    let list: number[] = [];
    for (let i = 0; i < 1000; i++) list = pushBounded(list, [i], 50);
    expect(list).toHaveLength(50);
    expect(list[0]).toBe(950);
  });
});

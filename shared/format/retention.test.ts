import { describe, expect, it } from 'vitest';
import { formatAge, formatRetention } from './retention';

describe('formatRetention', () => {
  it('names count and age of each rule in the largest whole unit', () => {
    expect(
      formatRetention({
        completed: { maxCount: 10_000, maxAgeMs: 24 * 3_600_000 },
        failed: { maxCount: 100_000, maxAgeMs: 7 * 24 * 3_600_000 },
      }),
    ).toBe('completed: last 10,000, none older than 1 d; failed and cancelled: last 100,000, none older than 7 d');
  });

  it('keeps odd ages exact', () => {
    expect(formatAge(90_000)).toBe('90 s');
    expect(formatAge(1500)).toBe('1500 ms');
    expect(formatAge(0)).toBe('0 ms');
    expect(formatAge(120_000)).toBe('2 min');
  });
});

import { describe, expect, it } from 'vitest';
import { formatCountShort, formatElapsed, formatTime } from './format';

describe('formatElapsed', () => {
  it('reads at a glance', () => {
    expect(
      [0, 42_000, 60_000, 12 * 60_000 + 59_000, 3 * 3_600_000, 3 * 3_600_000 + 5 * 60_000].map(formatElapsed),
    ).toEqual(['0 s', '42 s', '1 min', '12 min', '3 h', '3 h 5 min']);
    expect(formatElapsed(2 * 86_400_000 + 4 * 3_600_000)).toBe('2 d 4 h');
  });
});

describe('formatCountShort', () => {
  it('keeps counts whole below a million and compact above', () => {
    expect([999_999, 1_796_181_660, 179_618_165_300].map(formatCountShort)).toEqual(['999,999', '1.8B', '179.6B']);
  });
});

describe('formatTime', () => {
  it('reads as toLocaleTimeString does, from one formatter', () => {
    for (const t of [0, 1_000_000_000_000, Date.now()]) expect(formatTime(t)).toBe(new Date(t).toLocaleTimeString());
    expect(formatTime(undefined)).toBe('—');
  });
});

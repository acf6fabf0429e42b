import { describe, expect, it } from 'vitest';
import { limitStatus } from '../../testing/fixtures';
import { formatRateLimit, limitSummary } from './limit-text';

describe('limit text', () => {
  it('names the window in the shortest words', () => {
    expect(formatRateLimit({ max: 100, perMs: 1000 })).toBe('100/s');
    expect(formatRateLimit({ max: 30, perMs: 60_000 })).toBe('30/min');
    expect(formatRateLimit({ max: 2000, perMs: 3_600_000 })).toBe('2,000/h');
    expect(formatRateLimit({ max: 5, perMs: 250 })).toBe('5 per 250 ms');
  });

  it('says whether the limits hold tasks back now', () => {
    expect(limitSummary(limitStatus('q'), 0)).toBe('no limits');
    const both = limitStatus('q', { rateLimit: { max: 100, perMs: 1000 }, concurrency: 5, waiting: 340 });
    expect(limitSummary(both, 0)).toBe('100/s, at most 5 active');
    expect(limitSummary({ ...both, limited: true }, 0)).toBe(
      'limited: 100/s, at most 5 active, 340 waiting for a slot',
    );
    const held = limitStatus('q', { heldUntil: 10_500, limited: true, waiting: 7 });
    expect(limitSummary(held, 8000)).toBe('limited: held by a handler for 3 s more, 7 waiting for a slot');
    expect(limitSummary({ ...held, limited: false }, 11_000)).toBe('no limits');
  });
});

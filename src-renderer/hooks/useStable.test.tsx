import { renderHook } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { promotedSnapshot, snapshot3x3 } from '../testing/fixtures';
import { useOwnedRanges } from './useOwnedRanges';
import { useStable } from './useStable';

describe('useStable', () => {
  it('keeps the first of equal-signature values and takes a value with a new signature', () => {
    const sig = (v: number[]) => v.join(',');
    const first = [1, 2];
    const { result, rerender } = renderHook(({ v }) => useStable(v, sig), { initialProps: { v: first } });
    rerender({ v: [1, 2] });
    expect(result.current).toBe(first);
    const next = [1, 3];
    rerender({ v: next });
    expect(result.current).toBe(next);
  });
});

describe('useOwnedRanges', () => {
  it('returns the same runs for a snapshot with new figures, and new runs once ownership changes', () => {
    const { result, rerender } = renderHook(({ s }) => useOwnedRanges(s), { initialProps: { s: snapshot3x3() } });
    const first = result.current;
    const busier = snapshot3x3(2_000_000);
    busier.shards[0]!.master.opsPerSec = 5000;
    rerender({ s: busier });
    expect(result.current).toBe(first);
    rerender({ s: promotedSnapshot() });
    expect(result.current).not.toBe(first);
    expect(result.current[0]!.ownerId).toBe('r0');
  });
});

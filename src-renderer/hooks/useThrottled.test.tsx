import { act, renderHook } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { useThrottled } from './useThrottled';

describe('useThrottled', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('shows the first value at once, then the newest value at most once per interval', () => {
    vi.useFakeTimers();
    vi.setSystemTime(100_000);
    const { result, rerender } = renderHook(({ v }) => useThrottled(v, 5000), { initialProps: { v: 1 } });
    expect(result.current).toBe(1);
    act(() => vi.advanceTimersByTime(1000));
    rerender({ v: 2 });
    act(() => vi.advanceTimersByTime(1000));
    rerender({ v: 3 });
    expect(result.current).toBe(1);
    // 5 s after the first value was shown, the newest one (3, not 2) is.
    act(() => vi.advanceTimersByTime(2999));
    expect(result.current).toBe(1);
    act(() => vi.advanceTimersByTime(1));
    expect(result.current).toBe(3);
    // A change after a quiet interval shows at once.
    act(() => vi.advanceTimersByTime(6000));
    rerender({ v: 4 });
    expect(result.current).toBe(4);
  });
});

import { useRef } from 'react';

/**
 * `value`, or the value it replaced when both have the same `signature`: data rebuilt from every
 * snapshot (a new array each second) keeps its identity while it says the same, so memoised views
 * it feeds skip their render.
 */
export function useStable<T>(value: T, signature: (value: T) => string): T {
  const kept = useRef<{ signature: string; value: T } | null>(null);
  const next = signature(value);
  if (kept.current?.signature !== next) kept.current = { signature: next, value };
  return kept.current.value;
}

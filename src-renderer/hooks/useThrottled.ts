import { useEffect, useRef, useState } from 'react';

/**
 * `value`, but at most once every `ms`: a change inside the interval shows when it ends (a UI timer
 * only). For pictures too coarse to change each second, e.g. a 15-minute sparkline 120 px wide,
 * where a pixel is 7.5 s.
 */
export function useThrottled<T>(value: T, ms: number): T {
  const [shown, setShown] = useState(value);
  const last = useRef(0);
  useEffect(() => {
    const wait = last.current + ms - Date.now();
    if (wait <= 0) {
      last.current = Date.now();
      setShown(value);
      return;
    }
    const id = setTimeout(() => {
      last.current = Date.now();
      setShown(value);
    }, wait);
    return () => clearTimeout(id);
  }, [value, ms]);
  return shown;
}

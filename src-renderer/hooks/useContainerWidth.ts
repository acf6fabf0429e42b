import { useEffect, useState, type RefObject } from 'react';

/**
 * The content width in px of `ref`'s parent element, followed with a ResizeObserver, for charts
 * drawn on a canvas (which has no width of its own). `fallback` until it is measured (and in jsdom,
 * which measures 0); never below `min`.
 */
export function useContainerWidth(ref: RefObject<Element | null>, fallback = 800, min = 200): number {
  const [width, setWidth] = useState(fallback);
  useEffect(() => {
    const el = ref.current?.parentElement;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(([entry]) => {
      const w = entry ? Math.floor(entry.contentRect.width) : 0;
      if (w > 0) setWidth(Math.max(min, w));
    });
    ro.observe(el);
    return () => ro.disconnect();
  }, [ref, min]);
  return width;
}

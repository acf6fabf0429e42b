import { useEffect, useState, type RefObject } from 'react';

/**
 * The width in px of the element's parent, followed with a ResizeObserver (canvas charts size their
 * bitmap to it); `fallback` where there is none (jsdom), never below `min`.
 */
export function useParentWidth(ref: RefObject<Element | null>, fallback: number, min = 200): number {
  const [width, setWidth] = useState(fallback);
  useEffect(() => {
    const el = ref.current?.parentElement;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(([entry]) => entry && setWidth(Math.max(min, Math.floor(entry.contentRect.width))));
    ro.observe(el);
    return () => ro.disconnect();
  }, [ref, min]);
  return width;
}

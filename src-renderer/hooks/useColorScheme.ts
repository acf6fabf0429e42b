import { useSyncExternalStore } from 'react';

const QUERY = '(prefers-color-scheme: dark)';

function subscribe(onChange: () => void): () => void {
  if (typeof window.matchMedia !== 'function') return () => undefined;
  const mql = window.matchMedia(QUERY);
  mql.addEventListener('change', onChange);
  return () => mql.removeEventListener('change', onChange);
}

const current = (): 'light' | 'dark' =>
  typeof window.matchMedia === 'function' && window.matchMedia(QUERY).matches ? 'dark' : 'light';

/**
 * The colour scheme the CSS variables follow. Charts drawn on a canvas read those variables when
 * they draw, so they redraw when it changes instead of keeping the other theme's colours.
 */
export function useColorScheme(): 'light' | 'dark' {
  return useSyncExternalStore(subscribe, current);
}

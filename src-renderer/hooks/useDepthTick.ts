import { useLive } from './useLive';

/**
 * The time of the newest `queue:depth` sample (of `queue`, or of any queue): main pushes one about
 * once a second, so views that show server-side state refetch on it instead of a timer of their own.
 */
export function useDepthTick(queue?: string): number {
  return useLive((s) => {
    let at = 0;
    for (const [name, points] of Object.entries(s.depth)) {
      if (queue !== undefined && name !== queue) continue;
      at = Math.max(at, points[points.length - 1]?.at ?? 0);
    }
    return at;
  });
}

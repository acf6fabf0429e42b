import { memo, useMemo } from 'react';

const W = 120;
const H = 24;

/** The SVG path of a sparkline: x over `domain`, y from 0 to the largest value; a null breaks the line. */
export function sparkPath(
  points: ReadonlyArray<readonly [number, number | null]>,
  domain: readonly [number, number],
): string {
  const span = Math.max(1, domain[1] - domain[0]);
  let max = 1;
  for (const [, v] of points) if (v !== null && v > max) max = v;
  let d = '';
  let open = false;
  for (const [at, v] of points) {
    if (v === null) {
      open = false;
      continue;
    }
    const x = (((at - domain[0]) / span) * W).toFixed(1);
    const y = (H - 1 - (v / max) * (H - 2)).toFixed(1);
    d += `${open ? 'L' : 'M'}${x} ${y}`;
    open = true;
  }
  return d;
}

/**
 * A queue's depth over the window as one SVG path: one DOM node per row, whatever the number of
 * samples (they arrive decimated). `label` says in words what the line shows.
 */
export const Sparkline = memo(function Sparkline({
  points,
  domain,
  label,
}: {
  points: ReadonlyArray<readonly [number, number | null]>;
  domain: readonly [number, number];
  label: string;
}) {
  const [from, to] = domain;
  // The points change every few seconds (they are throttled), the domain array every render.
  const d = useMemo(() => sparkPath(points, [from, to]), [points, from, to]);
  return (
    <svg className="sparkline" width={W} height={H} viewBox={`0 0 ${W} ${H}`} role="img" aria-label={label}>
      <path d={d} fill="none" stroke="var(--series-waiting)" strokeWidth={1.5} />
    </svg>
  );
});

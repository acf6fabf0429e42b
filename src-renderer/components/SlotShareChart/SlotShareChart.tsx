import { memo, useMemo } from 'react';
import { donutArcs } from './donutArcs';
import { shareSignature, type SlotShare } from './slotShareSeries';

const SIZE = 220;
const GEOMETRY = { cx: SIZE / 2, cy: SIZE / 2, inner: 50, outer: 90 };

const describe = (s: SlotShare) => `${s.address}: ${s.slots} slots (${s.share}%)`;

/**
 * Share of the 16384 slots per master, in the same colours as the slot map, as a ring of a dozen
 * SVG paths. Not recharts: its Pie ran a store and dozens of selectors on every ownership change,
 * tens of ms for a handful of sectors, in the same frame as the slot map's redraw. Re-renders only
 * when what it shows changes (same signature: same chart), not for a new array of the same shares.
 */
export const SlotShareChart = memo(
  function SlotShareChart({ series }: { series: SlotShare[] }) {
    const arcs = useMemo(() => donutArcs(series, GEOMETRY), [series]);
    const byOwner = new Map(series.map((s) => [s.ownerId, s]));
    return (
      <figure
        className="card"
        data-testid="slot-share-chart"
        data-owners={series.filter((s) => s.ownerId !== 'unassigned').length}
        style={{ margin: 0 }}
      >
        <svg
          width={SIZE}
          height={SIZE}
          viewBox={`0 0 ${SIZE} ${SIZE}`}
          role="img"
          aria-label={`Slot share per master: ${series.map(describe).join('; ')}`}
        >
          {arcs.map((a) => (
            <path key={a.ownerId} d={a.d} fill={a.fill} fillRule="evenodd" stroke="var(--surface)">
              <title>{describe(byOwner.get(a.ownerId)!)}</title>
            </path>
          ))}
        </svg>
        <figcaption>
          <ul className="legend" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
            {series.map((s) => (
              <li key={s.ownerId} data-testid="slot-share-row">
                <span
                  aria-hidden="true"
                  style={{ display: 'inline-block', width: 10, height: 10, background: s.fill, marginRight: 6 }}
                />
                {s.address}: {s.slots} ({s.share}%)
              </li>
            ))}
          </ul>
        </figcaption>
      </figure>
    );
  },
  (a, b) => a.series === b.series || shareSignature(a.series) === shareSignature(b.series),
);

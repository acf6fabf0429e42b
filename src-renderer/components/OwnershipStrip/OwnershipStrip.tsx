import { memo, useEffect, useMemo, useRef } from 'react';
import { useParentWidth } from '../../hooks/useParentWidth';
import { formatCount } from '../../lib/format';
import { ownerColor } from '../../lib/owner-colors';
import { SLOT_COUNT, type OwnedRange } from '../../lib/slot-ownership';
import { ownershipStrip } from './ownershipStrip';
import './OwnershipStrip.css';

const HEIGHT = 18;

/** `var(--owner-3)` → `--owner-3`: a canvas takes colours, not CSS variables. */
const varName = (css: string) => /var\((--[\w-]+)\)/.exec(css)?.[1] ?? '--unassigned';

/**
 * All 16384 slots in one horizontal strip, coloured by owning master (as on the slot map), drawn on
 * a canvas: a few thousand ranges cost one redraw, not one DOM node each. Slots of a suspected or
 * failed owner are hatched. The text beside it says the same without colour: state, coverage, and
 * each master's slots.
 */
export const OwnershipStrip = memo(function OwnershipStrip({
  ranges,
  colors,
  clusterState,
}: {
  ranges: OwnedRange[];
  colors: Record<string, number>;
  clusterState: string;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const width = useParentWidth(canvas, 720, 100);
  const model = useMemo(() => ownershipStrip(ranges, colors, width), [ranges, colors, width]);
  useEffect(() => {
    const el = canvas.current;
    const ctx = el?.getContext('2d');
    if (!el || !ctx) return; // jsdom: no canvas
    const dpr = window.devicePixelRatio || 1;
    el.width = width * dpr;
    el.height = HEIGHT * dpr;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    const css = getComputedStyle(el);
    const v = (name: string) => css.getPropertyValue(name).trim() || '#888';
    for (const s of model.segments) {
      ctx.fillStyle = v(varName(ownerColor(s.color)));
      if (s.ownerId === null) ctx.fillStyle = v('--unassigned');
      ctx.fillRect(s.x0, 0, s.x1 - s.x0, HEIGHT);
    }
    ctx.strokeStyle = v('--danger');
    ctx.lineWidth = 2;
    for (const s of model.segments.filter((x) => x.failing)) {
      ctx.save();
      ctx.beginPath();
      ctx.rect(s.x0, 0, s.x1 - s.x0, HEIGHT);
      ctx.clip();
      for (let x = s.x0 - HEIGHT; x < s.x1; x += 6) {
        ctx.moveTo(x, HEIGHT);
        ctx.lineTo(x + HEIGHT, 0);
      }
      ctx.stroke();
      ctx.restore();
    }
  }, [model, width]);

  const ok = clusterState === 'ok' && model.covered === SLOT_COUNT && model.failingSlots === 0;
  const summary =
    `cluster_state ${clusterState} · ${formatCount(model.covered)} of ${formatCount(SLOT_COUNT)} slots covered` +
    (model.failingSlots ? ` · ${formatCount(model.failingSlots)} on a failing master` : '');
  return (
    <div
      className="ownership-strip"
      data-testid="overview-ownership-strip"
      data-covered={model.covered}
      data-owners={model.owners.length}
      data-failing={model.failingSlots}
    >
      <p className={`ownership-summary ${ok ? 'tone-ok' : 'tone-danger'}`} data-testid="overview-strip-summary">
        {ok ? '✓' : '✗'} {summary}
      </p>
      <div className="ownership-canvas">
        <canvas
          ref={canvas}
          role="img"
          aria-label={`Slot ownership strip: ${summary}, ${model.owners.length} masters`}
          style={{ width: `${width}px`, height: `${HEIGHT}px`, display: 'block' }}
        />
      </div>
      <ul className="ownership-legend">
        {model.owners.map((o) => (
          <li key={o.id} data-testid="overview-strip-owner" data-owner={o.id} data-slots={o.slots}>
            <span aria-hidden="true" className="ownership-swatch" style={{ background: ownerColor(o.color) }} />
            {o.address} · {formatCount(o.slots)} slots
            {o.health && o.health !== 'online' && <strong className="tone-danger"> · {o.health}</strong>}
          </li>
        ))}
        {model.unassigned > 0 && (
          <li data-testid="overview-strip-unassigned">
            <span aria-hidden="true" className="ownership-swatch" style={{ background: 'var(--unassigned)' }} />
            <strong className="tone-danger">unassigned · {formatCount(model.unassigned)} slots</strong>
          </li>
        )}
      </ul>
    </div>
  );
});

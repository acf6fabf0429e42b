import { memo, useMemo, useState, type MouseEvent } from 'react';
import { formatRange } from '../../lib/format';
import type { MigratingRange } from '../../lib/migrating-ranges';
import { layoutRows, type OwnedRange } from '../../lib/slot-ownership';
import type { MovedRange } from '../../store/live-state';
import { movedOutline } from './movedOutline';
import { buildSlotMap, SLOT_COLUMNS, type SlotMapRect } from './slotMapModel';
import { SlotTooltip } from './SlotTooltip';
import './SlotMap.css';

export interface SlotMapProps {
  ranges: OwnedRange[];
  colors: Record<string, number>;
  moved: MovedRange[];
  /** A slot to point at (from the key lookup). */
  markedSlot?: number | null;
  /** Slots moving between masters right now (open MIGRATING/IMPORTING). Default none. */
  migrating?: MigratingRange[];
}

const NO_MIGRATIONS: MigratingRange[] = [];

const VIEW_BOX = `0 0 ${SLOT_COLUMNS} ${SLOT_COLUMNS}`;

type CellProps = Pick<SlotMapRect, 'x' | 'y' | 'width' | 'fill' | 'index' | 'ownerId' | 'start' | 'end'>;

/**
 * One row-run of slots. Memoised on its primitive props: when ownership changes, only the cells
 * whose owner or extent changed render and touch the DOM, not all of them (2048 after a reshard,
 * up to 16384).
 */
const SlotCell = memo(function SlotCell({ x, y, width, fill, index, ownerId, start, end }: CellProps) {
  return (
    <rect
      x={x}
      y={y}
      width={width}
      height={1}
      fill={fill}
      data-range={index}
      data-owner={ownerId ?? ''}
      data-slots={`${start}-${end}`}
    />
  );
});

/**
 * All 16384 slots as a 128×128 SVG grid, one rect per range per row, coloured by owning master.
 * Memoised: the cells are rebuilt only when ownership changes, not on hover or on every snapshot.
 * "Just moved" slots get a pulsing ring around their outer edge, never a fill or stripes over the
 * cells, so the new owner's colour reads as itself (yellow over red read as orange, another
 * master's colour). The ring sits in a layer of its own whose opacity is animated, so the pulse is
 * composited instead of repainting thousands of cells every frame.
 */
export const SlotMap = memo(function SlotMap({
  ranges,
  colors,
  moved,
  markedSlot,
  migrating = NO_MIGRATIONS,
}: SlotMapProps) {
  const model = useMemo(() => buildSlotMap(ranges, colors), [ranges, colors]);
  const movedPath = useMemo(
    () =>
      movedOutline(
        layoutRows(
          moved.map((m) => ({ start: m.range[0], end: m.range[1] })),
          SLOT_COLUMNS,
        ),
      ),
    [moved],
  );
  const migratingRects = useMemo(() => layoutRows(migrating, SLOT_COLUMNS), [migrating]);
  const [hovered, setHovered] = useState<number | null>(null);
  const cells = useMemo(
    () => (
      <>
        {model.rects.map((r) => (
          <SlotCell
            key={r.key}
            x={r.x}
            y={r.y}
            width={r.width}
            fill={r.fill}
            index={r.index}
            ownerId={r.ownerId}
            start={r.start}
            end={r.end}
          />
        ))}
        {model.rects
          .filter((r) => r.failing)
          .map((r) => (
            <rect
              key={`f${r.key}`}
              className="slot-failing"
              data-testid="slot-failing"
              x={r.x}
              y={r.y}
              width={r.width}
              height={1}
              fill="url(#slot-hatch)"
              pointerEvents="none"
            />
          ))}
      </>
    ),
    [model],
  );
  // One delegated handler instead of one closure per cell.
  const onOver = (e: MouseEvent<SVGSVGElement>) => {
    const index = (e.target as Element).getAttribute('data-range');
    if (index !== null) setHovered(Number(index));
  };
  return (
    <div className="slot-map-wrap">
      <div className="slot-map-frame">
        <svg
          className="slot-map"
          viewBox={VIEW_BOX}
          preserveAspectRatio="none"
          role="img"
          aria-label={`Slot map: ${model.covered} of 16384 slots covered by ${model.distinctColors} masters`}
          data-testid="slot-map"
          data-colors={model.distinctColors}
          data-covered={model.covered}
          data-moved={moved.length}
          data-migrating={migrating.length}
          onMouseOver={onOver}
          onMouseLeave={() => setHovered(null)}
        >
          <defs>
            <pattern id="slot-hatch" width="2" height="2" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
              <rect width="1" height="2" fill="var(--danger)" />
            </pattern>
            <pattern
              id="slot-migrating-stripes"
              width="2"
              height="2"
              patternUnits="userSpaceOnUse"
              patternTransform="rotate(-45)"
            >
              <rect width="1" height="2" fill="var(--highlight)" />
            </pattern>
          </defs>
          {cells}
          {migratingRects.map((r, i) => {
            const m = migrating[r.index]!;
            return (
              <rect
                key={`g${i}`}
                className="slot-migrating"
                data-testid="slot-migrating"
                data-from={m.fromId}
                data-to={m.toId}
                x={r.x}
                y={r.y}
                width={r.width}
                height={1}
                fill="url(#slot-migrating-stripes)"
                pointerEvents="none"
              />
            );
          })}
          {markedSlot != null && (
            <rect
              className="slot-marked"
              data-testid="slot-marked"
              x={(markedSlot % SLOT_COLUMNS) - 0.5}
              y={Math.floor(markedSlot / SLOT_COLUMNS) - 0.5}
              width={2}
              height={2}
              pointerEvents="none"
            />
          )}
        </svg>
        {movedPath !== '' && (
          <svg className="slot-moved-layer" viewBox={VIEW_BOX} preserveAspectRatio="none" aria-hidden="true">
            {/* A light halo under a dark line: the ring stands out on every owner colour, in both themes. */}
            <path className="slot-moved-halo" d={movedPath} vectorEffect="non-scaling-stroke" />
            <path className="slot-moved" data-testid="slot-moved" d={movedPath} vectorEffect="non-scaling-stroke" />
          </svg>
        )}
      </div>
      {migrating.length > 0 && (
        <ul className="slot-migrations" data-testid="slot-migrations" aria-live="polite">
          {migrating.map((m) => (
            <li key={`${m.start}-${m.fromId}-${m.toId}`} data-testid="slot-migration">
              Migrating slots {formatRange([m.start, m.end])}: {m.fromAddress} → {m.toAddress}
            </li>
          ))}
        </ul>
      )}
      <SlotTooltip range={hovered !== null ? ranges[hovered] : undefined} />
    </div>
  );
});

import { useMemo, useState } from 'react';
import { layoutRows, type OwnedRange } from '../../lib/slot-ownership';
import { formatRange } from '../../lib/format';
import type { MovedRange } from '../../store/live-state';
import { buildSlotMap, SLOT_COLUMNS } from './slotMapModel';
import './SlotMap.css';

export interface SlotMapProps {
  ranges: OwnedRange[];
  colors: Record<string, number>;
  moved: MovedRange[];
  /** A slot to point at (from the key lookup). */
  markedSlot?: number | null;
}

/** All 16384 slots as a 128×128 SVG grid, one rect per range per row, coloured by owning master. */
export function SlotMap({ ranges, colors, moved, markedSlot }: SlotMapProps) {
  const model = useMemo(() => buildSlotMap(ranges, colors), [ranges, colors]);
  const movedRects = useMemo(
    () =>
      layoutRows(
        moved.map((m) => ({ start: m.range[0], end: m.range[1] })),
        SLOT_COLUMNS,
      ),
    [moved],
  );
  const [hovered, setHovered] = useState<number | null>(null);
  const range = hovered !== null ? ranges[hovered] : undefined;
  return (
    <div className="slot-map-wrap">
      <svg
        className="slot-map"
        viewBox={`0 0 ${SLOT_COLUMNS} ${SLOT_COLUMNS}`}
        preserveAspectRatio="none"
        role="img"
        aria-label={`Slot map: ${model.covered} of 16384 slots covered by ${model.distinctColors} masters`}
        data-testid="slot-map"
        data-colors={model.distinctColors}
        data-covered={model.covered}
        data-moved={moved.length}
        onMouseLeave={() => setHovered(null)}
      >
        <defs>
          <pattern id="slot-hatch" width="2" height="2" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
            <rect width="1" height="2" fill="var(--danger)" />
          </pattern>
        </defs>
        {model.rects.map((r) => (
          <rect
            key={r.key}
            x={r.x}
            y={r.y}
            width={r.width}
            height={1}
            fill={r.fill}
            data-range={r.index}
            data-owner={r.ownerId ?? ''}
            data-slots={`${r.start}-${r.end}`}
            onMouseEnter={() => setHovered(r.index)}
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
        {movedRects.map((r, i) => (
          <rect
            key={`m${i}`}
            className="slot-moved"
            data-testid="slot-moved"
            x={r.x}
            y={r.y}
            width={r.width}
            height={1}
            pointerEvents="none"
          />
        ))}
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
      <div className="slot-tooltip card" data-testid="slot-tooltip" aria-live="polite">
        {range ? (
          <>
            <div>
              <strong>Slots {formatRange([range.start, range.end])}</strong> ({range.end - range.start + 1})
            </div>
            <div>
              Owner: {range.ownerAddress ?? 'unassigned'}
              {range.ownerHealth && <span className={`health-${range.ownerHealth}`}> ({range.ownerHealth})</span>}
            </div>
            <div className="muted">Replicas: {range.replicas.length ? range.replicas.join(', ') : 'none'}</div>
          </>
        ) : (
          <span className="muted">Hover the map to see a range, its owner and replicas.</span>
        )}
      </div>
    </div>
  );
}

import { formatRange } from '../../lib/format';
import type { OwnedRange } from '../../lib/slot-ownership';

/** Details of the hovered range under the slot map: slots, owner and its health, replicas. */
export function SlotTooltip({ range }: { range: OwnedRange | undefined }) {
  return (
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
  );
}

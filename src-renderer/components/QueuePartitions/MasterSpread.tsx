import type { PartitionSpread } from '../../../shared/types/partitions';
import { spreadSummary } from './partitionRows';

/**
 * How many of the newest generation's partitions each master owns, and a warning when the spread
 * is uneven (some master owns more than ceil(P/M), or none while P ≥ M). Masters without slots
 * are named apart: a rebalance cannot place anything there until slots move.
 */
export function MasterSpread({ spread }: { spread: PartitionSpread }) {
  return (
    <div data-testid="spread" data-uneven={String(spread.uneven)}>
      <p data-testid="spread-summary">{spreadSummary(spread)}</p>
      <ul className="spread-list">
        {spread.masters.map((m) => (
          <li key={m.id} data-testid="spread-master" data-address={m.address} data-partitions={m.partitions}>
            {m.address}: {m.partitions} partition{m.partitions === 1 ? '' : 's'}
          </li>
        ))}
        {spread.slotless.map((a) => (
          <li key={a} data-testid="spread-slotless" className="muted">
            {a}: owns no slots, so no partition can live there (move slots to it first, e.g. slotline cluster rebalance)
          </li>
        ))}
      </ul>
      {spread.unplaced > 0 && (
        <p data-testid="spread-unplaced">
          {spread.unplaced} partition{spread.unplaced === 1 ? '' : 's'} on slots no master owns now
        </p>
      )}
      {spread.uneven && (
        <p className="spread-warning" role="status" data-testid="spread-uneven">
          <strong>Uneven:</strong> {spread.reason}. Rebalance the queue to spread its partitions over the masters of
          now.
        </p>
      )}
    </div>
  );
}

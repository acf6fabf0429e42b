import calculateSlot from 'cluster-key-slot';
import { useState } from 'react';
import { rangeOfSlot, type OwnedRange } from '../../lib/slot-ownership';

/** "Which slot and node hold this key?" — the same CRC16 hash tag rules Redis uses. */
export function KeySlotLookup({ ranges, onSlot }: { ranges: OwnedRange[]; onSlot: (slot: number | null) => void }) {
  const [key, setKey] = useState('');
  const slot = key ? calculateSlot(key) : null;
  const owner = slot !== null ? rangeOfSlot(ranges, slot) : undefined;
  return (
    <div className="card">
      <label className="row">
        Key
        <input
          value={key}
          placeholder="e.g. {q:emails:3}:waiting"
          data-testid="key-lookup-input"
          onChange={(e) => {
            setKey(e.target.value);
            onSlot(e.target.value ? calculateSlot(e.target.value) : null);
          }}
        />
      </label>
      {slot !== null && (
        <p data-testid="key-lookup-result" data-slot={slot}>
          Slot <strong>{slot}</strong> — held by {owner?.ownerAddress ?? 'no master (unassigned)'}
          {owner?.ownerHealth && owner.ownerHealth !== 'online' && (
            <span className={`health-${owner.ownerHealth}`}> ({owner.ownerHealth})</span>
          )}
          {owner && owner.replicas.length > 0 && <span className="muted">, replicas {owner.replicas.join(', ')}</span>}
        </p>
      )}
    </div>
  );
}

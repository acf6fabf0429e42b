import { useDeferredValue, useMemo, useState } from 'react';
import { DisagreementBanner } from '../components/DisagreementBanner/DisagreementBanner';
import { EmptyState } from '../components/EmptyState/EmptyState';
import { KeySlotLookup } from '../components/KeySlotLookup/KeySlotLookup';
import { SlotMap } from '../components/SlotMap/SlotMap';
import { SlotShareChart } from '../components/SlotShareChart/SlotShareChart';
import { slotShareSeries } from '../components/SlotShareChart/slotShareSeries';
import { useMovedRanges } from '../hooks/useMovedRanges';
import { migratingRanges, migratingSignature } from '../lib/migrating-ranges';
import { useOwnedRanges } from '../hooks/useOwnedRanges';
import { useOwnerColors } from '../hooks/useOwnerColors';
import { useSnapshot } from '../hooks/useSnapshot';
import { useStable } from '../hooks/useStable';

/** The signature view: who owns each of the 16384 slots, live. */
export function SlotsPage() {
  const { snapshot, loaded } = useSnapshot();
  const colors = useOwnerColors();
  const moved = useMovedRanges();
  const [markedSlot, setMarkedSlot] = useState<number | null>(null);
  const ranges = useOwnedRanges(snapshot);
  const share = useMemo(() => slotShareSeries(ranges, colors), [ranges, colors]);
  // A new (empty) array from every snapshot would re-render the slot map each second.
  const migrating = useStable(
    useMemo(() => migratingRanges(snapshot), [snapshot]),
    migratingSignature,
  );
  // The map redraws thousands of cells when ownership changes: React renders that in the
  // background, in slices between frames, instead of in the frame the snapshot arrived in.
  const map = useDeferredValue(
    useMemo(() => ({ ranges, colors, moved, migrating }), [ranges, colors, moved, migrating]),
  );

  return (
    <section className="page" data-testid="page-slots" data-state={loaded ? 'ready' : 'loading'}>
      <h2>Slot ownership</h2>
      <DisagreementBanner snapshot={snapshot} />
      {loaded && !snapshot && (
        <EmptyState title="Not connected">
          Connect to Redis on the Connection view (0) to see slot ownership.
        </EmptyState>
      )}
      {snapshot?.mode === 'single' && (
        <EmptyState title="Single Redis: no slots" testId="single-mode-note">
          A single Redis server holds every key itself. Slot ownership and failovers apply to Redis Cluster only.
        </EmptyState>
      )}
      {snapshot?.mode === 'cluster' && (
        <>
          <p className="muted">
            Each cell is one hash slot, coloured by the master that owns it. Hatched: owner suspected or failed.
            Striped: moving between masters now. Flashing outline: ownership just changed.
          </p>
          <div className="row" style={{ alignItems: 'flex-start' }}>
            <div style={{ flex: 2, minWidth: 320 }}>
              <SlotMap {...map} markedSlot={markedSlot} />
            </div>
            <SlotShareChart series={share} />
          </div>
          <KeySlotLookup ranges={ranges} onSlot={setMarkedSlot} />
        </>
      )}
    </section>
  );
}

import { describeSlotView } from '../../../shared/format/slot-views';
import type { TopologySnapshot } from '../../../shared/types/topology';
import { formatDateTime } from '../../lib/format';
import '../ConnectionBanner/ConnectionBanner.css';

/**
 * Says, while it lasts, that the nodes do not agree about who owns some slots, and what each
 * group of nodes says, so the map below is not taken for an agreed view.
 */
export function DisagreementBanner({ snapshot }: { snapshot: TopologySnapshot | null }) {
  const d = snapshot?.disagreement;
  if (!d) return null;
  return (
    <div className="banner banner-warn" role="alert" data-testid="banner-disagreement">
      <strong>Nodes disagree about slot ownership</strong> (since {formatDateTime(d.since)}):{' '}
      <span data-testid="disagreement-text">nodes disagree: {d.views.map(describeSlotView).join(' | ')}</span>. What is
      drawn below is the freshest view (highest config epoch), not an agreed one.
    </div>
  );
}

import type { SlotDisagreement, SlotRange, SlotView } from '../types/topology';

const fmt = ([a, b]: SlotRange): string => (a === b ? String(a) : `${a}-${b}`);

/** `127.0.0.11:7000 says 5461-5470 → 127.0.0.12:7001; …` for one view. */
export function describeSlotView(v: SlotView): string {
  const claims = v.claims
    .map((c) => `${c.slots.map(fmt).join(', ')} → ${c.ownerAddress ?? c.ownerId ?? 'unassigned'}`)
    .join('; ');
  return `${v.nodes.join(', ')} ${v.nodes.length > 1 ? 'say' : 'says'} ${claims}`;
}

/** `nodes disagree: 127.0.0.11:7000 says … | 127.0.0.14:7003 says …` */
export function describeDisagreement(d: Pick<SlotDisagreement, 'views'>): string {
  return `nodes disagree: ${d.views.map(describeSlotView).join(' | ')}`;
}

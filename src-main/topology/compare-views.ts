import type { SlotClaim, SlotDisagreement, SlotRange, SlotView } from '../../shared/types/topology';
import type { NodesView } from './parse-cluster-nodes';
import { normalizeRanges, SLOT_COUNT } from './slot-ranges';

/** One node's answer: its address and its CLUSTER NODES view. */
export interface AnsweredView {
  address: string;
  view: NodesView;
}

/** At most this many views are compared in one round, so a large cluster costs a bounded amount. */
export const MAX_COMPARED_VIEWS = 16;

/** Slot → owner id in one view ('' for unassigned), plus each owner's address in that view. */
function ownership(view: NodesView): { owners: string[]; addresses: Map<string, string> } {
  const owners: string[] = new Array<string>(SLOT_COUNT).fill('');
  const addresses = new Map<string, string>();
  for (const n of view.nodes) {
    addresses.set(n.id, n.address);
    if (n.role !== 'master') continue;
    for (const [a, b] of n.slots) for (let s = a; s <= b && s < SLOT_COUNT; s++) owners[s] = n.id;
  }
  return { owners, addresses };
}

function toRanges(slots: readonly number[]): SlotRange[] {
  const out: SlotRange[] = [];
  for (const s of slots) {
    const last = out[out.length - 1];
    if (last && last[1] === s - 1) last[1] = s;
    else out.push([s, s]);
  }
  return out;
}

/**
 * Compares the slot ownership each answering node reports. Nodes that did not answer are not
 * in `answered` and so never make a disagreement; nor do views with no lines. Returns undefined
 * when every view agrees, otherwise the contested slots and, per distinct view, the nodes holding
 * it and who owns the contested slots there. At most `cap` views are compared (the caller's
 * order decides which). `since` is stamped with `now`; the monitor replaces it with the episode's
 * start.
 */
export function compareSlotViews(
  answered: readonly AnsweredView[],
  now: number,
  cap: number = MAX_COMPARED_VIEWS,
): SlotDisagreement | undefined {
  const parsed = answered
    .filter((a) => a.view.nodes.length > 0)
    .slice(0, cap)
    .map((a) => ({ address: a.address, ...ownership(a.view) }));
  if (parsed.length < 2) return undefined;
  const contested: number[] = [];
  const first = parsed[0]!.owners;
  for (let s = 0; s < SLOT_COUNT; s++) {
    const o = first[s];
    if (parsed.some((p) => p.owners[s] !== o)) contested.push(s);
  }
  if (contested.length === 0) return undefined;

  const groups = new Map<string, { nodes: string[]; claims: SlotClaim[] }>();
  for (const p of parsed) {
    const byOwner = new Map<string, number[]>();
    for (const s of contested) {
      const o = p.owners[s]!;
      byOwner.set(o, [...(byOwner.get(o) ?? []), s]);
    }
    const claims: SlotClaim[] = [...byOwner]
      .map(([ownerId, slots]) => {
        const claim: SlotClaim = { slots: toRanges(slots) };
        if (ownerId !== '') {
          claim.ownerId = ownerId;
          const addr = p.addresses.get(ownerId);
          if (addr !== undefined) claim.ownerAddress = addr;
        }
        return claim;
      })
      .sort((x, y) => x.slots[0]![0] - y.slots[0]![0]);
    // Same owners for the same slots = same view, whatever address a node is announced at.
    const key = JSON.stringify(claims.map((c) => [c.ownerId ?? '', c.slots]));
    const g = groups.get(key);
    if (g) g.nodes.push(p.address);
    else groups.set(key, { nodes: [p.address], claims });
  }
  const views: SlotView[] = [...groups.values()].sort((x, y) => y.nodes.length - x.nodes.length);
  return { since: now, contested: normalizeRanges(toRanges(contested)), views };
}

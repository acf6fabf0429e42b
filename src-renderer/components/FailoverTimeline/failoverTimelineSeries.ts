import type { TopologyEvent } from '../../../shared/types/topology';
import { formatCount, formatDuration, formatRange } from '../../lib/format';
import { describeSlotView } from '../../../shared/format/slot-views';

/** Rows of the timeline, bottom to top: the life of a failover, then queue rebalances on top. */
export const LANES = ['other', 'suspected', 'failed', 'promoted', 'rejoined', 'rebalanced'] as const;
export type Lane = (typeof LANES)[number];

const LANE_OF: Partial<Record<TopologyEvent['type'], Lane>> = {
  'node-suspected': 'suspected',
  'node-failed': 'failed',
  'replica-promoted': 'promoted',
  'node-rejoined-as-replica': 'rejoined',
  'node-recovered': 'rejoined',
  'queue-rebalanced': 'rebalanced',
};

export interface TimelinePoint {
  id: string;
  x: number;
  y: number;
  lane: Lane;
  label: string;
}

/** One sentence per event, for tooltips and the table: every slot range and view in full. */
export function describeEvent(e: TopologyEvent): string {
  return describe(e, (slots) => slots.map(formatRange).join(', '), true);
}

/**
 * The same sentence kept short for the overview: at most `maxRanges` slot ranges (then how many
 * more and how many slots), and no per-view detail of a disagreement.
 */
export function describeEventBrief(e: TopologyEvent, maxRanges = 3): string {
  return describe(
    e,
    (slots) => {
      if (slots.length <= maxRanges) return slots.map(formatRange).join(', ');
      const total = slots.reduce((n, [a, b]) => n + b - a + 1, 0);
      return `${slots.slice(0, maxRanges).map(formatRange).join(', ')} and ${formatCount(slots.length - maxRanges)} more ranges, ${formatCount(total)} slots in all`;
    },
    false,
  );
}

function describe(
  e: TopologyEvent,
  ranges: (slots: ReadonlyArray<readonly [number, number]>) => string,
  views: boolean,
): string {
  switch (e.type) {
    case 'node-suspected':
    case 'node-failed':
      return `${e.role} ${e.address} ${e.type === 'node-failed' ? 'failed' : 'suspected (pfail)'}`;
    case 'replica-promoted':
      return `${e.newMasterAddress} promoted over ${e.oldMasterAddress} (slots ${ranges(e.slots)}) in ${formatDuration(e.durationMs)}`;
    case 'node-recovered':
      return `${e.address} recovered`;
    case 'node-rejoined-as-replica':
      return `${e.address} rejoined as replica of ${e.masterAddress}`;
    case 'slots-moved':
      return `slots ${ranges(e.slots)} moved ${e.fromAddress} → ${e.toAddress}${e.durationMs !== undefined ? ` (migration took ${formatDuration(e.durationMs)})` : ''}`;
    case 'node-added':
      return `${e.role} ${e.address} added`;
    case 'node-removed':
      return `${e.address} removed`;
    case 'cluster-state-changed':
      return `cluster_state ${e.from} → ${e.to}`;
    case 'views-disagreed':
      return `nodes disagreed on slots ${ranges(e.slots)} for ${formatDuration(e.durationMs)}${views ? ` (${e.views.map(describeSlotView).join(' | ')})` : ''}, then agreed`;
    case 'queue-rebalanced':
      return `queue ${e.queue} rebalanced: generation ${e.previousGeneration} → ${e.generation}, partitions ${e.partitionsBefore} → ${e.partitionsAfter}`;
  }
}

/** Events as points on lanes, grouped per lane. */
export function timelineSeries(events: readonly TopologyEvent[]): Record<Lane, TimelinePoint[]> {
  const series = Object.fromEntries(LANES.map((l) => [l, [] as TimelinePoint[]])) as Record<Lane, TimelinePoint[]>;
  for (const e of events) {
    const lane = LANE_OF[e.type] ?? 'other';
    series[lane].push({ id: e.id, x: e.at, y: LANES.indexOf(lane), lane, label: describeEvent(e) });
  }
  return series;
}

/** Promotion spans (first suspicion → promotion) drawn as shaded areas. */
export function promotionSpans(
  events: readonly TopologyEvent[],
): { id: string; from: number; to: number; durationMs: number }[] {
  return events.flatMap((e) =>
    e.type === 'replica-promoted' && e.durationMs !== undefined
      ? [{ id: e.id, from: e.at - e.durationMs, to: e.at, durationMs: e.durationMs }]
      : [],
  );
}

/** The table filter: by event type and free text over the description. */
export function filterEvents(events: readonly TopologyEvent[], type: string, text: string): TopologyEvent[] {
  const needle = text.trim().toLowerCase();
  return events.filter(
    (e) => (type === 'all' || e.type === type) && (!needle || describeEvent(e).toLowerCase().includes(needle)),
  );
}

/** The most recent promotion, for the overview. */
export function lastPromotion(
  events: readonly TopologyEvent[],
): Extract<TopologyEvent, { type: 'replica-promoted' }> | undefined {
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i]!;
    if (e.type === 'replica-promoted') return e;
  }
  return undefined;
}

import type { AppInfo, ConnectionStatus } from '../../shared/ipc/contract';
import type { BulkProgress, DepthSample, QueueSummary } from '../../shared/types/queue';
import type { SlotRange, TopologyEvent, TopologySnapshot } from '../../shared/types/topology';
import { pushBounded } from '../lib/bounded';
import { assignOwnerColors } from '../lib/owner-colors';

/**
 * Bounds on everything kept live. depthPoints: one hour at the sampler's one sample a second,
 * what main keeps (DepthSampler capacity 3600) and what the store asks for (`depthHistoryMs`).
 */
export const LIMITS = { events: 500, depthPoints: 3600, depthHistoryMs: 60 * 60_000, highlightMs: 5000 } as const;

/** A break in a depth series: the connection was lost, so the chart shows a gap, not a false line. */
export interface DepthGap {
  queue: string;
  at: number;
  gap: true;
}
export type DepthPoint = DepthSample | DepthGap;
export const isGap = (p: DepthPoint): p is DepthGap => 'gap' in p;

/** Slots whose owner changed recently, highlighted on the slot map until `until`. */
export interface MovedRange {
  range: SlotRange;
  toId: string | null;
  until: number;
}

export interface LiveState {
  appInfo: AppInfo | null;
  connection: ConnectionStatus | null;
  snapshot: TopologySnapshot | null;
  snapshotLoaded: boolean;
  ownerColors: Record<string, number>;
  moved: MovedRange[];
  events: TopologyEvent[];
  queues: QueueSummary[] | null;
  depth: Record<string, DepthPoint[]>;
  bulk: Record<string, BulkProgress>;
}

export const initialState: LiveState = {
  appInfo: null,
  connection: null,
  snapshot: null,
  snapshotLoaded: false,
  ownerColors: {},
  moved: [],
  events: [],
  queues: null,
  depth: {},
  bulk: {},
};

/**
 * A new snapshot. Slot-move highlights do not come from here: main already diffs snapshots and
 * sends `replica-promoted` / `slots-moved` with the ranges (see withEvents), so they are not
 * derived a second time. `now` prunes highlights that expired.
 */
export function withSnapshot(state: LiveState, snapshot: TopologySnapshot | null, now: number): LiveState {
  if (!snapshot) return { ...state, snapshot, snapshotLoaded: true };
  // Replicas get their colour too, so a promoted replica keeps the one it had and the change shows.
  const ids = [
    ...snapshot.shards.map((s) => s.master.id),
    ...snapshot.shards.flatMap((s) => s.replicas.map((r) => r.id)),
  ];
  const ownerColors = sameRecord(state.ownerColors, assignOwnerColors(state.ownerColors, ids));
  return { ...state, snapshot, snapshotLoaded: true, ownerColors, moved: withMoved(state.moved, [], now) };
}

/**
 * `next` unless it has the same entries as `previous`: snapshots arrive every second, and keeping
 * the old object lets memoised views (the slot map) skip work when nothing they show changed.
 */
function sameRecord<T>(previous: Record<string, T>, next: Record<string, T>): Record<string, T> {
  const keys = Object.keys(next);
  if (keys.length !== Object.keys(previous).length) return next;
  return keys.every((k) => previous[k] === next[k]) ? previous : next;
}

/** Live highlights plus `added`; the same array when nothing expired and nothing was added. */
function withMoved(current: MovedRange[], added: MovedRange[], now: number): MovedRange[] {
  const live = pruneMoved(current, now);
  if (added.length === 0 && live.length === current.length) return current;
  return [...live, ...added];
}

/** `live` events (pushed, not loaded history) highlight the slots they moved. */
export function withEvents(state: LiveState, incoming: readonly TopologyEvent[], now: number, live = false): LiveState {
  const known = new Set(state.events.map((e) => e.id));
  const fresh = incoming.filter((e) => !known.has(e.id));
  if (fresh.length === 0) return state;
  const events = pushBounded(state.events, fresh, LIMITS.events).sort((a, b) => a.at - b.at);
  const moved = fresh.flatMap((e) => {
    if (e.type === 'replica-promoted')
      return e.slots.map((range) => ({ range, toId: e.newMasterId, until: now + LIMITS.highlightMs }));
    if (e.type === 'slots-moved')
      return e.slots.map((range) => ({ range, toId: e.toId, until: now + LIMITS.highlightMs }));
    return [];
  });
  return { ...state, events, moved: live ? withMoved(state.moved, moved, now) : state.moved };
}

export function withDepth(state: LiveState, samples: readonly DepthSample[]): LiveState {
  const depth = { ...state.depth };
  for (const sample of samples)
    depth[sample.queue] = pushBounded(depth[sample.queue] ?? [], [sample], LIMITS.depthPoints);
  const latest = new Map(samples.map((s) => [s.queue, s]));
  const queues =
    state.queues?.map((q) => {
      const s = latest.get(q.name);
      if (!s) return q;
      const { waiting, delayed, active, completed, failed } = s;
      return {
        ...q,
        counts: { ...q.counts, waiting, delayed, active, completed, failed },
        completedPerSec: s.completedPerSec,
        failedPerSec: s.failedPerSec,
        // Live workers arrive with each sample (main reads the heartbeats once per tick).
        workers: s.liveWorkers ?? q.workers,
      };
    }) ?? null;
  return { ...state, depth, queues };
}

/** Merges recorded samples (`metrics:depth`) under the live ones, by time, without duplicates. */
export function withDepthHistory(state: LiveState, queue: string, samples: readonly DepthSample[]): LiveState {
  const current = state.depth[queue] ?? [];
  const seen = new Set(current.map((p) => p.at));
  const merged = [...samples.filter((s) => !seen.has(s.at)), ...current].sort((a, b) => a.at - b.at);
  return { ...state, depth: { ...state.depth, [queue]: merged.slice(-LIMITS.depthPoints) } };
}

export function withConnection(state: LiveState, connection: ConnectionStatus, now: number): LiveState {
  if (connection.state === 'ready') return { ...state, connection };
  const depth: Record<string, DepthPoint[]> = {};
  for (const [queue, points] of Object.entries(state.depth)) {
    const last = points[points.length - 1];
    depth[queue] =
      last && !isGap(last) ? pushBounded(points, [{ queue, at: now, gap: true }], LIMITS.depthPoints) : points;
  }
  return { ...state, connection, depth };
}

export function withBulk(state: LiveState, progress: BulkProgress): LiveState {
  return { ...state, bulk: { ...state.bulk, [progress.operationId]: progress } };
}

export function pruneMoved(moved: readonly MovedRange[], now: number): MovedRange[] {
  return moved.filter((m) => m.until > now);
}

/** Queues unknown to the list (a new queue appeared): the list should be fetched again. */
export function unknownQueues(state: LiveState, samples: readonly DepthSample[]): boolean {
  if (!state.queues) return false;
  const names = new Set(state.queues.map((q) => q.name));
  return samples.some((s) => !names.has(s.queue));
}

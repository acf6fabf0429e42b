import { describe, expect, it } from 'vitest';
import type { TopologyEvent } from '../../shared/types/topology';
import {
  depthSample,
  failoverEvents,
  promotedSnapshot,
  promotionEvent,
  queueSummary,
  snapshot3x3,
} from '../testing/fixtures';
import {
  initialState,
  isGap,
  LIMITS,
  withConnection,
  withDepth,
  withDepthHistory,
  withEvents,
  withSnapshot,
} from './live-state';

describe('live state', () => {
  it('bounds each depth series', () => {
    let state = initialState;
    for (let i = 0; i < LIMITS.depthPoints + 50; i++) state = withDepth(state, [depthSample(i * 1000)]);
    expect(state.depth.emails).toHaveLength(LIMITS.depthPoints);
  });
  it('marks one gap when the connection drops, not one per status update', () => {
    let state = withDepth(initialState, [depthSample(1000)]);
    state = withConnection(state, { state: 'reconnecting', retryAt: 5000 }, 2000);
    state = withConnection(state, { state: 'reconnecting', retryAt: 9000 }, 3000);
    expect(state.depth.emails!.filter(isGap)).toHaveLength(1);
    state = withConnection(state, { state: 'ready' }, 4000);
    state = withDepth(state, [depthSample(5000)]);
    expect(state.depth.emails!.map((p) => isGap(p))).toEqual([false, true, false]);
  });
  it('merges recorded history under live samples without duplicates', () => {
    let state = withDepth(initialState, [depthSample(3000)]);
    state = withDepthHistory(state, 'emails', [depthSample(1000), depthSample(2000), depthSample(3000)]);
    expect(state.depth.emails!.map((p) => p.at)).toEqual([1000, 2000, 3000]);
  });
  it('merges live depth into the queue list counts', () => {
    const state = withDepth({ ...initialState, queues: [queueSummary()] }, [depthSample(1000, 'emails', 99)]);
    expect(state.queues![0]!.counts.waiting).toBe(99);
  });
  it('keeps owner colours across a promotion, and takes no highlight from the snapshot diff', () => {
    let state = withSnapshot(initialState, snapshot3x3(), 0);
    state = withSnapshot(state, promotedSnapshot(), 100);
    // Main sends replica-promoted for this change; re-deriving it here would highlight it twice.
    expect(state.moved).toEqual([]);
    expect(state.ownerColors.r0).toBe(3);
    expect(state.ownerColors.m1).toBe(1);
  });
  it("highlights exactly the ranges main's live events name, with the new owner, until they expire", () => {
    let state = withSnapshot(initialState, snapshot3x3(), 0);
    state = withEvents(state, [promotionEvent()], 100, true);
    expect(state.moved).toEqual([{ range: [0, 5460], toId: 'r0', until: 100 + LIMITS.highlightMs }]);
    const resharded: TopologyEvent = {
      id: 'e9',
      at: 200,
      type: 'slots-moved',
      fromId: 'm1',
      fromAddress: '127.0.0.1:7001',
      toId: 'm2',
      toAddress: '127.0.0.1:7002',
      slots: [
        [5461, 5470],
        [6000, 6000],
      ],
    };
    state = withEvents(state, [resharded], 200, true);
    expect(state.moved.map((m) => [m.range, m.toId])).toEqual([
      [[0, 5460], 'r0'],
      [[5461, 5470], 'm2'],
      [[6000, 6000], 'm2'],
    ]);
    // A later snapshot prunes what expired and adds nothing of its own.
    state = withSnapshot(state, promotedSnapshot(), 100 + LIMITS.highlightMs + 1);
    expect(state.moved.map((m) => m.toId)).toEqual(['m2', 'm2']);
  });
  it('keeps an hour of one-per-second depth, as main does and the store asks for', () => {
    let state = initialState;
    const hour: ReturnType<typeof depthSample>[] = [];
    for (let i = 0; i < 3700; i++) hour.push(depthSample(i * 1000));
    state = withDepthHistory(state, 'emails', hour);
    expect(state.depth.emails).toHaveLength(3600);
    expect(LIMITS.depthHistoryMs).toBe(3600 * 1000);
  });
  it('dedupes events, keeps them in time order and highlights a live promotion', () => {
    let state = withEvents(initialState, failoverEvents().slice(0, 2), 0);
    expect(state.moved).toEqual([]);
    state = withEvents(state, [promotionEvent()], 10, true);
    state = withEvents(state, [promotionEvent()], 20, true);
    expect(state.events.map((e) => e.id)).toEqual(['e1', 'e2', 'e3']);
    expect(state.moved).toHaveLength(1);
  });
});

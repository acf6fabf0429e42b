import { describe, expect, it } from 'vitest';
import type { DepthSample } from '../../../shared/types/queue';
import type { DepthPoint } from '../../store/live-state';
import { depthSample, queueSummary } from '../../testing/fixtures';
import { queueHealthRows, queueSparks } from './queueHealthRows';

const NOW = 1_000_000;

/** One sample a second for the last `seconds`, shaped by `f(secondsAgo)`. */
function series(queue: string, seconds: number, f: (ago: number) => Partial<DepthSample>): DepthPoint[] {
  return Array.from({ length: seconds }, (_, i) => {
    const ago = seconds - 1 - i;
    return { ...depthSample(NOW - ago * 1000, queue), completedPerSec: 10, failedPerSec: 0, ...f(ago) };
  });
}

describe('queueHealthRows', () => {
  it('takes workers and the oldest age from the newest sample, and sorts trouble to the top', () => {
    const queues = ['calm', 'stranded', 'failing', 'old', 'growing'].map((n) => queueSummary(n));
    const depth = {
      calm: series('calm', 120, () => ({ liveWorkers: 2, oldestWaitingAt: NOW - 1000 })),
      stranded: series('stranded', 120, () => ({ liveWorkers: 0, oldestWaitingAt: NOW - 5000 })),
      failing: series('failing', 120, () => ({ failedPerSec: 2, liveWorkers: 3 })),
      old: series('old', 120, () => ({ liveWorkers: 1, oldestWaitingAt: NOW - 300_000 })),
      // 2 more waiting each second: +120/min.
      growing: series('growing', 120, (ago) => ({ waiting: 500 - 2 * ago, liveWorkers: 4 })),
    };
    const rows = queueHealthRows(queues, depth, NOW, {});
    expect(rows.map((r) => r.name)).toEqual(['stranded', 'failing', 'old', 'growing', 'calm']);
    const by = Object.fromEntries(rows.map((r) => [r.name, r]));
    expect(by.stranded!.trouble.reasons).toEqual(['no live worker for 12 waiting']);
    expect(by.failing!.failureRate).toBeCloseTo(2 / 12);
    expect(by.failing!.oldestWaitingMs).toBeUndefined();
    expect(by.old!.oldestWaitingMs).toBe(300_000);
    expect(by.growing!.depthGrowthPerMin).toBeCloseTo(120);
    expect(by.calm!.trouble.tier).toBe(0);
    expect(by.calm).toMatchObject({ liveWorkers: 2, oldestWaitingMs: 1000, unfinished: 17 });
  });

  it('falls back to the summary for workers, and knows nothing finished or too short a history', () => {
    const q = queueSummary('a', { workers: 0 });
    const rows = queueHealthRows([q], { a: series('a', 10, () => ({ completedPerSec: 0, failedPerSec: 0 })) }, NOW, {});
    expect(rows[0]).toMatchObject({ liveWorkers: 0, failureRate: null, depthGrowthPerMin: null });
    expect(rows[0]!.trouble.reasons).toEqual(['no live worker for 12 waiting']);
    expect(queueHealthRows([queueSummary('b')], {}, NOW, {})[0]).toMatchObject({ spark: [], liveWorkers: 2 });
  });

  it('decimates the sparkline over its window and keeps gaps as breaks', () => {
    const points: DepthPoint[] = [
      ...series('a', 3600, (ago) => ({ waiting: ago % 7, liveWorkers: 5 })),
      { queue: 'a', at: NOW + 1, gap: true },
    ];
    const sparks = queueSparks(['a', 'none'], { a: points }, NOW + 1, 15 * 60_000, 30);
    expect(sparks.none).toEqual([]);
    expect(sparks.a!.length).toBeLessThanOrEqual(62);
    expect(sparks.a![0]![0]).toBeGreaterThanOrEqual(NOW + 1 - 15 * 60_000);
    expect(sparks.a!.at(-1)).toEqual([NOW + 1, null]);
    // The highest value of the window survives the decimation.
    expect(Math.max(...sparks.a!.map(([, v]) => v ?? 0))).toBe(6 + 1 + 2);
    const rows = queueHealthRows([queueSummary('a')], { a: points }, NOW + 1, sparks);
    expect(rows[0]!.spark).toBe(sparks.a);
    // The gap is not the newest real sample: workers and age still come from the last sample.
    expect(rows[0]!.liveWorkers).toBe(5);
  });
});

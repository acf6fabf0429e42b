import { describe, expect, it } from 'vitest';
import { depthChartGeometry, niceMax } from './depthChartGeometry';
import type { DepthRow } from './queueDepthSeries';

const row = (at: number, waiting: number | null, o: Partial<DepthRow> = {}): DepthRow => ({
  at,
  waiting,
  delayed: waiting === null ? null : 0,
  active: waiting === null ? null : 0,
  failed: waiting === null ? null : 0,
  completedPerSec: waiting === null ? null : 0,
  failedPerSec: waiting === null ? null : 0,
  ...o,
});
const box = { left: 0, top: 0, width: 100, height: 100 };

describe('depthChartGeometry', () => {
  it('stacks the states bottom-up on a nice depth axis, with time across', () => {
    const g = depthChartGeometry([row(0, 10, { active: 10 }), row(1000, 20)], [0, 1000], box);
    expect(g.depthMax).toBe(20);
    // waiting 0..10 of 20 at x 0; active sits on top of waiting and delayed: 10..20.
    expect(g.bands.waiting[0]![0]).toEqual([0, 50, 100]);
    expect(g.bands.active[0]![0]).toEqual([0, 0, 50]);
    expect(g.bands.waiting[0]![1]).toEqual([100, 0, 100]);
  });

  it('breaks every band and line at a gap row', () => {
    const g = depthChartGeometry([row(0, 1), row(500, null), row(1000, 1)], [0, 1000], box);
    expect(g.bands.waiting).toHaveLength(2);
    expect(g.lines.completedPerSec).toHaveLength(2);
  });

  it('puts rates on their own axis', () => {
    const g = depthChartGeometry([row(0, 1, { completedPerSec: 40, failedPerSec: 10 })], [0, 1000], box);
    expect(g.rateMax).toBe(50);
    expect(g.lines.completedPerSec[0]![0]).toEqual([0, 20]);
    expect(g.lines.failedPerSec[0]![0]).toEqual([0, 80]);
  });
});

describe('niceMax', () => {
  it('rounds up to 1, 2 or 5 times a power of ten, at least 1', () => {
    expect([0, 0.3, 1, 3, 7, 20, 21, 480, 1001].map(niceMax)).toEqual([1, 1, 1, 5, 10, 20, 50, 500, 2000]);
  });
});

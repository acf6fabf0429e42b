import { describe, expect, it } from 'vitest';
import { compareTrouble, queueTrouble, type QueueVitals } from './queue-trouble';

const healthy = (name: string, o: Partial<QueueVitals> = {}): QueueVitals => ({
  name,
  waiting: 5,
  liveWorkers: 2,
  paused: false,
  failureRate: 0.01,
  oldestWaitingMs: 2_000,
  depthGrowthPerMin: 0,
  ...o,
});

const sorted = (vitals: QueueVitals[]) =>
  vitals
    .map((v) => ({ ...v, trouble: queueTrouble(v) }))
    .sort(compareTrouble)
    .map((v) => v.name);

describe('queueTrouble', () => {
  it('finds nothing wrong with a served queue that keeps up', () => {
    expect(queueTrouble(healthy('a'))).toEqual({ key: [0, 0, 0, 0], tier: 0, level: 'ok', reasons: [] });
    // Nothing finished, nothing waiting, nothing known yet: still fine, not "0 % failing".
    expect(
      queueTrouble(healthy('b', { waiting: 0, liveWorkers: undefined, failureRate: null, oldestWaitingMs: undefined }))
        .tier,
    ).toBe(0);
  });

  it('calls tasks without a live worker stranded, unless the queue is paused or nothing waits', () => {
    expect(queueTrouble(healthy('a', { waiting: 1204, liveWorkers: 0 }))).toMatchObject({
      tier: 4,
      level: 'danger',
      reasons: ['no live worker for 1,204 waiting'],
    });
    expect(queueTrouble(healthy('a', { waiting: 0, liveWorkers: 0 })).tier).toBe(0);
    expect(queueTrouble(healthy('a', { waiting: 9, liveWorkers: 0, paused: true }))).toMatchObject({
      tier: 0,
      reasons: ['paused'],
    });
    // Not known is not zero: an older main sends no worker counts.
    expect(queueTrouble(healthy('a', { liveWorkers: undefined })).tier).toBe(0);
  });

  it('applies each threshold at its edge, warn then danger', () => {
    expect(queueTrouble(healthy('a', { failureRate: 0.049 })).tier).toBe(0);
    expect(queueTrouble(healthy('a', { failureRate: 0.05 }))).toMatchObject({
      tier: 3,
      level: 'warn',
      reasons: ['5.0% failing'],
    });
    expect(queueTrouble(healthy('a', { failureRate: 0.3 }))).toMatchObject({
      level: 'danger',
      reasons: ['30% failing'],
    });
    expect(queueTrouble(healthy('a', { oldestWaitingMs: 59_999 })).tier).toBe(0);
    expect(queueTrouble(healthy('a', { oldestWaitingMs: 60_000 }))).toMatchObject({
      tier: 2,
      level: 'warn',
      reasons: ['oldest waiting 1 min'],
    });
    expect(queueTrouble(healthy('a', { oldestWaitingMs: 11 * 60_000 })).level).toBe('danger');
    expect(queueTrouble(healthy('a', { depthGrowthPerMin: 9.9 })).tier).toBe(0);
    expect(queueTrouble(healthy('a', { depthGrowthPerMin: 340.4 }))).toMatchObject({
      tier: 1,
      level: 'warn',
      reasons: ['backlog +340/min'],
    });
  });

  it('lists every reason, worst first, and takes the worst level', () => {
    const t = queueTrouble(
      healthy('a', {
        waiting: 50,
        liveWorkers: 0,
        failureRate: 0.08,
        oldestWaitingMs: 3 * 60_000,
        depthGrowthPerMin: 20,
      }),
    );
    expect(t.key).toEqual([50, 0.08, 180_000, 20]);
    expect(t.reasons).toEqual([
      'no live worker for 50 waiting',
      '8.0% failing',
      'oldest waiting 3 min',
      'backlog +20/min',
    ]);
    expect(t.level).toBe('danger');
  });
});

describe('compareTrouble', () => {
  it('puts stranded before failing before old before growing, whatever the sizes', () => {
    expect(
      sorted([
        healthy('fine', { waiting: 100_000 }),
        healthy('growing', { depthGrowthPerMin: 5000 }),
        healthy('old', { oldestWaitingMs: 3_600_000 }),
        healthy('failing', { failureRate: 0.06 }),
        healthy('stranded', { waiting: 1, liveWorkers: 0 }),
      ]),
    ).toEqual(['stranded', 'failing', 'old', 'growing', 'fine']);
  });

  it('ranks within a kind by size, then by the next kind, then by waiting and name', () => {
    expect(
      sorted([
        healthy('fail-6', { failureRate: 0.06 }),
        healthy('fail-40', { failureRate: 0.4 }),
        healthy('fail-6-old', { failureRate: 0.06, oldestWaitingMs: 120_000 }),
      ]),
    ).toEqual(['fail-40', 'fail-6-old', 'fail-6']);
    expect(sorted([healthy('b', { waiting: 3 }), healthy('c', { waiting: 9 }), healthy('a', { waiting: 3 })])).toEqual([
      'c',
      'a',
      'b',
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import type { QueueHistory, QueueHistoryPoint } from '../../../shared/types/history';
import { historyRows, historySummary } from './queueHistorySeries';

const point = (at: number, o: Partial<QueueHistoryPoint> = {}): QueueHistoryPoint => ({
  at,
  completed: 0,
  failed: 0,
  retried: 0,
  waitP50: null,
  waitP95: null,
  runP50: null,
  runP95: null,
  waiting: null,
  oldestWaitingMs: null,
  ...o,
});

const day = (points: QueueHistoryPoint[]): QueueHistory => ({
  queue: 'emails',
  range: '24h',
  stepMs: 300_000,
  from: points[0]!.at,
  to: points[points.length - 1]!.at + 300_000,
  points,
});

describe('queue history series', () => {
  it('turns counts into per-minute rates, keeps gaps as null and floors latencies for the log axis', () => {
    const rows = historyRows(
      day([
        point(0, {
          completed: 50,
          failed: 5,
          retried: 1,
          waitP50: 0.02,
          waitP95: 1200,
          waiting: 7,
          oldestWaitingMs: 61_234,
        }),
        point(300_000),
      ]),
    );
    expect(rows[0]).toEqual({
      at: 0,
      completedPerMin: 10,
      failedPerMin: 1,
      retriedPerMin: 0.2,
      waitP50: 0.1,
      waitP95: 1200,
      runP50: null,
      runP95: null,
      waiting: 7,
      oldestWaitingS: 61.2,
    });
    expect(rows[1]).toMatchObject({ completedPerMin: 0, waitP95: null, waiting: null, oldestWaitingS: null });
  });

  it('sums the range and finds its worst points', () => {
    const s = historySummary(
      day([
        point(0, { completed: 3, failed: 1, runP95: 40, waiting: 2 }),
        point(300_000, { completed: 4, retried: 2, runP95: 90, waitP95: 12, waiting: 9, oldestWaitingMs: 5000 }),
        point(600_000),
      ]),
    );
    expect(s).toEqual({
      completed: 7,
      failed: 1,
      retried: 2,
      worstWaitP95: 12,
      worstRunP95: 90,
      mostWaiting: 9,
      oldestWaitingMs: 5000,
      pointsWithData: 2,
    });
  });
});

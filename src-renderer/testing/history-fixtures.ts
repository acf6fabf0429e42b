import type { HistoryRange, QueueHistory, QueueHistoryPoint } from '../../shared/types/history';

const STEP: Record<HistoryRange, { stepMs: number; points: number }> = {
  '1h': { stepMs: 60_000, points: 60 },
  '24h': { stepMs: 300_000, points: 288 },
  '7d': { stepMs: 1_800_000, points: 336 },
};

/** A history as main answers it for `range`, ending at `now`: every point empty unless `fill` says otherwise. */
export function queueHistory(
  queue: string,
  range: HistoryRange,
  fill: (i: number) => Partial<QueueHistoryPoint> = () => ({}),
  now = Date.UTC(2026, 10, 30, 12, 0),
): QueueHistory {
  const { stepMs, points } = STEP[range];
  const first = Math.floor(now / stepMs) - points + 1;
  return {
    queue,
    range,
    stepMs,
    from: first * stepMs,
    to: (first + points) * stepMs,
    points: Array.from({ length: points }, (_, i) => ({
      at: (first + i) * stepMs,
      completed: 0,
      failed: 0,
      retried: 0,
      waitP50: null,
      waitP95: null,
      runP50: null,
      runP95: null,
      waiting: null,
      oldestWaitingMs: null,
      ...fill(i),
    })),
  };
}

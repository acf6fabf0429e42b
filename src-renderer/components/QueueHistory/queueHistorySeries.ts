import type { HistoryRange, QueueHistory } from '../../../shared/types/history';

/** One chart row: counts as per-minute rates (a point may span 5 or 30 minutes), latencies in ms. */
export interface HistoryRow {
  at: number;
  completedPerMin: number;
  failedPerMin: number;
  retriedPerMin: number;
  waitP50: number | null;
  waitP95: number | null;
  runP50: number | null;
  runP95: number | null;
  waiting: number | null;
  oldestWaitingS: number | null;
}

/** What the range held, for the text summary beside the charts. */
export interface HistorySummary {
  completed: number;
  failed: number;
  retried: number;
  /** The largest per-point p95 of the range (a p95 of p95s is not defined; the worst point is what an operator looks for). */
  worstWaitP95: number | null;
  worstRunP95: number | null;
  mostWaiting: number | null;
  oldestWaitingMs: number | null;
  /** Points with any data at all. */
  pointsWithData: number;
}

/** The log-scale latency axis cannot show 0: sub-0.1 ms values are drawn at 0.1 ms. */
const FLOOR_MS = 0.1;
const floor = (ms: number | null) => (ms === null ? null : Math.max(FLOOR_MS, ms));
const maxOf = (values: Array<number | null>) =>
  values.reduce<number | null>((m, v) => (v === null ? m : m === null ? v : Math.max(m, v)), null);

/** The chart rows of a history, oldest first; at most a few hundred (the server's points). */
export function historyRows(h: QueueHistory): HistoryRow[] {
  const perMin = 60_000 / h.stepMs;
  const rate = (n: number) => Math.round(n * perMin * 100) / 100;
  return h.points.map((p) => ({
    at: p.at,
    completedPerMin: rate(p.completed),
    failedPerMin: rate(p.failed),
    retriedPerMin: rate(p.retried),
    waitP50: floor(p.waitP50),
    waitP95: floor(p.waitP95),
    runP50: floor(p.runP50),
    runP95: floor(p.runP95),
    waiting: p.waiting,
    oldestWaitingS: p.oldestWaitingMs === null ? null : Math.round(p.oldestWaitingMs / 100) / 10,
  }));
}

export function historySummary(h: QueueHistory): HistorySummary {
  const ps = h.points;
  return {
    completed: ps.reduce((n, p) => n + p.completed, 0),
    failed: ps.reduce((n, p) => n + p.failed, 0),
    retried: ps.reduce((n, p) => n + p.retried, 0),
    worstWaitP95: maxOf(ps.map((p) => p.waitP95)),
    worstRunP95: maxOf(ps.map((p) => p.runP95)),
    mostWaiting: maxOf(ps.map((p) => p.waiting)),
    oldestWaitingMs: maxOf(ps.map((p) => p.oldestWaitingMs)),
    pointsWithData: ps.filter((p) => p.completed + p.failed + p.retried > 0 || p.waiting !== null).length,
  };
}

const DAY = new Intl.DateTimeFormat(undefined, { weekday: 'short', hour: '2-digit', minute: '2-digit' });
const TIME = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });

/** An axis tick: the time of day, with the weekday on the 7-day range. */
export function tickLabel(range: HistoryRange, at: number): string {
  return (range === '7d' ? DAY : TIME).format(at);
}

/** The running totals a queue keeps, as read at one instant. */
export interface TotalsReading {
  at: number;
  completedTotal: number;
  failedTotal: number;
}

export interface Throughput {
  completedPerSec: number;
  failedPerSec: number;
}

/**
 * Completed and failed tasks per second between two readings of the running totals. The first
 * reading, a clock that did not advance, and totals that went down (the queue was deleted and
 * created again) all give 0 rather than a made-up or negative rate.
 */
export function throughputBetween(previous: TotalsReading | undefined, current: TotalsReading): Throughput {
  if (!previous) return { completedPerSec: 0, failedPerSec: 0 };
  const seconds = (current.at - previous.at) / 1000;
  if (!(seconds > 0)) return { completedPerSec: 0, failedPerSec: 0 };
  const rate = (now: number, before: number) => (now >= before ? round((now - before) / seconds) : 0);
  return {
    completedPerSec: rate(current.completedTotal, previous.completedTotal),
    failedPerSec: rate(current.failedTotal, previous.failedTotal),
  };
}

/** Three decimals: enough for a chart, and stable in tests. */
function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}

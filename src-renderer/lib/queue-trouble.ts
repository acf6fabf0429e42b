import { formatCount, formatElapsed } from './format';

/** What the trouble score looks at, for one queue. */
export interface QueueVitals {
  name: string;
  waiting: number;
  /** Workers with a fresh heartbeat; undefined while not known. */
  liveWorkers: number | undefined;
  paused: boolean;
  /** failed / (completed + failed) over the recent window, 0–1; null when nothing finished in it. */
  failureRate: number | null;
  /** Age of the oldest waiting task, ms; null when none waits; undefined while not known. */
  oldestWaitingMs: number | null | undefined;
  /** Change of unfinished tasks (waiting + delayed + active) per minute over the window; null: too few samples. */
  depthGrowthPerMin: number | null;
}

/** Where a queue's trouble starts; each one is documented at {@link queueTrouble}. */
export const TROUBLE_THRESHOLDS = {
  /** Failure rate that counts as failing (warn), and as badly failing (danger). */
  failureRate: 0.05,
  failureRateDanger: 0.25,
  /** Oldest waiting age that counts as old (warn), and as very old (danger), ms. */
  oldestWaitingMs: 60_000,
  oldestWaitingDangerMs: 10 * 60_000,
  /** Growth of unfinished tasks per minute that counts as a growing backlog (warn). */
  depthGrowthPerMin: 10,
} as const;

export type TroubleLevel = 'ok' | 'warn' | 'danger';

/** A queue's trouble: the sort key, how bad, and why, worst first. */
export interface Trouble {
  /**
   * Compared lexicographically, larger first: [tasks stranded without a worker, failure rate,
   * oldest waiting age (ms), backlog growth per minute]. Each entry is 0 unless its condition
   * crossed its threshold, so a smaller problem never outranks a bigger kind of problem.
   */
  key: [number, number, number, number];
  /** 4 stranded, 3 failing, 2 old, 1 growing, 0 none: the worst kind present. */
  tier: 0 | 1 | 2 | 3 | 4;
  level: TroubleLevel;
  /** Short reasons, worst first ("no live worker for 1,204 waiting", "12% failing", …); empty when fine. */
  reasons: string[];
}

const pct = (rate: number) => `${rate < 0.1 ? (rate * 100).toFixed(1) : Math.round(rate * 100)}%`;
const worse = (a: TroubleLevel, b: TroubleLevel): TroubleLevel =>
  a === 'danger' || b === 'danger' ? 'danger' : a === 'warn' || b === 'warn' ? 'warn' : 'ok';

/**
 * The trouble score of one queue, in order of what an operator must act on first:
 * 1. **Stranded**: tasks wait and no live worker serves the queue (and it is not paused): nothing
 *    will ever run them. Danger; ranked by how many wait.
 * 2. **Failing**: at least 5 % of the tasks finished in the window failed (danger from 25 %).
 *    Ranked by the rate.
 * 3. **Old**: the oldest waiting task has waited a minute or more (danger from 10 minutes):
 *    workers are too slow or stuck. Ranked by the age.
 * 4. **Growing**: unfinished tasks grow by 10 a minute or more over the window: the workers do
 *    not keep up yet, though nothing is old. Warn; ranked by the growth.
 * Pure, so the order is tested without a console. A paused queue is not stranded (pausing is an
 * operator's choice), but its age and growth still count, with "paused" among the reasons.
 */
export function queueTrouble(v: QueueVitals): Trouble {
  const t = TROUBLE_THRESHOLDS;
  const key: Trouble['key'] = [0, 0, 0, 0];
  const reasons: string[] = [];
  let level: TroubleLevel = 'ok';
  if (v.waiting > 0 && v.liveWorkers === 0 && !v.paused) {
    key[0] = v.waiting;
    reasons.push(`no live worker for ${formatCount(v.waiting)} waiting`);
    level = 'danger';
  }
  if (v.failureRate !== null && v.failureRate >= t.failureRate) {
    key[1] = v.failureRate;
    reasons.push(`${pct(v.failureRate)} failing`);
    level = worse(level, v.failureRate >= t.failureRateDanger ? 'danger' : 'warn');
  }
  if (typeof v.oldestWaitingMs === 'number' && v.oldestWaitingMs >= t.oldestWaitingMs) {
    key[2] = v.oldestWaitingMs;
    reasons.push(`oldest waiting ${formatElapsed(v.oldestWaitingMs)}`);
    level = worse(level, v.oldestWaitingMs >= t.oldestWaitingDangerMs ? 'danger' : 'warn');
  }
  if (v.depthGrowthPerMin !== null && v.depthGrowthPerMin >= t.depthGrowthPerMin) {
    key[3] = v.depthGrowthPerMin;
    reasons.push(`backlog +${formatCount(Math.round(v.depthGrowthPerMin))}/min`);
    level = worse(level, 'warn');
  }
  if (v.paused) reasons.push('paused');
  const first = key.findIndex((k) => k > 0);
  const tier = (first === -1 ? 0 : 4 - first) as Trouble['tier'];
  return { key, tier, level, reasons };
}

/** Worst first: by trouble key, then more waiting tasks, then name (a stable order for equals). */
export function compareTrouble(
  a: { name: string; waiting: number; trouble: Trouble },
  b: { name: string; waiting: number; trouble: Trouble },
): number {
  for (let i = 0; i < a.trouble.key.length; i++) {
    const d = b.trouble.key[i]! - a.trouble.key[i]!;
    if (d !== 0) return d;
  }
  return b.waiting - a.waiting || a.name.localeCompare(b.name);
}

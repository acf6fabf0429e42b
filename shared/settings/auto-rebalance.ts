import { SettingsError } from '../errors';
import { parseBoolean, type SettingsEnv } from './connection-settings';

/**
 * The console's automatic queue rebalance (issue 15 part 3): off unless asked for. When on, the
 * console's main process rebalances a queue whose newest partitions are uneven over the masters,
 * at most once per `minIntervalMs` per queue.
 */
export interface AutoRebalanceSettings {
  enabled: boolean;
  /** At most one automatic rebalance per queue in this many ms. Default 10 minutes. */
  minIntervalMs: number;
}

/** Minutes between two automatic rebalances of one queue, when none is given. */
export const DEFAULT_AUTO_REBALANCE_MINUTES = 10;
/** The bounds of SLOTLINE_AUTO_REBALANCE_MINUTES (one minute to one day). */
export const AUTO_REBALANCE_MINUTES_RANGE = [1, 1440] as const;

/** Off: what every console runs with unless the profile or the environment turns it on. */
export const AUTO_REBALANCE_OFF: AutoRebalanceSettings = {
  enabled: false,
  minIntervalMs: DEFAULT_AUTO_REBALANCE_MINUTES * 60_000,
};

/** The variables {@link parseAutoRebalance} reads. */
export const AUTO_REBALANCE_VARIABLES = ['SLOTLINE_AUTO_REBALANCE', 'SLOTLINE_AUTO_REBALANCE_MINUTES'] as const;

/**
 * Reads SLOTLINE_AUTO_REBALANCE (a boolean, default off) and SLOTLINE_AUTO_REBALANCE_MINUTES (a
 * whole number of minutes from 1 to 1440, default 10). Throws SettingsError naming the variable
 * and the value.
 */
export function parseAutoRebalance(env: SettingsEnv): AutoRebalanceSettings {
  const enabled = parseBoolean('SLOTLINE_AUTO_REBALANCE', env.SLOTLINE_AUTO_REBALANCE, false);
  const raw = env.SLOTLINE_AUTO_REBALANCE_MINUTES?.trim();
  let minutes = DEFAULT_AUTO_REBALANCE_MINUTES;
  if (raw !== undefined && raw !== '') {
    const [lo, hi] = AUTO_REBALANCE_MINUTES_RANGE;
    minutes = /^\d+$/.test(raw) ? Number(raw) : NaN;
    if (!(minutes >= lo && minutes <= hi))
      throw new SettingsError(
        'SLOTLINE_AUTO_REBALANCE_MINUTES',
        `SLOTLINE_AUTO_REBALANCE_MINUTES=${JSON.stringify(env.SLOTLINE_AUTO_REBALANCE_MINUTES)} is not valid: expected a whole number of minutes from ${lo} to ${hi}`,
      );
  }
  return { enabled, minIntervalMs: minutes * 60_000 };
}

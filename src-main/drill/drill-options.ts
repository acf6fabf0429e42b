import { SlotlineError } from '../../shared/errors';
import type { DrillMode, DrillOptions } from './drill-types';

/** A drill option that cannot be used. */
export class DrillArgumentError extends SlotlineError {
  constructor(message: string) {
    super('invalid-argument', message);
  }
}

export const DRILL_DEFAULTS: Omit<DrillOptions, 'clusterDir' | 'onProgress'> = {
  kills: 5,
  intervalS: 20,
  durationS: 0,
  rate: 1000,
  concurrency: 50,
  partitions: 3,
  mode: 'kill',
  nodeTimeoutMs: 2000,
  drainMs: 60000,
  durable: { replicas: 1, timeoutMs: 500 },
  waitEvery: 10,
};

const MODES: DrillMode[] = ['kill', 'failover', 'pause', 'partition'];

/** Throws DrillArgumentError unless `value` is a finite number in [min, max]. */
export function check(name: string, value: number, min: number, max: number): void {
  if (!Number.isFinite(value) || value < min || value > max)
    throw new DrillArgumentError(`${name}=${value}: expected ${min}..${max}`);
}

/** Fills the defaults and checks every bound, so no loop of the drill can run unbounded. */
export function resolveDrillOptions(input: Partial<DrillOptions>): DrillOptions {
  const o: DrillOptions = { ...DRILL_DEFAULTS, ...input, durable: { ...DRILL_DEFAULTS.durable, ...input.durable } };
  check('kills', o.kills, 0, 100);
  check('intervalS', o.intervalS, 1, 3600);
  check('durationS', o.durationS, 0, 86400);
  check('rate', o.rate, 1, 100000);
  check('concurrency', o.concurrency, 1, 10000);
  check('partitions', o.partitions, 1, 1024);
  check('nodeTimeoutMs', o.nodeTimeoutMs, 100, 600000);
  check('drainMs', o.drainMs, 0, 3_600_000);
  check('waitEvery', o.waitEvery, 0, 1_000_000);
  check('durable.replicas', o.durable.replicas, 1, 10);
  check('durable.timeoutMs', o.durable.timeoutMs, 1, 60000);
  if (!MODES.includes(o.mode))
    throw new DrillArgumentError(`mode=${JSON.stringify(o.mode)}: expected one of ${MODES.join(', ')}`);
  return o;
}

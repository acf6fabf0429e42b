import { check, DRILL_DEFAULTS, DrillArgumentError } from './drill-options';
import type { ReshardDrillOptions } from './reshard-types';

export const RESHARD_DEFAULTS: Omit<ReshardDrillOptions, 'clusterDir' | 'onProgress'> = {
  rate: 200,
  concurrency: 20,
  addMasters: 3,
  replicas: 1,
  scaleIn: true,
  spreadWindowS: 10,
  reportOnlySpreads: true,
  slotMoveAttempts: 4,
  nodeTimeoutMs: DRILL_DEFAULTS.nodeTimeoutMs,
  drainMs: DRILL_DEFAULTS.drainMs,
  waitEvery: DRILL_DEFAULTS.waitEvery,
  durable: DRILL_DEFAULTS.durable,
};

/** Fills the defaults and checks every bound (DrillArgumentError naming the value), so every loop is bounded. */
export function resolveReshardOptions(input: Partial<ReshardDrillOptions>): ReshardDrillOptions {
  const o: ReshardDrillOptions = {
    ...RESHARD_DEFAULTS,
    ...input,
    durable: { ...RESHARD_DEFAULTS.durable, ...input.durable },
  };
  check('rate', o.rate, 1, 100000);
  check('concurrency', o.concurrency, 1, 10000);
  check('addMasters', o.addMasters, 1, 12);
  check('replicas', o.replicas, 0, 5);
  check('spreadWindowS', o.spreadWindowS, 1, 600);
  check('slotMoveAttempts', o.slotMoveAttempts, 1, 20);
  check('nodeTimeoutMs', o.nodeTimeoutMs, 100, 600000);
  check('drainMs', o.drainMs, 1000, 3_600_000);
  check('waitEvery', o.waitEvery, 0, 1_000_000);
  check('durable.replicas', o.durable.replicas, 1, 10);
  check('durable.timeoutMs', o.durable.timeoutMs, 1, 60000);
  for (const k of ['addMasters', 'replicas', 'slotMoveAttempts'] as const)
    if (!Number.isInteger(o[k])) throw new DrillArgumentError(`${k}=${o[k]}: expected a whole number`);
  return o;
}

import type { TaskState } from '../../shared/types/queue';
import { stateKey, type LimiterKeys, type PartitionKeys } from './keys';

/** A partition key by its PartitionKeys name; `source` is the state set a call names. */
export type KeyName = Exclude<keyof PartitionKeys, 'tag'> | 'source';

/**
 * The KEYS of every script, in the order of its header (`KEYS[i] <name>` in
 * `commands/<script>-<n>.lua`; script-keys.test.ts holds the two together). This is the one
 * place that lists them: the wrappers in queue-scripts.ts build every KEYS array from it.
 */
export const SCRIPT_KEYS = {
  ack: [
    'active',
    'lease',
    'data',
    'completed',
    'meta',
    'cancelled',
    'cancel',
    'logPrefix',
    'dedupe',
    'dedupeOwner',
    'histPrefix',
  ],
  cancel: ['wait', 'delayed', 'active', 'completed', 'failed', 'cancelled', 'data', 'meta', 'cancel', 'expiry'],
  'cancel-check': ['cancel'],
  'cancel-state': ['source', 'data', 'cancelled', 'meta', 'cancel', 'expiry', 'wait', 'delayed', 'active'],
  counts: ['wait', 'delayed', 'active', 'completed', 'failed', 'cancelled', 'meta', 'data'],
  delete: [
    'wait',
    'delayed',
    'active',
    'completed',
    'failed',
    'cancelled',
    'data',
    'lease',
    'expiry',
    'cancel',
    'logPrefix',
  ],
  drop: [
    'wait',
    'delayed',
    'active',
    'completed',
    'failed',
    'cancelled',
    'lease',
    'data',
    'meta',
    'marker',
    'sweepLock',
    'cancel',
    'expiry',
    'logPrefix',
    'schedules',
    'schedState',
    'schedDue',
    'dedupeOwner',
  ],
  enqueue: ['wait', 'delayed', 'data', 'meta', 'marker', 'expiry', 'active', 'dedupe', 'dedupeOwner'],
  expire: ['expiry', 'wait', 'delayed', 'failed', 'data', 'meta', 'histPrefix'],
  extend: ['active', 'lease'],
  fail: ['active', 'lease', 'data', 'wait', 'delayed', 'failed', 'meta', 'marker', 'cancelled', 'cancel', 'histPrefix'],
  'history-read': ['histPrefix'],
  'history-sample': ['wait', 'data', 'histPrefix'],
  // The first six are in TASK_STATES order: the script answers a state by its index.
  get: ['wait', 'delayed', 'active', 'completed', 'failed', 'cancelled', 'data'],
  list: ['source', 'data'],
  promote: ['delayed', 'wait', 'data', 'meta', 'marker'],
  purge: ['source', 'data', 'lease', 'expiry', 'cancel', 'logPrefix'],
  release: ['active', 'lease', 'data', 'wait', 'meta', 'marker', 'cancelled', 'cancel'],
  report: ['lease', 'data', 'logPrefix'],
  'requeue-ids': ['wait', 'delayed', 'completed', 'failed', 'cancelled', 'data', 'meta', 'marker'],
  'requeue-state': ['source', 'wait', 'data', 'meta', 'marker'],
  'retry-edited': ['failed', 'cancelled', 'wait', 'data', 'meta', 'marker'],
  reserve: [
    'wait',
    'delayed',
    'active',
    'lease',
    'data',
    'meta',
    'marker',
    'failed',
    'expiry',
    'histPrefix',
    'reserves',
  ],
  retain: ['completed', 'failed', 'cancelled', 'data', 'meta', 'logPrefix', 'lease', 'expiry', 'dedupe', 'dedupeOwner'],
  'schedule-control': ['schedules', 'schedState', 'schedDue'],
  'schedule-due': ['schedDue', 'schedules', 'schedState'],
  'schedule-fire': ['schedState', 'schedDue', 'wait', 'data', 'meta', 'marker', 'expiry', 'schedules'],
  'schedule-upsert': ['schedules', 'schedState', 'schedDue'],
  'schedule-take': ['schedules', 'schedState', 'schedDue'],
  'schedule-put': ['schedules', 'schedState', 'schedDue'],
  'set-paused': ['meta', 'wait', 'marker'],
  states: ['wait', 'delayed', 'active', 'completed', 'failed', 'cancelled', 'data'],
  'sweep-stalled': [
    'active',
    'lease',
    'data',
    'wait',
    'failed',
    'meta',
    'marker',
    'sweepLock',
    'cancelled',
    'cancel',
    'histPrefix',
  ],
} as const satisfies Record<string, readonly KeyName[]>;

/**
 * The KEYS of the scripts that run outside a partition: on a queue's limiter slot
 * (`{ql:<queue>}`, keys from limiterKeys) or on the registry (`registry`).
 */
export const LIMITER_SCRIPT_KEYS = {
  'limit-acquire': ['rate', 'hold', 'held', 'holders', 'lmeta'],
  'limit-refund': ['rate', 'held', 'holders', 'lmeta'],
  'limit-keepalive': ['held', 'holders'],
  'limit-hold': ['hold'],
  'limit-status': ['rate', 'hold', 'held', 'holders', 'lmeta'],
  'def-set': ['registry'],
  'def-rebalance': ['registry'],
  'def-retire': ['registry'],
} as const satisfies Record<string, readonly (Exclude<keyof LimiterKeys, 'tag'> | 'registry')[]>;

/** A partition script's base name (its file is `commands/<name>-<number of keys>.lua`). */
export type ScriptName = keyof typeof SCRIPT_KEYS;
/** A limiter or registry script's base name. */
export type LimiterScriptName = keyof typeof LIMITER_SCRIPT_KEYS;

/** The KEYS array of a limiter script on a queue's limiter keys (`registry` for def-set). */
export function limiterKeysFor(script: LimiterScriptName, keys: LimiterKeys, registry = ''): string[] {
  return LIMITER_SCRIPT_KEYS[script].map((name) => (name === 'registry' ? registry : keys[name]));
}

/** The KEYS array of `script` on a partition; `source` is the set of `state`. */
export function keysFor(script: ScriptName, keys: PartitionKeys, state?: TaskState): string[] {
  return SCRIPT_KEYS[script].map((name: KeyName) => {
    if (name !== 'source') return keys[name];
    if (!state) throw new Error(`script ${script} needs a state for its source key`);
    return stateKey(keys, state);
  });
}

/**
 * The one place that names Redis keys. Every key of a queue partition carries the partition's hash
 * tag, so a script touching several of them stays in one slot on a cluster; every key a script
 * touches is passed in KEYS.
 */

import type { TaskState } from '../../shared/types/queue';

/** Registry of queues (name → partitions and tags). Its own slot. */
export const REGISTRY_KEY = '{slotline}:queues';
/** Worker heartbeats (worker id → JSON). */
export const WORKERS_KEY = '{slotline}:workers';
/** The audit log: one capped STREAM of operators' mutating actions (see src-main/app/audit-log.ts). */
export const AUDIT_KEY = '{slotline}:audit';
/** Alert rules (rule id → JSON), shared by every console and the CLI (see src-main/app/alert-store.ts). */
export const ALERT_RULES_KEY = '{slotline}:alerts';
/** Firing alerts (alert key → JSON): every console shows the same ones. */
export const ALERT_ACTIVE_KEY = '{slotline}:alerts-active';
/** The alert history: one capped STREAM of firing, resolved, acked and snoozed. */
export const ALERT_HISTORY_KEY = '{slotline}:alert-history';
/** Snoozes (alert key → until, ms): kept apart so a snooze outlives a resolve and re-fire. */
export const ALERT_SNOOZE_KEY = '{slotline}:alert-snoozes';

/** The Redis keys of one queue partition, all carrying its hash tag. */
export interface PartitionKeys {
  tag: string;
  wait: string;
  delayed: string;
  active: string;
  completed: string;
  failed: string;
  cancelled: string;
  lease: string;
  data: string;
  meta: string;
  marker: string;
  sweepLock: string;
  /** SET of active tasks whose cancellation is pending (their worker checks it). */
  cancel: string;
  /** ZSET of tasks with an expiry, scored by the time they expire (server ms). */
  expiry: string;
  /**
   * Prefix of the per-task log lists (`{tag}:log:<id>`): passed in KEYS so scripts that add or
   * delete logs append the id to it, staying in the partition's slot.
   */
  logPrefix: string;
}

/** The log list of one task: the partition's log prefix and the id. */
export function logKey(keys: PartitionKeys, id: string): string {
  return keys.logPrefix + id;
}

/** The default hash tag of partition p of a queue: `q:<name>:<p>`. */
export function defaultTag(queue: string, partition: number): string {
  return `q:${queue}:${partition}`;
}

/** Every key of one partition, built from its tag. */
export function partitionKeys(tag: string): PartitionKeys {
  const k = (suffix: string) => `{${tag}}:${suffix}`;
  return {
    tag,
    wait: k('wait'),
    delayed: k('delayed'),
    active: k('active'),
    completed: k('completed'),
    failed: k('failed'),
    cancelled: k('cancelled'),
    lease: k('lease'),
    data: k('data'),
    meta: k('meta'),
    marker: k('marker'),
    sweepLock: k('sweep'),
    cancel: k('cancel'),
    expiry: k('expiry'),
    logPrefix: k('log:'),
  };
}

/** The set holding tasks of a state. */
export function stateKey(keys: PartitionKeys, state: TaskState): string {
  switch (state) {
    case 'waiting':
      return keys.wait;
    case 'delayed':
      return keys.delayed;
    case 'active':
      return keys.active;
    case 'completed':
      return keys.completed;
    case 'failed':
      return keys.failed;
    case 'cancelled':
      return keys.cancelled;
  }
}

const QUEUE_NAME = /^[A-Za-z0-9._:-]{1,200}$/;

/** True for names that are safe inside a hash tag (no braces, no spaces). */
export function isValidQueueName(name: string): boolean {
  return QUEUE_NAME.test(name);
}

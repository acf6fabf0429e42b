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
/** Optional per-queue payload JSON Schemas (queue → schema JSON), checked by the console. */
export const SCHEMAS_KEY = '{slotline}:schemas';

/**
 * The keys of a queue's limiter: the rate limit, the 429 hold and the global concurrency cap of
 * the whole queue live in one slot of their own (hash tag `{ql:<queue>}`), whatever the queue's
 * partitions, so one script sees every worker's grants.
 */
export interface LimiterKeys {
  tag: string;
  /** ZSET of grant batches: member `<seq>:<count>`, score = server ms of the grant. */
  rate: string;
  /** STRING with a PX expiry while a handler's rateLimit(ms) holds the queue's starts. */
  hold: string;
  /** HASH worker id → tasks it holds against the concurrency cap. */
  held: string;
  /** ZSET worker id → expiry of its share (server ms), renewed with its leases. */
  holders: string;
  /** HASH: grant sequence and the limiter's counters. */
  lmeta: string;
}

/** The limiter keys of a queue, all in the slot of `{ql:<queue>}`. */
export function limiterKeys(queue: string): LimiterKeys {
  const tag = `ql:${queue}`;
  const k = (suffix: string) => `{${tag}}:${suffix}`;
  return { tag, rate: k('rate'), hold: k('hold'), held: k('held'), holders: k('holders'), lmeta: k('meta') };
}
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
  /** HASH schedule id → definition JSON (spec, template, catch-up), stored verbatim. */
  schedules: string;
  /** HASH schedule id → state JSON (next, anchor, paused, fires, skipped, last fire and task). */
  schedState: string;
  /** ZSET schedule id → next fire (server ms), for schedules not paused: what the poller reads. */
  schedDue: string;
  /**
   * Prefix of the dedupe keys (`{tag}:dedupe:<dedupe id>`, holding the task id that took it):
   * passed in KEYS like logPrefix, so each stays in the partition's slot.
   */
  dedupe: string;
  /** HASH task id -> dedupe id, for tasks holding a dedupe key without a ttl (removed with them). */
  dedupeOwner: string;
  /**
   * Prefix of the partition's history buckets (`{tag}:hist:m:<minute>`, `{tag}:hist:t:<ten
   * minutes>`, HASHes that expire on their own; see history/history-layout.ts): passed in KEYS
   * like logPrefix, so each stays in the partition's slot.
   */
  histPrefix: string;
  /**
   * Prefix of the reserve receipts (`{tag}:rsv:<worker id>`, a STRING with a PX expiry of one
   * lease): the last batch a worker leased, so a reserve sent again after its reply was lost
   * (a failover, a dropped connection) answers with that batch instead of leasing a second one.
   * Passed in KEYS like logPrefix, so each stays in the partition's slot.
   */
  reserves: string;
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
    schedules: k('schedules'),
    schedState: k('sched-state'),
    schedDue: k('sched-due'),
    dedupe: k('dedupe:'),
    dedupeOwner: k('dedupe-owner'),
    histPrefix: k('hist:'),
    reserves: k('rsv:'),
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

import type { Retention } from '../../shared/types/queue';
import type { RateLimit } from '../../shared/types/schedule';
import type { RedisHandle } from '../redis/handle';
import { QueueArgumentError } from './errors';
import { REGISTRY_KEY, isValidQueueName } from './keys';
import { planPartitionTags, type MasterSlots } from './partition-plan';

/** What the registry stores per queue. */
export interface QueueDefinition {
  name: string;
  partitions: number;
  /** Hash tag of each partition, fixed at creation so data never moves silently. */
  tags: string[];
  createdAt: number;
  /** How long finished tasks are kept (absent in definitions written before issue 13: the defaults apply). */
  retention?: Retention;
  /** Queue-wide rate limit (issue 14): at most `max` starts per `perMs`; absent = none. */
  rateLimit?: RateLimit;
  /** Queue-wide cap on active tasks (issue 14); absent = none. */
  concurrency?: number;
  /** How many times the queue was rebalanced (issue 15); absent = 0. `tags` are this generation's. */
  generation?: number;
  /** Earlier generations still being drained by workers; dropped once empty. Absent = none. */
  retired?: RetiredGeneration[];
  /**
   * When the newest generation was started (ms, the rebalancing process's clock) and how many
   * partitions the generation before it had: what every console's timeline shows for the last
   * rebalance, also once the retired generation is gone. Absent before the first rebalance.
   */
  rebalancedAt?: number;
  partitionsBefore?: number;
}

/** A generation of partitions replaced by queue.rebalance, drained until empty, then removed. */
export interface RetiredGeneration {
  generation: number;
  tags: string[];
  /** When it was retired (ms, the rebalancing process's clock). */
  retiredAt: number;
}

/** The masters' slot ranges from CLUSTER SLOTS; empty on a single server. */
export async function masterSlots(handle: RedisHandle): Promise<MasterSlots[]> {
  if (handle.kind === 'single') return [];
  const reply = (await handle.call('CLUSTER', 'SLOTS')) as Array<[number, number, [string, number, string?]]>;
  const byId = new Map<string, MasterSlots>();
  for (const [start, end, master] of reply) {
    const id = master[2] ?? `${master[0]}:${master[1]}`;
    const m = byId.get(id) ?? { id, ranges: [] };
    m.ranges.push([start, end]);
    byId.set(id, m);
  }
  return [...byId.values()];
}

function parseDefinition(name: string, raw: string): QueueDefinition {
  try {
    const d = JSON.parse(raw) as QueueDefinition;
    if (!Array.isArray(d.tags) || d.tags.length !== d.partitions) throw new Error('tags do not match partitions');
    return d;
  } catch (e) {
    throw new QueueArgumentError(
      `the registry entry of queue ${name} in ${REGISTRY_KEY} is unreadable (${(e as Error).message}): ${raw.slice(0, 200)}`,
    );
  }
}

/**
 * Finds a queue's definition, creating it on first use with partition tags spread over the
 * current masters. Concurrent creators agree through HSETNX: the first definition wins.
 */
export async function resolveQueue(
  handle: RedisHandle,
  name: string,
  partitions?: number,
  create = true,
  retention?: Partial<Retention>,
): Promise<QueueDefinition> {
  if (!isValidQueueName(name)) {
    throw new QueueArgumentError(
      `queue name ${JSON.stringify(name)} is not valid: expected 1-200 letters, digits, '.', '_', ':' or '-'`,
    );
  }
  if (partitions !== undefined && (!Number.isInteger(partitions) || partitions < 1 || partitions > 1024)) {
    throw new QueueArgumentError(`partitions=${partitions} for queue ${name}: expected a whole number from 1 to 1024`);
  }
  const existing = (await handle.call('HGET', REGISTRY_KEY, name)) as string | null;
  if (existing) {
    const def = parseDefinition(name, existing);
    if (partitions !== undefined && partitions !== def.partitions) {
      throw new QueueArgumentError(
        `queue ${name} already exists with ${def.partitions} partition(s), not ${partitions}: omit the partitions option or use a new queue name`,
      );
    }
    return retention ? updateRetention(handle, def, retention) : def;
  }
  if (!create) {
    const known = (await listQueueDefinitions(handle)).map((d) => d.name);
    throw new QueueArgumentError(
      `queue ${name} does not exist: ${known.length ? `known queues are ${known.slice(0, 20).join(', ')}` : 'no queues exist yet (enqueue a task to create one)'}`,
    );
  }
  const p = partitions ?? 1;
  const def: QueueDefinition = {
    name,
    partitions: p,
    tags: planPartitionTags(name, p, await masterSlots(handle)),
    createdAt: Date.now(),
    retention: mergeRetention(DEFAULT_RETENTION, retention),
  };
  const created = await handle.call('HSETNX', REGISTRY_KEY, name, JSON.stringify(def));
  if (Number(created) === 1) return def;
  const winner = parseDefinition(name, (await handle.call('HGET', REGISTRY_KEY, name)) as string);
  return retention ? updateRetention(handle, winner, retention) : winner;
}

/**
 * Retention when neither the queue's definition nor its options name one: completed tasks are
 * kept up to 10 000 or 24 h, failed (and cancelled) ones up to 100 000 or 7 days.
 */
export const DEFAULT_RETENTION: Retention = {
  completed: { maxCount: 10_000, maxAgeMs: 24 * 3_600_000 },
  failed: { maxCount: 100_000, maxAgeMs: 7 * 24 * 3_600_000 },
};

function mergeRetention(base: Retention, o: Partial<Retention> | undefined): Retention {
  return {
    completed: { ...base.completed, ...o?.completed },
    failed: { ...base.failed, ...o?.failed },
  };
}

/** Stores a retention given to Queue.open in the definition, so every process applies it. */
async function updateRetention(
  handle: RedisHandle,
  def: QueueDefinition,
  retention: Partial<Retention>,
): Promise<QueueDefinition> {
  const merged = mergeRetention(def.retention ?? DEFAULT_RETENTION, retention);
  if (JSON.stringify(merged) === JSON.stringify(def.retention)) return def;
  const next = { ...def, retention: merged };
  // Last writer wins, as with any setting; the other fields are fixed at creation.
  await handle.call('HSET', REGISTRY_KEY, def.name, JSON.stringify(next));
  return next;
}

/** Every registered queue. Unreadable entries are skipped and reported through `onBad`. */
export async function listQueueDefinitions(
  handle: RedisHandle,
  onBad?: (name: string, err: Error) => void,
): Promise<QueueDefinition[]> {
  const all = (await handle.call('HGETALL', REGISTRY_KEY)) as string[] | Record<string, string>;
  const entries: Array<[string, string]> = Array.isArray(all)
    ? Array.from({ length: all.length / 2 }, (_, i) => [all[2 * i]!, all[2 * i + 1]!])
    : Object.entries(all);
  const out: QueueDefinition[] = [];
  for (const [name, raw] of entries) {
    try {
      out.push(parseDefinition(name, raw));
    } catch (e) {
      onBad?.(name, e as Error);
    }
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

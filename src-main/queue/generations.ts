/**
 * Queue generations (issue 15): rebalance re-plans a queue's partition tags over the masters of
 * now as a new generation; the old one is retired, drained by workers, then removed.
 *
 * Why generations instead of moving tasks: a task is one hash tag's keys, and moving keys between
 * slots cannot be one atomic script on a cluster. New tasks go to the new generation; the old one
 * only empties, so no task is ever in two places.
 */
import { retry } from '../lib/retry';
import { TRANSIENT_RETRY } from '../redis/connection-error';
import { QueueArgumentError } from './errors';
import { masterSlots, type QueueDefinition } from './registry';
import { planPartitionTags } from './partition-plan';
import type { Partition, Queue } from './queue';
import type { ScheduleTemplate } from '../../shared/types/schedule';

/**
 * A retired generation is removed no sooner than this after it was retired: producers re-read
 * the definition before routing once it is 2 s old, so none still writes to it by then.
 */
export const RETIRE_GRACE_MS = 5_000;
/** Finished tasks removed per script call when a drained partition's keys are deleted. */
const DROP_BATCH = 500;
/** Drop calls per partition per cleanup round (bounded; the next round goes on). */
const DROP_CALLS = 200;

/** What queue.rebalance did. */
export interface RebalanceResult {
  queue: string;
  /** The new generation's number (1 after the first rebalance). */
  generation: number;
  partitionsBefore: number;
  partitionsAfter: number;
  /** The new generation's hash tags, planned over the masters of now. */
  tags: string[];
  /** Schedules moved from retired partitions to the new generation. */
  movedSchedules: number;
}

/** Partitions as a rebalance accepts them: a whole number from 1 to 1024. */
function validatePartitions(queue: string, partitions: unknown): void {
  if (
    partitions !== undefined &&
    (typeof partitions !== 'number' || !Number.isInteger(partitions) || partitions < 1 || partitions > 1024)
  ) {
    throw new QueueArgumentError(
      `rebalance of queue ${queue}: partitions=${String(partitions)} is not valid: expected a whole number from 1 to 1024`,
    );
  }
}

/** The hash tag base of a generation: `#` cannot appear in a queue name, so no tag collides. */
function generationName(queue: string, generation: number): string {
  return `${queue}#g${generation}`;
}

/** See Queue.rebalance. */
export async function rebalanceQueue(q: Queue, o: { partitions?: number }): Promise<RebalanceResult> {
  validatePartitions(q.name, o.partitions);
  await q.refreshDefinition();
  const before = q.definition.partitions;
  const expected = q.definition.generation ?? 0;
  const n = o.partitions ?? before;
  const tags = planPartitionTags(generationName(q.name, expected + 1), n, await masterSlots(q.handle));
  const paused = (await Promise.all(q.partitions.map((p) => q.partitionCounts(p)))).some((c) => c.paused);
  const r = await q.limiter.startGeneration(expected, tags, Date.now());
  if (r === -1) throw new QueueArgumentError(`queue ${q.name} does not exist: nothing to rebalance`);
  if (r === -2)
    throw new QueueArgumentError(
      `queue ${q.name} was rebalanced by another process meanwhile (generation ${expected} is no longer current): nothing changed, run it again`,
    );
  q.adoptGenerations(JSON.parse(String(r)) as QueueDefinition);
  if (paused) await q.pause();
  let moved = 0;
  for (const g of q.retired) for (const p of g.parts) moved += await moveSchedules(q, p);
  return {
    queue: q.name,
    generation: expected + 1,
    partitionsBefore: before,
    partitionsAfter: n,
    tags,
    movedSchedules: moved,
  };
}

/**
 * Moves each schedule of a retired partition to its partition in the newest generation: taken
 * out atomically (so no poller of the old partition fires it again), then stored with its state
 * unchanged (so no tick fires twice or is skipped beyond the move's few ms).
 */
async function moveSchedules(q: Queue, from: Partition): Promise<number> {
  const ids = (await q.handle.call('HKEYS', from.keys.schedules)) as string[];
  let moved = 0;
  for (const id of ids) {
    const taken = await retry(TRANSIENT_RETRY, () => q.scripts.scheduleTake(from, id));
    if (!taken) continue;
    const template = (JSON.parse(taken.def) as { template?: ScheduleTemplate }).template;
    const to = q.schedules.partitionOf(id, template);
    await retry(TRANSIENT_RETRY, () => q.scripts.schedulePut(to, id, taken.def, taken.state));
    moved++;
  }
  return moved;
}

/**
 * Removes every retired generation that is drained and past RETIRE_GRACE_MS: its keys, then its
 * entry in the definition (one atomic registry update). Safe to run from any number of workers at
 * once. Returns the generations dropped.
 */
export async function cleanupRetired(q: Queue): Promise<number[]> {
  const dropped: number[] = [];
  for (const g of [...q.retired]) {
    if (Date.now() - g.retiredAt < RETIRE_GRACE_MS) continue;
    let gone = true;
    for (const p of g.parts) {
      let r = 0;
      for (let i = 0; i < DROP_CALLS && r === 0; i++)
        r = await retry(TRANSIENT_RETRY, () => q.scripts.drop(p, DROP_BATCH));
      if (r !== 1) gone = false;
    }
    if (!gone) continue;
    const def = await q.limiter.dropGeneration(g.generation);
    if (def !== -1) q.adoptGenerations(JSON.parse(String(def)) as QueueDefinition);
    dropped.push(g.generation);
  }
  return dropped;
}

import type { RequeueableState, Task, TaskPage, TaskState } from '../../shared/types/queue';
import { batchSizeOf, runBatches, type BulkOptions, type BulkResult } from './bulk';
import { MalformedDataError, QueueArgumentError, TaskNotFoundError } from './errors';
import { stateKey } from './keys';
import { malformed } from './malformed-data';
import type { Queue } from './queue';
import { toTask } from './task-record';
import { assertTaskId } from './validate';

/** Operator actions and listings of a queue: the console's buttons and the CLI call these. */

interface PartitionCursor {
  /** Upper score bound, inclusive; null when the partition is exhausted. */
  max: string | null;
  /** Entries at or below `max` already shown. */
  skip: number;
}

function encodeCursor(c: unknown): string {
  return Buffer.from(JSON.stringify(c)).toString('base64url');
}

const isListCursor = (v: unknown): v is PartitionCursor[] =>
  Array.isArray(v) &&
  v.every(
    (c: unknown) =>
      typeof c === 'object' &&
      c !== null &&
      ((c as PartitionCursor).max === null || /^[-+(0-9.eEinf]{1,64}$/.test(String((c as PartitionCursor).max))) &&
      Number.isSafeInteger((c as PartitionCursor).skip) &&
      (c as PartitionCursor).skip >= 0,
  );
const isSearchCursor = (v: unknown): v is { p: number; c: string } =>
  typeof v === 'object' &&
  v !== null &&
  Number.isSafeInteger((v as { p: unknown }).p) &&
  (v as { p: number }).p >= 0 &&
  typeof (v as { c: unknown }).c === 'string' &&
  /^\d{1,20}$/.test((v as { c: string }).c);

/** Decodes a cursor this module issued; anything else (forged, stale, truncated) is refused by name. */
function decodeCursor<T>(cursor: string, what: string, valid: (v: unknown) => v is T): T {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    decoded = undefined;
  }
  if (decoded !== undefined && valid(decoded)) return decoded;
  throw new QueueArgumentError(
    `${what} cursor ${JSON.stringify(cursor.slice(0, 40))} is not one this server issued: start again without a cursor`,
  );
}

/** One page of a state, newest first, merged over partitions; `nextCursor` continues it. */
export async function listTasks(
  q: Queue,
  state: TaskState,
  o: { cursor?: string; limit?: number } = {},
): Promise<TaskPage> {
  const limit = Math.min(Math.max(o.limit ?? 50, 1), 500);
  const cursors: PartitionCursor[] = o.cursor
    ? decodeCursor(o.cursor, 'task list', isListCursor)
    : q.allPartitions.map(() => ({ max: '+inf', skip: 0 }));
  if (cursors.length !== q.allPartitions.length)
    throw new QueueArgumentError(
      `task list cursor is for ${cursors.length} partitions, the queue has ${q.allPartitions.length}`,
    );
  const rows = await Promise.all(
    q.allPartitions.map(async (p, i) => {
      const c = cursors[i]!;
      if (c.max === null) return [];
      try {
        const r = await q.scripts.list(p, state, { max: c.max, skip: c.skip, limit });
        return r.map((row) => ({ p: i, ...row, score: Number(row.scoreText) }));
      } catch (e) {
        throw malformed(e, q.name, p.index);
      }
    }),
  );
  const merged = rows
    .flat()
    .sort((a, b) => b.score - a.score || (a.id < b.id ? 1 : -1))
    .slice(0, limit);
  const next = cursors.map((c) => ({ ...c }));
  rows.forEach((partRows, i) => {
    const taken = merged.filter((m) => m.p === i);
    const cur = next[i]!;
    if (cur.max === null) return;
    if (taken.length === 0) {
      if (partRows.length === 0) cur.max = null;
      return;
    }
    const last = taken[taken.length - 1]!;
    const ties = taken.filter((t) => t.scoreText === last.scoreText).length;
    cur.skip = (cur.max === last.scoreText ? cur.skip : 0) + ties;
    cur.max = last.scoreText;
    if (partRows.length < limit && taken.length === partRows.length) cur.max = null;
  });
  const tasks: Task[] = merged.map((m) =>
    m.raw === false
      ? toTask({ raw: '', id: m.id, queue: q.name, partition: q.allPartitions[m.p]!.index, state })
      : toTask({ raw: m.raw, id: m.id, queue: q.name, partition: q.allPartitions[m.p]!.index, state, score: m.score }),
  );
  const more = next.some((c) => c.max !== null);
  return { tasks, nextCursor: more && tasks.length > 0 ? encodeCursor(next) : null };
}

/**
 * Finds tasks whose id starts with `query` or whose payload contains it. Scans at most about
 * `budget` records per call (HSCAN with a cursor), so a search never holds Redis for long; a page
 * may come back short with a cursor to go on.
 */
export async function searchTasks(
  q: Queue,
  query: string,
  o: { cursor?: string; limit?: number; budget?: number } = {},
): Promise<TaskPage> {
  const limit = Math.min(Math.max(o.limit ?? 50, 1), 500);
  const budget = o.budget ?? 5000;
  let { p, c } = o.cursor ? decodeCursor(o.cursor, 'search', isSearchCursor) : { p: 0, c: '0' };
  const found: Task[] = [];
  let scanned = 0;
  while (p < q.allPartitions.length && found.length < limit && scanned < budget) {
    const part = q.allPartitions[p]!;
    const [nextC, flat] = (await q.handle.call('HSCAN', part.keys.data, c, 'COUNT', 500)) as [string, string[]];
    for (let i = 0; i < flat.length; i += 2) {
      scanned++;
      const id = flat[i]!;
      const raw = flat[i + 1]!;
      if (id.startsWith(query) || raw.includes(query)) {
        const t = await q.get(id);
        if (t && (t.id.startsWith(query) || JSON.stringify(t.payload).includes(query) || (t.raw ?? '').includes(query)))
          found.push(t);
      }
    }
    if (nextC === '0') {
      p++;
      c = '0';
    } else c = nextC;
  }
  return { tasks: found, nextCursor: p < q.allPartitions.length ? encodeCursor({ p, c }) : null };
}

/** Moves every task of a state (failed, delayed, completed) back to waiting, in bounded batches. */
export async function requeueState(q: Queue, state: RequeueableState, o: BulkOptions = {}): Promise<BulkResult> {
  const batch = batchSizeOf(o);
  const counts = await Promise.all(q.allPartitions.map((p) => q.partitionCounts(p)));
  const total = counts.reduce((s, c) => s + c[state], 0);
  return runBatches(
    total,
    q.allPartitions.map((p) => {
      let skip = 0;
      return async () => {
        const { moved, skipped, remaining } = await q.scripts.requeueState(p, state, { batch, skip });
        skip += skipped;
        return { moved, more: moved + skipped > 0 && remaining > skip };
      };
    }),
    o,
  );
}

/** Moves the given tasks back to waiting (from failed, delayed or completed). */
export async function requeueIds(q: Queue, ids: string[], o: BulkOptions = {}): Promise<BulkResult> {
  for (const id of ids) assertTaskId(id);
  const batch = batchSizeOf(o);
  const chunks: string[][] = [];
  for (let i = 0; i < ids.length; i += batch) chunks.push(ids.slice(i, i + batch));
  let moved = 0;
  o.onProgress?.({ done: 0, total: ids.length });
  for (const chunk of chunks) {
    if (o.signal?.aborted) return { done: moved, total: ids.length, cancelled: true };
    const per = await Promise.all(q.allPartitions.map((p) => q.scripts.requeueIds(p, chunk)));
    moved += per.reduce((s, n) => s + n, 0);
    o.onProgress?.({ done: moved, total: ids.length });
  }
  return { done: moved, total: ids.length, cancelled: false };
}

/**
 * Deletes every task of a state, or (completed and failed) only those finished more than
 * `olderThanMs` ago. Bounded batches; cancellable between batches.
 */
export async function purgeState(
  q: Queue,
  state: TaskState,
  o: BulkOptions & { olderThanMs?: number } = {},
): Promise<BulkResult> {
  const batch = batchSizeOf(o);
  let max = '+inf';
  let olderThanMs = -1;
  if (o.olderThanMs !== undefined) {
    if (state !== 'completed' && state !== 'failed') {
      throw new QueueArgumentError(
        `--older-than applies to completed and failed tasks (by finish time), not to ${state}`,
      );
    }
    if (!Number.isFinite(o.olderThanMs) || o.olderThanMs < 0)
      throw new QueueArgumentError(`olderThanMs=${o.olderThanMs}: expected a number of ms >= 0`);
    olderThanMs = o.olderThanMs;
    // Only for the progress total: the script takes the bound from the server's clock.
    max = String(Date.now() - o.olderThanMs);
  }
  const total = (
    await Promise.all(
      q.allPartitions.map((p) => q.handle.call('ZCOUNT', stateKey(p.keys, state), '-inf', max) as Promise<number>),
    )
  ).reduce((s, n) => s + Number(n), 0);
  return runBatches(
    total,
    q.allPartitions.map((p) => async () => {
      const n = await q.scripts.purge(p, state, { olderThanMs, batch });
      return { moved: n, more: n === batch };
    }),
    o,
  );
}

/** Makes every delayed task waiting now. */
export async function promoteDelayed(q: Queue, o: BulkOptions = {}): Promise<BulkResult> {
  const batch = batchSizeOf(o);
  const total = (await q.counts()).delayed;
  return runBatches(
    total,
    q.allPartitions.map((p) => async () => {
      const { moved, remaining } = await q.scripts.promote(p, batch);
      return { moved, more: moved > 0 && remaining > 0 };
    }),
    o,
  );
}

/** Deletes one task from any state. */
export async function deleteTask(q: Queue, id: string): Promise<boolean> {
  assertTaskId(id);
  // Every generation: a task of a retired partition (rebalance draining) can be deleted too.
  const r = await Promise.all(q.allPartitions.map((p) => q.scripts.delete(p, id)));
  return r.some(Boolean);
}

/**
 * Cancels every task of a state (waiting, delayed or active), or only those created more than
 * `olderThanMs` ago, as a bulk operation: at most 100 tasks per script call (each is decoded),
 * progress after every batch, cancellable between batches. Active tasks are marked and their
 * workers end them within about a second.
 */
export async function cancelState(
  q: Queue,
  state: 'waiting' | 'delayed' | 'active',
  o: BulkOptions & { olderThanMs?: number } = {},
): Promise<BulkResult> {
  if (!['waiting', 'delayed', 'active'].includes(state))
    throw new QueueArgumentError(`cancel state=${String(state)}: expected waiting, delayed or active`);
  if (o.olderThanMs !== undefined && (!Number.isInteger(o.olderThanMs) || o.olderThanMs < 0))
    throw new QueueArgumentError(`olderThanMs=${String(o.olderThanMs)}: expected a whole number of ms >= 0`);
  const batch = Math.min(100, batchSizeOf(o));
  const counts = await Promise.all(q.allPartitions.map((p) => q.partitionCounts(p)));
  const total = counts.reduce((s, c) => s + c[state], 0);
  return runBatches(
    total,
    q.allPartitions.map((p) => {
      let skip = 0;
      return async () => {
        const { handled, scanned } = await q.scripts.cancelState(p, state, {
          olderThanMs: o.olderThanMs ?? -1,
          batch,
          skip,
        });
        // Cancelled waiting/delayed tasks leave the set; what stays (too young, active) is skipped.
        skip += state === 'active' ? scanned : scanned - handled;
        return { moved: handled, more: scanned === batch };
      };
    }),
    o,
  );
}

/**
 * Edit and retry: requeues one failed or cancelled task with a new payload, keeping the edit
 * (who, when, the previous payload) in the task's `edits`. Attempts reset as for any requeue.
 * Throws TaskNotFoundError for an unknown id, QueueArgumentError for a task in another state
 * or a payload that is not JSON; nothing changes then.
 */
export async function retryEdited(q: Queue, id: string, payload: unknown, by: string): Promise<Task> {
  assertTaskId(id);
  let text: string | undefined;
  try {
    text = JSON.stringify(payload);
  } catch (e) {
    throw new QueueArgumentError(`the edited payload of task ${id} is not JSON-serialisable: ${(e as Error).message}`);
  }
  if (text === undefined) {
    throw new QueueArgumentError(`the edited payload of task ${id} is ${String(payload)}: expected a JSON value`);
  }
  const at = await q.locate(id);
  if (!at) throw new TaskNotFoundError(id, q.name);
  const { task, part: p } = at;
  if (task.state !== 'failed' && task.state !== 'cancelled') {
    throw new QueueArgumentError(
      `task ${id} is ${task.state}: only a failed or cancelled task can be edited and retried`,
    );
  }
  const r = await q.scripts.retryEdited(p, id, text, by);
  if (r === 0) throw new TaskNotFoundError(id, q.name, 'it was deleted meanwhile');
  if (r === -1) throw new QueueArgumentError(`task ${id} changed state meanwhile: it is no longer failed or cancelled`);
  if (r === -2) throw new MalformedDataError(`task ${id}: its stored record is unreadable; it was left as it is`);
  return (await q.get(id))!;
}

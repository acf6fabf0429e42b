import { validateScheduleOptions, validateScheduleSpec, tickAfter } from '../../shared/schedule/schedule-spec';
import { ScheduleSpecError } from '../../shared/schedule/schedule-spec';
import { SlotlineError } from '../../shared/errors';
import {
  ScheduleTemplateSchema,
  type CatchUp,
  type ScheduleInfo,
  type ScheduleOptions,
  type ScheduleSpec,
  type ScheduleTemplate,
} from '../../shared/types/schedule';
import { retry } from '../lib/retry';
import { TRANSIENT_RETRY } from '../redis/connection-error';
import type { Partition, Queue } from './queue';
import { planFire } from './schedule-plan';
import { hashString } from './routing';
import { newRecord } from './task-record';
import { loneSurrogateAt, validateEnqueue } from './validate';

/**
 * Schedules (issue 14). A schedule lives in the slot of ONE partition of its queue: the partition
 * its template's `options.key` routes to, else the one its id hashes to (stable). There its
 * definition (`{tag}:schedules`, stored verbatim so the payload never passes through Lua's JSON),
 * its state (`{tag}:sched-state`) and its next fire (`{tag}:sched-due`, a ZSET) sit beside the
 * tasks it enqueues.
 *
 * A fire is one script on server TIME in that slot (schedule-fire-8.lua): it compares the stored
 * next fire with the one the poller read (compare-and-set) and enqueues the task under an id
 * derived from (schedule id, tick), so a re-fire of a tick is a no-op. Task and state are in one
 * slot, so a failover keeps or loses both together: the fire after a promotion is neither lost
 * (the promoted replica still has the tick due) nor doubled (a tick whose task survived has moved
 * on; a lost tick's task is lost with it and is fired again, under the same id).
 *
 * JS computes ticks (cron needs croner): every Worker polls its queue's partitions every
 * 250–500 ms (jittered), one call per partition (schedule-due-3.lua, a ZRANGEBYSCORE on server
 * time), and for each due schedule passes the following tick and the first tick after now to the
 * fire script. A tick later than `graceMs` (default 60 s) follows the schedule's catch-up choice:
 * `skip` fires none and moves to the next future tick, `once` fires one task for them all. A queue
 * without running workers fires nothing; its ticks are then caught up by those rules.
 */

/** Longest schedule id, in UTF-16 units: derived task ids stay within the 256 of task ids. */
export const MAX_SCHEDULE_ID = 100;
/** Schedules fired per partition per poll; the rest wait for the next poll. */
const DUE_PER_POLL = 100;

/** A schedule id, spec, template or option that cannot be used, naming the value. */
export { ScheduleSpecError } from '../../shared/schedule/schedule-spec';

/** An unknown schedule id for remove, pause, resume or run now. */
export class ScheduleNotFoundError extends SlotlineError {
  constructor(
    readonly scheduleId: string,
    readonly queue: string,
  ) {
    super('schedule-not-found', `schedule ${JSON.stringify(scheduleId)} does not exist on queue ${queue}`);
  }
}

/** The definition stored in `{tag}:schedules`. */
interface StoredDefinition {
  id: string;
  spec: ScheduleSpec;
  template: ScheduleTemplate;
  catchUp: CatchUp;
  graceMs: number;
}

/** The state stored in `{tag}:sched-state` (written by the scripts). */
interface StoredState {
  next: number;
  anchor: number;
  spec: string;
  paused: number;
  fires: number;
  skipped: number;
  last?: number;
  lastTaskId?: string;
  createdAt: number;
  updatedAt: number;
}

/** A schedule id: 1-100 characters of well-formed Unicode. */
export function assertScheduleId(id: unknown): asserts id is string {
  if (typeof id !== 'string') throw new ScheduleSpecError(`schedule id ${String(id)}: expected a string`);
  const bad = loneSurrogateAt(id);
  if (id.length === 0 || id.length > MAX_SCHEDULE_ID || bad >= 0) {
    throw new ScheduleSpecError(
      `schedule id ${JSON.stringify(id.length > 120 ? id.slice(0, 120) + '…' : id)}: expected 1-${MAX_SCHEDULE_ID} characters of well-formed Unicode` +
        (bad >= 0 ? ` (an unpaired UTF-16 surrogate at index ${bad})` : ` (it has ${id.length})`),
    );
  }
}

function validateTemplate(id: string, template: unknown): ScheduleTemplate {
  const parsed = ScheduleTemplateSchema.safeParse(template);
  if (!parsed.success) {
    throw new ScheduleSpecError(
      `template of schedule ${JSON.stringify(id)} is not valid (${parsed.error.issues.map((i) => `${i.path.join('.') || 'template'}: ${i.message}`).join('; ')}): expected { payload, options?: { priority, attempts, timeoutMs, expiresInMs, key } }`,
    );
  }
  const t = parsed.data;
  let text: string | undefined;
  try {
    text = JSON.stringify(t.payload === undefined ? null : t.payload);
  } catch (e) {
    throw new ScheduleSpecError(`payload of schedule ${JSON.stringify(id)} is not JSON: ${(e as Error).message}`);
  }
  if (text === undefined) throw new ScheduleSpecError(`payload of schedule ${JSON.stringify(id)} is not JSON`);
  const o = t.options ?? {};
  if (o.key !== undefined && (o.key.length === 0 || loneSurrogateAt(o.key) >= 0))
    throw new ScheduleSpecError(
      `key ${JSON.stringify(o.key)} of schedule ${JSON.stringify(id)}: expected a non-empty string of well-formed Unicode`,
    );
  try {
    validateEnqueue(`schedule:${id}`, {
      priority: o.priority,
      maxAttempts: o.attempts,
      timeoutMs: o.timeoutMs,
      expiresInMs: o.expiresInMs,
    });
  } catch (e) {
    throw new ScheduleSpecError(`template of schedule ${JSON.stringify(id)}: ${(e as Error).message}`);
  }
  return t;
}

/** The schedule operations of one queue; Queue's schedule methods delegate here. */
export class Schedules {
  constructor(private readonly queue: Queue) {}

  /** The partition a schedule lives in: its template key's, else its id's hash. */
  partitionOf(id: string, template: ScheduleTemplate | undefined): Partition {
    const n = this.queue.partitions.length;
    return this.queue.partitions[hashString(template?.options?.key ?? id) % n]!;
  }

  /**
   * The hash tag of a schedule's task ids: the routing string itself when it can be one, else the
   * first `sched-<partition>-<k>` that routes to the same partition. Either way Queue.get(taskId)
   * finds the task in the schedule's partition.
   */
  private taskTag(id: string, template: ScheduleTemplate): string {
    const route = template.options?.key ?? id;
    const p = this.partitionOf(id, template).index;
    if (!route.includes('}') && route.length <= MAX_SCHEDULE_ID) return route;
    const n = this.queue.partitions.length;
    for (let k = 0; ; k++) {
      const tag = `sched-${p}-${k}`;
      if (hashString(tag) % n === p) return tag;
    }
  }

  /** The task id of one tick: `{tag}sched:<id>:<tick>`; a manual run's adds `run:`. */
  taskIdFor(def: { id: string; template: ScheduleTemplate }, tick: number, manual = false): string {
    return `{${this.taskTag(def.id, def.template)}}sched:${def.id}:${manual ? 'run:' : ''}${tick}`;
  }

  private record(def: StoredDefinition, taskId: string, now: number): string {
    const o = def.template.options ?? {};
    const q = this.queue.options;
    return JSON.stringify(
      newRecord({
        id: taskId,
        payload: def.template.payload,
        maxAttempts: o.attempts ?? q.defaultMaxAttempts ?? 3,
        backoff: q.defaultBackoff ?? { type: 'exponential', delayMs: 1000, jitter: 0.2 },
        priority: o.priority ?? 0,
        now,
        timeoutMs: o.timeoutMs,
      }),
    );
  }

  private async serverNow(): Promise<number> {
    const [s, us] = (await this.queue.handle.call('TIME')) as [string, string];
    return Number(s) * 1000 + Math.floor(Number(us) / 1000);
  }

  /** Creates or replaces a schedule (see Queue.upsertSchedule). */
  async upsert(
    id: string,
    specIn: ScheduleSpec,
    templateIn: ScheduleTemplate,
    options: ScheduleOptions = {},
  ): Promise<ScheduleInfo> {
    assertScheduleId(id);
    const spec = validateScheduleSpec(specIn);
    const template = validateTemplate(id, templateIn);
    const { catchUp, graceMs } = validateScheduleOptions(options);
    const p = this.partitionOf(id, template);
    const elsewhere = await this.find(id);
    if (elsewhere && elsewhere.p !== p) {
      throw new ScheduleSpecError(
        `schedule ${JSON.stringify(id)} lives in partition ${elsewhere.p.index} of queue ${this.queue.name}, and the new template key routes it to partition ${p.index}: remove it first, or keep its key`,
      );
    }
    const def: StoredDefinition = { id, spec, template, catchUp, graceMs };
    const specJson = JSON.stringify(spec);
    for (let attempt = 0; attempt < 3; attempt++) {
      const [rawState, now] = await Promise.all([
        this.queue.handle.call('HGET', p.keys.schedState, id) as Promise<string | null>,
        this.serverNow(),
      ]);
      const seen = rawState ? (JSON.parse(rawState) as StoredState) : undefined;
      const anchor = now;
      const next = tickAfter(spec, now, anchor);
      if (next === null)
        throw new ScheduleSpecError(
          `cron expression ${JSON.stringify((spec as { cron: string }).cron)} has no fire after now: expected one that fires again`,
        );
      const r = await retry(TRANSIENT_RETRY, () =>
        this.queue.scripts.scheduleUpsert(p, {
          id,
          definition: JSON.stringify(def),
          spec: specJson,
          next,
          anchor,
          seenSpec: seen?.spec ?? '',
        }),
      );
      if ('state' in r) return this.info(p, def, JSON.parse(r.state) as StoredState);
    }
    throw new ScheduleSpecError(
      `schedule ${JSON.stringify(id)} on queue ${this.queue.name} was changed by another writer three times while it was upserted: try again`,
    );
  }

  private info(p: Partition, def: StoredDefinition, st: StoredState): ScheduleInfo {
    return {
      id: def.id,
      queue: this.queue.name,
      partition: p.index,
      spec: def.spec,
      template: def.template,
      catchUp: def.catchUp,
      graceMs: def.graceMs,
      paused: st.paused === 1,
      nextFireAt: Number(st.next),
      ...(st.last !== undefined ? { lastFireAt: Number(st.last) } : {}),
      ...(st.lastTaskId ? { lastTaskId: st.lastTaskId } : {}),
      fires: Number(st.fires) || 0,
      skipped: Number(st.skipped) || 0,
      createdAt: Number(st.createdAt),
      updatedAt: Number(st.updatedAt),
    };
  }

  /** The partition holding a schedule, by looking in each (a schedule is in exactly one). */
  private async find(id: string): Promise<{ p: Partition } | null> {
    const found = await Promise.all(
      this.queue.partitions.map((p) => this.queue.handle.call('HEXISTS', p.keys.schedules, id) as Promise<number>),
    );
    const i = found.findIndex((f) => Number(f) === 1);
    return i < 0 ? null : { p: this.queue.partitions[i]! };
  }

  private async control(op: 'pause' | 'resume' | 'remove', id: string): Promise<void> {
    assertScheduleId(id);
    const at = await this.find(id);
    if (!at || !(await retry(TRANSIENT_RETRY, () => this.queue.scripts.scheduleControl(at.p, op, id))))
      throw new ScheduleNotFoundError(id, this.queue.name);
  }

  remove(id: string): Promise<void> {
    return this.control('remove', id);
  }
  pause(id: string): Promise<void> {
    return this.control('pause', id);
  }
  resume(id: string): Promise<void> {
    return this.control('resume', id);
  }

  /** Every schedule of the queue, by id. */
  async list(): Promise<ScheduleInfo[]> {
    const out: ScheduleInfo[] = [];
    for (const p of this.queue.partitions) {
      const [defs, states] = (await Promise.all([
        this.queue.handle.call('HGETALL', p.keys.schedules),
        this.queue.handle.call('HGETALL', p.keys.schedState),
      ])) as [Record<string, string> | string[], Record<string, string> | string[]];
      const d = asRecord(defs);
      const s = asRecord(states);
      for (const [id, raw] of Object.entries(d)) {
        if (!s[id]) continue;
        out.push(this.info(p, JSON.parse(raw) as StoredDefinition, JSON.parse(s[id]) as StoredState));
      }
    }
    return out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  /** Enqueues one task now (the regular tick is not moved); its task id. */
  async runNow(id: string): Promise<{ taskId: string }> {
    assertScheduleId(id);
    const at = await this.find(id);
    if (!at) throw new ScheduleNotFoundError(id, this.queue.name);
    const raw = (await this.queue.handle.call('HGET', at.p.keys.schedules, id)) as string | null;
    if (!raw) throw new ScheduleNotFoundError(id, this.queue.name);
    const def = JSON.parse(raw) as StoredDefinition;
    const now = await this.serverNow();
    const taskId = this.taskIdFor(def, now, true);
    const r = await retry(TRANSIENT_RETRY, () =>
      this.queue.scripts.scheduleFire(at.p, {
        mode: 'run',
        id,
        expected: -1,
        following: -1,
        future: -1,
        missed: 0,
        graceMs: 0,
        catchUp: def.catchUp,
        taskId,
        record: this.record(def, taskId, now),
        priority: def.template.options?.priority ?? 0,
        expiresInMs: def.template.options?.expiresInMs ?? 0,
      }),
    );
    if (r.code < 0) throw new ScheduleNotFoundError(id, this.queue.name);
    return { taskId };
  }

  /**
   * One poll of one partition: fires every due schedule. Returns what it did (fired task ids,
   * skipped counts) for the worker's events and tests.
   */
  async pollPartition(p: Partition): Promise<Array<{ id: string; code: number; taskId: string }>> {
    const { now, due } = await this.queue.scripts.scheduleDue(p, DUE_PER_POLL);
    const out: Array<{ id: string; code: number; taskId: string }> = [];
    for (const d of due) {
      const def = JSON.parse(d.definition) as StoredDefinition;
      const st = JSON.parse(d.state) as StoredState;
      const tick = Number(st.next);
      const plan = planFire({ spec: def.spec, anchor: Number(st.anchor), graceMs: def.graceMs }, tick, now);
      const taskId = this.taskIdFor(def, tick);
      // A re-send after a lost reply is safe: the compare-and-set on next makes it a no-op.
      const r = await retry(TRANSIENT_RETRY, () =>
        this.queue.scripts.scheduleFire(p, {
          mode: 'tick',
          id: def.id,
          expected: tick,
          following: plan.following,
          future: plan.future,
          missed: plan.missed,
          graceMs: def.graceMs,
          catchUp: def.catchUp,
          taskId,
          record: this.record(def, taskId, now),
          priority: def.template.options?.priority ?? 0,
          expiresInMs: def.template.options?.expiresInMs ?? 0,
        }),
      );
      out.push({ id: def.id, code: r.code, taskId: r.taskId });
    }
    return out;
  }
}

function asRecord(v: Record<string, string> | string[]): Record<string, string> {
  if (!Array.isArray(v)) return v ?? {};
  const o: Record<string, string> = {};
  for (let i = 0; i + 1 < v.length; i += 2) o[v[i]!] = v[i + 1]!;
  return o;
}

import type { RedisArg } from '../redis/handle';
import type { ScriptPartition } from './queue-scripts';
import { keysFor, type ScriptName } from './script-keys';

/**
 * The typed wrappers of the schedule scripts (schedule-*.lua), as QueueScripts' base: they build
 * KEYS from script-keys.ts and decode the replies like every other wrapper, and live apart only to
 * keep queue-scripts.ts short.
 */
export abstract class ScheduleScripts {
  protected abstract run<T>(script: ScriptName, keys: string[], args: RedisArg[]): Promise<T>;

  /** Due schedules of a partition (at most `limit`), with the server's now (schedule-due-3.lua). */
  async scheduleDue(
    p: ScriptPartition,
    limit: number,
  ): Promise<{ now: number; due: Array<{ id: string; definition: string; state: string }> }> {
    const r = await this.run<string[]>('schedule-due', keysFor('schedule-due', p.keys), [limit]);
    const due: Array<{ id: string; definition: string; state: string }> = [];
    for (let i = 1; i + 2 < r.length; i += 3) due.push({ id: r[i]!, definition: r[i + 1]!, state: r[i + 2]! });
    return { now: Number(r[0]), due };
  }

  /** Fires a schedule's tick, or (mode 'run') enqueues one task now (schedule-fire-8.lua). */
  async scheduleFire(
    p: ScriptPartition,
    o: {
      mode: 'tick' | 'run';
      id: string;
      expected: number;
      following: number;
      future: number;
      missed: number;
      graceMs: number;
      catchUp: string;
      taskId: string;
      record: string;
      priority: number;
      expiresInMs: number;
    },
  ): Promise<{ code: number; next: number; taskId: string }> {
    const r = await this.run<[number, string, string]>('schedule-fire', keysFor('schedule-fire', p.keys), [
      o.mode,
      o.id,
      o.expected,
      o.following,
      o.future,
      o.missed,
      o.graceMs,
      o.catchUp,
      o.taskId,
      o.record,
      o.priority,
      o.expiresInMs,
    ]);
    return { code: Number(r[0]), next: Number(r[1]), taskId: r[2] };
  }

  /** Creates or replaces a schedule; its state JSON, or a conflict with the spec now stored. */
  async scheduleUpsert(
    p: ScriptPartition,
    o: { id: string; definition: string; spec: string; next: number; anchor: number; seenSpec: string },
  ): Promise<{ state: string } | { conflict: string }> {
    const r = await this.run<string | [number, string]>('schedule-upsert', keysFor('schedule-upsert', p.keys), [
      o.id,
      o.definition,
      o.spec,
      o.next,
      o.anchor,
      o.seenSpec,
    ]);
    return typeof r === 'string' ? { state: r } : { conflict: r[1] };
  }

  /** Pauses, resumes or removes a schedule; false when the partition has no such schedule. */
  async scheduleControl(p: ScriptPartition, op: 'pause' | 'resume' | 'remove', id: string): Promise<boolean> {
    return (await this.run<number>('schedule-control', keysFor('schedule-control', p.keys), [op, id])) === 1;
  }

  /** Takes a schedule out of a partition: its definition and state JSON, or null when absent. */
  async scheduleTake(p: ScriptPartition, id: string): Promise<{ def: string; state: string } | null> {
    const r = await this.run<string[]>('schedule-take', keysFor('schedule-take', p.keys), [id]);
    return r.length === 2 ? { def: r[0]!, state: r[1]! } : null;
  }

  /** Stores a taken schedule, definition and state unchanged, in a partition. */
  async schedulePut(p: ScriptPartition, id: string, def: string, state: string): Promise<void> {
    await this.run<number>('schedule-put', keysFor('schedule-put', p.keys), [id, def, state]);
  }
}

import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { ScheduleSpecError } from '../../shared/schedule/schedule-spec';
import { queueFixture, until } from '../testing/queue-fixture';
import { redisTarget } from '../testing/redis-target';
import type { Queue } from './queue';
import { ScheduleNotFoundError } from './schedules';

const target = redisTarget();
const fx = queueFixture();
afterAll(() => fx.close());

/** Every key of the queue's partitions that schedules use, and their sizes: 0 when nothing is stored. */
async function stored(q: Queue): Promise<number> {
  let n = 0;
  for (const p of q.partitions) {
    n += Number(await q.handle.call('HLEN', p.keys.schedules));
    n += Number(await q.handle.call('HLEN', p.keys.schedState));
    n += Number(await q.handle.call('ZCARD', p.keys.schedDue));
  }
  return n;
}

/** The ticks of a schedule's tasks, from their deterministic ids (`{tag}sched:<id>:<tick>`). */
async function ticksOf(q: Queue, scheduleId: string): Promise<number[]> {
  const out: number[] = [];
  for (const p of q.partitions) {
    const ids = (await q.handle.call('HKEYS', p.keys.data)) as string[];
    for (const id of ids) {
      const m = new RegExp(`}sched:${scheduleId}:(\\d+)$`).exec(id);
      if (m) out.push(Number(m[1]));
    }
  }
  return out.sort((a, b) => a - b);
}

describe(`schedules (${target.mode}, needs Redis)`, () => {
  it('fires an every-schedule into its partition once per tick, with task ids from the tick', async () => {
    const q = await fx.queue({ partitions: 3 });
    const info = await q.upsertSchedule('tick', { every: 300 }, { payload: { hello: 1 } });
    expect(info).toMatchObject({ id: 'tick', queue: q.name, paused: false, fires: 0, skipped: 0, catchUp: 'skip' });
    expect(info.nextFireAt - info.createdAt).toBe(300);
    const seen: Array<{ id: string; payload: unknown }> = [];
    fx.worker(q, (t) => void seen.push({ id: t.id, payload: t.payload })).start();
    fx.worker(q, (t) => void seen.push({ id: t.id, payload: t.payload })).start();
    await until('4 fires', () => seen.length >= 4, 10_000);
    const [s] = await q.listSchedules();
    expect(s!.fires).toBeGreaterThanOrEqual(4);
    expect(s!.lastTaskId).toMatch(/^\{tick\}sched:tick:\d+$/);
    const ticks = await ticksOf(q, 'tick');
    expect(new Set(ticks).size).toBe(ticks.length);
    // Consecutive ticks of the anchor, none missing.
    ticks.forEach((t, i) => expect(t).toBe(info.nextFireAt + 300 * i));
    expect(seen[0]!.payload).toEqual({ hello: 1 });
    // The task lives in the schedule's partition, and Queue.get finds it by id.
    const task = await q.get(s!.lastTaskId!);
    expect(task?.partition).toBe(s!.partition);
    const counts = await q.counts();
    expect(counts.scheduleFiresTotal).toBe(s!.fires);
  });

  it('fires a 6-field cron schedule in a time zone on whole seconds, one task per second', async () => {
    const q = await fx.queue({ partitions: 2 });
    const s = await q.upsertSchedule('sec', { cron: '* * * * * *', tz: 'America/New_York' }, { payload: 'c' });
    expect(s.nextFireAt % 1000).toBe(0);
    fx.worker(q, () => undefined).start();
    await until('3 cron fires', async () => (await ticksOf(q, 'sec')).length >= 3, 10_000);
    const ticks = await ticksOf(q, 'sec');
    ticks.forEach((t, i) => expect(t).toBe(s.nextFireAt + 1000 * i));
  });

  it('a template key puts the schedule in that key’s partition', async () => {
    const q = await fx.queue({ partitions: 3 });
    const keyed = await q.enqueue({}, { key: 'tenant-9' });
    const s = await q.upsertSchedule('k', { every: 60_000 }, { payload: 1, options: { key: 'tenant-9', priority: 5 } });
    expect(s.partition).toBe(keyed.partition);
    const { taskId } = await q.runScheduleNow('k');
    expect((await q.get(taskId))?.partition).toBe(keyed.partition);
    expect((await q.get(taskId))?.priority).toBe(5);
  });

  it('an upsert with the same id and spec keeps the tick position: no tick fires twice', async () => {
    const q = await fx.queue({ partitions: 2 });
    const first = await q.upsertSchedule('same', { every: 400 }, { payload: 'a' });
    fx.worker(q, () => undefined).start();
    for (let i = 0; i < 8; i++) {
      const again = await q.upsertSchedule('same', { every: 400 }, { payload: `v${i}` });
      expect(again.createdAt).toBe(first.createdAt);
      await sleep(150);
    }
    await until('3 fires', async () => (await ticksOf(q, 'same')).length >= 3, 10_000);
    const ticks = await ticksOf(q, 'same');
    expect(new Set(ticks).size).toBe(ticks.length);
    ticks.forEach((t, i) => expect(t).toBe(first.nextFireAt + 400 * i));
    // The replaced template applies to later fires.
    const [s] = await q.listSchedules();
    expect(s!.template.payload).toBe('v7');
    // A new spec starts at its first tick after the server's now.
    const changed = await q.upsertSchedule('same', { every: 3_600_000 }, { payload: 'b' });
    expect(changed.nextFireAt).toBeGreaterThan(Date.now() + 3_500_000);
    // Counted from the server time the upsert read, a moment before the script wrote updatedAt.
    expect(changed.nextFireAt - changed.updatedAt).toBeLessThanOrEqual(3_600_000);
    expect(changed.nextFireAt - changed.updatedAt).toBeGreaterThan(3_590_000);
  });

  it('pause stops the ticks, resume restarts them; run now enqueues one task and leaves the tick alone', async () => {
    const q = await fx.queue();
    await q.upsertSchedule('p', { every: 300 }, { payload: null });
    await q.pauseSchedule('p');
    fx.worker(q, () => undefined).start();
    await sleep(1000);
    expect(await ticksOf(q, 'p')).toEqual([]);
    let [s] = await q.listSchedules();
    expect(s!.paused).toBe(true);
    const before = s!.nextFireAt;
    const { taskId } = await q.runScheduleNow('p');
    expect(taskId).toMatch(/^\{p\}sched:p:run:\d+$/);
    await until('run-now task done', async () => (await q.get(taskId))?.state === 'completed');
    [s] = await q.listSchedules();
    expect(s).toMatchObject({ paused: true, nextFireAt: before, lastTaskId: taskId, fires: 0 });
    await q.resumeSchedule('p');
    await until('a fire after resume', async () => (await q.listSchedules())[0]!.fires >= 2, 10_000);
  });

  it.each(['skip', 'once'] as const)('catch-up %s after the pollers were away past the grace', async (catchUp) => {
    const q = await fx.queue({ partitions: 2 });
    const s = await q.upsertSchedule('c', { every: 200 }, { payload: 1 }, { catchUp, graceMs: 100 });
    await sleep(1500);
    const p = q.partitions[s.partition]!;
    const round = await q.schedules.pollPartition(p);
    expect(round).toHaveLength(1);
    const after = (await q.listSchedules())[0]!;
    const ticks = await ticksOf(q, 'c');
    expect(after.nextFireAt).toBeGreaterThan(s.nextFireAt + 1000);
    if (catchUp === 'skip') {
      expect(round[0]!.code).toBe(2);
      expect(ticks).toEqual([]);
      expect(after.skipped).toBeGreaterThanOrEqual(6);
    } else {
      expect(round[0]!.code).toBe(1);
      expect(ticks).toEqual([s.nextFireAt]);
      expect(after.skipped).toBeGreaterThanOrEqual(5);
      expect(after.fires).toBe(1);
    }
    expect((await q.counts()).scheduleSkippedTotal).toBe(after.skipped);
    // A second poll of the same state fires nothing more: the tick moved past now.
    expect(await q.schedules.pollPartition(p)).toEqual([]);
  });

  it('refuses bad input with errors naming the value, storing nothing', async () => {
    const q = await fx.queue({ partitions: 2 });
    const bad: Array<[() => Promise<unknown>, RegExp]> = [
      [() => q.upsertSchedule('x', { cron: '61 * * * *' }, { payload: 1 }), /cron expression "61 \* \* \* \*"/],
      [() => q.upsertSchedule('x', { cron: '* * *' }, { payload: 1 }), /has 3 field/],
      [() => q.upsertSchedule('x', { cron: '0 3 * * *', tz: 'Mars/Olympus' }, { payload: 1 }), /"Mars\/Olympus"/],
      [() => q.upsertSchedule('x', { every: 0 }, { payload: 1 }), /every=0/],
      [() => q.upsertSchedule('x', { every: -5 }, { payload: 1 }), /every=-5/],
      [() => q.upsertSchedule('bad\ud800', { every: 1000 }, { payload: 1 }), /unpaired UTF-16 surrogate at index 3/],
      [() => q.upsertSchedule('', { every: 1000 }, { payload: 1 }), /schedule id ""/],
      [() => q.upsertSchedule('y'.repeat(101), { every: 1000 }, { payload: 1 }), /it has 101/],
      [() => q.upsertSchedule('x', { every: 1000 }, { payload: 1, options: { priority: 5000 } }), /priority=5000/],
      [() => q.upsertSchedule('x', { every: 1000 }, { payload: 1 }, { catchUp: 'all' as 'once' }), /catchUp="all"/],
    ];
    for (const [call, message] of bad) {
      await expect(call()).rejects.toThrow(ScheduleSpecError);
      await expect(call()).rejects.toThrow(message);
    }
    for (const call of [
      () => q.removeSchedule('nope'),
      () => q.pauseSchedule('nope'),
      () => q.resumeSchedule('nope'),
      () => q.runScheduleNow('nope'),
    ]) {
      await expect(call()).rejects.toThrow(ScheduleNotFoundError);
      await expect(call()).rejects.toThrow(/schedule "nope" does not exist on queue/);
    }
    expect(await stored(q)).toBe(0);
    // A key change that would move the schedule to another partition is refused, the old one kept.
    await q.upsertSchedule('moves', { every: 60_000 }, { payload: 1, options: { key: 'a' } });
    const other = ['b', 'c', 'd', 'e', 'f', 'g'].find(
      (k) =>
        q.schedules.partitionOf('x', { payload: 1, options: { key: k } }).index !==
        q.schedules.partitionOf('x', { payload: 1, options: { key: 'a' } }).index,
    )!;
    await expect(q.upsertSchedule('moves', { every: 60_000 }, { payload: 1, options: { key: other } })).rejects.toThrow(
      /remove it first/,
    );
    expect((await q.listSchedules()).map((s) => s.template.options?.key)).toEqual(['a']);
    await q.removeSchedule('moves');
    expect(await stored(q)).toBe(0);
  });
});

import { connectedContext } from '../testing/app-context-fixture';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppContext } from '../app/app-context';
import { startServe, type ServeHandle } from '../server/serve';
import { queueFixture } from '../testing/queue-fixture';
import { redisTarget } from '../testing/redis-target';
import type { Queue } from '../queue/queue';
import { contextDispatch } from './context-dispatch';
import type { Dispatch } from './dispatch';

async function context(readOnly: boolean): Promise<AppContext> {
  return connectedContext('sched-ipc', {
    monitor: { intervalMs: 1000, nodeTimeoutMs: 500 },
    sampler: { intervalMs: 1000, discoveryIntervalMs: 1000 },
    readOnly,
  });
}

describe(`schedules:* handlers (${redisTarget().mode}, needs Redis)`, () => {
  const fx = queueFixture();
  let q: Queue;
  let rw: AppContext;
  let ro: AppContext;
  let dispatch: Dispatch;
  let readOnly: Dispatch;
  let serve: ServeHandle;

  beforeAll(async () => {
    q = await fx.queue({ partitions: 2 });
    [rw, ro] = await Promise.all([context(false), context(true)]);
    dispatch = contextDispatch(rw, 'test:schedules');
    readOnly = contextDispatch(ro, 'test:schedules-read-only');
    const webRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'sl-sched-web-'));
    fs.writeFileSync(path.join(webRoot, 'index.html'), '<!doctype html><title>Slotline console</title>');
    serve = await startServe({ port: 0, webRoot, context: ro });
  });
  afterAll(async () => {
    await serve?.stop();
    await Promise.all([rw?.close(), ro?.close()]);
    await fx.close();
  });

  it('upserts, lists across queues, pauses, runs now, resumes and removes', async () => {
    const up = await dispatch('schedules:upsert', {
      queue: q.name,
      id: 'console',
      spec: { cron: '0 3 * * *', tz: 'Europe/Berlin' },
      template: { payload: { from: 'console' } },
      options: { catchUp: 'once' },
    });
    expect(up).toMatchObject({ ok: true, data: { id: 'console', queue: q.name, catchUp: 'once', paused: false } });
    const other = await fx.queue();
    await other.upsertSchedule('elsewhere', { every: 60_000 }, { payload: null });
    const list = await dispatch('schedules:list', {});
    expect(list.ok).toBe(true);
    const mine = (list as { data: Array<{ id: string; queue: string }> }).data.filter(
      (s) => s.queue === q.name || s.queue === other.name,
    );
    expect(mine.map((s) => `${s.queue}/${s.id}`).sort()).toEqual(
      [`${q.name}/console`, `${other.name}/elsewhere`].sort(),
    );
    expect(await dispatch('schedules:pause', { queue: q.name, id: 'console' })).toEqual({
      ok: true,
      data: { paused: true },
    });
    const run = await dispatch('schedules:run', { queue: q.name, id: 'console' });
    expect(run).toMatchObject({
      ok: true,
      data: { taskId: expect.stringMatching(/^\{console\}sched:console:run:\d+$/) },
    });
    expect((await q.listSchedules())[0]).toMatchObject({
      paused: true,
      lastTaskId: (run as { data: { taskId: string } }).data.taskId,
    });
    expect(await dispatch('schedules:resume', { queue: q.name, id: 'console' })).toEqual({
      ok: true,
      data: { paused: false },
    });
    expect(await dispatch('schedules:remove', { queue: q.name, id: 'console' })).toEqual({
      ok: true,
      data: { removed: true },
    });
    expect(await q.listSchedules()).toEqual([]);
  });

  it('previews the next 5 fires of a spec, or says why it is not valid', async () => {
    const ok = await dispatch('schedules:preview', { spec: { cron: '30 2 * * *', tz: 'Europe/Berlin' } });
    expect(ok.ok).toBe(true);
    const fires = (ok as { data: { fires: number[] } }).data.fires;
    expect(fires).toHaveLength(5);
    for (let i = 1; i < 5; i++) expect(fires[i]! - fires[i - 1]!).toBeGreaterThanOrEqual(23 * 3_600_000);
    expect(fires[0]).toBeGreaterThan(Date.now() - 1000);
    expect(await dispatch('schedules:preview', { spec: { cron: '0 0 30 2 *' }, count: 2 })).toEqual({
      ok: true,
      data: { fires: [] },
    });
    const bad = await dispatch('schedules:preview', { spec: { cron: 'every day' } });
    expect(bad).toMatchObject({
      ok: true,
      data: { fires: [], error: expect.stringMatching(/"every day" has 2 field/) },
    });
  });

  it('refuses every schedule mutation in read-only mode, in main and over serve, and stores nothing', async () => {
    await q.upsertSchedule('keep', { every: 60_000 }, { payload: 1 });
    const before = await q.listSchedules();
    const waitingBefore = (await q.counts()).waiting;
    const ref = { queue: q.name, id: 'keep' };
    const attempts: Array<[string, unknown]> = [
      ['schedules:upsert', { ...ref, spec: { every: 1000 }, template: { payload: 2 } }],
      ['schedules:remove', ref],
      ['schedules:pause', ref],
      ['schedules:resume', ref],
      ['schedules:run', ref],
    ];
    for (const [channel, request] of attempts) {
      expect(await readOnly(channel, request), channel).toMatchObject({ ok: false, error: { code: 'read-only' } });
      const res = await fetch(`${serve.baseUrl}/api/invoke/${channel}`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${serve.token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(request),
      });
      expect(await res.json(), channel).toMatchObject({ ok: false, error: { code: 'read-only' } });
    }
    // Viewing still works read-only.
    expect(await readOnly('schedules:list', {})).toMatchObject({ ok: true });
    expect(await readOnly('schedules:preview', { spec: { every: 1000 } })).toMatchObject({ ok: true });
    expect(await q.listSchedules()).toEqual(before);
    expect((await q.counts()).waiting).toBe(waitingBefore);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog, cliActor } from '../app/audit-log';
import { DEFAULT_RETENTION, type Queue } from '../queue/queue';
import type { RedisHandle } from '../redis/handle';
import { queueFixture, until } from '../testing/queue-fixture';
import { runCli } from '../testing/run-cli';

const run = runCli;

describe('slotline CLI lifecycle commands against real Redis (issue 13)', () => {
  const fx = queueFixture();
  let q: Queue;
  let handle: RedisHandle;

  beforeAll(async () => {
    q = await fx.queue();
    handle = await fx.handle();
    for (let i = 0; i < 3; i++) await q.enqueue({ n: i }, { id: `w-${i}` });
  });
  afterAll(() => fx.close());

  it('queues shows each queue’s retention and how many tasks it removed', async () => {
    const r = await run(['queues']);
    expect(r.code, r.err).toBe(0);
    const i = r.out.split('\n').findIndex((l) => l.startsWith(`${q.name} `));
    expect(i).toBeGreaterThanOrEqual(0);
    expect(r.out.split('\n')[i + 1]).toBe(
      '  retention  completed: last 10,000, none older than 1 d; failed and cancelled: last 100,000, none older than 7 d  (removed so far: 0)',
    );
    const json = JSON.parse((await run(['queues', '--json'])).out) as Array<{ name: string; retention: unknown }>;
    expect(json.find((d) => d.name === q.name)?.retention).toEqual(DEFAULT_RETENTION);
  });

  it('tasks --id of an unknown id fails clearly, exit 1', async () => {
    const r = await run(['tasks', q.name, '--id', 'nope-1']);
    expect(r.code).toBe(1);
    expect(r.err).toBe(`slotline tasks: task "nope-1" does not exist in queue ${q.name}`);
  });

  it('cancel asks first and changes nothing when the answer is no', async () => {
    const r = await run(['cancel', q.name, '--state', 'waiting'], false);
    expect(r.asked).toEqual([`Cancel every waiting task (3 now) of ${q.name}?`]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/not cancelled: confirm at the prompt, or pass --yes/);
    expect((await q.counts()).waiting).toBe(3);
  });

  it('tasks --id shows progress, result and the log tail; enqueue --wait prints the result', async () => {
    const w = fx.worker(q, async (task) => {
      task.progress(100);
      task.log(`handled ${task.id}`);
      return { echoed: task.payload };
    });
    w.start();
    const waited = await run(['enqueue', q.name, '--payload', '{"hello":"cli"}', '--wait', '--timeout', '15000']);
    expect(waited.code, waited.err).toBe(0);
    expect(JSON.parse(waited.out)).toEqual({ echoed: { hello: 'cli' } });
    await until('w-0 completed', async () => (await q.get('w-0'))?.state === 'completed');
    const shown = await run(['tasks', q.name, '--id', 'w-0']);
    expect(shown.code, shown.err).toBe(0);
    expect(shown.out).toMatch(/^w-0 {2}completed/);
    expect(shown.out).toContain('progress  100%');
    expect(shown.out).toContain('result    {\n  "echoed": {\n    "n": 0\n  }\n}');
    expect(shown.out).toContain('log       last 1 of 1 kept (1 written):\n  handled w-0');
    await w.stop();
  });

  it('cancel --state delayed --yes cancels them and prints the count', async () => {
    const d = await fx.queue();
    for (let i = 0; i < 4; i++) await d.enqueue({ i }, { delayMs: 3_600_000 });
    const r = await run(['cancel', d.name, '--state', 'delayed', '--yes']);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toBe(`cancelled 4 delayed task(s) of ${d.name}`);
    expect(await d.counts()).toMatchObject({ delayed: 0, cancelled: 4 });
    const one = await run(['cancel', d.name, '--id', 'nope', '--yes']);
    expect(one.code).toBe(1);
    expect(one.err).toMatch(/task "nope" does not exist/);
    // Both land in the shared audit log the console shows, as the CLI's, with their outcome.
    const log = await new AuditLog(() => handle).list({ queue: d.name });
    const mine = log.entries.filter((e) => e.who === cliActor());
    expect(mine.map((e) => [e.action, e.outcome, e.count ?? null])).toEqual([
      ['cli:cancel', 'error', null],
      ['cli:cancel', 'ok', 4],
    ]);
    expect(mine[1]!.filter).toEqual({ state: 'delayed' });
    expect(mine[0]!.error).toMatch(/nope/);
  });

  it('enqueue --dedupe ID [--dedupe-ttl MS] stores one task and names it on the second call (issue 14)', async () => {
    const d = await fx.queue();
    const a = await run(['enqueue', d.name, '--payload', '{"n":1}', '--dedupe', 'user-7', '--dedupe-ttl', '60000']);
    expect(a.code, a.err).toBe(0);
    const id = /^enqueued (\S+) to /.exec(a.out)?.[1];
    expect(id).toBeDefined();
    const b = await run(['enqueue', d.name, '--payload', '{"n":2}', '--dedupe', 'user-7']);
    expect(b.code, b.err).toBe(0);
    expect(b.out).toBe(`task ${id} holds dedupe id "user-7" in ${d.name}; nothing stored`);
    expect((await d.counts()).waiting).toBe(1);
    const bad = await run(['enqueue', d.name, '--dedupe', 'x', '--dedupe-ttl', '0']);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--dedupe-ttl/);
    const lone = await run(['enqueue', d.name, '--dedupe-ttl', '5']);
    expect(lone.code).toBe(2);
    expect(lone.err).toMatch(/give --dedupe ID too/);
  });
});

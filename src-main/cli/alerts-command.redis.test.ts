import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlertStore } from '../app/alert-store';
import { AuditLog } from '../app/audit-log';
import type { RedisHandle } from '../redis/handle';
import { queueFixture } from '../testing/queue-fixture';
import { runCli } from '../testing/run-cli';

const run = (argv: string[]) => runCli(argv);

describe('slotline alerts against real Redis', () => {
  const fx = queueFixture();
  let handle: RedisHandle;
  beforeAll(async () => {
    handle = await fx.handle();
  });
  afterAll(async () => {
    await fx.close();
  });

  it('adds, lists, acks, snoozes, shows history and removes; every change is in the audit log', async () => {
    // A real backlog over the rule's threshold, so every engine running on this Redis agrees it fires.
    const q = await fx.queue();
    await q.enqueueBulk([{ payload: 1 }, { payload: 2 }]);
    const key = `cli-backlog|${q.name}`;
    const add = await run([
      'alerts',
      'add',
      '--id',
      'cli-backlog',
      '--name',
      'big backlog',
      '--kind',
      'backlog',
      '--threshold',
      '1',
      '--for-ms',
      '60000',
      '--queue',
      q.name,
      '--webhook',
      'http://127.0.0.1:9/h',
      '--secret',
      'x',
    ]);
    expect(add).toMatchObject({ code: 0, out: 'rule cli-backlog saved: big backlog' });
    const list = await run(['alerts', 'list']);
    expect(list.out).toContain(
      `cli-backlog  on   big backlog  {"kind":"backlog","threshold":1,"forMs":60000}  queue=${q.name}  webhook=http://127.0.0.1:9/h (signed)`,
    );
    expect(list.out).not.toContain('"x"');

    // A firing alert, as an engine records it.
    const store = new AlertStore(handle);
    const now = Date.now();
    await store.fire({
      key,
      ruleId: 'cli-backlog',
      ruleName: 'big backlog',
      kind: 'backlog',
      subject: q.name,
      state: 'firing',
      since: now,
      firedAt: now,
      value: 2,
      message: `${q.name}: 2 waiting`,
    });
    expect((await run(['alerts', 'list'])).out).toContain(key);
    const ack = await run(['alerts', 'ack', key]);
    expect(ack).toMatchObject({ code: 0, out: `acknowledged ${key}: ${q.name}: 2 waiting` });
    const snooze = await run(['alerts', 'snooze', key, '--for-ms', '600000']);
    expect(snooze.out).toMatch(new RegExp(`^snoozed cli-backlog\\|${q.name} until \\d{4}-`));
    const history = await run(['alerts', 'history', '--json']);
    const entries = JSON.parse(history.out) as Array<{ event: string; who?: string; alert: { key: string } }>;
    expect(entries.filter((e) => e.alert.key === key).map((e) => e.event)).toEqual(['snoozed', 'acked', 'firing']);
    // Rules and history are shared by every test file on this Redis: look at this test's alert only.
    expect(entries.find((e) => e.alert.key === key)!.who).toMatch(/^cli:.+@/);

    expect(await run(['alerts', 'rm', 'cli-backlog'])).toMatchObject({ code: 0, out: 'rule cli-backlog removed' });
    expect(await run(['alerts', 'rm', 'cli-backlog'])).toMatchObject({ code: 1, out: 'no rule cli-backlog' });
    expect((await store.firing()).filter((a) => a.ruleId === 'cli-backlog')).toEqual([]);
    const audit = await new AuditLog(() => handle).list({});
    expect(audit.entries.map((e) => e.action)).toEqual(
      expect.arrayContaining(['cli:alerts-add', 'cli:alerts-ack', 'cli:alerts-snooze', 'cli:alerts-rm']),
    );
  });

  it('refuses bad flags with a message naming them, before connecting', async () => {
    expect(await run(['alerts', 'add', '--name', 'x', '--kind', 'backlogg'])).toMatchObject({
      code: 2,
      err: expect.stringContaining('--kind "backlogg": expected one of backlog, oldest-waiting'),
    });
    expect(await run(['alerts', 'add', '--kind', 'backlog'])).toMatchObject({
      code: 2,
      err: expect.stringContaining('needs --threshold'),
    });
    expect(await run(['alerts', 'add', '--kind', 'cluster-state', '--queue', 'q'])).toMatchObject({
      code: 1,
      err: expect.stringContaining('watches the cluster'),
    });
    expect(await run(['alerts', 'ack'])).toMatchObject({ code: 2, err: expect.stringContaining('needs an alert key') });
    expect(await run(['alerts', 'ack', 'nope|x'])).toMatchObject({
      code: 1,
      err: expect.stringContaining('no firing alert "nope|x"'),
    });
  });
});

import { afterAll, describe, expect, it } from 'vitest';
import { queueFixture } from '../testing/queue-fixture';
import { redisTarget } from '../testing/redis-target';
import { runCli } from '../testing/run-cli';

const run = (argv: string[]) => runCli(argv);

describe(`slotline schedule (${redisTarget().mode}, needs Redis)`, () => {
  const fx = queueFixture();
  afterAll(() => fx.close());

  it('add validates the cron expression and prints the next 5 fires, local and UTC; list, pause, run, resume, rm', async () => {
    const q = await fx.queue({ partitions: 2 });
    const add = await run([
      'schedule',
      'add',
      q.name,
      'nightly',
      '--cron',
      '0 3 * * *',
      '--tz',
      'Europe/Berlin',
      '--payload',
      '{"report":"daily"}',
      '--catch-up',
      'once',
    ]);
    expect(add.err).toBe('');
    expect(add.code).toBe(0);
    expect(add.out).toContain(`schedule nightly on ${q.name}`);
    expect(add.out).toContain('cron 0 3 * * * (Europe/Berlin)');
    const lines = add.out.split('\n').filter((l) => /^\s+\d{4}-/.test(l));
    expect(lines).toHaveLength(5);
    for (const l of lines) {
      // 03:00 in Berlin is 02:00Z in winter, 01:00Z in summer.
      expect(l).toMatch(/ 03:00:00 (CET|CEST|GMT\+1|GMT\+2)\s+\d{4}-\d\d-\d\dT0[12]:00:00\.000Z$/);
    }
    const [s] = await q.listSchedules();
    expect(s).toMatchObject({ id: 'nightly', catchUp: 'once', template: { payload: { report: 'daily' } } });

    await run(['schedule', 'add', q.name, 'often', '--every', '60000']);
    const list = await run(['schedule', 'list', q.name]);
    expect(list.code).toBe(0);
    const rows = list.out.split('\n');
    expect(rows[0]).toMatch(/^ID\s+SPEC\s+STATE\s+NEXT \(UTC\)\s+LAST \(UTC\)\s+LAST TASK\s+FIRES\s+SKIPPED$/);
    expect(rows.slice(1).map((r) => r.split(/\s{2,}/)[0])).toEqual(['nightly', 'often']);
    expect(rows[2]).toMatch(/^often\s+every 1 min\s+active\s+\d{4}-/);

    expect((await run(['schedule', 'pause', q.name, 'often'])).code).toBe(0);
    const ran = await run(['schedule', 'run', q.name, 'often']);
    expect(ran.out).toMatch(/^enqueued \{often\}sched:often:run:\d+ from schedule often/);
    const taskId = /enqueued (\S+)/.exec(ran.out)![1]!;
    expect((await q.get(taskId))?.state).toBe('waiting');
    const paused = await run(['schedule', 'list', q.name]);
    expect(paused.out.split('\n')[2]).toMatch(new RegExp(`paused.*${taskId.replace(/[{}]/g, '\\$&')}\\s+0\\s+0$`));
    expect((await run(['schedule', 'resume', q.name, 'often'])).code).toBe(0);
    expect((await q.listSchedules())[1]!.paused).toBe(false);
    expect((await run(['schedule', 'rm', q.name, 'often'])).out).toBe(`removed schedule often from ${q.name}`);
    expect((await q.listSchedules()).map((x) => x.id)).toEqual(['nightly']);
  });

  it('bad input gets an error naming the value, and nothing is stored', async () => {
    const q = await fx.queue();
    const cases: Array<[string[], RegExp, number]> = [
      [['add', q.name, 'x', '--cron', '0 25 * * *'], /cron expression "0 25 \* \* \*" is not valid/, 1],
      [
        ['add', q.name, 'x', '--cron', '0 3 * * *', '--tz', 'Nowhere/City'],
        /time zone "Nowhere\/City" is not known/,
        1,
      ],
      [['add', q.name, 'x', '--every', '0'], /--every 0 is out of range/, 2],
      [['add', q.name, 'x', '--every', '10', '--cron', '* * * * *'], /give either --every MS or --cron EXPR/, 2],
      [['add', q.name, 'x', '--every', '10', '--payload', '{nope'], /--payload "\{nope" is not JSON/, 2],
      [['add', q.name, 'x', '--every', '10', '--catch-up', 'all'], /--catch-up "all": expected skip or once/, 2],
      [['rm', q.name, 'ghost'], /schedule "ghost" does not exist on queue/, 1],
      [['run', q.name, 'ghost'], /schedule "ghost" does not exist on queue/, 1],
      [['list', 'no-such-queue-xyz'], /queue no-such-queue-xyz does not exist/, 1],
      [['frobnicate', q.name], /expected one of add, list, rm, pause, resume, run/, 2],
    ];
    for (const [args, message, code] of cases) {
      const r = await run(['schedule', ...args]);
      expect(r.err, args.join(' ')).toMatch(message);
      expect(r.code, args.join(' ')).toBe(code);
    }
    expect(await q.listSchedules()).toEqual([]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Queue } from '../queue/queue';
import { queueFixture } from '../testing/queue-fixture';
import { runCli } from '../testing/run-cli';

const run = (argv: string[]) => runCli(argv);

describe('slotline limit and concurrency against real Redis (issue 14)', () => {
  const fx = queueFixture();
  let q: Queue;
  beforeAll(async () => {
    q = await fx.queue();
    await q.enqueue({ n: 1 });
  });
  afterAll(() => fx.close());

  it('sets, shows and removes the rate limit, printing the stored result', async () => {
    const set = await run(['limit', q.name, '--max', '100', '--per', '1000']);
    expect(set.code, set.err).toBe(0);
    expect(set.out).toContain('rate limit   100 per 1000 ms (started in window: 0)');
    expect(set.out).toContain('not limiting now (1 waiting)');
    expect(await q.setRateLimit({ max: 100, perMs: 1000 })).toEqual({ max: 100, perMs: 1000 });
    const show = await run(['limit', q.name]);
    expect(show.out).toContain('100 per 1000 ms');
    const off = await run(['limit', q.name, '--off']);
    expect(off.code, off.err).toBe(0);
    expect(off.out).toContain('rate limit   none');
    expect((await q.limitStatus()).rateLimit).toBeNull();
  });

  it('sets and removes the concurrency cap', async () => {
    const set = await run(['concurrency', q.name, '5']);
    expect(set.code, set.err).toBe(0);
    expect(set.out).toContain('concurrency  5 (active: 0)');
    expect((await q.limitStatus()).concurrency).toBe(5);
    const listed = (await run(['queues'])).out.split('\n');
    const i = listed.findIndex((l) => l.startsWith(`${q.name} `));
    expect(listed[i + 2]).toBe(`  limits     rate none, concurrency 5  (slotline limit ${q.name})`);
    const off = await run(['concurrency', q.name, '--off']);
    expect(off.out).toContain('concurrency  none');
    expect((await q.limitStatus()).concurrency).toBeNull();
  });

  it('refuses bad values and unknown queues with a line naming them, storing nothing', async () => {
    const zero = await run(['limit', q.name, '--max', '0', '--per', '1000']);
    expect(zero.code).not.toBe(0);
    expect(zero.err).toMatch(/max=0/);
    const half = await run(['limit', q.name, '--max', '5']);
    expect(half.code).not.toBe(0);
    expect(half.err).toMatch(/--max and --per go together/);
    const word = await run(['concurrency', q.name, 'many']);
    expect(word.err).toMatch(/"many" is not a number/);
    const neg = await run(['concurrency', q.name, '0']);
    expect(neg.err).toMatch(/concurrency 0 for queue .*: expected a whole number/);
    const missing = await run(['limit', 'no-such-queue-xyz', '--max', '1', '--per', '10']);
    expect(missing.code).not.toBe(0);
    expect(missing.err).toMatch(/no-such-queue-xyz does not exist/);
    const s = await q.limitStatus();
    expect(s.rateLimit).toBeNull();
    expect(s.concurrency).toBeNull();
  });
});

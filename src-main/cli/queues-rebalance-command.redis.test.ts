import { afterAll, describe, expect, it } from 'vitest';
import { REGISTRY_KEY } from '../queue/keys';
import { queueFixture } from '../testing/queue-fixture';
import { redisTarget, uniqueName } from '../testing/redis-target';
import { runCli } from '../testing/run-cli';

const run = (argv: string[]) => runCli(argv);

describe(`slotline queues rebalance (${redisTarget().mode}, needs Redis; issue 15)`, () => {
  const fx = queueFixture();
  afterAll(() => fx.close());

  it('starts a new generation with the partitions asked for and lists it', async () => {
    const q = await fx.queue({ partitions: 2 });
    const r = await run(['queues', 'rebalance', q.name, '--partitions', '4']);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain(`${q.name} generation 1: 2 → 4 partitions, 0 schedule(s) moved`);
    const listed = await run(['queues']);
    expect(listed.code, listed.err).toBe(0);
    expect(listed.out).toMatch(new RegExp(`${q.name}  partitions=4`));
    expect(listed.out).toContain('generation 1, draining generation 0 (2 partitions)');
  });

  it('refuses 0 partitions and unknown queues with a line naming them, changing nothing', async () => {
    const q = await fx.queue({ partitions: 2 });
    const before = await q.handle.call('HGET', REGISTRY_KEY, q.name);
    const zero = await run(['queues', 'rebalance', q.name, '--partitions', '0']);
    expect(zero.code).not.toBe(0);
    expect(zero.err).toContain('partitions=0 is not valid: expected a whole number from 1 to 1024');
    expect(await q.handle.call('HGET', REGISTRY_KEY, q.name)).toBe(before);
    const missing = uniqueName('nope');
    const unknown = await run(['queues', 'rebalance', missing]);
    expect(unknown.code).not.toBe(0);
    expect(unknown.err).toContain(`queue ${missing} does not exist`);
  });
});

import { afterAll, describe, expect, it } from 'vitest';
import { queueFixture } from '../testing/queue-fixture';
import { redisTarget } from '../testing/redis-target';
import { purgeState } from './queue-admin';

const target = redisTarget();
const fx = queueFixture();
afterAll(() => fx.close());

type SlowEntry = [number, number, number, string[]];

describe(`bulk actions stay short (${target.mode}, needs Redis)`, () => {
  it('purges 200k tasks with no single Redis call over 10 ms (SLOWLOG)', async () => {
    const q = await fx.queue({ partitions: target.mode === 'cluster' ? 3 : 1 });
    const total = 200_000;
    for (let i = 0; i < total; i += 10_000) {
      await q.enqueueBulk(Array.from({ length: 10_000 }, (_, j) => ({ payload: { n: i + j, pad: 'x'.repeat(60) } })));
    }
    expect((await q.counts()).waiting).toBe(total);
    const masters = q.handle.masters();
    for (const m of masters) await m.call('SLOWLOG', 'RESET');
    const progress: number[] = [];
    const r = await purgeState(q, 'waiting', { onProgress: (p) => progress.push(p.done) });
    expect(r).toEqual({ done: total, total, cancelled: false });
    expect(progress.length).toBeGreaterThan(100);
    expect((await q.counts()).waiting).toBe(0);
    const slow: string[] = [];
    for (const m of masters) {
      expect(await m.call('CONFIG', 'GET', 'slowlog-log-slower-than')).toEqual(['slowlog-log-slower-than', '10000']);
      const entries = (await m.call('SLOWLOG', 'GET', '128')) as SlowEntry[];
      for (const e of entries) slow.push(`${m.address}: ${e[2]} µs ${e[3].slice(0, 3).join(' ')}`);
    }
    expect(slow, `slow calls: ${slow.join('; ')}`).toEqual([]);
  }, 120_000);
});

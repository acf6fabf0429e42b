import { describe, expect, it } from 'vitest';
import { Backoff, retry, type Attempt, type RetryPolicy } from './retry';
import { TickBatcher } from './tick-batcher';

const policy: RetryPolicy = {
  isRetryable: (e) => (e as Error).message.startsWith('transient'),
  mayHaveRun: (e) => (e as Error).message.includes('closed'),
  budgetMs: 1000,
  baseDelayMs: 1,
  maxDelayMs: 4,
};

describe('retry', () => {
  it('retries retryable errors and tells later attempts whether an earlier one may have run', async () => {
    const seen: Attempt[] = [];
    const errors = ['transient refused', 'transient closed', 'transient refused'];
    const r = await retry(policy, async (a) => {
      seen.push(a);
      const e = errors[a.number];
      if (e) throw new Error(e);
      return 'ok';
    });
    expect(r).toBe('ok');
    expect(seen).toEqual([
      { number: 0, mayHaveRun: false },
      { number: 1, mayHaveRun: false },
      { number: 2, mayHaveRun: true },
      { number: 3, mayHaveRun: true },
    ]);
  });

  it('throws a non-retryable error at once, and the last error once the budget is spent', async () => {
    let calls = 0;
    await expect(
      retry(policy, async () => {
        calls++;
        throw new Error('WRONGTYPE');
      }),
    ).rejects.toThrow('WRONGTYPE');
    expect(calls).toBe(1);
    const t0 = Date.now();
    await expect(
      retry({ ...policy, budgetMs: 50 }, async () => {
        throw new Error('transient forever');
      }),
    ).rejects.toThrow('transient forever');
    expect(Date.now() - t0).toBeLessThan(1000);
  });

  it('backs off exponentially up to the cap and starts again after reset', () => {
    const b = new Backoff({ baseDelayMs: 100, maxDelayMs: 350 });
    expect([b.next(), b.next(), b.next(), b.next()]).toEqual([100, 200, 350, 350]);
    b.reset();
    expect(b.next()).toBe(100);
  });
});

describe('TickBatcher', () => {
  it('hands items of one tick to flush once per key, in order', async () => {
    const flushed: Array<[string, number[]]> = [];
    const b = new TickBatcher<string, number>((k, items) => flushed.push([k, items]), 'tick');
    b.add('a', 1);
    b.add('b', 2);
    b.add('a', 3);
    expect(b.size).toBe(3);
    expect(flushed).toEqual([]);
    await new Promise((r) => process.nextTick(r));
    expect(flushed).toEqual([
      ['a', [1, 3]],
      ['b', [2]],
    ]);
    b.add('a', 4);
    await new Promise((r) => setImmediate(r));
    expect(flushed.at(-1)).toEqual(['a', [4]]);
  });
});

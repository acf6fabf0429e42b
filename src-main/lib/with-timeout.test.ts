import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { TimeoutError, withTimeout } from './with-timeout';

describe('withTimeout', () => {
  it('passes a value or an error through when the promise settles in time', async () => {
    await expect(withTimeout(Promise.resolve(7), 50, 'x')).resolves.toBe(7);
    await expect(withTimeout(Promise.reject(new Error('boom')), 50, 'x')).rejects.toThrow('boom');
  });

  it('rejects with a TimeoutError naming what was awaited', async () => {
    const err = await withTimeout(sleep(200), 20, '127.0.0.1:7000 INFO').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TimeoutError);
    expect(err).toMatchObject({ code: 'timeout', message: '127.0.0.1:7000 INFO did not answer within 20 ms' });
  });

  it('rejects with the error a factory builds', async () => {
    await expect(withTimeout(sleep(200), 10, () => new RangeError('too slow'))).rejects.toThrow(RangeError);
  });

  it('leaves no timer behind once the promise settled', async () => {
    const before = process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    await withTimeout(Promise.resolve(1), 60_000, 'x');
    expect(process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length).toBe(before);
  });
});

import { describe, expect, it } from 'vitest';
import { QueueArgumentError } from './errors';
import { resolveWorkerOptions, type WorkerOptions } from './worker-options';

describe('WorkerOptions', () => {
  it('fills in the documented defaults', () => {
    expect(resolveWorkerOptions({}, undefined)).toEqual({
      concurrency: 10,
      prefetch: 100,
      leaseMs: 30000,
      blockTimeoutMs: 1000,
      batchSize: 100,
      stalledIntervalMs: 5000,
      maxStalls: 1,
      heartbeatMs: 5000,
      removeOnComplete: false,
      keepCompleted: -1,
      durable: undefined,
    });
    expect(resolveWorkerOptions({ concurrency: 2, prefetch: 0 }, undefined).batchSize).toBe(2);
    expect(resolveWorkerOptions({ durable: false }, { replicas: 1, timeoutMs: 5 }).durable).toBeUndefined();
  });

  it.each<[WorkerOptions, RegExp]>([
    [{ concurrency: 0 }, /^WorkerOptions\.concurrency=0: expected a whole number from 1 to 10000$/],
    [{ concurrency: 2.5 }, /concurrency=2\.5: expected a whole number/],
    [{ leaseMs: Number.NaN }, /leaseMs=null: expected a whole number from 100/],
    [{ prefetch: -1 }, /prefetch=-1: expected a whole number from 0/],
    [{ batchSize: 5000 }, /batchSize=5000: expected a whole number from 1 to 1000/],
    [{ maxStalls: '1' as unknown as number }, /maxStalls="1": expected a whole number/],
    [{ keepCompleted: -2 }, /keepCompleted=-2: expected a whole number from -1/],
    [{ removeOnComplete: 'yes' as unknown as boolean }, /removeOnComplete="yes": expected true or false/],
    [{ durable: { replicas: 0, timeoutMs: 10 } }, /durable\.replicas=0: expected a whole number >= 1/],
    [{ id: '' }, /task id "" \(WorkerOptions\.id\): expected 1-256 characters/],
    [{ concurency: 5 } as unknown as WorkerOptions, /WorkerOptions\.concurency: not a worker option/],
  ])('refuses %j with an error naming the value and what was expected', (options, message) => {
    expect(() => resolveWorkerOptions(options, undefined)).toThrow(QueueArgumentError);
    expect(() => resolveWorkerOptions(options, undefined)).toThrow(message);
  });
});

import { describe, expect, it } from 'vitest';
import { events } from '../ipc/contract';
import { DepthSampleSchema } from './queue';

const sample = {
  queue: 'emails',
  at: 10_000,
  waiting: 3,
  delayed: 0,
  active: 1,
  completed: 5,
  failed: 0,
  completedPerSec: 2,
  failedPerSec: 0,
};

describe('DepthSampleSchema: the oldest waiting task and live workers', () => {
  it('passes both through queue:depth (a schema without them would strip them silently)', () => {
    const parsed = events['queue:depth'].parse([
      { ...sample, oldestWaitingAt: 4_000, liveWorkers: 2 },
      { ...sample, queue: 'idle', waiting: 0, oldestWaitingAt: null, liveWorkers: 0 },
      sample,
    ]);
    expect(parsed[0]).toMatchObject({ oldestWaitingAt: 4_000, liveWorkers: 2 });
    expect(parsed[1]).toMatchObject({ oldestWaitingAt: null, liveWorkers: 0 });
    expect(parsed[2]).not.toHaveProperty('oldestWaitingAt');
    expect(parsed[2]).not.toHaveProperty('liveWorkers');
  });

  it('refuses a negative or fractional worker count and an age that is not a number', () => {
    for (const bad of [{ liveWorkers: -1 }, { liveWorkers: 1.5 }, { oldestWaitingAt: '4000' }]) {
      const r = DepthSampleSchema.safeParse({ ...sample, ...bad });
      expect(r.success, JSON.stringify(bad)).toBe(false);
      expect(r.error?.issues[0]?.path).toEqual([Object.keys(bad)[0]]);
    }
  });
});

import { describe, expect, it, vi } from 'vitest';
import { FetchPlan, PREFETCH_HORIZON_MS } from './fetch-plan';
import type { Queue } from './queue';
import type { Lease } from './task-context';
import { TaskExecutor, type ExecutionHooks } from './task-execution';

const idle = { queued: () => 0, pendingAcks: () => 0 };

describe('FetchPlan look-ahead', () => {
  it('leases nothing ahead before the first handler has run, then what the handlers reach within the horizon', () => {
    const plan = new FetchPlan({ concurrency: 10, prefetch: 1000 }, idle);
    expect(plan.ahead()).toBe(0);
    plan.observe(10); // 10 handlers of 10 ms reach 10 × 100 / 10 = 100 tasks in the 100 ms horizon
    expect(plan.ahead()).toBe((10 * PREFETCH_HORIZON_MS) / 10);
    const fast = new FetchPlan({ concurrency: 10, prefetch: 1000 }, idle);
    fast.observe(0.001);
    expect(fast.ahead()).toBe(1000); // capped by prefetch
  });

  it('with a horizonMs (a start deadline), leases ahead no more than the starts measured over that span', () => {
    vi.useFakeTimers({ toFake: ['performance'] });
    try {
      const plan = new FetchPlan({ concurrency: 1, prefetch: 1000, horizonMs: 25 }, idle);
      plan.observe(0.01); // handler time alone would allow 1 × 25 / 0.01 = 2500
      expect(plan.ahead()).toBe(0); // no start rate measured yet
      for (let i = 0; i < 400; i++) {
        vi.advanceTimersByTime(1); // 400 starts over 400 ms: 1 per ms
        plan.started();
      }
      expect(plan.ahead()).toBe(25);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('TaskExecutor start deadline', () => {
  it('hands a leased task whose start deadline passed back through hooks.stale instead of starting it', () => {
    const plan = new FetchPlan({ concurrency: 1, prefetch: 0 }, idle);
    const stale: Lease[][] = [];
    const hooks = {
      isRunning: () => true,
      stale: (l: Lease[]) => stale.push(l),
    } as unknown as ExecutionHooks;
    const queue = { options: {} } as unknown as Queue;
    const ex = new TaskExecutor(queue, () => undefined, plan, 1, hooks);
    const lease = { id: 'a', token: 't', partition: { index: 0 } } as unknown as Lease;
    ex.add(lease, '{}', Date.now() - 1);
    ex.pump();
    expect(stale).toEqual([[lease]]);
    expect(plan.busy).toBe(0);
    expect(ex.queued).toBe(0);
  });
});

import { afterEach, describe, expect, it, vi } from 'vitest';
import type { QueueCounts } from '../../shared/types/queue';
import { DepthSampler, type DepthSource } from './depth-sampler';
import { RingBuffer } from './ring-buffer';
import { throughputBetween } from './throughput';

const counts = (o: Partial<QueueCounts> = {}): QueueCounts => ({
  waiting: 0,
  delayed: 0,
  active: 0,
  completed: 0,
  failed: 0,
  cancelled: 0,
  paused: false,
  completedTotal: 0,
  failedTotal: 0,
  cancelledTotal: 0,
  timedOutTotal: 0,
  expiredTotal: 0,
  retentionRemovedTotal: 0,
  ...o,
});

/** A source whose answers the test sets, with a counter of registry reads. */
function fakeSource(initial: Record<string, QueueCounts>) {
  const state = {
    queues: { ...initial } as Record<string, QueueCounts>,
    listCalls: 0,
    failing: new Set<string>(),
    listFails: false,
  };
  const source: DepthSource = {
    async listQueues() {
      state.listCalls++;
      if (state.listFails) throw new Error('CLUSTERDOWN The cluster is down');
      return Object.keys(state.queues);
    },
    async counts(q) {
      if (state.failing.has(q)) throw new Error('Connection is closed.');
      const c = state.queues[q];
      if (!c) throw new Error(`queue ${q} does not exist`);
      return c;
    },
  };
  return { source, state };
}

describe('RingBuffer', () => {
  it('keeps the newest items up to its capacity, oldest first', () => {
    const b = new RingBuffer<number>(3);
    expect(b.toArray()).toEqual([]);
    expect(b.last()).toBeUndefined();
    for (let i = 1; i <= 5; i++) b.push(i);
    expect(b.toArray()).toEqual([3, 4, 5]);
    expect(b.size).toBe(3);
    expect(b.last()).toBe(5);
  });

  it('refuses a capacity below 1', () => {
    expect(() => new RingBuffer(0)).toThrow(/capacity 0/);
  });
});

describe('throughputBetween', () => {
  it('is the delta of the totals per second', () => {
    const r = throughputBetween(
      { at: 1000, completedTotal: 100, failedTotal: 10 },
      { at: 3000, completedTotal: 150, failedTotal: 13 },
    );
    expect(r).toEqual({ completedPerSec: 25, failedPerSec: 1.5 });
  });

  it('is 0 for the first reading, a clock that did not move, and totals that went down', () => {
    expect(throughputBetween(undefined, { at: 1, completedTotal: 5, failedTotal: 5 })).toEqual({
      completedPerSec: 0,
      failedPerSec: 0,
    });
    expect(
      throughputBetween({ at: 5, completedTotal: 0, failedTotal: 0 }, { at: 5, completedTotal: 9, failedTotal: 9 }),
    ).toEqual({
      completedPerSec: 0,
      failedPerSec: 0,
    });
    expect(
      throughputBetween({ at: 0, completedTotal: 50, failedTotal: 2 }, { at: 1000, completedTotal: 3, failedTotal: 4 }),
    ).toEqual({
      completedPerSec: 0,
      failedPerSec: 2,
    });
  });
});

describe('DepthSampler', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('emits one sample per queue per tick with per-second rates from the running totals', async () => {
    let now = 10_000;
    const { source, state } = fakeSource({
      a: counts({ waiting: 5, completedTotal: 100 }),
      b: counts({ failed: 2, failedTotal: 2 }),
    });
    const sampler = new DepthSampler(source, { now: () => now });
    const batches: unknown[] = [];
    sampler.onSamples((b) => batches.push(b));

    const first = await sampler.tick();
    expect(first.map((s) => s.queue)).toEqual(['a', 'b']);
    expect(first[0]).toMatchObject({ queue: 'a', at: 10_000, waiting: 5, completedPerSec: 0, failedPerSec: 0 });

    now += 2000;
    state.queues.a = counts({ waiting: 1, completed: 40, completedTotal: 140 });
    state.queues.b = counts({ failed: 5, failedTotal: 5 });
    const second = await sampler.tick();
    expect(second[0]).toMatchObject({ queue: 'a', waiting: 1, completed: 40, completedPerSec: 20, failedPerSec: 0 });
    expect(second[1]).toMatchObject({ queue: 'b', failed: 5, failedPerSec: 1.5 });
    expect(batches).toHaveLength(2);
    expect(sampler.samples('a')).toHaveLength(2);
    expect(sampler.samples('a', 11_000).map((s) => s.at)).toEqual([12_000]);
    expect(sampler.latest('b')?.failed).toBe(5);
  });

  it('keeps at most `capacity` samples per queue', async () => {
    let now = 0;
    const { source } = fakeSource({ a: counts() });
    const sampler = new DepthSampler(source, { capacity: 5, now: () => now });
    for (let i = 0; i < 12; i++) {
      now += 1000;
      await sampler.tick();
    }
    expect(sampler.samples('a').map((s) => s.at)).toEqual([8000, 9000, 10000, 11000, 12000]);
  });

  it('reads the registry only every discoveryIntervalMs, and forgets removed queues', async () => {
    let now = 0;
    const { source, state } = fakeSource({ a: counts(), b: counts() });
    const sampler = new DepthSampler(source, { discoveryIntervalMs: 10_000, now: () => now });
    for (let i = 0; i < 10; i++) {
      await sampler.tick();
      now += 1000;
    }
    expect(state.listCalls).toBe(1);
    delete state.queues.b;
    state.queues.c = counts({ waiting: 3 });
    await sampler.tick();
    expect(state.listCalls).toBe(2);
    expect(sampler.knownQueues()).toEqual(['a', 'c']);
    expect(sampler.samples('b')).toEqual([]);
    expect(sampler.latest('c')?.waiting).toBe(3);
  });

  it('goes on when a queue or the registry cannot be read (a failover), without throwing', async () => {
    let now = 0;
    const { source, state } = fakeSource({ a: counts({ waiting: 1 }), b: counts({ waiting: 2 }) });
    const sampler = new DepthSampler(source, { discoveryIntervalMs: 0, now: () => now });
    await sampler.tick();
    state.listFails = true;
    state.failing.add('a');
    now += 1000;
    const during = await sampler.tick();
    expect(during.map((s) => s.queue)).toEqual(['b']);
    state.failing.add('b');
    now += 1000;
    await expect(sampler.tick()).resolves.toEqual([]);
    state.listFails = false;
    state.failing.clear();
    now += 1000;
    const after = await sampler.tick();
    expect(after.map((s) => s.queue)).toEqual(['a', 'b']);
    expect(sampler.samples('a')).toHaveLength(2);
  });

  it('reads the oldest waiting task only while tasks wait, and live workers once per tick', async () => {
    const { source, state } = fakeSource({ a: counts({ waiting: 3 }), b: counts(), c: counts({ waiting: 1 }) });
    const asked: string[] = [];
    let workerReads = 0;
    let ageFails = false;
    const wrapped: DepthSource = {
      ...source,
      async oldestWaitingAt(q) {
        asked.push(q);
        if (ageFails) throw new Error('MOVED 1234 127.0.0.1:7001');
        return q === 'a' ? 5_000 : 7_000;
      },
      async liveWorkers() {
        workerReads++;
        return new Map([['a', 2]]);
      },
    };
    const sampler = new DepthSampler(wrapped, { now: () => 9_000 });
    const [a, b, c] = await sampler.tick();
    expect(asked.sort()).toEqual(['a', 'c']);
    expect(workerReads).toBe(1);
    expect(a).toMatchObject({ queue: 'a', oldestWaitingAt: 5_000, liveWorkers: 2 });
    // Nothing waits in b: null without a read; no heartbeat for b or c: 0 live workers.
    expect(b).toMatchObject({ queue: 'b', oldestWaitingAt: null, liveWorkers: 0 });
    expect(c).toMatchObject({ queue: 'c', oldestWaitingAt: 7_000, liveWorkers: 0 });

    // A failed age read leaves the age out (not a false "none waiting"); the sample is still sent.
    ageFails = true;
    state.queues.b = counts({ waiting: 4 });
    const second = await sampler.tick();
    expect(second.map((s) => s.queue)).toEqual(['a', 'b', 'c']);
    for (const s of second) expect(s).not.toHaveProperty('oldestWaitingAt');
    expect(second[1]).toMatchObject({ waiting: 4, liveWorkers: 0 });
  });

  it('sends samples without live workers when the heartbeats cannot be read, and neither field from a plain source', async () => {
    const { source } = fakeSource({ a: counts({ waiting: 2 }) });
    const failing = new DepthSampler({
      ...source,
      liveWorkers: () => Promise.reject(new Error('CLUSTERDOWN')),
    });
    const [s] = await failing.tick();
    expect(s).toMatchObject({ queue: 'a', waiting: 2 });
    expect(s).not.toHaveProperty('liveWorkers');
    const [plain] = await new DepthSampler(source).tick();
    expect(plain).not.toHaveProperty('liveWorkers');
    expect(plain).not.toHaveProperty('oldestWaitingAt');
  });

  it('chains ticks with setTimeout while started, and stops', async () => {
    vi.useFakeTimers();
    const { source, state } = fakeSource({ a: counts() });
    let listFailsOnce = true;
    const wrapped: DepthSource = {
      listQueues: () => source.listQueues(),
      async counts(q) {
        if (listFailsOnce) {
          listFailsOnce = false;
          throw new Error('CLUSTERDOWN');
        }
        return source.counts(q);
      },
    };
    const sampler = new DepthSampler(wrapped, { intervalMs: 1000 });
    const seen: number[] = [];
    sampler.onSamples((b) => seen.push(b.length));
    sampler.start();
    sampler.start();
    await vi.advanceTimersByTimeAsync(0);
    await vi.advanceTimersByTimeAsync(3000);
    expect(seen).toEqual([1, 1, 1]);
    await sampler.stop();
    await vi.advanceTimersByTimeAsync(5000);
    expect(seen).toHaveLength(3);
    expect(state.listCalls).toBe(1);
  });
});

describe('DepthSampler per-partition throughput', () => {
  it("keeps each partition's rate between its last two readings, and forgets partitions no longer read", async () => {
    let t = 0;
    const parts = { a: 0, b: 0 } as Record<string, number>;
    const source: DepthSource = {
      listQueues: async () => ['emails'],
      counts: async () => ({
        ...counts({ completedTotal: Object.values(parts).reduce((x, y) => x + y, 0) }),
        partitions: Object.entries(parts).map(([tag, n]) => ({ tag, completedTotal: n, failedTotal: 0 })),
      }),
    };
    const sampler = new DepthSampler(source, { now: () => t });
    await sampler.tick();
    expect(sampler.partitionThroughput('emails').size).toBe(0);
    t = 2000;
    parts.a = 10;
    parts.b = 4;
    await sampler.tick();
    expect(Object.fromEntries(sampler.partitionThroughput('emails'))).toEqual({
      a: { completedPerSec: 5, failedPerSec: 0 },
      b: { completedPerSec: 2, failedPerSec: 0 },
    });
    // b's generation was dropped; c is new and has no rate until its second reading.
    delete parts.b;
    parts.c = 7;
    t = 3000;
    await sampler.tick();
    expect(Object.fromEntries(sampler.partitionThroughput('emails'))).toEqual({
      a: { completedPerSec: 0, failedPerSec: 0 },
    });
    expect(sampler.partitionThroughput('other').size).toBe(0);
  });
});

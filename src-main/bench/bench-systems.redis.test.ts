import { Worker as BullWorker } from 'bullmq';
import { Cluster, Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConnection } from '../redis/create-connection';
import type { RedisHandle } from '../redis/handle';
import { Queue } from '../queue/queue';
import { Worker } from '../queue/worker';
import { redisTarget, uniqueName } from '../testing/redis-target';
import { bullConnectionRecord, bullWorkerRecord } from './bullmq-system';
import { BEE_NO_CLUSTER } from './bee-queue-system';
import { makeSystem, systemsFor, unsupportedOn } from './run-pair';
import { NON_BINDING_RATE_LIMIT, rateLimitUnsupported } from './slotline-system';
import type { SystemId } from './system';
import type { BenchTarget } from './targets';

/**
 * The bench's rows against the suite's shared Redis: each processes real tasks, and what it records
 * as its configuration is what it was built with (read back from real Worker and ioredis objects).
 */
const t = redisTarget();
const target: BenchTarget = {
  kind: t.mode,
  settings: t.settings,
  ports: t.ports,
  bullConnection: (o = {}) =>
    t.mode === 'cluster'
      ? new Cluster(
          t.ports.map((port) => ({ host: '127.0.0.1', port })),
          {
            scaleReads: 'master',
            enableAutoPipelining: o.autoPipelining ?? false,
            redisOptions: { maxRetriesPerRequest: null },
          },
        )
      : new Redis({
          host: '127.0.0.1',
          port: t.ports[0]!,
          maxRetriesPerRequest: null,
          enableAutoPipelining: o.autoPipelining ?? false,
        }),
  // The shared server is never flushed or reset by a test.
  masters: () => Promise.reject(new Error('not used here')),
  flush: () => Promise.reject(new Error('a test must not flush the shared server')),
  resetStats: () => Promise.reject(new Error('not used here')),
  commandStats: () => Promise.reject(new Error('not used here')),
  redisCpuSeconds: () => Promise.reject(new Error('not used here')),
  stop: async () => undefined,
};

let handle: RedisHandle;
beforeAll(async () => {
  handle = await createConnection(t.settings);
});
afterAll(async () => {
  await handle.close();
});

/** What a Slotline Worker built with these options holds as its resolved options (a private field). */
async function resolvedBy(options: ConstructorParameters<typeof Worker>[2]): Promise<Record<string, unknown>> {
  const q = await Queue.open(handle, uniqueName('bench-cfg'), { partitions: t.mode === 'cluster' ? 3 : 1 });
  const w = new Worker(q, () => undefined, options);
  const o = { ...(w as unknown as { o: Record<string, unknown> }).o };
  if (o.durable === undefined) delete o.durable;
  return o;
}

async function run(id: SystemId, tasks: number, concurrency: number) {
  const sys = makeSystem(id, target);
  try {
    await sys.prepare();
    await sys.enqueueBulk(tasks, 10);
    const ms = await sys.process(tasks, concurrency);
    return { ms, config: sys.config };
  } finally {
    await sys.close();
  }
}

describe('bench systems record the configuration they ran with', () => {
  it('Slotline defaults: prefetch 100 and an effective batch of min(concurrency + 100, 100), as the Worker resolves them', async () => {
    const { ms, config } = await run('slotline', 30, 10);
    expect(ms).toBeGreaterThan(0);
    const rec = config.workers['10']!;
    expect(rec.prefetch).toBe(100);
    expect(rec.batchSize).toBe(100);
    expect(rec.passed).toEqual({ concurrency: 10, removeOnComplete: true });
    const { passed, ...resolved } = rec;
    expect(resolved).toEqual(await resolvedBy(passed as object));
    expect(config.connection).toEqual({ autoPipelining: true });
    expect(config.partitions).toBe(t.mode === 'cluster' ? 3 : 1);
  });

  it('Slotline rate-limited: sets the non-binding limit and records it, or refuses with the reason where Queue lacks setRateLimit', async () => {
    const why = rateLimitUnsupported();
    if (why) {
      console.log(`[bench-systems] slotline-ratelimit cannot run here: ${why}`);
      const sys = makeSystem('slotline-ratelimit', target);
      try {
        await expect(sys.prepare()).rejects.toThrow(/no setRateLimit/);
      } finally {
        await sys.close();
      }
      return;
    }
    const { ms, config } = await run('slotline-ratelimit', 30, 10);
    expect(ms).toBeGreaterThan(0);
    expect(config.rateLimit).toEqual(NON_BINDING_RATE_LIMIT);
  });

  it('Slotline prefetch 0: prefetch 0 and batchSize = concurrency', async () => {
    const { ms, config } = await run('slotline-prefetch0', 30, 10);
    expect(ms).toBeGreaterThan(0);
    const { passed, ...resolved } = config.workers['10']!;
    expect(passed).toEqual({ concurrency: 10, removeOnComplete: true, prefetch: 0 });
    expect(resolved.prefetch).toBe(0);
    expect(resolved.batchSize).toBe(10);
    expect(resolved).toEqual(await resolvedBy(passed as object));
  });

  it.each([
    ['bullmq', false],
    ['bullmq-autopipe', true],
  ] as const)(
    '%s: auto-pipelining %s on its connections, worker options as BullMQ resolves them',
    async (id, pipelining) => {
      const { ms, config } = await run(id, 30, 10);
      expect(ms).toBeGreaterThan(0);
      expect((config.connection as Record<string, unknown>).enableAutoPipelining).toBe(pipelining);
      const w = config.workers['10']!;
      expect((w.connection as Record<string, unknown>).enableAutoPipelining).toBe(pipelining);
      expect(w.count).toBe(1);
      // A BullMQ worker built the same way resolves the same options.
      const conn = target.bullConnection({ autoPipelining: pipelining });
      const ref = new BullWorker(uniqueName('ref'), async () => undefined, {
        connection: conn,
        prefix: config.prefixes instanceof Array ? String(config.prefixes[0]) : 'bull',
        concurrency: 10,
        autorun: false,
      });
      try {
        const { count, connection, ...opts } = w;
        expect({ count, connection }).toEqual({ count: 1, connection: bullConnectionRecord(conn) });
        expect(opts).toEqual(bullWorkerRecord(ref));
        expect(opts).toMatchObject({
          concurrency: 10,
          drainDelay: 5,
          lockDuration: 30000,
          stalledInterval: 30000,
          maxStalledCount: 1,
        });
      } finally {
        await ref.close();
        await conn.quit().catch(() => conn.disconnect());
      }
    },
  );

  it('BullMQ ×3 queues (cluster row): three tags, producers round-robin, three workers at ceil(concurrency / 3)', async () => {
    expect(systemsFor('cluster')).toContain('bullmq-x3');
    expect(systemsFor('single')).not.toContain('bullmq-x3');
    const { ms, config } = await run('bullmq-x3', 30, 10);
    expect(ms).toBeGreaterThan(0);
    expect(config.queues).toBe(3);
    expect(config.prefixes).toEqual(
      t.mode === 'cluster' ? ['{bench0}', '{bench1}', '{bench2}'] : ['bull0', 'bull1', 'bull2'],
    );
    expect(config.workers['10']).toMatchObject({ count: 3, concurrency: 4 });
  });

  it('Bee-Queue: records the fast settings it ran with on one server; on a cluster it refuses with the reason', async () => {
    if (t.mode === 'cluster') {
      expect(unsupportedOn('bee-queue', 'cluster')).toBe(BEE_NO_CLUSTER);
      expect(() => makeSystem('bee-queue', target)).toThrow(/does not support Redis Cluster/);
      return;
    }
    expect(unsupportedOn('bee-queue', 'single')).toBeUndefined();
    const { ms, config } = await run('bee-queue', 30, 10);
    expect(ms).toBeGreaterThan(0);
    const fast = {
      storeJobs: false,
      getEvents: false,
      sendEvents: false,
      removeOnSuccess: true,
      activateDelayedJobs: false,
    };
    expect(config.producer).toMatchObject({ ...fast, isWorker: false });
    expect(config.workers['10']).toMatchObject({ ...fast, isWorker: true, count: 1, concurrency: 10 });
  });
});

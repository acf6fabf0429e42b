import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import type { QueueHistory, QueueHistoryPoint } from '../../../shared/types/history';
import { queueFixture, until } from '../../testing/queue-fixture';
import { redisTarget } from '../../testing/redis-target';
import type { Queue } from '../queue';
import { ScriptCode } from '../script-code';
import { latencyBucket } from './latency-buckets';
import { recordHistorySample } from './queue-history';

const target = redisTarget();
const fx = queueFixture();
afterAll(() => fx.close());
const partitions = target.mode === 'cluster' ? 3 : 2;

async function serverMinute(q: Queue): Promise<number> {
  const [s] = (await q.handle.call('TIME')) as [string, string];
  return Math.floor(Number(s) / 60);
}

function sum(points: QueueHistoryPoint[], f: 'completed' | 'failed' | 'retried'): number {
  return points.reduce((n, p) => n + p[f], 0);
}

/** The nearest-rank q-quantile, as the history's buckets hold it. */
function trueQuantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)]!;
}

/** The reported percentile is in the true value's bucket or a neighbour (the worker times a few µs apart from the handler). */
function expectWithinBucket(reported: number | null, truth: number, what: string): void {
  expect(reported, what).not.toBeNull();
  expect(
    Math.abs(latencyBucket(reported!) - latencyBucket(truth)),
    `${what}: ${reported} vs ${truth}`,
  ).toBeLessThanOrEqual(1);
}

function nonEmpty(h: QueueHistory): QueueHistoryPoint[] {
  return h.points.filter((p) => p.completed + p.failed + p.retried > 0);
}

describe(`queue history per minute (${target.mode}, needs Redis)`, () => {
  it('counts completions and failures per minute, with wait/run p50 and p95 and the depth sample', async () => {
    const q = await fx.queue({ partitions, defaultMaxAttempts: 1 });
    const n = 30;
    await q.enqueueBulk(Array.from({ length: n }, (_, i) => ({ payload: { i }, id: `t${i}` })));
    const sampledIn = await serverMinute(q);
    expect(await recordHistorySample(q)).toBe(partitions);
    // A second offer in the same minute changes nothing (the first one is kept).
    if ((await serverMinute(q)) === sampledIn) expect(await recordHistorySample(q)).toBe(0);

    const runs: number[] = [];
    const starts = new Map<string, number>();
    const startMinute = await serverMinute(q);
    const w = fx
      .worker(
        q,
        async (t) => {
          starts.set(t.id, Date.now());
          const t0 = performance.now();
          const i = (t.payload as { i: number }).i;
          await sleep(5 + (i % 6) * 12);
          runs.push(performance.now() - t0);
          if (i % 6 === 5) throw new Error(`task ${i} fails`);
        },
        { concurrency: 1 },
      )
      .start();
    await until('every task finished', async () => {
      const c = await q.counts();
      return c.completed + c.failed === n;
    });
    await w.stop();
    const endMinute = await serverMinute(q);

    const waits: number[] = [];
    for (const [id, at] of starts) waits.push(at - (await q.get(id))!.createdAt);

    const hour = await q.history({ range: '1h' });
    expect(hour).toMatchObject({ queue: q.name, range: '1h', stepMs: 60_000 });
    expect(hour.points).toHaveLength(60);
    expect(hour.to - hour.from).toBe(3_600_000);
    const busy = nonEmpty(hour);
    expect(sum(busy, 'completed')).toBe(25);
    expect(sum(busy, 'failed')).toBe(5);
    expect(sum(busy, 'retried')).toBe(0);
    // Every count sits in a minute of the run (by the server's clock).
    for (const p of busy) {
      expect(p.at / 60_000).toBeGreaterThanOrEqual(startMinute);
      expect(p.at / 60_000).toBeLessThanOrEqual(endMinute);
    }
    if (startMinute === endMinute) {
      const [p] = busy;
      expect(busy).toHaveLength(1);
      expectWithinBucket(p!.runP50, trueQuantile(runs, 0.5), 'run p50');
      expectWithinBucket(p!.runP95, trueQuantile(runs, 0.95), 'run p95');
      expectWithinBucket(p!.waitP50, trueQuantile(waits, 0.5), 'wait p50');
      expectWithinBucket(p!.waitP95, trueQuantile(waits, 0.95), 'wait p95');
    } else console.log('[history test] the run crossed a minute: percentiles checked per minute are skipped');

    const sample = hour.points.find((p) => p.at === sampledIn * 60_000)!;
    expect(sample.waiting).toBe(n);
    expect(sample.oldestWaitingMs).toBeGreaterThanOrEqual(0);
    expect(sample.oldestWaitingMs).toBeLessThan(60_000);
    // Minutes nobody sampled have no depth (not zero).
    expect(hour.points[0]!.waiting).toBeNull();

    // The ten-minute tier is written in the same calls: the week's totals are the same.
    const day = await q.history({ range: '24h' });
    const week = await q.history({ range: '7d' });
    expect([day.points.length, day.stepMs, week.points.length, week.stepMs]).toEqual([288, 300_000, 336, 1_800_000]);
    for (const h of [day, week]) {
      expect([sum(h.points, 'completed'), sum(h.points, 'failed')]).toEqual([25, 5]);
      expect(Math.max(...h.points.map((p) => p.waiting ?? 0))).toBe(n);
    }
    await expect(q.history({ range: '2h' as never })).rejects.toThrow(
      /history range "2h": expected one of 1h, 24h, 7d/,
    );
  });

  it('counts each completion once with several workers, retries as retried, and a re-sent ack not at all', async () => {
    const q = await fx.queue({ partitions, defaultBackoff: { type: 'fixed', delayMs: 0 } });
    const n = 120;
    await q.enqueueBulk(Array.from({ length: n }, (_, i) => ({ payload: { i }, maxAttempts: 3 })));
    const handler = (t: { attempt: number; payload: unknown }) => {
      if ((t.payload as { i: number }).i % 10 === 0 && t.attempt === 1) throw new Error('once');
    };
    const workers = [fx.worker(q, handler, { concurrency: 5 }), fx.worker(q, handler, { concurrency: 5 })];
    for (const w of workers) w.start();
    await until('all completed', async () => (await q.counts()).completed === n);
    await Promise.all(workers.map((w) => w.stop()));

    // A completion acked again (its reply lost, say) is answered from the record and not counted.
    await q.enqueue({ resend: true }, { id: 'resent' });
    const part = q.partitions[(await q.get('resent'))!.partition]!;
    const { leased } = await q.scripts.reserve(part, {
      leaseMs: 30_000,
      count: 1,
      workerId: 'test',
      tokenPrefix: 'tok',
      promoteMax: 10,
    });
    expect(leased.map((l) => l.id)).toEqual(['resent']);
    const o = { remove: false, keep: -1, what: 'test ack' };
    const lease = { ...leased[0]!, latency: { waitBucket: 3, runBucket: 4 } };
    expect((await q.scripts.ack(part, [lease], o)).result).toEqual([ScriptCode.Ok]);
    expect((await q.scripts.ack(part, [lease], o)).result).toEqual([ScriptCode.AlreadyCompleted]);

    const counts = await q.counts();
    for (const range of ['1h', '24h', '7d'] as const) {
      const h = await q.history({ range });
      expect([sum(h.points, 'completed'), sum(h.points, 'failed'), sum(h.points, 'retried')], range).toEqual([
        n + 1,
        0,
        n / 10,
      ]);
      expect(sum(h.points, 'completed')).toBe(counts.completedTotal);
    }
  });

  it('samples an empty queue as 0 waiting without a minute bucket, once per minute', async () => {
    const q = await fx.queue({ partitions: 1 });
    const minute = await serverMinute(q);
    expect(await recordHistorySample(q)).toBe(1);
    await q.enqueue({ late: true });
    const again = await recordHistorySample(q);
    if ((await serverMinute(q)) !== minute)
      return console.log('[history test] the minute changed: the once-per-minute check is skipped');
    expect(again).toBe(0);
    const prefix = q.partitions[0]!.keys.histPrefix;
    expect(await q.handle.call('EXISTS', `${prefix}m:${minute}`)).toBe(0);
    const h = await q.history({ range: '1h' });
    expect(h.points.at(-1)).toMatchObject({ at: minute * 60_000, waiting: 0, oldestWaitingMs: 0 });
    expect(h.points.at(-2)!.waiting).toBeNull();
  });

  it('counts expired and timed-out tasks as failed, like failedTotal', async () => {
    const q = await fx.queue({ partitions: 1 });
    await q.enqueue({}, { id: 'expires', expiresInMs: 1 });
    await q.enqueue({}, { id: 'times-out', timeoutMs: 50, maxAttempts: 1 });
    await sleep(20);
    const w = fx.worker(q, (t) => (t.id === 'times-out' ? sleep(500) : undefined)).start();
    await until('both failed', async () => (await q.counts()).failed === 2);
    await w.stop();
    const h = await q.history({ range: '1h' });
    expect(sum(h.points, 'failed')).toBe(2);
    expect(sum(h.points, 'failed')).toBe((await q.counts()).failedTotal);
  });
});

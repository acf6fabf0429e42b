import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QueuePartitions, RebalanceResultView } from '../../shared/types/partitions';
import type { AuditPage } from '../../shared/types/audit';
import type { AppContext } from '../app/app-context';
import { slotOf } from '../queue/partition-plan';
import type { Queue } from '../queue/queue';
import { masterSlots } from '../queue/registry';
import type { RedisHandle } from '../redis/handle';
import { connectedContext } from '../testing/app-context-fixture';
import { queueFixture, until } from '../testing/queue-fixture';
import { redisTarget } from '../testing/redis-target';
import { contextDispatch } from './context-dispatch';
import type { Dispatch } from './dispatch';

const target = redisTarget();

/** The partitions view through the real handler table, or a test failure naming the error. */
async function partitions(dispatch: Dispatch, queue: string): Promise<QueuePartitions> {
  const r = await dispatch('queue:partitions', { queue });
  if (!r.ok) throw new Error(`queue:partitions failed: ${r.error.code}: ${r.error.message}`);
  return r.data as QueuePartitions;
}

describe(`queue:partitions and queue:rebalance through the handler table (${target.mode}, needs Redis)`, () => {
  const fx = queueFixture();
  let handle: RedisHandle;
  let ctx: AppContext;
  let viewer: AppContext;
  let dispatch: Dispatch;
  let readOnly: Dispatch;
  let q: Queue;
  let enqueuedFrom = 0;
  let enqueuedTo = 0;

  beforeAll(async () => {
    handle = await fx.handle();
    q = await fx.queue({ partitions: 3 });
    enqueuedFrom = Date.now();
    // Round-robin: two waiting tasks per partition.
    for (let i = 0; i < 6; i++) await q.enqueue({ i });
    enqueuedTo = Date.now();
    [ctx, viewer] = await Promise.all([
      connectedContext('partitions'),
      connectedContext('partitions-viewer', { readOnly: true }),
    ]);
    dispatch = contextDispatch(ctx, 'serve:partitions-test');
    readOnly = contextDispatch(viewer, 'serve:partitions-viewer');
    await until('a topology snapshot', () => ctx.topologySnapshot() !== undefined);
  });
  afterAll(async () => {
    await Promise.all([ctx?.close(), viewer?.close()]);
    await fx.close();
  });

  it('shows each partition: depth, oldest waiting, its master now, and a warning while no worker serves it', async () => {
    const view = await partitions(dispatch, q.name);
    expect(view).toMatchObject({ queue: q.name, generation: 0, mode: target.mode, workers: 0, draining: false });
    expect(view.rows.map((r) => [r.index, r.generation, r.retired, r.waiting])).toEqual([
      [0, 0, false, 2],
      [1, 0, false, 2],
      [2, 0, false, 2],
    ]);
    for (const row of view.rows) {
      expect(row.tag).toBe(q.partitions[row.index]!.keys.tag);
      expect(row.slot).toBe(slotOf(row.tag));
      expect(row.oldestWaitingAt).toBeGreaterThanOrEqual(enqueuedFrom);
      expect(row.oldestWaitingAt).toBeLessThanOrEqual(enqueuedTo);
      expect(row.served).toBe(false);
      expect(row.warning).toBe('2 waiting and no live worker serves this partition');
    }
    const snapshotMasters = ctx.topologySnapshot()!.shards.map((s) => s.master.address);
    if (target.mode === 'cluster') {
      // The owner named is the one CLUSTER SLOTS gives for the partition's slot.
      const slots = await masterSlots(handle);
      for (const row of view.rows) {
        const owner = slots.find((m) => m.ranges.some(([a, b]) => row.slot >= a && row.slot <= b))!;
        expect(row.master?.id).toBe(owner.id);
      }
      expect(view.spread).toMatchObject({ partitions: 3, fairMax: 1, uneven: false, slotless: [], unplaced: 0 });
      expect(view.spread.masters.map((m) => m.partitions)).toEqual([1, 1, 1]);
    } else {
      expect(view.rows.every((r) => r.master?.address === snapshotMasters[0])).toBe(true);
      expect(view.spread).toMatchObject({ partitions: 3, fairMax: 3, uneven: false });
      expect(view.spread.masters).toEqual([{ id: snapshotMasters[0], address: snapshotMasters[0], partitions: 3 }]);
    }
    expect(view.autoRebalance).toEqual({ enabled: false, minIntervalMs: 600_000 });
  });

  it('refuses bad partition counts and unknown queues with a message naming them, and changes nothing', async () => {
    for (const [partitions, says] of [
      [0, /partitions=0 is not valid: expected a whole number from 1 to 1024/],
      [1025, /partitions=1025 is not valid/],
      [2.5, /partitions=2.5 is not valid/],
    ] as const) {
      const r = await dispatch('queue:rebalance', { queue: q.name, partitions });
      expect(r).toMatchObject({ ok: false, error: { code: 'invalid-argument', message: expect.stringMatching(says) } });
    }
    const missing = await dispatch('queue:rebalance', { queue: 'no-such-queue-rebal', partitions: 2 });
    expect(missing).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/no-such-queue-rebal does not exist/) },
    });
    const odd = await dispatch('queue:rebalance', { queue: q.name, partitions: '2' });
    expect(odd).toMatchObject({
      ok: false,
      error: { code: 'invalid-request', message: expect.stringMatching(/partitions/) },
    });
    await q.refreshDefinition();
    expect(q.definition.generation ?? 0).toBe(0);
  });

  it('is refused in read-only mode (the view still answers)', async () => {
    const r = await readOnly('queue:rebalance', { queue: q.name, partitions: 2 });
    expect(r).toMatchObject({ ok: false, error: { code: 'read-only' } });
    expect((await partitions(readOnly, q.name)).generation).toBe(0);
  });

  it('rebalances: a new generation, the old one draining in the view, audited, and on the timeline', async () => {
    const r = await dispatch('queue:rebalance', { queue: q.name, partitions: 2 });
    expect(r.ok, JSON.stringify(r)).toBe(true);
    const result = (r as { data: RebalanceResultView }).data;
    expect(result).toMatchObject({ queue: q.name, generation: 1, partitionsBefore: 3, partitionsAfter: 2 });

    const view = await partitions(dispatch, q.name);
    expect(view).toMatchObject({ generation: 1, draining: true });
    expect(view.rows.map((row) => [row.generation, row.retired, row.waiting])).toEqual([
      [1, false, 0],
      [1, false, 0],
      [0, true, 2],
      [0, true, 2],
      [0, true, 2],
    ]);
    expect(view.spread.partitions).toBe(2);
    expect(view.rows.slice(0, 2).map((row) => row.tag)).toEqual(result.tags);

    await until('the rebalance in the audit log', async () => {
      const page = await dispatch('audit:list', { queue: q.name, action: 'queue:rebalance' });
      const entries = page.ok ? (page.data as AuditPage).entries : [];
      return entries.some((e) => e.who === 'serve:partitions-test' && e.outcome === 'ok' && e.filter.partitions === 2);
    });
    // Both consoles put it on their timeline: it comes from the definition in Redis.
    for (const c of [ctx, viewer]) {
      await until(
        'the rebalance on the timeline',
        () => c.history.list().some((e) => e.id === `queue-rebalanced:${q.name}:1`),
        10_000,
      );
      expect(c.history.list().find((e) => e.id === `queue-rebalanced:${q.name}:1`)).toMatchObject({
        type: 'queue-rebalanced',
        queue: q.name,
        generation: 1,
        previousGeneration: 0,
        partitionsBefore: 3,
        partitionsAfter: 2,
      });
    }
  });

  it('says a live worker serves every partition, and gives each its throughput from the sampler', async () => {
    const done = new Set<string>();
    // This producer follows the rebalance within about a second on its own; here at once.
    await q.refreshDefinition();
    fx.worker(q, (t) => void done.add(t.id), { concurrency: 4 }).start();
    for (let i = 0; i < 20; i++) await q.enqueue({ after: i });
    await until(
      'every task done',
      () => done.size === 26,
      20_000,
      () => `${done.size}/26`,
    );
    let view: QueuePartitions | undefined;
    await until(
      'a live worker and a rate for every partition',
      async () => {
        view = await partitions(dispatch, q.name);
        return view.workers === 1 && view.rows.every((r) => r.served && r.completedPerSec !== null);
      },
      15_000,
      () => JSON.stringify(view?.rows.map((r) => [r.tag, r.served, r.completedPerSec])),
    );
    const newest = view!.rows.filter((r) => !r.retired);
    expect(newest.every((r) => r.warning === undefined && r.waiting === 0)).toBe(true);
    // The 20 enqueued after the rebalance went to the new generation (the retired one may be gone).
    expect(newest.reduce((n, r) => n + r.completed, 0)).toBe(20);
  });
});

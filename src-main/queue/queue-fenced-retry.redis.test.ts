import { createHash } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { createConnection } from '../redis/create-connection';
import type { RedisHandle } from '../redis/handle';
import { queueFixture, until } from '../testing/queue-fixture';
import { redisTarget } from '../testing/redis-target';
import { DurabilityError, LeaseLostError } from './errors';
import { Queue } from './queue';
import { ScriptCode } from './script-code';
import { loadQueueScripts } from './scripts';
import { CuttingProxy } from './test-support/cutting-proxy';
import { Worker } from './worker';

const target = redisTarget();
const fx = queueFixture();
afterAll(() => fx.close());

type Q = Awaited<ReturnType<typeof fx.queue>>;

async function reserveOne(q: Q, worker: string) {
  const r = await q.scripts.reserve(q.partitions[0]!, {
    leaseMs: 30000,
    count: 1,
    workerId: worker,
    tokenPrefix: `${worker}:${Math.random()}`,
    promoteMax: 100,
  });
  return { id: r.leased[0]!.id, token: r.leased[0]!.token };
}

async function ack(q: Q, id: string, token: string, remove: boolean) {
  const r = await q.scripts.ack(q.partitions[0]!, [{ id, token }], { remove, keep: -1, what: 'test ack' });
  return r.result;
}

function fail(q: Q, id: string, token: string, backoffMs: number) {
  return q.scripts.fail(q.partitions[0]!, [{ id, token, message: 'boom', stack: '', backoffMs, reason: 'error' }]);
}

describe(`fenced writes are safe to re-send (${target.mode}, needs Redis)`, () => {
  it('an ack sent again after its reply was lost answers "completed already", kept or removed, and counts once', async () => {
    for (const remove of [false, true]) {
      const q = await fx.queue();
      const { id } = await q.enqueue({ remove });
      const lease = await reserveOne(q, 'w1');
      expect(lease.id).toBe(id);
      expect(await ack(q, id, lease.token, remove)).toEqual([ScriptCode.Ok]);
      // The same call again, as a retry after a lost reply sends it.
      expect(await ack(q, id, lease.token, remove)).toEqual([ScriptCode.AlreadyCompleted]);
      expect(await q.counts()).toMatchObject({ completedTotal: 1, active: 0 });
      expect((await q.get(id))?.state).toBe(remove ? undefined : 'completed');
    }
  });

  it('a reserve sent again with its token prefix answers with the batch it leased, and leases nothing new', async () => {
    const q = await fx.queue();
    const ids = (await q.enqueueBulk(Array.from({ length: 5 }, (_, i) => ({ payload: { i } })))).map((r) => r.id);
    const call = { leaseMs: 30000, count: 3, workerId: 'w1', tokenPrefix: 'w1:7', promoteMax: 100 };
    const first = await q.scripts.reserve(q.partitions[0]!, call);
    expect(first.leased.map((l) => l.id)).toEqual(ids.slice(0, 3));
    // The same call again, as ioredis re-sends it after a failover lost its reply.
    const again = await q.scripts.reserve(q.partitions[0]!, call);
    expect(again.leased).toEqual(first.leased);
    expect(await q.counts()).toMatchObject({ active: 3, waiting: 2 });
    // Only the leases it still holds: one acked in between is not handed out again.
    expect(await ack(q, ids[0]!, first.leased[0]!.token, false)).toEqual([ScriptCode.Ok]);
    expect((await q.scripts.reserve(q.partitions[0]!, call)).leased.map((l) => l.id)).toEqual(ids.slice(1, 3));
    // A new prefix is a new call: it leases the rest.
    const next = await q.scripts.reserve(q.partitions[0]!, { ...call, tokenPrefix: 'w1:8' });
    expect(next.leased.map((l) => l.id)).toEqual(ids.slice(3));
    // Another worker's prefix never reads this worker's receipt.
    const other = await q.scripts.reserve(q.partitions[0]!, { ...call, workerId: 'w2', tokenPrefix: 'w1:8' });
    expect(other.leased).toEqual([]);
  });

  it('a stale token is still refused (lease not owned), and an unknown task is missing', async () => {
    const q = await fx.queue();
    const { id } = await q.enqueue({});
    const lease = await reserveOne(q, 'w1');
    expect(await ack(q, id, 'w0:not-this-lease', false)).toEqual([ScriptCode.LeaseNotOwned]);
    expect(await ack(q, 'no-such-task', 'x', false)).toEqual([ScriptCode.TaskMissing]);
    expect(await ack(q, id, lease.token, false)).toEqual([ScriptCode.Ok]);
  });

  it('a fail sent again after its reply was lost answers its first outcome again', async () => {
    const q = await fx.queue();
    const { id } = await q.enqueue({}, { maxAttempts: 2 });
    const first = await reserveOne(q, 'w1');
    expect(await fail(q, id, first.token, 60000)).toEqual([ScriptCode.RetriedLater]);
    expect(await fail(q, id, first.token, 60000)).toEqual([ScriptCode.RetriedLater]);
    expect((await q.get(id))?.state).toBe('delayed');
    const k = q.partitions[0]!.keys;
    await q.handle.call('ZADD', k.delayed, '0', id);
    const second = await reserveOne(q, 'w1');
    expect(second.id).toBe(id);
    expect(await fail(q, id, second.token, 0)).toEqual([ScriptCode.FailedForGood]);
    expect(await fail(q, id, second.token, 0)).toEqual([ScriptCode.FailedForGood]);
    expect(await q.counts()).toMatchObject({ failed: 1, failedTotal: 1 });
  });

  it(
    target.mode === 'cluster'
      ? 'a durable ack reports the replica acknowledgement with its completion'
      : 'a durable ack whose WAIT falls short still completes the task and reports the shortfall beside it',
    async () => {
      const q = await fx.queue();
      const { id } = await q.enqueue({ d: 1 });
      const completed: Array<{ id: string; durability: string }> = [];
      const errors: Error[] = [];
      const w = fx.worker(q, () => undefined, { durable: { replicas: 1, timeoutMs: 100 } });
      w.on('completed', (taskId: string, info: { durability: string }) => completed.push({ id: taskId, ...info }));
      w.on('error', (e: Error) => errors.push(e));
      w.start();
      await until('the completed event', () => completed.length === 1, 10000);
      expect((await q.get(id))?.state).toBe('completed');
      if (target.mode === 'cluster') {
        expect(completed).toEqual([{ id, durability: 'replicated' }]);
        expect(errors).toEqual([]);
      } else {
        expect(completed).toEqual([{ id, durability: 'unconfirmed' }]);
        expect(errors.some((e) => e instanceof DurabilityError && /WAIT got 0 of 1/.test(e.message))).toBe(true);
      }
    },
  );
});

if (target.mode === 'single') {
  describe('a lost ack reply (single: a proxy in front of the server, needs Redis)', () => {
    let proxy: CuttingProxy | undefined;
    let handle: RedisHandle | undefined;
    let worker: Worker | undefined;
    afterAll(async () => {
      await worker?.stop(2000);
      await handle?.close();
      await proxy?.close();
    });

    it('an ack whose reply is lost with the connection is re-sent and reported as completed, not lease-lost', async () => {
      const url = new URL((target.settings as { url: string }).url);
      proxy = await CuttingProxy.start({ host: url.hostname, port: Number(url.port) });
      handle = await createConnection({ mode: 'single', url: `redis://127.0.0.1:${proxy.port}`, tls: false });
      const q = await Queue.open(handle, `lost-ack-${Date.now().toString(36)}`);
      const ackSha = createHash('sha1').update(loadQueueScripts().get('ack')!.lua).digest('hex');
      const { id } = await q.enqueue({ once: true });
      const runs: string[] = [];
      const completed: string[] = [];
      const errors: Error[] = [];
      const lost: string[] = [];
      worker = new Worker(
        q,
        (t) => {
          runs.push(t.id);
          // The ack of this task is the next call carrying the ack script: EVALSHA, or EVAL with
          // its text on a socket that has not sent it yet.
          proxy!.arm(ackSha, 'Completes leased tasks');
        },
        { blockTimeoutMs: 200, leaseMs: 30000 },
      );
      worker.on('completed', (taskId: string) => completed.push(taskId));
      worker.on('error', (e: Error) => errors.push(e));
      worker.on('lease-lost', (taskId: string) => lost.push(taskId));
      worker.start();
      await until('the completed event', () => completed.length === 1, 15000);
      expect(proxy.cuts).toBe(1);
      expect(runs).toEqual([id]);
      expect(completed).toEqual([id]);
      expect(lost).toEqual([]);
      expect(errors.filter((e) => e instanceof LeaseLostError)).toEqual([]);
      expect(await q.counts()).toMatchObject({ completed: 1, active: 0, completedTotal: 1 });
    });

    it('a reserve whose reply is lost with the connection hands its batch to the worker, not to a lease expiry', async () => {
      await worker?.stop(2000);
      const q = await Queue.open(handle!, `lost-reserve-${Date.now().toString(36)}`);
      const reserveSha = createHash('sha1').update(loadQueueScripts().get('reserve')!.lua).digest('hex');
      const ids = (await q.enqueueBulk(Array.from({ length: 8 }, (_, i) => ({ payload: { i } })))).map((r) => r.id);
      const cutsBefore = proxy!.cuts;
      // The worker's first reserve runs on the server; its reply (the batch) is lost.
      proxy!.arm(reserveSha, 'Leases up to `count` waiting tasks');
      const runs = new Map<string, number>();
      const completed = new Set<string>();
      const stalled: unknown[] = [];
      worker = new Worker(q, (t) => void runs.set(t.id, (runs.get(t.id) ?? 0) + 1), {
        blockTimeoutMs: 200,
        leaseMs: 30000,
        stalledIntervalMs: 200,
      });
      worker.on('completed', (taskId: string) => completed.add(taskId));
      worker.on('stalled', (s) => stalled.push(s));
      worker.start();
      // Well inside the 30 s lease: without the receipt the batch would wait for its leases to expire.
      await until('every task completed', () => completed.size === ids.length, 10000);
      expect(proxy!.cuts).toBe(cutsBefore + 1);
      expect([...runs.keys()].sort()).toEqual([...ids].sort());
      expect([...runs.values()].every((n) => n === 1)).toBe(true);
      expect(stalled).toEqual([]);
      expect(await q.counts()).toMatchObject({ completed: ids.length, active: 0, waiting: 0, stalledTotal: 0 });
    });
  });
}

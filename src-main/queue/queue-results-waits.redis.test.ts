import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { queueFixture, until } from '../testing/queue-fixture';
import { redisTarget } from '../testing/redis-target';
import { QueueArgumentError, TaskFailedError, TaskNotFoundError, WaitTimeoutError } from './errors';

const target = redisTarget();
const fx = queueFixture();
afterAll(() => fx.close());

/** Connections the servers see now: CLIENT LIST on every master (or the one server). */
async function connections(): Promise<number> {
  const h = await fx.handle();
  const nodes = h.kind === 'cluster' ? h.masters() : [h];
  let n = 0;
  for (const node of nodes)
    n += String(await node.call('CLIENT', 'LIST'))
      .trim()
      .split('\n').length;
  return n;
}

describe(`results and waits (${target.mode}, needs Redis)`, () => {
  it('stores the handler result on the record; get returns it', async () => {
    const q = await fx.queue({ partitions: 2 });
    const { id } = await q.enqueue({ n: 2 });
    const { id: none } = await q.enqueue({ n: 0 });
    fx.worker(q, (t) =>
      (t.payload as { n: number }).n ? { doubled: (t.payload as { n: number }).n * 2, s: 'é' } : undefined,
    ).start();
    await until('both completed', async () => (await q.counts()).completed === 2);
    expect((await q.get(id))!.result).toEqual({ doubled: 4, s: 'é' });
    const t = (await q.get(none))!;
    expect(t.state).toBe('completed');
    expect('result' in t).toBe(false);
  });

  it('one ack batch of tasks with and without results stores each task its own result', async () => {
    // ack-11 sends results as trailing (position, JSON) pairs: a shifted position would show here.
    const q = await fx.queue({ partitions: 1 });
    const ids: string[] = [];
    for (let n = 0; n < 12; n++) ids.push((await q.enqueue({ n })).id);
    fx.worker(q, (t) => {
      const n = (t.payload as { n: number }).n;
      return n % 3 === 0 ? undefined : { n };
    }).start();
    await until('all completed', async () => (await q.counts()).completed === 12);
    for (const [n, id] of ids.entries()) {
      const t = (await q.get(id))!;
      if (n % 3 === 0) expect('result' in t).toBe(false);
      else expect(t.result).toEqual({ n });
    }
  });

  it('fails the attempt of an over-cap or non-serialisable result, naming size and limit; nothing stored', async () => {
    const q = await fx.queue({ maxResultBytes: 1000, defaultBackoff: { type: 'fixed', delayMs: 0 } });
    const big = await q.enqueue({ kind: 'big' }, { maxAttempts: 1 });
    const circ = await q.enqueue({ kind: 'circular' }, { maxAttempts: 1 });
    const bigint = await q.enqueue({ kind: 'bigint' }, { maxAttempts: 1 });
    fx.worker(q, (t) => {
      const kind = (t.payload as { kind: string }).kind;
      if (kind === 'big') return { s: 'x'.repeat(2000) };
      if (kind === 'bigint') return { n: 10n };
      const o: Record<string, unknown> = {};
      o.self = o;
      return o;
    }).start();
    await until('three failed', async () => (await q.counts()).failed === 3);
    const b = (await q.get(big.id))!;
    expect(b.lastError).toMatch(/2008 bytes of JSON, over the limit of 1000 bytes \(maxResultBytes\)/);
    expect(b.result).toBeUndefined();
    expect((await q.get(circ.id))!.lastError).toMatch(/cannot be stored as JSON.*circular/i);
    expect((await q.get(bigint.id))!.lastError).toMatch(/cannot be stored as JSON.*BigInt/i);
  });

  it('refuses bad lifecycle options with the value and the limit', async () => {
    await expect(fx.queue({ maxResultBytes: -1 })).rejects.toThrow(/maxResultBytes=-1: expected a whole number from 2/);
    await expect(fx.queue({ defaultTimeoutMs: 0 })).rejects.toThrow(
      /defaultTimeoutMs=0: expected a whole number of ms > 0/,
    );
    const q = await fx.queue();
    await expect(q.enqueue({}, { timeoutMs: -5 })).rejects.toThrow(QueueArgumentError);
    await expect(q.enqueue({}, { timeoutMs: 0 })).rejects.toThrow(
      /timeoutMs for task .*=0: expected a whole number of ms > 0/,
    );
    expect((await q.counts()).waiting).toBe(0);
  });

  it('waitFor resolves for a task that finished before the call', async () => {
    const q = await fx.queue();
    const { id } = await q.enqueue({ n: 1 });
    const w = fx.worker(q, () => 'done').start();
    await until('completed', async () => (await q.get(id))?.state === 'completed');
    await w.stop();
    const t0 = Date.now();
    const t = await q.waitFor(id, { timeoutMs: 5000 });
    expect(t).toMatchObject({ id, state: 'completed', result: 'done' });
    expect(Date.now() - t0).toBeLessThan(1000);
  });

  it('waitFor on an unknown id rejects with TaskNotFoundError at once, not a timeout', async () => {
    const q = await fx.queue();
    const t0 = Date.now();
    await expect(q.waitFor('no-such-task', { timeoutMs: 10_000 })).rejects.toThrow(TaskNotFoundError);
    await expect(q.waitFor('no-such-task')).rejects.toThrow(/task "no-such-task" does not exist in queue/);
    expect(Date.now() - t0).toBeLessThan(1000);
  });

  it('waitFor times out with WaitTimeoutError naming the task and the timeout', async () => {
    const q = await fx.queue();
    const { id } = await q.enqueue({});
    await expect(q.waitFor(id, { timeoutMs: 300 })).rejects.toThrow(WaitTimeoutError);
    await expect(q.waitFor(id, { timeoutMs: 200 })).rejects.toThrow(
      new RegExp(`task ${id} did not finish within 200 ms`),
    );
  });

  it('enqueueAndWait resolves with the result, or rejects with TaskFailedError carrying the error', async () => {
    const q = await fx.queue({ partitions: 3 });
    fx.worker(q, (t) => {
      const p = t.payload as { ok: boolean; n: number };
      if (!p.ok) throw new Error(`bad ${p.n}`);
      return p.n + 1;
    }).start();
    expect(await q.enqueueAndWait({ ok: true, n: 41 }, { timeoutMs: 10_000 })).toBe(42);
    const err = await q.enqueueAndWait({ ok: false, n: 7 }, { maxAttempts: 1, timeoutMs: 10_000 }).catch((e) => e);
    expect(err).toBeInstanceOf(TaskFailedError);
    expect(err).toMatchObject({ code: 'task-failed', lastError: 'bad 7', reason: 'error' });
    expect((err as TaskFailedError).task.state).toBe('failed');
  });

  it("enqueueAndWait takes the task's own deadline as taskTimeoutMs, apart from the wait's timeoutMs", async () => {
    const q = await fx.queue();
    // Ignores its signal: only the attempt deadline can end it.
    fx.worker(q, () => sleep(3000).then(() => 'late')).start();
    const err = await q
      .enqueueAndWait({}, { maxAttempts: 1, taskTimeoutMs: 200, timeoutMs: 10_000 })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TaskFailedError);
    expect(err).toMatchObject({ reason: 'timeout' });
    expect((err as TaskFailedError).task.timeoutMs).toBe(200);
  });

  it('200 pending waits share the queue connection: CLIENT LIST shows no extra connection', async () => {
    const q = await fx.queue({ partitions: 2 });
    const before = await connections();
    const ids = (await q.enqueueBulk(Array.from({ length: 200 }, (_, n) => ({ payload: { n } })))).map((r) => r.id);
    const waits = ids.map((id) => q.waitFor(id, { timeoutMs: 30_000 }));
    await sleep(300);
    expect(q.waiters.pending).toBe(200);
    const during = await connections();
    expect(during).toBeLessThanOrEqual(before);
    fx.worker(q, (t) => (t.payload as { n: number }).n).start();
    const tasks = await Promise.all(waits);
    expect(tasks.map((t) => t.result)).toEqual(ids.map((_, n) => n));
    expect(q.waiters.pending).toBe(0);
  });
});

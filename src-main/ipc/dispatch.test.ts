import { describe, expect, it, vi } from 'vitest';
import { CHANNELS, MUTATING_CHANNELS, type Channel } from '../../shared/ipc/contract';
import { SlotlineError } from '../../shared/errors';
import { createDispatch } from './dispatch';
import type { HandlerTable } from './handler-types';

/** A table whose every handler records its call and answers `answers[channel]` (default `{}`). */
function stubTable(answers: Partial<Record<Channel, () => unknown>> = {}) {
  const calls: Array<[Channel, unknown]> = [];
  const table = Object.fromEntries(
    CHANNELS.map((c) => [
      c,
      vi.fn(async (req: unknown) => {
        calls.push([c, req]);
        return (answers[c] ?? (() => ({})))();
      }),
    ]),
  ) as unknown as HandlerTable;
  return { table, calls };
}

const status = { state: 'disconnected' as const };

describe('dispatch', () => {
  it('runs a valid request and returns the checked response', async () => {
    const { table, calls } = stubTable({ 'connection:current': () => status });
    const dispatch = createDispatch(table, { readOnly: false });
    await expect(dispatch('connection:current', {})).resolves.toEqual({ ok: true, data: status });
    expect(calls).toEqual([['connection:current', {}]]);
  });

  it('refuses unknown channels without calling anything', async () => {
    const { table, calls } = stubTable();
    const dispatch = createDispatch(table, { readOnly: false });
    for (const bad of [
      'queue:nope',
      '',
      'constructor',
      '__proto__',
      'x'.repeat(100_000),
      42,
      null,
      undefined,
      { a: 1 },
    ]) {
      const r = await dispatch(bad, {});
      expect(r).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
      if (!r.ok) expect(r.error.message.length).toBeLessThan(300);
    }
    expect(calls).toEqual([]);
  });

  it('names the bad field of an invalid request', async () => {
    const { table, calls } = stubTable();
    const dispatch = createDispatch(table, { readOnly: false });
    const r = await dispatch('queue:tasks', { queue: 'emails', state: 'waiting', limit: 'ten' });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('invalid-request');
      expect(r.error.message).toMatch(/^queue:tasks: limit: /);
    }
    const extra = await dispatch('queue:counts', { queue: 'emails', evil: true });
    expect(!extra.ok && extra.error.message).toMatch(/queue:counts: .*evil/);
    const badName = await dispatch('queue:counts', { queue: '../../etc' });
    expect(!badName.ok && badName.error.message).toMatch(/queue: queue names use/);
    const notObject = await dispatch('queue:counts', 'junk');
    expect(!notObject.ok && notObject.error.message).toMatch(/queue:counts: \(request\): /);
    const huge = await dispatch('queue:search', { queue: 'q', query: 'x'.repeat(1_000_000) });
    expect(!huge.ok && huge.error.message.length).toBeLessThanOrEqual(501);
    expect(calls).toEqual([]);
  });

  it('refuses every mutating channel when read-only, before looking at the request', async () => {
    const { table, calls } = stubTable();
    const dispatch = createDispatch(table, { readOnly: () => true });
    expect(MUTATING_CHANNELS.length).toBeGreaterThan(5);
    for (const c of MUTATING_CHANNELS) {
      await expect(dispatch(c, { queue: 'q', id: 'x' })).resolves.toMatchObject({
        ok: false,
        error: { code: 'read-only' },
      });
      await expect(dispatch(c, 'garbage')).resolves.toMatchObject({ ok: false, error: { code: 'read-only' } });
    }
    expect(calls).toEqual([]);
    await expect(dispatch('app:info', {})).resolves.toMatchObject({ ok: false, error: { code: 'invalid-response' } });
    expect(calls.map(([c]) => c)).toEqual(['app:info']);
  });

  it('refuses profile writes and connection changes when read-only, and still lets viewers look (F6)', async () => {
    const { table, calls } = stubTable({
      'connection:profiles': () => [],
      'connection:current': () => ({ state: 'disconnected' }),
    });
    const dispatch = createDispatch(table, { readOnly: true });
    const target = { name: 'x', mode: 'single', url: 'redis://10.255.255.1:6379', tls: false };
    const refused: Array<[string, unknown]> = [
      ['connection:save-profile', target],
      ['connection:delete-profile', { id: 'p1' }],
      ['connection:connect', target],
      ['connection:test', target],
      ['connection:disconnect', {}],
    ];
    for (const [channel, request] of refused) {
      const r = await dispatch(channel, request);
      expect(r, channel).toMatchObject({ ok: false, error: { code: 'read-only' } });
      expect(!r.ok && r.error.message).toContain(`${channel} is refused: this console is read-only`);
    }
    expect(calls).toEqual([]);
    await expect(dispatch('connection:profiles', {})).resolves.toEqual({ ok: true, data: [] });
    await expect(dispatch('connection:current', {})).resolves.toMatchObject({ ok: true });
  });

  it('refuses task cancellation when read-only and still serves the task log (issue 13)', async () => {
    const { table, calls } = stubTable({ 'queue:logs': () => ({ lines: ['a'], start: 0, total: 1 }) });
    const dispatch = createDispatch(table, { readOnly: true });
    expect(MUTATING_CHANNELS).toEqual(expect.arrayContaining(['queue:cancel', 'queue:cancel-many']));
    expect(MUTATING_CHANNELS).not.toContain('queue:logs');
    for (const [channel, request] of [
      ['queue:cancel', { queue: 'q', id: 't1' }],
      ['queue:cancel-many', { queue: 'q', state: 'waiting' }],
      ['queue:cancel-many', { queue: 'q', state: 'active', olderThanMs: 1000 }],
    ] as const) {
      const r = await dispatch(channel, request);
      expect(r, channel).toMatchObject({ ok: false, error: { code: 'read-only' } });
      expect(!r.ok && r.error.message).toContain(`${channel} is refused: this console is read-only`);
    }
    expect(calls).toEqual([]);
    await expect(dispatch('queue:logs', { queue: 'q', id: 't1', start: -10 })).resolves.toEqual({
      ok: true,
      data: { lines: ['a'], start: 0, total: 1 },
    });
  });

  it('refuses alert rule changes, acks and snoozes when read-only, and still serves rules, active alerts and history', async () => {
    const { table, calls } = stubTable({
      'alerts:active': () => [],
      'alerts:rules': () => [],
      'alerts:history': () => [],
    });
    const dispatch = createDispatch(table, { readOnly: true });
    for (const [channel, request] of [
      ['alerts:upsert-rule', { name: 'b', condition: { kind: 'backlog', threshold: 1, forMs: 0 } }],
      ['alerts:remove-rule', { id: 'r1' }],
      ['alerts:ack', { key: 'r1|q' }],
      ['alerts:snooze', { key: 'r1|q', until: 1 }],
    ] as const) {
      const r = await dispatch(channel, request);
      expect(r, channel).toMatchObject({ ok: false, error: { code: 'read-only' } });
    }
    expect(calls).toEqual([]);
    for (const channel of ['alerts:active', 'alerts:rules', 'alerts:history'] as const)
      await expect(dispatch(channel, {}), channel).resolves.toEqual({ ok: true, data: [] });
  });

  it('answers a TypeError from a handler with a plain message and no internal text', async () => {
    const { table } = stubTable({
      'queue:counts': () => {
        const missing = undefined as unknown as { max: string };
        return { waiting: missing.max } as never;
      },
    });
    const dispatch = createDispatch(table, { readOnly: false });
    const r = await dispatch('queue:counts', { queue: 'q' });
    expect(r).toMatchObject({ ok: false, error: { code: 'internal' } });
    const message = !r.ok ? r.error.message : '';
    expect(message).toBe(
      'queue:counts failed on an internal error (logged on the server): a value in the request was not one it could handle',
    );
    expect(message).not.toMatch(/TypeError|Cannot read|undefined/);
  });

  it('lets mutating channels through when not read-only', async () => {
    const { table, calls } = stubTable({ 'queue:pause': () => ({ paused: true }) });
    const dispatch = createDispatch(table, { readOnly: false });
    await expect(dispatch('queue:pause', { queue: 'q' })).resolves.toEqual({ ok: true, data: { paused: true } });
    expect(calls).toEqual([['queue:pause', { queue: 'q' }]]);
  });

  it('turns thrown errors into { code, message } without a stack', async () => {
    const { table } = stubTable({
      'queue:counts': () => {
        throw new SlotlineError('invalid-argument', 'queue q does not exist');
      },
      'queue:get': () => {
        throw new TypeError("Cannot read properties of undefined (reading 'x')");
      },
      'queue:list': () => {
        throw 'a string';
      },
    });
    const dispatch = createDispatch(table, { readOnly: false });
    const a = await dispatch('queue:counts', { queue: 'q' });
    expect(a).toEqual({ ok: false, error: { code: 'invalid-argument', message: 'queue q does not exist' } });
    const b = await dispatch('queue:get', { queue: 'q', id: '1' });
    expect(b).toEqual({
      ok: false,
      error: {
        code: 'internal',
        message:
          'queue:get failed on an internal error (logged on the server): a value in the request was not one it could handle',
      },
    });
    expect(JSON.stringify(b)).not.toMatch(/\n\s+at /);
    await expect(dispatch('queue:list', {})).resolves.toEqual({
      ok: false,
      error: { code: 'internal', message: 'a string' },
    });
  });

  it('redacts the current password, the request password and URL credentials from errors', async () => {
    const { table } = stubTable({
      'connection:test': () => {
        throw new Error('WRONGPASS for s3cret-typed at redis://admin:hunter2@10.0.0.1:6379 (current: live-pass)');
      },
    });
    const dispatch = createDispatch(table, { readOnly: false, secrets: () => ['live-pass'] });
    const r = await dispatch('connection:test', {
      name: 'x',
      mode: 'single',
      url: 'redis://10.0.0.1',
      tls: false,
      password: 's3cret-typed',
    });
    expect(r.ok).toBe(false);
    const text = JSON.stringify(r);
    expect(text).not.toMatch(/s3cret-typed|hunter2|live-pass/);
    expect(text).toMatch(/redis:\/\/admin:\*\*\*@10\.0\.0\.1/);
  });

  it('refuses a handler response outside the contract', async () => {
    const { table } = stubTable({ 'queue:pause': () => ({ paused: 'yes' }) });
    const dispatch = createDispatch(table, { readOnly: false });
    await expect(dispatch('queue:pause', { queue: 'q' })).resolves.toMatchObject({
      ok: false,
      error: { code: 'invalid-response' },
    });
  });

  it('queue:rebalance is refused read-only and audited with its partitions; queue:partitions is a read (issue 15)', async () => {
    const result = {
      queue: 'q',
      generation: 1,
      partitionsBefore: 3,
      partitionsAfter: 4,
      tags: ['a'],
      movedSchedules: 0,
    };
    const { table, calls } = stubTable({ 'queue:rebalance': () => result });
    const audit = vi.fn();
    let readOnly = true;
    const dispatch = createDispatch(table, { readOnly: () => readOnly, audit });
    expect(MUTATING_CHANNELS).toContain('queue:rebalance');
    expect(MUTATING_CHANNELS).not.toContain('queue:partitions');
    const refused = await dispatch('queue:rebalance', { queue: 'q', partitions: 4 });
    expect(refused).toMatchObject({ ok: false, error: { code: 'read-only' } });
    expect(!refused.ok && refused.error.message).toContain('queue:rebalance is refused: this console is read-only');
    expect(calls).toEqual([]);
    expect(audit).not.toHaveBeenCalled();
    readOnly = false;
    await expect(dispatch('queue:rebalance', { queue: 'q', partitions: 4 })).resolves.toEqual({
      ok: true,
      data: result,
    });
    expect(audit).toHaveBeenCalledTimes(1);
    expect(audit.mock.calls[0]![0]).toMatchObject({
      channel: 'queue:rebalance',
      request: { queue: 'q', partitions: 4 },
      response: result,
    });
    const bad = await dispatch('queue:rebalance', { queue: 'q', partitions: 4, force: true });
    expect(!bad.ok && bad.error.message).toMatch(/queue:rebalance: .*force/);
    await dispatch('queue:partitions', { queue: 'q' });
    expect(audit).toHaveBeenCalledTimes(1);
  });
});

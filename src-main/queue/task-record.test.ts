import { describe, expect, it } from 'vitest';
import { backoffDelay, newRecord, toTask } from './task-record';

describe('backoffDelay', () => {
  it('is fixed for fixed backoff', () => {
    expect(backoffDelay({ type: 'fixed', delayMs: 250 }, 1)).toBe(250);
    expect(backoffDelay({ type: 'fixed', delayMs: 250 }, 5)).toBe(250);
  });
  it('doubles per attempt, capped, with jitter around the base', () => {
    const b = { type: 'exponential' as const, delayMs: 100, maxDelayMs: 1000, jitter: 0.2 };
    expect(backoffDelay(b, 1, () => 0.5)).toBe(100);
    expect(backoffDelay(b, 3, () => 0.5)).toBe(400);
    expect(backoffDelay(b, 10, () => 0.5)).toBe(1000);
    expect(backoffDelay(b, 1, () => 0)).toBe(90);
    expect(backoffDelay(b, 1, () => 1)).toBe(110);
  });
  it('is 0 without backoff', () => expect(backoffDelay(undefined, 3)).toBe(0));
});

describe('toTask', () => {
  it('keeps the payload text as stored, empty arrays included', () => {
    const rec = newRecord({ id: 't1', payload: { list: [], n: 1 }, maxAttempts: 3, priority: 0, now: 5 });
    const raw = JSON.stringify({ ...rec, payload: '{"big":"12345678901234567890","list":[]}', history: {} });
    const task = toTask({ raw, id: 't1', queue: 'q', partition: 0, state: 1 });
    expect(task.state).toBe('waiting');
    expect(task.history).toEqual([]);
    expect(task.payload).toEqual({ big: '12345678901234567890', list: [] });
  });
  it('reports a corrupt record with its raw text instead of throwing', () => {
    const task = toTask({ raw: '{not json', id: 'bad', queue: 'q', partition: 2, state: 5 });
    expect(task).toMatchObject({ id: 'bad', corrupt: true, raw: '{not json', state: 'failed' });
    expect(task.lastError).toMatch(/not valid JSON/);
  });
});

describe('newRecord layout', () => {
  it('ends with "history":[]} whatever options it has, so reserve-11.lua takes its fast path', () => {
    const rec = newRecord({
      id: 'a',
      payload: { n: 1 },
      maxAttempts: 3,
      backoff: { type: 'fixed', delayMs: 10 },
      priority: 0,
      now: 1,
      timeoutMs: 5000,
      tc: { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' },
    });
    const raw = JSON.stringify(rec);
    expect(raw.endsWith('"history":[]}')).toBe(true);
    expect(raw.split('"attemptsMade":0,')).toHaveLength(2);
    expect(rec.timeoutMs).toBe(5000);
  });
});

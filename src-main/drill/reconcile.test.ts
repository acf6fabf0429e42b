import { describe, expect, it } from 'vitest';
import { firstAfter, Ledger } from './ledger';
import { idsToLookUp, reconcile, type FinalState } from './reconcile';

function ledgerOf(): Ledger {
  const l = new Ledger(2);
  // d1: durable, acked, completed once. d2: durable, acked, run twice (a kill mid-flight).
  l.begin('d1', 'durable', 0);
  l.acked('d1', true, 100);
  l.ran('d1');
  l.completed('d1', 110);
  l.begin('d2', 'durable', 1);
  l.acked('d2', true, 101);
  l.ran('d2');
  l.ran('d2');
  l.completed('d2', 120);
  // p1: plain, acked, never run, gone: lost. p2: plain, acked, still waiting: stuck.
  l.begin('p1', 'plain', 0);
  l.acked('p1', true, 102);
  l.begin('p2', 'plain', 1);
  l.acked('p2', false, 103);
  // e1: errored but present (noack); e2: errored and absent.
  l.begin('e1', 'plain', 0);
  l.errored('e1', 'Connection is closed');
  l.begin('e2', 'plain', 1);
  l.errored('e2', 'Too many Cluster redirections');
  // u1: durable-unconfirmed, processed; u2: unconfirmed and gone.
  l.begin('u1', 'durable', 0);
  l.unconfirmed('u1', 'WAIT got 0 of 1');
  l.ran('u1');
  l.completed('u1', 130);
  l.begin('u2', 'durable', 1);
  l.unconfirmed('u2', 'WAIT got 0 of 1');
  return l;
}

describe('ledger', () => {
  it('keeps acknowledged ids open until they complete', () => {
    const l = ledgerOf();
    expect(l.openCount).toBe(3); // p1, p2, u2
    expect(l.ackTimes).toEqual([
      [100, 102],
      [101, 103],
    ]);
    expect(l.completionTimes).toEqual([[110, 130], [120]]);
    expect(() => l.acked('nope', true, 1)).toThrow(/never begun/);
  });

  it('finds the first timestamp after a moment over some partitions', () => {
    const series = [
      [5, 30, 20],
      [40, 12],
    ];
    expect(firstAfter(series, [0], 10)).toBe(20);
    expect(firstAfter(series, [0, 1], 10)).toBe(12);
    expect(firstAfter(series, [1], 40)).toBeUndefined();
  });
});

describe('reconcile', () => {
  it('looks up everything not known to be done', () => {
    expect(idsToLookUp(ledgerOf().entries.values()).sort()).toEqual(['e1', 'e2', 'p1', 'p2', 'u1', 'u2']);
  });

  it('classifies lost, duplicate, noack, unconfirmed and stuck', () => {
    const states = new Map<string, FinalState>([
      ['p1', 'missing'],
      ['p2', 'waiting'],
      ['e1', 'completed'],
      ['e2', 'missing'],
      ['u1', 'completed'],
      ['u2', 'missing'],
    ]);
    const r = reconcile(ledgerOf().entries.values(), states, new Map([['p2', 'waiting']]));
    expect(r.enqueued.durable).toEqual({ attempted: 4, acked: 2, unconfirmed: 2, errored: 0 });
    expect(r.enqueued.plain).toEqual({ attempted: 4, acked: 2, unconfirmed: 0, errored: 2 });
    expect(r.lost).toEqual({ durable: 0, plain: 1, sample: ['p1'] });
    expect(r.duplicates).toEqual({ tasks: 1, extraRuns: 1, sample: ['d2'] });
    expect(r.noack).toEqual({ errored: 2, checked: 2, present: 1, sample: ['e1'] });
    expect(r.unconfirmed).toMatchObject({ total: 2, present: 1, missing: 1, processed: 1 });
    expect(r.stuck).toEqual({ total: 1, byState: { waiting: 1 }, sample: ['p2'] });
    expect(r.ackedNotCompleted).toBe(2);
    expect(r.retriedEnqueues).toBe(1);
    expect(r.unchecked).toBe(0);
  });

  it('counts an acknowledged durable task that vanished unprocessed as durable lost', () => {
    const l = new Ledger(1);
    l.begin('d', 'durable', 0);
    l.acked('d', true, 1);
    const r = reconcile(l.entries.values(), new Map([['d', 'missing']]));
    expect(r.lost.durable).toBe(1);
  });

  it('says which ids it could not check, and counts stuck tasks Redis lists but the ledger lacks', () => {
    const l = new Ledger(1);
    l.begin('a', 'plain', 0);
    l.acked('a', true, 1);
    const r = reconcile(l.entries.values(), new Map(), new Map([['stranger', 'active']]));
    expect(r.unchecked).toBe(1);
    expect(r.stuck).toEqual({ total: 1, byState: { active: 1 }, sample: ['stranger'] });
  });
});

import { describe, expect, it } from 'vitest';
import { planFire, simulateFires } from './schedule-plan';

const iso = (ts: number[]) => ts.map((t) => new Date(t).toISOString());
const at = (s: string) => Date.parse(s);

describe('schedule fire computation on an injected clock', () => {
  it('a Europe/Berlin cron across the spring-forward change fires once a day, the missing 02:30 at 03:30 local', () => {
    const spec = { cron: '30 2 * * *', tz: 'Europe/Berlin' };
    const from = at('2026-03-27T12:00:00Z');
    const r = simulateFires(
      { spec, anchor: from, graceMs: 60_000, catchUp: 'skip' },
      from,
      at('2026-03-31T12:00:00Z'),
      60_000,
    );
    expect(iso(r.fired)).toEqual([
      '2026-03-28T01:30:00.000Z', // 02:30 CET
      '2026-03-29T01:30:00.000Z', // 02:30 does not exist that day: 03:30 CEST
      '2026-03-30T00:30:00.000Z', // 02:30 CEST
      '2026-03-31T00:30:00.000Z',
    ]);
    expect(r.skipped).toBe(0);
  });

  it('a Europe/Berlin cron across the autumn change fires the repeated 02:30 once', () => {
    const spec = { cron: '30 2 * * *', tz: 'Europe/Berlin' };
    const from = at('2026-10-23T12:00:00Z');
    const r = simulateFires(
      { spec, anchor: from, graceMs: 60_000, catchUp: 'skip' },
      from,
      at('2026-10-27T12:00:00Z'),
      60_000,
    );
    expect(iso(r.fired)).toEqual([
      '2026-10-24T00:30:00.000Z',
      '2026-10-25T00:30:00.000Z', // 02:30 CEST; 02:30 CET an hour later does not fire again
      '2026-10-26T01:30:00.000Z',
      '2026-10-27T01:30:00.000Z',
    ]);
  });

  it('an hourly America/New_York cron polled every 7 s across the spring gap fires 23 times in 23 hours (no 02:00), each once', () => {
    const spec = { cron: '0 * * * *', tz: 'America/New_York' };
    const from = at('2026-03-08T05:00:00Z'); // 00:00 EST
    const r = simulateFires(
      { spec, anchor: from, graceMs: 60_000, catchUp: 'skip' },
      from,
      at('2026-03-09T04:00:30Z'),
      7_000,
    );
    expect(r.fired).toHaveLength(23);
    expect(new Set(r.fired).size).toBe(23);
    expect(r.skipped).toBe(0);
  });

  it('ticks late within their grace each fire, one per poll; past it, skip fires none and once fires one', () => {
    const spec = { every: 1000 };
    expect(planFire({ spec, anchor: 0, graceMs: 2500 }, 1000, 3400)).toEqual({
      following: 2000,
      future: 4000,
      missed: 3,
      late: false,
    });
    expect(planFire({ spec, anchor: 0, graceMs: 2500 }, 1000, 3600).late).toBe(true);
    // Poller down until 3.4 s, grace 2.5 s: ticks 1, 2 and 3 s each fire, one per 100 ms poll.
    const within = simulateFires({ spec, anchor: 0, graceMs: 2500, catchUp: 'skip' }, 3400, 4000, 100, {
      firstTick: 1000,
    });
    expect(within).toEqual({ fired: [1000, 2000, 3000, 4000], skipped: 0 });
    // Down until 10.05 s with a 300 ms grace: ticks 1..10 s are missed.
    const skip = simulateFires({ spec, anchor: 0, graceMs: 300, catchUp: 'skip' }, 10_050, 12_050, 100, {
      firstTick: 1000,
    });
    expect(skip).toEqual({ fired: [11_000, 12_000], skipped: 10 });
    const once = simulateFires({ spec, anchor: 0, graceMs: 300, catchUp: 'once' }, 10_050, 12_050, 100, {
      firstTick: 1000,
    });
    expect(once).toEqual({ fired: [1000, 11_000, 12_000], skipped: 9 });
  });
});

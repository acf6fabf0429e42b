import { describe, expect, it } from 'vitest';
import {
  countTicks,
  describeSpec,
  nextFires,
  tickAfter,
  validateScheduleOptions,
  validateScheduleSpec,
} from './schedule-spec';

const utc = (s: string) => Date.parse(s);

describe('validateScheduleSpec', () => {
  it('accepts every and 5- and 6-field cron, with and without a time zone', () => {
    expect(validateScheduleSpec({ every: 1000 })).toEqual({ every: 1000 });
    expect(validateScheduleSpec({ cron: ' 0 3 * * * ' })).toEqual({ cron: '0 3 * * *' });
    expect(validateScheduleSpec({ cron: '*/30 * * * * *', tz: 'Europe/Berlin' })).toEqual({
      cron: '*/30 * * * * *',
      tz: 'Europe/Berlin',
    });
  });

  it.each([
    [{ every: 0 }, /every=0 .*from 1/],
    [{ every: -5 }, /every=-5/],
    [{ every: 1.5 }, /every=1.5/],
    [{ every: '1000' }, /every="1000"/],
    [{ cron: '61 * * * *' }, /"61 \* \* \* \*" is not valid.*minute/],
    [{ cron: '* * *' }, /has 3 field\(s\)/],
    [{ cron: '' }, /has 0 field/],
    [{ cron: '0 3 * * *', tz: 'Mars/Base' }, /time zone "Mars\/Base" is not known/],
    [{ every: 10, cron: '* * * * *' }, /both every and cron/],
    [{ cron: '* * * * *', when: 1 }, /unknown field\(s\) when/],
    [null, /spec null is not valid/],
    ['0 3 * * *', /spec "0 3 \* \* \*" is not valid/],
  ])('refuses %j naming the value', (spec, msg) => {
    expect(() => validateScheduleSpec(spec)).toThrow(msg);
  });

  it('validates options and fills defaults', () => {
    expect(validateScheduleOptions()).toEqual({ catchUp: 'skip', graceMs: 60_000 });
    expect(() => validateScheduleOptions({ catchUp: 'all' })).toThrow(/catchUp="all"/);
    expect(() => validateScheduleOptions({ graceMs: -1 })).toThrow(/graceMs=-1/);
  });
});

describe('ticks', () => {
  it('every counts from its anchor', () => {
    const a = 1_000_000;
    expect(tickAfter({ every: 1000 }, a - 5, a)).toBe(a);
    expect(tickAfter({ every: 1000 }, a, a)).toBe(a + 1000);
    expect(tickAfter({ every: 1000 }, a + 1999, a)).toBe(a + 2000);
    expect(nextFires({ every: 500 }, a, 3, a)).toEqual([a + 500, a + 1000, a + 1500]);
    expect(countTicks({ every: 1000 }, a, a + 10_000, a)).toBe(10);
  });

  it('cron in Europe/Berlin across the spring-forward change keeps 03:00 local, moving from 02:00Z to 01:00Z', () => {
    // 2026-03-29: clocks go from 02:00 CET to 03:00 CEST.
    expect(nextFires({ cron: '0 3 * * *', tz: 'Europe/Berlin' }, utc('2026-03-27T12:00:00Z'), 3)).toEqual([
      utc('2026-03-28T02:00:00Z'),
      utc('2026-03-29T01:00:00Z'),
      utc('2026-03-30T01:00:00Z'),
    ]);
  });

  it('cron at a local time that does not exist on the DST day fires once that day', () => {
    const fires = nextFires({ cron: '30 2 * * *', tz: 'Europe/Berlin' }, utc('2026-03-28T12:00:00Z'), 2);
    expect(fires).toHaveLength(2);
    expect(fires[0]! > utc('2026-03-28T23:00:00Z') && fires[0]! < utc('2026-03-29T22:00:00Z')).toBe(true);
    expect(fires[1]).toBe(utc('2026-03-30T00:30:00Z'));
  });

  it('cron at a local time that repeats on the autumn change fires once', () => {
    // 2026-10-25: 03:00 CEST goes back to 02:00 CET, so 02:30 happens twice locally.
    const fires = nextFires({ cron: '30 2 * * *', tz: 'Europe/Berlin' }, utc('2026-10-24T12:00:00Z'), 3);
    expect(fires[0]).toBe(utc('2026-10-25T00:30:00Z'));
    expect(fires[1]).toBe(utc('2026-10-26T01:30:00Z'));
    expect(
      countTicks(
        { cron: '30 2 * * *', tz: 'Europe/Berlin' },
        utc('2026-10-24T12:00:00Z'),
        utc('2026-10-26T02:00:00Z'),
        0,
      ),
    ).toBe(2);
  });

  it('describes specs for people', () => {
    expect(describeSpec({ every: 30_000 })).toBe('every 30 s');
    expect(describeSpec({ cron: '0 3 * * *', tz: 'Europe/Berlin' })).toBe('cron 0 3 * * * (Europe/Berlin)');
  });
});

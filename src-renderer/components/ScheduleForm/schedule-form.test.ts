import { describe, expect, it } from 'vitest';
import { previewFields, specOfFields } from './schedule-form';

const base = { kind: 'cron' as const, every: '', cron: '', tz: '' };

describe('schedule form fields', () => {
  it('previews five cron fires in the given zone', () => {
    const now = Date.UTC(2026, 2, 28, 12, 0, 0); // 28 March 2026; Berlin switches to CEST on the 29th
    const r = previewFields({ ...base, cron: '0 3 * * *', tz: 'Europe/Berlin' }, now);
    expect(r.error).toBeNull();
    expect(r.fires.map((t) => new Date(t).toISOString())).toEqual([
      '2026-03-29T01:00:00.000Z',
      '2026-03-30T01:00:00.000Z',
      '2026-03-31T01:00:00.000Z',
      '2026-04-01T01:00:00.000Z',
      '2026-04-02T01:00:00.000Z',
    ]);
  });

  it('previews an interval from now', () => {
    const r = previewFields({ ...base, kind: 'every', every: '1000' }, 5000);
    expect(r.fires).toEqual([6000, 7000, 8000, 9000, 10_000]);
  });

  it('names the bad value', () => {
    expect(specOfFields({ ...base, cron: '0 3 * *' }).error).toContain('cron expression "0 3 * *" has 4 field(s)');
    expect(specOfFields({ ...base, cron: '0 99 * * *' }).error).toContain('cron expression "0 99 * * *" is not valid');
    expect(specOfFields({ ...base, cron: '0 3 * * *', tz: 'Mars/Olympus' }).error).toContain(
      'time zone "Mars/Olympus" is not known',
    );
    expect(specOfFields({ ...base, kind: 'every', every: '0' }).error).toContain('every=0 is not valid');
    expect(specOfFields({ ...base, kind: 'every', every: 'soon' }).error).toContain('every="soon" is not valid');
    expect(previewFields({ ...base, cron: '0 3 * * *', tz: 'Mars/Olympus' }, 0).fires).toEqual([]);
  });

  it('treats an empty zone as UTC and trims the zone', () => {
    expect(specOfFields({ ...base, cron: ' */5 * * * * ' }).spec).toEqual({ cron: '*/5 * * * *' });
    expect(specOfFields({ ...base, cron: '0 3 * * *', tz: ' UTC ' }).spec).toEqual({ cron: '0 3 * * *', tz: 'UTC' });
  });
});

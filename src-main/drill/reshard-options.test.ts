import { describe, expect, it } from 'vitest';
import { RESHARD_DEFAULTS, resolveReshardOptions } from './reshard-options';

describe('reshard drill options', () => {
  it('fills the defaults: 3 masters added with 1 replica each, removed again, 200/s, 10 s windows', () => {
    expect(resolveReshardOptions({})).toEqual(RESHARD_DEFAULTS);
    expect(RESHARD_DEFAULTS).toMatchObject({ addMasters: 3, replicas: 1, scaleIn: true, rate: 200, spreadWindowS: 10 });
  });

  it('refuses out-of-range and fractional values, naming them', () => {
    expect(() => resolveReshardOptions({ addMasters: 0 })).toThrow('addMasters=0: expected 1..12');
    expect(() => resolveReshardOptions({ replicas: 6 })).toThrow('replicas=6: expected 0..5');
    expect(() => resolveReshardOptions({ replicas: 0.5 })).toThrow('replicas=0.5: expected a whole number');
    expect(() => resolveReshardOptions({ spreadWindowS: 0 })).toThrow('spreadWindowS=0: expected 1..600');
    expect(() => resolveReshardOptions({ rate: Number.NaN })).toThrow('rate=NaN: expected 1..100000');
  });
});

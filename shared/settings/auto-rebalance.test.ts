import { describe, expect, it } from 'vitest';
import { parseAutoRebalance } from './auto-rebalance';

describe('parseAutoRebalance', () => {
  it('is off, once per 10 minutes, unless told otherwise', () => {
    expect(parseAutoRebalance({})).toEqual({ enabled: false, minIntervalMs: 600_000 });
    expect(parseAutoRebalance({ SLOTLINE_AUTO_REBALANCE: 'yes', SLOTLINE_AUTO_REBALANCE_MINUTES: ' 3 ' })).toEqual({
      enabled: true,
      minIntervalMs: 180_000,
    });
    expect(parseAutoRebalance({ SLOTLINE_AUTO_REBALANCE: '', SLOTLINE_AUTO_REBALANCE_MINUTES: '' })).toEqual({
      enabled: false,
      minIntervalMs: 600_000,
    });
  });

  it('names the variable and the bad value', () => {
    expect(() => parseAutoRebalance({ SLOTLINE_AUTO_REBALANCE: 'sometimes' })).toThrow(
      'SLOTLINE_AUTO_REBALANCE="sometimes" is not a boolean: expected one of true/false, 1/0, yes/no, on/off',
    );
    for (const bad of ['0', '1441', '2.5', '-1', 'ten'])
      expect(() => parseAutoRebalance({ SLOTLINE_AUTO_REBALANCE_MINUTES: bad })).toThrow(
        `SLOTLINE_AUTO_REBALANCE_MINUTES=${JSON.stringify(bad)} is not valid: expected a whole number of minutes from 1 to 1440`,
      );
  });
});

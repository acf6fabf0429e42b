import { describe, expect, it } from 'vitest';
import { isLoopbackV4, parseHostList, parseHostRange, requireLoopback } from './loopback-address';

describe('loopback addresses', () => {
  it('accepts 127.0.0.0/8 and nothing else', () => {
    expect(isLoopbackV4('127.0.0.11')).toBe(true);
    expect(isLoopbackV4('127.255.1.2')).toBe(true);
    for (const bad of ['128.0.0.1', '10.0.0.1', '0.0.0.0', '::1', 'localhost', '127.0.0', '127.0.0.256'])
      expect(isLoopbackV4(bad)).toBe(false);
  });

  it('names the bad value and what was expected', () => {
    expect(() => requireLoopback('192.168.1.5', '--hosts')).toThrow(
      '--hosts "192.168.1.5" is not a loopback IPv4 address: expected one in 127.0.0.0/8',
    );
  });

  it('parses lists and ranges', () => {
    expect(parseHostList('127.0.0.11, 127.0.0.12')).toEqual(['127.0.0.11', '127.0.0.12']);
    expect(() => parseHostList('127.0.0.11,10.0.0.1')).toThrow('"10.0.0.1" is not a loopback');
    expect(() => parseHostList('127.0.0.11,127.0.0.11')).toThrow('listed twice');
    expect(parseHostRange('127.0.0.11-13')).toEqual(['127.0.0.11', '127.0.0.12', '127.0.0.13']);
    expect(parseHostRange('127.0.0.11-127.0.0.12')).toEqual(['127.0.0.11', '127.0.0.12']);
    expect(() => parseHostRange('10.0.0.1-3')).toThrow('"10.0.0.1" is not a loopback');
    expect(() => parseHostRange('127.0.0.5-2')).toThrow('FIRST <= LAST');
    expect(() => parseHostRange('127.0.0.5')).toThrow('expected FIRST-LAST');
  });
});

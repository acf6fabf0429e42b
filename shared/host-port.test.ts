import { describe, expect, it } from 'vitest';
import {
  formatHostPort,
  hostOfAuthority,
  HostPortError,
  parseHostPort,
  parseNodeAddress,
  tryParseHostPort,
} from './host-port';

describe('parseHostPort', () => {
  it.each([
    ['127.0.0.1:7000', { host: '127.0.0.1', port: 7000 }],
    ['redis-a.internal:6379', { host: 'redis-a.internal', port: 6379 }],
    ['[::1]:7000', { host: '::1', port: 7000 }],
    ['[fe80::1%eth0]:1', { host: 'fe80::1%eth0', port: 1 }],
    ['h:65535', { host: 'h', port: 65535 }],
  ])('reads %s', (text, expected) => {
    expect(parseHostPort(text)).toEqual(expected);
    expect(formatHostPort(parseHostPort(text))).toBe(text);
  });

  it.each([
    ['127.0.0.1', /"127.0.0.1" has no port: expected host:port/],
    ['127.0.0.1:', /"127.0.0.1:" has no port/],
    ['h:0', /port 0 in "h:0" is out of range: expected 1-65535/],
    ['h:70000', /port 70000 in "h:70000" is out of range/],
    ['h:abc', /port "abc" in "h:abc" is not a number: expected 1-65535/],
    ['h:-1', /port "-1" in "h:-1" is not a number/],
    ['::1:7000', /"::1:7000" looks like a bare IPv6 address: expected \[address\]:port/],
    ['[::1:7000', /"\[::1:7000" is not a valid IPv6 entry/],
    ['[::1]7000', /is not a valid IPv6 entry/],
    ['[::1]', /is not a valid IPv6 entry/],
    [':7000', /":7000" has no valid host/],
    ['[]:7000', /"\[\]:7000" has no valid host/],
    ['h h:1', /has no valid host/],
    ['', /"" has no port/],
  ])('rejects %j with a HostPortError naming the value', (text, re) => {
    let err: unknown;
    try {
      parseHostPort(text);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(HostPortError);
    expect((err as HostPortError).code).toBe('invalid-address');
    expect((err as HostPortError).value).toBe(text);
    expect((err as Error).message).toMatch(re);
  });

  it('tryParseHostPort gives undefined for addresses a server reports without one', () => {
    expect(tryParseHostPort(':0')).toBeUndefined();
    expect(tryParseHostPort('10.0.0.1:0')).toBeUndefined();
    expect(tryParseHostPort('[::1]:7001')).toEqual({ host: '::1', port: 7001 });
  });
});

describe('hostOfAuthority', () => {
  it.each([
    ['127.0.0.1:8080', '127.0.0.1'],
    ['[::1]:8080', '::1'],
    ['[::1]', '::1'],
    ['localhost', 'localhost'],
    ['localhost:', 'localhost'],
  ])('%s → %s', (text, host) => {
    expect(hostOfAuthority(text)).toBe(host);
  });

  it.each([
    ['evil.example:abc', /port "abc" in "evil.example:abc" is not a number/],
    ['[::1', /is not a valid IPv6 entry/],
    ['::1', /looks like a bare IPv6 address/],
    [':80', /":80" has no valid host: expected host\[:port\]/],
  ])('rejects %j', (text, re) => {
    expect(() => hostOfAuthority(text)).toThrow(re);
  });
});

describe('parseNodeAddress', () => {
  it('reads the unbracketed IPv6 form Redis and ioredis write, and the usual forms', () => {
    expect(parseNodeAddress('::1:7000')).toEqual({ host: '::1', port: 7000 });
    expect(parseNodeAddress('fe80::a:b:6379')).toEqual({ host: 'fe80::a:b', port: 6379 });
    expect(parseNodeAddress('[::1]:7000')).toEqual({ host: '::1', port: 7000 });
    expect(parseNodeAddress('10.0.0.5:7001')).toEqual({ host: '10.0.0.5', port: 7001 });
  });

  it('still names the value of a broken address', () => {
    expect(() => parseNodeAddress('10.0.0.5')).toThrow(/"10.0.0.5" has no port/);
    expect(() => parseNodeAddress(':7000')).toThrow(/":7000" has no valid host/);
    expect(() => parseNodeAddress('::1:')).toThrow(HostPortError);
  });
});

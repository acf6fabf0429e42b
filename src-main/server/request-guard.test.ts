import { describe, expect, it } from 'vitest';
import { checkBindHost } from './listen';
import {
  bearerToken,
  checkRequestOrigin,
  hostOfHostHeader,
  isLoopbackHost,
  newToken,
  tokenMatches,
} from './request-guard';

describe('request guard', () => {
  it('makes long random tokens and compares them exactly', () => {
    const t = newToken();
    expect(t).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(newToken()).not.toBe(t);
    expect(tokenMatches(t, t)).toBe(true);
    expect(tokenMatches(t + 'x', t)).toBe(false);
    expect(tokenMatches(t.slice(1), t)).toBe(false);
    expect(tokenMatches('', t)).toBe(false);
    expect(tokenMatches(undefined, t)).toBe(false);
    expect(tokenMatches(null, t)).toBe(false);
  });

  it('reads a bearer token', () => {
    expect(bearerToken({ authorization: 'Bearer abc' })).toBe('abc');
    expect(bearerToken({ authorization: 'bearer abc ' })).toBe('abc');
    expect(bearerToken({ authorization: 'Basic abc' })).toBeUndefined();
    expect(bearerToken({})).toBeUndefined();
  });

  it('knows loopback hosts', () => {
    for (const h of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]', '::ffff:127.0.0.1'])
      expect(isLoopbackHost(h), h).toBe(true);
    for (const h of ['0.0.0.0', '10.0.0.1', '::', 'example.com', '128.0.0.1', 'localhost.evil.com'])
      expect(isLoopbackHost(h), h).toBe(false);
    expect(hostOfHostHeader('127.0.0.1:8080')).toBe('127.0.0.1');
    expect(hostOfHostHeader('[::1]:8080')).toBe('::1');
    expect(hostOfHostHeader('localhost')).toBe('localhost');
  });

  it('passes same-origin and header-less clients, refuses foreign sites and rebinding hosts', () => {
    const local = { allowRemote: false };
    expect(checkRequestOrigin({ host: '127.0.0.1:7340' }, local).ok).toBe(true);
    expect(
      checkRequestOrigin(
        { host: '127.0.0.1:7340', origin: 'http://127.0.0.1:7340', 'sec-fetch-site': 'same-origin' },
        local,
      ).ok,
    ).toBe(true);
    expect(checkRequestOrigin({ host: 'localhost:7340', 'sec-fetch-site': 'none' }, local).ok).toBe(true);
    expect(checkRequestOrigin({ host: '127.0.0.1:7340', origin: 'http://evil.example' }, local).ok).toBe(false);
    expect(checkRequestOrigin({ host: '127.0.0.1:7340', origin: 'http://127.0.0.1:9999' }, local).ok).toBe(false);
    expect(checkRequestOrigin({ host: '127.0.0.1:7340', origin: 'null' }, local).ok).toBe(false);
    expect(checkRequestOrigin({ host: '127.0.0.1:7340', 'sec-fetch-site': 'cross-site' }, local).ok).toBe(false);
    expect(checkRequestOrigin({ host: '127.0.0.1:7340', 'sec-fetch-site': 'same-site' }, local).ok).toBe(false);
    expect(
      checkRequestOrigin({ host: 'rebind.evil.example:7340', origin: 'http://rebind.evil.example:7340' }, local).ok,
    ).toBe(false);
    expect(checkRequestOrigin({}, local).ok).toBe(false);
    expect(
      checkRequestOrigin({ host: '10.0.0.5:7340', origin: 'http://10.0.0.5:7340' }, { allowRemote: true }).ok,
    ).toBe(true);
  });

  it('refuses to bind a non-loopback host without --allow-remote', () => {
    expect(() => checkBindHost('0.0.0.0', false, 'slotline serve')).toThrow(/--allow-remote/);
    expect(() => checkBindHost('0.0.0.0', true, 'slotline serve')).not.toThrow();
    expect(() => checkBindHost('127.0.0.1', false, 'slotline serve')).not.toThrow();
  });
});

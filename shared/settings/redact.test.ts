import { describe, expect, it } from 'vitest';
import { redactSecrets, redactUrl, urlWithoutCredentials } from './redact';

describe('redactUrl', () => {
  it.each([
    ['redis://u:p@ss@host:1', 'redis://u:***@host:1'],
    ['rediss://:hunter2@h:6380/0', 'rediss://:***@h:6380/0'],
    ['redis://u:p%2Fss@h', 'redis://u:***@h'],
    ['redis://token@h:1', 'redis://***@h:1'],
    ['redis://h:1', 'redis://h:1'],
    ['redis://[::1]:7000', 'redis://[::1]:7000'],
  ])('reads %s through the URL parser: %s', (url, shown) => {
    expect(redactUrl(url)).toBe(shown);
  });

  it('hides everything before the last @ of a URL that does not parse (a password with /)', () => {
    expect(redactUrl('redis://u:pa/ss@host:1')).toBe('redis://***@host:1');
    expect(redactUrl('redis://u:p/w@d@host:1')).toBe('redis://***@host:1');
    expect(redactUrl('redis://h:abc')).toBe('redis://h:abc');
  });

  it('removes user and password for storage', () => {
    expect(urlWithoutCredentials('redis://u:p@ss@host:1/3')).toBe('redis://host:1/3');
    expect(urlWithoutCredentials('redis://host:1')).toBe('redis://host:1');
    expect(urlWithoutCredentials('redis://u:pa/ss@host')).toBe('redis://***@host');
  });
});

describe('redactSecrets', () => {
  it('hides a password with @ inside a URL in free text', () => {
    const out = redactSecrets('connect to redis://u:p@ss@host:1 failed: ECONNREFUSED', []);
    expect(out).toBe('connect to redis://u:***@host:1 failed: ECONNREFUSED');
    expect(out).not.toContain('ss@');
  });

  it('hides an unparsable URL with a / in its password, and listed secrets anywhere', () => {
    const out = redactSecrets('bad redis://u:pa/ss@h:1 and hunter2 again', ['hunter2']);
    expect(out).toBe('bad redis://***@h:1 and *** again');
  });
});

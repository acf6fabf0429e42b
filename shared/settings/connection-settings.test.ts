import { describe, expect, it } from 'vitest';
import { SettingsError } from '../errors';
import { describeSettings, parseSettings } from './connection-settings';

function errorOf(env: Record<string, string>): SettingsError {
  try {
    parseSettings(env);
  } catch (e) {
    if (e instanceof SettingsError) return e;
    throw e;
  }
  throw new Error(`expected a SettingsError for ${JSON.stringify(env)}`);
}

const cluster = (nodes: string) => ({ REDIS_CLUSTER_ENABLED: 'true', REDIS_CLUSTER_NODES: nodes });

describe('parseSettings', () => {
  it('defaults to a single local Redis', () => {
    const { settings } = parseSettings({});
    expect(settings).toEqual({
      mode: 'single',
      url: 'redis://127.0.0.1:6379',
      tls: false,
      username: undefined,
      password: undefined,
    });
  });

  it('reads a single URL with credentials and rediss', () => {
    const { settings } = parseSettings({ REDIS_URL: 'rediss://bob:s3cret@example.test:6380/2' });
    expect(settings).toMatchObject({ mode: 'single', tls: true, username: 'bob', password: 's3cret' });
  });

  it('reads a cluster node list, IPv6 included', () => {
    const { settings } = parseSettings(cluster('127.0.0.1:7000, [::1]:7001,redis-a:7002'));
    expect(settings.mode).toBe('cluster');
    if (settings.mode !== 'cluster') return;
    expect(settings.nodes).toEqual([
      { host: '127.0.0.1', port: 7000 },
      { host: '::1', port: 7001 },
      { host: 'redis-a', port: 7002 },
    ]);
  });

  it.each(['true', 'TRUE', '1', 'yes', 'on'])('accepts %s as true', (v) => {
    expect(parseSettings({ REDIS_CLUSTER_ENABLED: v, REDIS_CLUSTER_NODES: 'h:1' }).settings.mode).toBe('cluster');
  });

  it.each(['false', '0', 'no', 'off', ''])('accepts %j as false', (v) => {
    expect(parseSettings({ REDIS_CLUSTER_ENABLED: v }).settings.mode).toBe('single');
  });

  it('ignores REDIS_URL in cluster mode and says so', () => {
    const { warnings } = parseSettings({ ...cluster('h:7000'), REDIS_URL: 'redis://:pw@x:1' });
    expect(warnings.join('\n')).toMatch(/REDIS_URL=redis:\/\/:\*\*\*@x:1 is ignored/);
    expect(warnings.join('\n')).not.toContain('pw@');
  });

  it('deduplicates nodes with a warning', () => {
    const { settings, warnings } = parseSettings(cluster('h:7000,h:7000,H:7000,h:7001'));
    expect(settings.mode === 'cluster' && settings.nodes.length).toBe(2);
    expect(warnings).toEqual([
      'REDIS_CLUSTER_NODES: duplicate node h:7000 ignored',
      'REDIS_CLUSTER_NODES: duplicate node h:7000 ignored',
    ]);
  });

  it('reads a NAT map', () => {
    const { settings } = parseSettings({
      ...cluster('127.0.0.1:7000'),
      REDIS_NAT_MAP: '172.18.0.2:6379=127.0.0.1:7000',
    });
    expect(settings.mode === 'cluster' && settings.natMap).toEqual({
      '172.18.0.2:6379': { host: '127.0.0.1', port: 7000 },
    });
  });

  const bad: Array<[string, Record<string, string>, RegExp]> = [
    ['an empty list', cluster(''), /REDIS_CLUSTER_NODES is empty: expected a comma-separated list/],
    ['a blank list', cluster('   '), /REDIS_CLUSTER_NODES is empty/],
    [
      'cluster enabled with no nodes',
      { REDIS_CLUSTER_ENABLED: 'yes' },
      /REDIS_CLUSTER_ENABLED is true but REDIS_CLUSTER_NODES is empty/,
    ],
    ['a missing port', cluster('127.0.0.1'), /"127.0.0.1" has no port: expected host:port/],
    ['a trailing colon', cluster('127.0.0.1:'), /"127.0.0.1:" has no port/],
    ['port 0', cluster('h:0'), /port 0 in "h:0" is out of range: expected 1-65535/],
    ['port 70000', cluster('h:70000'), /port 70000 in "h:70000" is out of range: expected 1-65535/],
    ['a non-numeric port', cluster('h:abc'), /port "abc" in "h:abc" is not a number: expected 1-65535/],
    ['a negative port', cluster('h:-1'), /port "-1" in "h:-1" is not a number/],
    ['an empty entry', cluster('h:1,,h:2'), /has an empty entry at position 2/],
    ['a trailing comma', cluster('h:1,'), /has an empty entry at position 2/],
    ['a space inside an entry', cluster('h :1'), /"h :1" contains a space/],
    ['a bare IPv6 address', cluster('::1:7000'), /looks like a bare IPv6 address: expected \[address\]:port/],
    ['a broken IPv6 entry', cluster('[::1:7000'), /is not a valid IPv6 entry/],
    ['no host', cluster(':7000'), /":7000" has no valid host/],
    ['an unparseable URL', { REDIS_URL: 'not a url' }, /REDIS_URL="not a url" is not a URL: expected redis:\/\//],
    ['a wrong scheme', { REDIS_URL: 'http://h:1' }, /has scheme "http:": expected redis:\/\/ or rediss:\/\//],
    ['a bad URL port', { REDIS_URL: 'redis://h:99999' }, /REDIS_URL/],
    ['a bad database', { REDIS_URL: 'redis://h:1/x' }, /database "x": expected a number/],
    ['a bad boolean', { REDIS_CLUSTER_ENABLED: 'maybe' }, /REDIS_CLUSTER_ENABLED="maybe" is not a boolean/],
    ['a bad TLS flag', { REDIS_TLS: 'sure' }, /REDIS_TLS="sure" is not a boolean/],
    ['a bad NAT map', { ...cluster('h:1'), REDIS_NAT_MAP: 'a:1-b:2' }, /REDIS_NAT_MAP: "a:1-b:2" is not a mapping/],
  ];

  it.each(bad)('rejects %s with a message naming the variable and the expectation', (_name, env, re) => {
    const err = errorOf(env);
    expect(err.message).toMatch(re);
    expect(err.code).toBe('invalid-setting');
    expect(err.variable).toMatch(/^REDIS_/);
  });

  it('never shows the password of a malformed URL', () => {
    const err = errorOf({ REDIS_URL: 'redis://user:hunter2@h:1/x' });
    expect(err.message).not.toContain('hunter2');
    expect(err.message).toContain('user:***@');
  });

  it('describes settings without the password', () => {
    const { settings } = parseSettings({ REDIS_URL: 'redis://u:pw@h:1', REDIS_PASSWORD: 'pw' });
    expect(describeSettings(settings)).toBe('single redis://h:1 as u');
  });

  it('keeps credentials out of settings.url, even a password with @ and /', () => {
    const { settings } = parseSettings({ REDIS_URL: 'redis://u:p%2Fa@ss@h:1/2' });
    expect(settings).toMatchObject({ mode: 'single', url: 'redis://h:1/2', username: 'u', password: 'p/a@ss' });
    expect(describeSettings(settings)).toBe('single redis://h:1/2 as u');
  });

  it('describes hand-built settings whose URL still holds a password with @, hiding all of it', () => {
    const d = describeSettings({ mode: 'single', url: 'redis://u:p@ss@h:1', tls: false });
    expect(d).toBe('single redis://u:***@h:1');
    expect(d).not.toContain('ss');
  });

  it('never echoes the credentials of an unparsable URL (a password with /)', () => {
    const err = errorOf({ REDIS_URL: 'redis://u:pa/ss@h:1' });
    expect(err.message).toMatch(/is not a URL: expected redis:\/\//);
    expect(err.message).not.toContain('pa/ss');
    expect(err.message).not.toContain('ss@');
    expect(err.message).toContain('redis://***@h:1');
  });
});

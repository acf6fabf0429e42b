import { describe, expect, it } from 'vitest';
import { SettingsError } from '../../shared/errors';
import { resolveSettings } from './connect';

/** What connect() resolves its options to, with the CLI's parser (no Redis needed). */
describe('connect() settings', () => {
  const env = { REDIS_CLUSTER_ENABLED: 'true', REDIS_CLUSTER_NODES: '10.0.0.1:7000', REDIS_PASSWORD: 'from-env' };

  it('with no options reads the environment exactly as the CLI does', () => {
    expect(resolveSettings({ env }).settings).toEqual({
      mode: 'cluster',
      nodes: [{ host: '10.0.0.1', port: 7000 }],
      username: undefined,
      password: 'from-env',
      tls: false,
    });
    expect(resolveSettings({ env: {} }).settings).toMatchObject({ mode: 'single', url: 'redis://127.0.0.1:6379' });
  });

  it('with url or cluster ignores the environment and takes the options', () => {
    expect(resolveSettings({ url: 'rediss://u:p@h:6380/2', env }).settings).toEqual({
      mode: 'single',
      // The credentials are taken out of the URL into their own fields (never kept in the text).
      url: 'rediss://h:6380/2',
      username: 'u',
      password: 'p',
      tls: true,
    });
    const c = resolveSettings({
      cluster: ['127.0.0.1:7000', '[::1]:7001', '127.0.0.1:7000'],
      password: 'pw',
      tls: true,
      natMap: { '10.0.0.5:6379': '127.0.0.1:7000' },
      env,
    });
    expect(c.settings).toEqual({
      mode: 'cluster',
      nodes: [
        { host: '127.0.0.1', port: 7000 },
        { host: '::1', port: 7001 },
      ],
      username: undefined,
      password: 'pw',
      tls: true,
      natMap: { '10.0.0.5:6379': { host: '127.0.0.1', port: 7000 } },
    });
    expect(c.warnings).toEqual(['REDIS_CLUSTER_NODES: duplicate node 127.0.0.1:7000 ignored']);
  });

  it('names the option, the value and what was expected when an option is wrong', () => {
    const cases: Array<[Parameters<typeof resolveSettings>[0], string]> = [
      [
        { cluster: ['127.0.0.1:70000'] },
        'connect(): option cluster: port 70000 in "127.0.0.1:70000" is out of range: expected 1-65535',
      ],
      [{ cluster: [] }, "connect(): option cluster [] is invalid: expected a non-empty array of 'host:port' strings"],
      [{ cluster: ['a:1,b:2'] }, 'one \'host:port\' string per entry (got "a:1,b:2")'],
      [{ url: 'http://h:1' }, 'connect(): option url: "http://h:1" has scheme "http:": expected redis:// or rediss://'],
      [{ url: 'redis://h:1', cluster: ['h:2'] }, 'url and cluster cannot be used together'],
      [{ cluster: ['h:1'], natMap: { 'h:1': 'nope' } }, 'connect(): option natMap: "nope" has no port'],
    ];
    for (const [options, message] of cases) {
      let thrown: unknown;
      try {
        resolveSettings(options);
      } catch (e) {
        thrown = e;
      }
      expect(thrown, JSON.stringify(options)).toBeInstanceOf(SettingsError);
      expect((thrown as SettingsError).code).toBe('invalid-setting');
      expect((thrown as Error).message).toContain(message);
    }
  });

  it('keeps the variable name when the bad value came from the environment', () => {
    expect(() => resolveSettings({ env: { REDIS_CLUSTER_ENABLED: 'maybe' } })).toThrow(
      'REDIS_CLUSTER_ENABLED="maybe" is not a boolean: expected one of true/false, 1/0, yes/no, on/off',
    );
  });
});

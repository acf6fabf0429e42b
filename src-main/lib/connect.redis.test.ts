import { afterAll, describe, expect, it } from 'vitest';
import { formatHostPort } from '../../shared/settings/connection-settings';
import { ConnectionError } from '../redis/connection-error';
import { findFreePortRange } from '../harness/free-port';
import { redisTarget } from '../testing/redis-target';
import { connect, type Connection } from './connect';

/** connect() against the suite's real Redis (single or the 3+3 cluster), with options and from env. */
describe('connect()', () => {
  const target = redisTarget();
  const opened: Connection[] = [];
  afterAll(async () => {
    for (const c of opened) await c.close();
  });

  const options =
    target.settings.mode === 'single'
      ? { url: target.settings.url }
      : { cluster: target.settings.nodes.map(formatHostPort) };
  const env =
    target.settings.mode === 'single'
      ? { REDIS_URL: target.settings.url }
      : { REDIS_CLUSTER_ENABLED: 'true', REDIS_CLUSTER_NODES: target.settings.nodes.map(formatHostPort).join(',') };

  it(`connects with ${Object.keys(options)[0]} and from the environment, to the same ${target.mode} deployment`, async () => {
    const fromOptions = await connect(options);
    opened.push(fromOptions);
    const fromEnv = await connect({ env });
    opened.push(fromEnv);
    expect(fromOptions.kind).toBe(target.mode);
    expect(fromEnv.description).toBe(fromOptions.description);
    expect(await fromOptions.call('PING')).toBe('PONG');
    expect(fromOptions.state()).toBe('ready');
  });

  it('fails with ConnectionError unreachable for a port nobody listens on', async () => {
    const port = await findFreePortRange(1);
    const wanted = target.mode === 'single' ? { url: `redis://127.0.0.1:${port}` } : { cluster: [`127.0.0.1:${port}`] };
    const err = await connect({ ...wanted, timeoutMs: 2000 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectionError);
    expect((err as ConnectionError).code).toBe('unreachable');
    expect((err as Error).message).toContain(`127.0.0.1:${port}`);
  });
});

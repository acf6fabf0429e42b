import { describe, expect, it } from 'vitest';
import { nodeCommand } from '../harness/redis-cli';
import { redisTarget, uniqueName } from '../testing/redis-target';
import { createConnection } from './create-connection';

const target = redisTarget();

describe(`connection localAddress (${target.mode}, needs Redis)`, () => {
  it('every socket of the client connects from the chosen loopback address', async () => {
    const name = uniqueName('src');
    const h = await createConnection(target.settings, { localAddress: '127.0.0.2', connectionName: name });
    try {
      for (let i = 0; i < 20; i++) await h.call('SET', uniqueName(`la-${i}`), 'v');
      const lines: string[] = [];
      for (const port of target.ports)
        lines.push(
          ...(await nodeCommand(port, 'CLIENT', 'LIST')).split('\n').filter((l) => l.includes(`name=${name}`)),
        );
      expect(lines.length).toBeGreaterThan(0);
      for (const l of lines) expect(l).toMatch(/ addr=127\.0\.0\.2:\d+ /);
    } finally {
      await h.close();
    }
  });

  it('refuses a source address outside 127.0.0.0/8', async () => {
    await expect(createConnection(target.settings, { localAddress: '10.1.2.3', timeoutMs: 2000 })).rejects.toThrow(
      'localAddress "10.1.2.3" is not a loopback IPv4 address',
    );
  });
});

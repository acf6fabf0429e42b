import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { redisTarget } from '../testing/redis-target';

const target = redisTarget();
if (target.mode !== 'cluster')
  process.stdout.write(
    '[slots-timer-guard] skipped on a single Redis: only a cluster connection has a slots refresh timer\n',
  );

/**
 * A process that closes its cluster connection while a timer-started slots refresh is in flight
 * must still exit by itself (ioredis re-armed the refresh timer after close: see slots-timer-guard.ts).
 * Run in a child process, since the symptom is a process that never ends.
 */
describe('closing a cluster connection during a slots refresh', () => {
  it.skipIf(target.mode !== 'cluster')(
    'lets the process exit by itself (cluster only: a single Redis has no slots refresh timer)',
    () => {
      const script = `
        const { createConnection } = await import(${JSON.stringify(path.resolve('src-main/redis/create-connection.ts'))});
        const handle = await createConnection(${JSON.stringify(target.settings)});
        const cluster = handle.client;
        // Close exactly while the slotsRefreshInterval timer's refresh is running.
        const until = Date.now() + 6000;
        while (!cluster.isRefreshing && Date.now() < until) await new Promise((r) => setImmediate(r));
        if (!cluster.isRefreshing) { console.log('no refresh started'); process.exit(3); }
        await handle.close();
        console.log('closed at ' + Date.now());
      `;
      const t0 = Date.now();
      const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
        encoding: 'utf8',
        timeout: 15_000,
        env: { ...process.env, SLOTLINE_LOG: 'silent' },
      });
      const closedAt = Number(/closed at (\d+)/.exec(r.stdout)?.[1] ?? NaN);
      expect(r.stdout, r.stderr).toMatch(/closed at/);
      expect(r.status, `still running ${Date.now() - closedAt} ms after close(): killed`).toBe(0);
      expect(Date.now() - t0).toBeLessThan(12_000);
    },
    30_000,
  );
});

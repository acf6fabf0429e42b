import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { startLocalRedis } from '../harness/local-single';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dir = path.join(os.tmpdir(), `slotline-test-single-${process.pid}-${Date.now()}`);
  const redis = await startLocalRedis({ dir, extraConfig: ['slowlog-log-slower-than 10000'] });
  process.stdout.write(`[redis-single] started redis-server pid ${redis.pid} on 127.0.0.1:${redis.port}\n`);
  project.provide('redisTarget', {
    mode: 'single',
    settings: { mode: 'single', url: redis.url, tls: false },
    ports: [redis.port],
    dir,
  });
  return async () => {
    await redis.stop();
    process.stdout.write(`[redis-single] stopped pid ${redis.pid}\n`);
  };
}

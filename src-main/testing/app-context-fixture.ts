import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AppContext, type AppContextOptions } from '../app/app-context';
import { MemorySecretBox } from '../app/secret-box';
import { redisTarget } from './redis-target';

/**
 * An AppContext for a test, connected to the test's Redis target: web transport, a fresh data
 * directory under the OS temp dir (`sl-<name>-…`), secrets in memory, and monitor and sampler
 * intervals short enough for tests. `options` override any of these (read-only, alerts, timings).
 */
export async function connectedContext(name: string, options: Partial<AppContextOptions> = {}): Promise<AppContext> {
  const ctx = await AppContext.create({
    transport: 'web',
    dataDir: fs.mkdtempSync(path.join(os.tmpdir(), `sl-${name}-`)),
    secretBox: new MemorySecretBox(),
    monitor: { intervalMs: 500, nodeTimeoutMs: 1000 },
    sampler: { intervalMs: 500, discoveryIntervalMs: 1000 },
    connectTimeoutMs: 2000,
    ...options,
  });
  await ctx.connect(redisTarget().settings);
  return ctx;
}

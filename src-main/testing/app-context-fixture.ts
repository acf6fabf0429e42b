import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AutoRebalanceSettings } from '../../shared/settings/auto-rebalance';
import type { ConnectionSettings } from '../../shared/settings/connection-settings';
import { AppContext, type AppContextOptions } from '../app/app-context';
import { MemorySecretBox } from '../app/secret-box';
import { redisTarget } from './redis-target';

/** Where and how {@link connectedContext} connects. */
export interface TestConnectOptions {
  /** Default: the test's Redis target (redisTarget). */
  settings?: ConnectionSettings;
  /** The automatic queue rebalance for the connection. Default off. */
  autoRebalance?: AutoRebalanceSettings;
}

/**
 * An AppContext for a test, connected to the test's Redis target (or `connect.settings`): web
 * transport, a fresh data directory under the OS temp dir (`sl-<name>-…`), secrets in memory, and
 * monitor and sampler intervals short enough for tests. `options` override any of these
 * (read-only, alerts, timings).
 */
export async function connectedContext(
  name: string,
  options: Partial<AppContextOptions> = {},
  connect: TestConnectOptions = {},
): Promise<AppContext> {
  const ctx = await AppContext.create({
    transport: 'web',
    dataDir: fs.mkdtempSync(path.join(os.tmpdir(), `sl-${name}-`)),
    secretBox: new MemorySecretBox(),
    monitor: { intervalMs: 500, nodeTimeoutMs: 1000 },
    sampler: { intervalMs: 500, discoveryIntervalMs: 1000 },
    connectTimeoutMs: 2000,
    ...options,
  });
  await ctx.connect(connect.settings ?? redisTarget().settings, undefined, { autoRebalance: connect.autoRebalance });
  return ctx;
}

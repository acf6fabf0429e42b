import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AutoRebalanceSettings } from '../../shared/settings/auto-rebalance';
import type { ConnectionSettings } from '../../shared/settings/connection-settings';
import { AppContext, type AppContextOptions } from '../app/app-context';
import { MemorySecretBox } from '../app/secret-box';
import { redisTarget } from './redis-target';

/** What {@link connectedContext} builds. */
export interface TestContextOptions {
  readOnly?: boolean;
  /** Default: the suite's shared server (redisTarget). */
  settings?: ConnectionSettings;
  autoRebalance?: AutoRebalanceSettings;
  /** Monitor, sampler, … tuning; the defaults poll fast enough for tests. */
  options?: Partial<AppContextOptions>;
}

/**
 * A console AppContext for a Redis test, connected: its own temporary data folder (history,
 * profiles), passwords in memory, the monitor and sampler polling every 500 ms. Close it with
 * `ctx.close()` in afterAll.
 */
export async function connectedContext(o: TestContextOptions = {}): Promise<AppContext> {
  const ctx = await AppContext.create({
    transport: 'web',
    dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'sl-ctx-')),
    secretBox: new MemorySecretBox(),
    monitor: { intervalMs: 500, nodeTimeoutMs: 500 },
    sampler: { intervalMs: 500, discoveryIntervalMs: 2000 },
    connectTimeoutMs: 5000,
    readOnly: o.readOnly ?? false,
    ...o.options,
  });
  await ctx.connect(o.settings ?? redisTarget().settings, undefined, { autoRebalance: o.autoRebalance });
  return ctx;
}

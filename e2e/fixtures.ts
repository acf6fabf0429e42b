import { _electron, test as base, type Page } from '@playwright/test';
import { Cluster } from 'ioredis';
import path from 'node:path';
import { LocalCluster } from '../src-main/harness/local-cluster';
import { nodeCommand } from '../src-main/harness/redis-cli';
import { readEnv, type E2eEnv } from './env';
import { ConsolePage } from './pages/console-page';

interface Fixtures {
  env: E2eEnv;
  /** The console: a Chromium tab on `slotline serve` (web), or the Electron window (electron). */
  console: ConsolePage;
  /** A direct connection to the cluster, for reading Redis independently of the console. */
  redis: Cluster;
  /** The harness's handle on the e2e cluster (kill, restart, status). */
  cluster: LocalCluster;
  isElectron: boolean;
}

// Playwright reads a fixture's dependencies from its destructuring pattern: `{}` means none.
/* eslint-disable no-empty-pattern */
export const test = base.extend<Fixtures>({
  env: async ({}, use) => use(readEnv()),
  isElectron: async ({}, use, info) => use(Boolean(info.project.metadata?.electron)),
  console: async ({ env, isElectron, playwright, launchOptions, viewport }, use) => {
    let page: Page;
    let close: () => Promise<void>;
    if (isElectron) {
      const app = await _electron.launch({
        args: [path.resolve('out/main/index.js')],
        env: { ...process.env, REDIS_CLUSTER_ENABLED: 'true', REDIS_CLUSTER_NODES: env.seeds },
      });
      page = await app.firstWindow();
      close = () => app.close();
    } else {
      // No `page` fixture: the electron project must not launch a browser at all.
      const browser = await playwright.chromium.launch(launchOptions);
      // An explicit context (not browser.newPage's implicit one): axe-core's AxeBuilder needs it.
      page = await (await browser.newContext({ viewport })).newPage();
      close = () => browser.close();
      await page.goto(env.url);
    }
    await page.getByTestId('app').waitFor();
    await use(new ConsolePage(page));
    await close();
  },
  redis: async ({ env }, use) => {
    const c = new Cluster(
      env.ports.map((port) => ({ host: '127.0.0.1', port })),
      { maxRedirections: 100, retryDelayOnFailover: 100, retryDelayOnClusterDown: 100 },
    );
    await use(c);
    c.disconnect();
  },
  cluster: async ({ env }, use) => use(LocalCluster.open(env.clusterDir)),
});

export { expect } from '@playwright/test';

/** The node id of the server on `port`. */
export async function nodeId(port: number): Promise<string> {
  return (await nodeCommand(port, 'CLUSTER', 'MYID')).trim();
}

/** Skips the running test when `condition` holds, printing why (Playwright's list reporter shows no reason). */
export function skipWithReason(condition: boolean, reason: string): void {
  if (condition) process.stdout.write(`[skip] ${test.info().title}: ${reason}\n`);
  test.skip(condition, reason);
}

import fs from 'node:fs';
import path from 'node:path';
import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from './scripts/chromium.mjs';

function electronReason(): string | undefined {
  const pathFile = path.join('node_modules', 'electron', 'path.txt');
  if (!fs.existsSync(pathFile))
    return "Electron's binary is not installed here (ELECTRON_SKIP_BINARY_DOWNLOAD=1, or its download failed)";
  if (!fs.existsSync(path.join('out', 'main', 'index.js')))
    return 'the Electron app is not built (npx electron-vite build)';
  return undefined;
}

const noElectron = electronReason();
if (noElectron && !process.env.SLOTLINE_E2E_QUIET) {
  process.stdout.write(
    `[e2e] electron project not run: ${noElectron}. The same specs run under _electron where a binary exists.\n`,
  );
  // Workers load this file again; they inherit the environment, so the reason is printed once.
  process.env.SLOTLINE_E2E_QUIET = '1';
}

/**
 * The same specs run in two projects: `web` drives Debian's Chromium against `slotline serve`;
 * `electron` drives the built app through Playwright's _electron wherever Electron's binary exists.
 */
export default defineConfig({
  testDir: 'e2e/specs',
  outputDir: 'e2e/artifacts/test-results',
  globalSetup: './e2e/global-setup.ts',
  globalTeardown: './e2e/global-teardown.ts',
  // One console, one cluster: specs share them and run in order (the failover spec changes roles).
  workers: 1,
  fullyParallel: false,
  timeout: 120_000,
  expect: { timeout: 15_000 },
  reporter: [['list']],
  use: { viewport: { width: 1400, height: 900 }, actionTimeout: 15_000 },
  projects: [
    {
      name: 'web',
      use: {
        browserName: 'chromium',
        launchOptions: chromiumLaunchOptions(),
      },
    },
    ...(noElectron ? [] : [{ name: 'electron', metadata: { electron: true } }]),
  ],
});

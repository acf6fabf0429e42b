import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ConnectionSettings } from '../../shared/settings/connection-settings';
import { startServe, type ServeHandle } from './serve';

/** Helpers for the serve transport's Redis tests. */

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
}

/** A stand-in for the built renderer, so the test does not depend on `npm run build:web`. */
function fakeWebRoot(): string {
  const dir = tempDir('sl-web');
  fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>Slotline console</title><div id="root"></div>');
  return dir;
}

export async function serveFor(
  settings: ConnectionSettings,
  readOnly = false,
  monitorIntervalMs = 250,
): Promise<ServeHandle> {
  return startServe({
    port: 0,
    webRoot: fakeWebRoot(),
    readOnly,
    settings,
    contextOptions: {
      dataDir: tempDir('sl-data'),
      monitor: { intervalMs: monitorIntervalMs, nodeTimeoutMs: 500 },
      sampler: { intervalMs: 250, discoveryIntervalMs: 500 },
    },
  });
}

export const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

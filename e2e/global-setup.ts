import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ARTIFACTS, STATE_FILE } from './env';

/**
 * Starts the demo (a fresh local 3+3 cluster, demo traffic, `slotline serve` on a free port) as
 * its own process, exactly as a user would with `npm run demo -- --web`, and waits for its state
 * file. global-teardown stops it by PID; the demo then stops its redis-server processes.
 */
export default async function globalSetup(): Promise<void> {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  fs.rmSync(STATE_FILE, { force: true });
  const log = fs.openSync(path.join(ARTIFACTS, 'demo.log'), 'w');
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'src-main/demo/run-demo.ts',
      '--web',
      '--no-open',
      '--port',
      '0',
      '--state-file',
      STATE_FILE,
      '--max-seconds',
      '1800',
    ],
    { stdio: ['ignore', log, log], detached: true },
  );
  child.unref();
  fs.writeFileSync(path.join(ARTIFACTS, 'demo.pid'), String(child.pid));
  const deadline = Date.now() + 90_000;
  while (!fs.existsSync(STATE_FILE)) {
    if (Date.now() > deadline || child.exitCode !== null) {
      throw new Error(
        `the demo did not start within 90 s (see ${path.join(ARTIFACTS, 'demo.log')}):\n${fs.readFileSync(path.join(ARTIFACTS, 'demo.log'), 'utf8').slice(-2000)}`,
      );
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  process.stdout.write(`[e2e] demo ready: ${JSON.parse(fs.readFileSync(STATE_FILE, 'utf8')).seeds}\n`);
}

import fs from 'node:fs';
import path from 'node:path';
import { ARTIFACTS } from './env';

/** Stops the demo by PID (SIGTERM: it stops traffic, serve and its cluster), bounded. */
export default async function globalTeardown(): Promise<void> {
  const pidFile = path.join(ARTIFACTS, 'demo.pid');
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, 'utf8'));
  const alive = () => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  if (alive()) process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + 20_000;
  while (alive() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  if (alive()) process.kill(pid, 'SIGKILL');
  fs.rmSync(pidFile, { force: true });
  process.stdout.write('[e2e] demo stopped\n');
}

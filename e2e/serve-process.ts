import { spawn, type ChildProcess } from 'node:child_process';

/** A `slotline serve` started as a user would, from the CLI; stopped by PID. */
export async function startServeCli(
  args: string[],
): Promise<{ url: string; baseUrl: string; token: string; stop: () => Promise<void> }> {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', 'bin/slotline.mjs', 'serve', '--port', '0', ...args],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const deadline = Date.now() + 30_000;
  let m: RegExpMatchArray | null;
  while (!(m = out.match(/open (http:\/\/127\.0\.0\.1:\d+)\/#token=(\S+)/))) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`slotline serve did not start:\n${out}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url: `${m[1]}/#token=${m[2]}`,
    baseUrl: m[1]!,
    token: m[2]!,
    stop: async () => {
      child.kill('SIGTERM');
      const end = Date.now() + 10_000;
      while (child.exitCode === null && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}

import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { redisTarget } from '../testing/redis-target';

/**
 * Defect 1: Ctrl-C on `npm run demo` left the cluster running. A terminal sends SIGINT to the
 * whole process group; scripts/demo.mjs forwarded it to its child as well, the child's one-shot
 * listener was gone by the second one, and it died halfway through stopping.
 *
 * Each test starts `node scripts/demo.mjs` exactly as `npm run demo` does, in its own process
 * group (detached), with TMPDIR pointing at a folder of the test's own, so every redis-server the
 * demo starts has its working directory there. The test finds them through /proc/<pid>/cwd,
 * independently of the demo's own bookkeeping. The redis-single project runs the demo with
 * `--single`, the redis-cluster project with its 3+3 cluster; neither touches the shared server.
 */
const target = redisTarget();
const single = target.mode === 'single';
const root = path.resolve(import.meta.dirname, '../..');

/** PIDs of redis-server processes whose working directory is under `dir`. */
function redisServersUnder(dir: string): number[] {
  const out: number[] = [];
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const cwd = fs.readlinkSync(`/proc/${name}/cwd`);
      const stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
      if (!cwd.startsWith(dir + path.sep) || /\) Z /.test(stat)) continue;
      if (fs.readFileSync(`/proc/${name}/cmdline`, 'utf8').includes('redis-server')) out.push(Number(name));
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  return out;
}

interface Demo {
  child: ChildProcess;
  tmp: string;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const running: Demo[] = [];

function startDemo(): Demo {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sl-demo-signals-'));
  const web = path.join(tmp, 'web');
  fs.mkdirSync(web);
  fs.writeFileSync(path.join(web, 'index.html'), '<!doctype html><title>Slotline console</title>');
  const args = ['scripts/demo.mjs', '--no-build', '--web', '--no-open', '--port', '0', ...(single ? ['--single'] : [])];
  const child = spawn(process.execPath, args, {
    cwd: root,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, TMPDIR: tmp, SLOTLINE_WEB_ROOT: web, DISPLAY: '' },
  });
  let text = '';
  child.stdout!.on('data', (d: Buffer) => (text += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (text += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) =>
    child.on('exit', (code, signal) => r({ code, signal })),
  );
  const demo = { child, tmp, output: () => text, exited };
  running.push(demo);
  return demo;
}

async function until<T>(what: string, demo: Demo, ms: number, probe: () => T | null | undefined): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = probe();
    if (v !== undefined && v !== null) return v;
    if (Date.now() > deadline || demo.child.exitCode !== null)
      throw new Error(`${what} not seen within ${ms} ms; demo output:\n${demo.output().slice(-3000)}`);
    await delay(100);
  }
}

/** Waits for the console URL, and returns the redis-server PIDs the demo runs. */
async function waitForConsole(demo: Demo): Promise<number[]> {
  await until('the console URL', demo, 90_000, () => /\[demo\] console: (http:\/\/\S+#token=\S+)/.exec(demo.output()));
  const pids = redisServersUnder(demo.tmp);
  expect(pids).toHaveLength(single ? 1 : 6);
  return pids;
}

/** Asserts every PID is gone within 10 s of the signal, and the demo exited cleanly. */
async function expectAllStopped(demo: Demo, pids: number[], signalledAt: number, sawOutput = true): Promise<void> {
  const alive = () => pids.filter((p) => redisServersUnder(demo.tmp).includes(p));
  while (alive().length > 0 && Date.now() - signalledAt < 10_000) await delay(50);
  const goneAfter = Date.now() - signalledAt;
  expect(
    alive(),
    `redis-server still running ${goneAfter} ms after the signal:\n${demo.output().slice(-2000)}`,
  ).toEqual([]);
  const exit = await Promise.race([demo.exited, delay(10_000 - goneAfter, 'still running' as const)]);
  expect(exit, demo.output().slice(-2000)).toEqual({ code: 0, signal: null });
  if (sawOutput) expect(demo.output()).toContain('stopped; no redis-server of the demo is left running');
  // Nothing started later either (a node launched by an interrupted start).
  expect(redisServersUnder(demo.tmp)).toEqual([]);
  process.stdout.write(`demo (${target.mode}): ${pids.length} redis-server gone ${goneAfter} ms after the signal\n`);
}

afterEach(async () => {
  for (const d of running.splice(0)) {
    // Only if a test failed halfway: never leave a demo or its servers behind.
    if (d.child.exitCode === null && d.child.signalCode === null) {
      try {
        process.kill(-d.child.pid!, 'SIGKILL');
      } catch {
        /* gone */
      }
    }
    for (const pid of redisServersUnder(d.tmp)) process.kill(pid, 'SIGKILL');
    fs.rmSync(d.tmp, { recursive: true, force: true });
  }
});

describe(`npm run demo (${single ? '--single' : '3+3 cluster'}) stops everything it started (needs redis-server)`, () => {
  it('on one SIGINT to its process group, as a terminal sends for Ctrl-C', async () => {
    const demo = startDemo();
    const pids = await waitForConsole(demo);
    const at = Date.now();
    process.kill(-demo.child.pid!, 'SIGINT');
    await expectAllStopped(demo, pids, at);
  });

  it('on SIGINT twice to its process group (Ctrl-C pressed again while stopping)', async () => {
    const demo = startDemo();
    const pids = await waitForConsole(demo);
    const at = Date.now();
    process.kill(-demo.child.pid!, 'SIGINT');
    await delay(100);
    process.kill(-demo.child.pid!, 'SIGINT');
    await expectAllStopped(demo, pids, at);
    expect(demo.output()).toContain('SIGINT again: already stopping');
  });

  it('on SIGTERM to the demo process alone', async () => {
    const demo = startDemo();
    const pids = await waitForConsole(demo);
    const at = Date.now();
    process.kill(demo.child.pid!, 'SIGTERM');
    await expectAllStopped(demo, pids, at);
  });

  it('on SIGINT after its stdout reader is gone (a `| tee` killed by the same Ctrl-C)', async () => {
    const demo = startDemo();
    const pids = await waitForConsole(demo);
    // Writing "stopping" to a pipe nobody reads raised EPIPE and killed the demo before it stopped.
    demo.child.stdout!.destroy();
    demo.child.stderr!.destroy();
    const at = Date.now();
    process.kill(-demo.child.pid!, 'SIGINT');
    await expectAllStopped(demo, pids, at, false);
  });

  it('on SIGINT while Redis is still starting', async () => {
    const demo = startDemo();
    // The first redis-server is up, the rest of the start is still on its way.
    await until('a redis-server', demo, 60_000, () => (redisServersUnder(demo.tmp).length > 0 ? true : undefined));
    const at = Date.now();
    process.kill(-demo.child.pid!, 'SIGINT');
    const pids = redisServersUnder(demo.tmp);
    await expectAllStopped(demo, pids, at);
  });
});

import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import type { ConnectionSettings } from '../../shared/settings/connection-settings';
import { startLocalCluster } from '../harness/local-cluster';
import { startLocalRedis } from '../harness/local-single';
import { isAlive } from '../harness/redis-process';
import { redisTarget } from '../testing/redis-target';
import { tempDir } from './serve-test-support';

/**
 * Defect 1 (second half): `slotline serve` and `slotline exporter` took 10 s to stop on SIGTERM
 * once Redis was gone (the CLI's give-up), because closing waited for Redis to answer QUIT. Real
 * CLI processes against a Redis of the test's own (one redis-server in the redis-single project,
 * a 3-master cluster in redis-cluster), which is then killed, or frozen with SIGSTOP (a host that
 * vanished: the TCP connection stays up, nothing answers). The bound of 5 s is a hang guard; the
 * measured figures are printed.
 */
const mode = redisTarget().mode;
const root = path.resolve(import.meta.dirname, '../..');

interface Own {
  settings: ConnectionSettings;
  pids: () => number[];
  stop: () => Promise<void>;
}

async function ownRedis(dir: string): Promise<Own> {
  if (mode === 'single') {
    const r = await startLocalRedis({ dir });
    return { settings: { mode: 'single', url: r.url, tls: false }, pids: () => [r.pid], stop: () => r.stop() };
  }
  const c = await startLocalCluster({ dir, masters: 3, replicasPerMaster: 0 });
  return { settings: c.settings, pids: () => c.state.nodes.map((n) => n.pid), stop: () => c.stop() };
}

function env(settings: ConnectionSettings, web: string): NodeJS.ProcessEnv {
  const e: NodeJS.ProcessEnv = { ...process.env, SLOTLINE_WEB_ROOT: web };
  if (settings.mode === 'single') Object.assign(e, { REDIS_CLUSTER_ENABLED: 'false', REDIS_URL: settings.url });
  else
    Object.assign(e, {
      REDIS_CLUSTER_ENABLED: 'true',
      REDIS_CLUSTER_NODES: settings.nodes.map((n) => `${n.host}:${n.port}`).join(','),
    });
  return e;
}

async function startCli(
  command: 'serve' | 'exporter',
  e: NodeJS.ProcessEnv,
  dataDir: string,
): Promise<{ child: ChildProcess; output: () => string }> {
  const child = spawn(process.execPath, ['bin/slotline.mjs', command, '--port', '0', '--data-dir', dataDir], {
    cwd: root,
    env: e,
    stdio: 'pipe',
  });
  let text = '';
  child.stdout!.on('data', (d: Buffer) => (text += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (text += d.toString()));
  const deadline = Date.now() + 60_000;
  while (!/^open http|^slotline exporter for/m.test(text)) {
    if (Date.now() > deadline || child.exitCode !== null)
      throw new Error(`slotline ${command} did not start:\n${text}`);
    await delay(100);
  }
  return { child, output: () => text };
}

/** SIGTERM, then how long until the process exited (and its exit code). */
async function stopTime(child: ChildProcess): Promise<{ ms: number; code: number | null }> {
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const at = Date.now();
  child.kill('SIGTERM');
  const code = await Promise.race([exited, delay(5000, 'hung' as const)]);
  if (code === 'hung') {
    child.kill('SIGKILL');
    return { ms: Date.now() - at, code: -1 };
  }
  return { ms: Date.now() - at, code };
}

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe(`serve and exporter stop promptly once Redis (${mode}) is gone (needs redis-server)`, () => {
  for (const how of ['killed', 'frozen'] as const) {
    it(`on SIGTERM after Redis was ${how === 'killed' ? 'killed (SIGKILL)' : 'frozen (SIGSTOP)'}`, async () => {
      const dir = tempDir('sl-stop');
      cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
      const redis = await ownRedis(path.join(dir, 'redis'));
      cleanups.push(async () => {
        for (const pid of redis.pids()) if (isAlive(pid)) process.kill(pid, 'SIGCONT');
        await redis.stop();
      });
      const web = path.join(dir, 'web');
      fs.mkdirSync(web);
      fs.writeFileSync(path.join(web, 'index.html'), '<!doctype html><title>x</title>');
      const e = env(redis.settings, web);
      const [serve, exporter] = await Promise.all([
        startCli('serve', e, path.join(dir, 'data')),
        startCli('exporter', e, path.join(dir, 'data')),
      ]);
      cleanups.push(() => {
        for (const p of [serve.child, exporter.child]) if (p.exitCode === null) p.kill('SIGKILL');
      });

      for (const pid of redis.pids()) process.kill(pid, how === 'killed' ? 'SIGKILL' : 'SIGSTOP');
      await delay(1000); // let both notice (reconnecting, or commands piling up)
      const [s, x] = await Promise.all([stopTime(serve.child), stopTime(exporter.child)]);
      process.stdout.write(`stop after Redis ${how} (${mode}): serve ${s.ms} ms, exporter ${x.ms} ms\n`);
      expect(s, serve.output().slice(-1500)).toMatchObject({ code: 0 });
      expect(x, exporter.output().slice(-1500)).toMatchObject({ code: 0 });
      expect(s.ms).toBeLessThan(5000);
      expect(x.ms).toBeLessThan(5000);
      expect(serve.output()).not.toContain('exiting anyway');
      expect(exporter.output()).not.toContain('exiting anyway');
    });
  }
});

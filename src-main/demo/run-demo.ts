/**
 * The one-command demo: a local 3+3 cluster (or one Redis with --single), demo traffic, and the
 * console — the Electron window where Electron's binary exists, otherwise `slotline serve` in a
 * browser. Ctrl-C (or --max-seconds) stops everything it started, by PID.
 *
 *   tsx src-main/demo/run-demo.ts [--single] [--web] [--port P] [--no-open] [--state-file F]
 *                                  [--max-seconds S] [--read-only] [--no-traffic]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import type { ConnectionSettings } from '../../shared/settings/connection-settings';
import { startLocalCluster, type LocalCluster } from '../harness/local-cluster';
import { startLocalRedis, type LocalRedis } from '../harness/local-single';
import { createConnection } from '../redis/create-connection';
import type { RedisHandle } from '../redis/handle';
import { startServe, type ServeHandle } from '../server/serve';
import { defaultDemoQueues, startDemoTraffic, type DemoTraffic } from './demo-traffic';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Where Electron's binary is, or why it is not usable here. */
export function electronBinary(): { path?: string; reason?: string } {
  const pathFile = path.join(root, 'node_modules', 'electron', 'path.txt');
  if (!fs.existsSync(pathFile)) {
    return {
      reason:
        "Electron's binary is not installed (installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1, or its download failed)",
    };
  }
  const bin = path.join(root, 'node_modules', 'electron', 'dist', fs.readFileSync(pathFile, 'utf8').trim());
  if (!fs.existsSync(bin)) return { reason: `Electron's binary ${bin} is missing` };
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY)
    return { reason: 'no display (DISPLAY is not set)' };
  return { path: bin };
}

function say(line: string): void {
  process.stdout.write(`[demo] ${line}\n`);
}

function openBrowser(url: string): void {
  const cmd = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'cmd' : 'xdg-open';
  const args = process.platform === 'win32' ? ['/c', 'start', '', url] : [url];
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) return;
  const child = spawn(cmd, args, { stdio: 'ignore', detached: true });
  child.on('error', () => undefined);
  child.unref();
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      single: { type: 'boolean' },
      web: { type: 'boolean' },
      port: { type: 'string' },
      'no-open': { type: 'boolean' },
      'state-file': { type: 'string' },
      'max-seconds': { type: 'string' },
      'read-only': { type: 'boolean' },
      'no-traffic': { type: 'boolean' },
    },
    strict: true,
  });
  const maxSeconds = values['max-seconds'] === undefined ? 0 : Number(values['max-seconds']);
  if (!Number.isFinite(maxSeconds) || maxSeconds < 0)
    throw new Error(`--max-seconds ${JSON.stringify(values['max-seconds'])}: expected a number of seconds >= 0`);
  const port = values.port === undefined ? 7340 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--port ${JSON.stringify(values.port)}: expected 0-65535 (0 = a free port)`);

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slotline-demo-'));
  let cluster: LocalCluster | undefined;
  let single: LocalRedis | undefined;
  let handle: RedisHandle | undefined;
  let traffic: DemoTraffic | undefined;
  let serve: ServeHandle | undefined;
  let electron: ChildProcess | undefined;
  let stopping: Promise<void> | undefined;

  const stopAll = () =>
    (stopping ??= (async () => {
      say('stopping everything the demo started');
      electron?.kill('SIGTERM');
      await traffic?.stop().catch(() => undefined);
      await serve?.stop().catch(() => undefined);
      await handle?.close().catch(() => undefined);
      await cluster?.stop().catch(() => undefined);
      await single?.stop().catch(() => undefined);
      fs.rmSync(dir, { recursive: true, force: true });
      if (values['state-file']) fs.rmSync(values['state-file'], { force: true });
      say('stopped; no redis-server of the demo is left running');
    })());

  let settings: ConnectionSettings;
  try {
    if (values.single) {
      say('starting one redis-server');
      single = await startLocalRedis({ dir: path.join(dir, 'single') });
      settings = { mode: 'single', url: single.url, tls: false };
      say(`redis-server pid ${single.pid} on ${single.url}`);
    } else {
      say('starting a 3-master/3-replica Redis Cluster (redis-server processes on loopback)');
      cluster = await startLocalCluster({ dir: path.join(dir, 'cluster'), nodeTimeoutMs: 2000 });
      settings = cluster.settings;
      say(`cluster ready: ${cluster.seedList}`);
      say(`try a failover: npx slotline cluster kill <master port> --dir ${path.join(dir, 'cluster')}`);
    }
    handle = await createConnection(settings);
    if (!values['no-traffic']) traffic = await startDemoTraffic(handle, defaultDemoQueues(cluster ? 3 : 1));

    const el = values.web ? { reason: '--web was given' } : electronBinary();
    if (el.path) {
      say('opening the Electron console');
      const env: NodeJS.ProcessEnv = { ...process.env, SLOTLINE_LUA_DIR: path.join(root, 'src-main/queue/commands') };
      if (settings.mode === 'cluster')
        Object.assign(env, { REDIS_CLUSTER_ENABLED: 'true', REDIS_CLUSTER_NODES: cluster!.seedList });
      else Object.assign(env, { REDIS_CLUSTER_ENABLED: 'false', REDIS_URL: settings.url });
      electron = spawn(el.path, [path.join(root, 'out/main/index.js')], { stdio: 'inherit', env });
      electron.on('exit', () => void stopAll().then(() => process.exit(0)));
    } else {
      say(`no Electron window: ${el.reason}; serving the console to a browser instead`);
      serve = await startServe({
        port,
        settings,
        readOnly: values['read-only'] ?? false,
        contextOptions: { dataDir: path.join(dir, 'data') },
      });
      say(`console: ${serve.url}`);
      if (!values['no-open']) openBrowser(serve.url);
    }
    if (values['state-file']) {
      const state = {
        pid: process.pid,
        mode: settings.mode,
        url: serve?.url,
        baseUrl: serve?.baseUrl,
        token: serve?.token,
        clusterDir: cluster ? path.join(dir, 'cluster') : undefined,
        ports: cluster?.ports ?? (single ? [single.port] : []),
        seeds: cluster?.seedList,
        redisUrl: single?.url,
      };
      fs.writeFileSync(values['state-file'], JSON.stringify(state, null, 2));
    }
    say(maxSeconds > 0 ? `running for ${maxSeconds} s` : 'running; press Ctrl-C to stop');
  } catch (e) {
    await stopAll();
    throw e;
  }

  await new Promise<void>((resolve) => {
    const done = () => resolve();
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
    if (maxSeconds > 0) setTimeout(done, maxSeconds * 1000);
  });
  await stopAll();
  return 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`[demo] failed: ${(e as Error).message ?? String(e)}\n`);
    process.exit(1);
  },
);

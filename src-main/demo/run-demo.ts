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
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import type { ConnectionSettings } from '../../shared/settings/connection-settings';
import { startLocalCluster, type LocalCluster } from '../harness/local-cluster';
import { startLocalRedis, type LocalRedis } from '../harness/local-single';
import { createConnection } from '../redis/create-connection';
import type { RedisHandle } from '../redis/handle';
import { startServe, type ServeHandle } from '../server/serve';
import { defaultDemoQueues, startDemoTraffic, type DemoTraffic } from './demo-traffic';
import { stopDemoRedis } from './stop-demo-redis';

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

/** What the demo has started so far; stop() takes down whatever is set. */
interface Started {
  cluster?: LocalCluster;
  single?: LocalRedis;
  handle?: RedisHandle;
  traffic?: DemoTraffic;
  serve?: ServeHandle;
  electron?: ChildProcess;
}

/**
 * Resolves on the first SIGINT, SIGTERM or SIGHUP. The listeners stay installed for the life of the
 * process: a terminal sends Ctrl-C to the whole process group, a user presses it twice, and a
 * second signal with no listener would kill the demo halfway through stopping, leaving its
 * detached redis-server processes running.
 */
function watchSignals(): Promise<NodeJS.Signals> {
  // The terminal may be gone (closed, or the `| tee` of a pipeline killed by the same Ctrl-C):
  // a write to a dead stdout must not throw EPIPE and kill the demo before it has stopped.
  for (const stream of [process.stdout, process.stderr]) stream.on('error', () => undefined);
  return new Promise((resolve) => {
    let seen = 0;
    const on = (s: NodeJS.Signals) => {
      if (seen++ === 0) return resolve(s);
      say(`${s} again: already stopping (everything the demo started is stopped within 10 s)`);
    };
    process.on('SIGINT', on);
    process.on('SIGTERM', on);
    // A closed terminal window sends SIGHUP: stop then too.
    process.on('SIGHUP', on);
  });
}

/** Waits for `p`, but at most `ms`; a stop step that hangs must not keep the others waiting. */
async function within(ms: number, p: Promise<unknown> | undefined): Promise<void> {
  if (!p) return;
  const timer = new AbortController();
  await Promise.race([p.catch(() => undefined), delay(ms, undefined, { signal: timer.signal })]);
  timer.abort();
}

async function start(
  values: { single?: boolean; web?: boolean; 'read-only'?: boolean; 'no-traffic'?: boolean; 'no-open'?: boolean },
  port: number,
  dir: string,
  started: Started,
  onElectronExit: () => void,
): Promise<ConnectionSettings> {
  let settings: ConnectionSettings;
  if (values.single) {
    say('starting one redis-server');
    const single = (started.single = await startLocalRedis({ dir: path.join(dir, 'single') }));
    settings = { mode: 'single', url: single.url, tls: false };
    say(`redis-server pid ${single.pid} on ${single.url}`);
  } else {
    say('starting a 3-master/3-replica Redis Cluster (redis-server processes on loopback)');
    const cluster = (started.cluster = await startLocalCluster({
      dir: path.join(dir, 'cluster'),
      nodeTimeoutMs: 2000,
    }));
    settings = cluster.settings;
    say(`cluster ready: ${cluster.seedList}`);
    say(`try a failover: npx slotline cluster kill <master port> --dir ${path.join(dir, 'cluster')}`);
  }
  const handle = (started.handle = await createConnection(settings));
  if (!values['no-traffic'])
    started.traffic = await startDemoTraffic(handle, defaultDemoQueues(started.cluster ? 3 : 1));

  const el = values.web ? { reason: '--web was given' } : electronBinary();
  if (el.path) {
    say('opening the Electron console');
    const env: NodeJS.ProcessEnv = { ...process.env };
    if (started.cluster)
      Object.assign(env, { REDIS_CLUSTER_ENABLED: 'true', REDIS_CLUSTER_NODES: started.cluster.seedList });
    else Object.assign(env, { REDIS_CLUSTER_ENABLED: 'false', REDIS_URL: started.single!.url });
    started.electron = spawn(el.path, [path.join(root, 'out/main/index.js')], { stdio: 'inherit', env });
    started.electron.on('exit', onElectronExit);
  } else {
    say(`no Electron window: ${el.reason}; serving the console to a browser instead`);
    const serve = (started.serve = await startServe({
      port,
      settings,
      readOnly: values['read-only'] ?? false,
      contextOptions: { dataDir: path.join(dir, 'data') },
    }));
    say(`console: ${serve.url}`);
    if (!values['no-open']) openBrowser(serve.url);
  }
  return settings;
}

/**
 * Stops everything in `started`, each step bounded, then every redis-server under `dir` by PID
 * (also those of a cluster whose start was interrupted, which `started` does not know yet).
 */
async function stopAll(started: Started, dir: string): Promise<void> {
  started.electron?.kill('SIGTERM');
  await within(2000, started.traffic?.stop());
  await within(1500, started.serve?.stop());
  const handle = started.handle;
  await within(
    1000,
    handle?.close().catch(() => undefined),
  );
  handle?.disconnect();
  await stopDemoRedis(dir);
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

  // Listen before anything starts: a Ctrl-C during the cluster's start must stop it too.
  const signal = watchSignals();
  let electronExited: () => void = () => undefined;
  const electronExit = new Promise<'electron-exit'>((r) => (electronExited = () => r('electron-exit')));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slotline-demo-'));
  const started: Started = {};
  const startup = start(values, port, dir, started, electronExited);
  const first = await Promise.race([
    startup.then(
      (settings) => ({ kind: 'running' as const, settings }),
      (e: unknown) => ({ kind: 'failed' as const, error: e }),
    ),
    signal.then((s) => ({ kind: 'signal' as const, signal: s })),
  ]);

  let failure: unknown;
  if (first.kind === 'running') {
    const { settings } = first;
    if (values['state-file']) {
      const state = {
        pid: process.pid,
        mode: settings.mode,
        url: started.serve?.url,
        baseUrl: started.serve?.baseUrl,
        token: started.serve?.token,
        clusterDir: started.cluster ? path.join(dir, 'cluster') : undefined,
        ports: started.cluster?.ports ?? (started.single ? [started.single.port] : []),
        seeds: started.cluster?.seedList,
        redisUrl: started.single?.url,
      };
      fs.writeFileSync(values['state-file'], JSON.stringify(state, null, 2));
    }
    say(maxSeconds > 0 ? `running for ${maxSeconds} s` : 'running; press Ctrl-C to stop');
    const timer = new AbortController();
    const why = await Promise.race([
      signal,
      electronExit,
      ...(maxSeconds > 0 ? [delay(maxSeconds * 1000, 'max-seconds' as const, { signal: timer.signal })] : []),
    ]);
    timer.abort();
    say(`${why}: stopping everything the demo started`);
  } else if (first.kind === 'signal') {
    say(`${first.signal} while starting: stopping everything the demo started`);
  } else {
    failure = first.error;
    say('start failed: stopping everything the demo started');
  }

  await stopAll(started, dir);
  if (first.kind !== 'running') {
    // The start may still be on its way (a node being launched): let it settle, then sweep again.
    await within(3000, startup);
    await stopAll(started, dir);
  }
  fs.rmSync(dir, { recursive: true, force: true });
  if (values['state-file']) fs.rmSync(values['state-file'], { force: true });
  say('stopped; no redis-server of the demo is left running');
  if (failure !== undefined) throw failure;
  return 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`[demo] failed: ${(e as Error).message ?? String(e)}\n`);
    process.exit(1);
  },
);

// The package as an application gets it: builds and packs slotline, installs the tarball alone into
// a fresh folder with `npm install <tgz>`, and runs there, against one redis-server and a 3+3
// cluster (started by the harness on free loopback ports, stopped by PID):
// an ES module and a CommonJS consumer (1000 tasks over 3 partitions each), the examples, the
// `slotline` binary (--help, stats, cluster status, serve in Chromium), a type check of the
// declarations, and `npm ls --omit=dev`. Each check is one counted test; it ends with
// `N passed, N failed` and exits non-zero if any failed.
//   npx tsx scripts/package-smoke.ts [--out report.json] [--tgz slotline-x.tgz] [--keep]
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { chromium } from '@playwright/test';
import { startLocalCluster, type LocalCluster } from '../src-main/harness/local-cluster';
import { startLocalRedis, type LocalRedis } from '../src-main/harness/local-single';
import { chromiumLaunchOptions } from './chromium.mjs';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const args = process.argv.slice(2);
const flag = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { name: string; version: string };
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'slotline-package-smoke-'));
const consumer = path.join(tmp, 'consumer');
/** Packages an application must not get from `npm i slotline`. */
const DEV_ONLY = ['tsx', 'electron', 'react', 'react-dom', 'vite', 'typescript', 'bullmq', 'recharts', 'vitest'];
const MAX_UNPACKED = 10 * 1024 * 1024;

interface Check {
  name: string;
  ok: boolean;
  ms: number;
  detail: string;
}
const checks: Check[] = [];

async function check(name: string, fn: () => Promise<string> | string): Promise<void> {
  const t0 = Date.now();
  let ok = true;
  let detail: string;
  try {
    detail = await fn();
  } catch (e) {
    ok = false;
    detail = (e as Error).message;
  }
  const ms = Date.now() - t0;
  checks.push({ name, ok, ms, detail });
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${name} (${(ms / 1000).toFixed(1)} s)${detail ? `: ${detail}` : ''}`);
}

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command to completion (bounded by `timeoutMs`), capturing its output. */
function exec(cmd: string, argv: string[], o: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Ran {
  const r = spawnSync(cmd, argv, {
    cwd: o.cwd ?? consumer,
    env: o.env ?? process.env,
    encoding: 'utf8',
    timeout: o.timeoutMs ?? 120_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: r.status, stdout: r.stdout ?? '', stderr: (r.stderr ?? '') + (r.error ? String(r.error) : '') };
}

function mustSucceed(r: Ran, what: string): string {
  if (r.code !== 0) throw new Error(`${what} exited ${r.code}: ${(r.stderr || r.stdout).trim().slice(-800)}`);
  return r.stdout;
}

/**
 * A long-running child (worker, service, serve) with its output collected. With `group`, it leads
 * its own process group and is stopped through the group: `npx` does not pass SIGTERM on to the
 * command it runs, so signalling npx alone would leave `slotline serve` running.
 */
function start(cmd: string, argv: string[], env: NodeJS.ProcessEnv, group = false) {
  const child: ChildProcess = spawn(cmd, argv, {
    cwd: consumer,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: group,
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  const signal = (sig: NodeJS.Signals) => (group ? process.kill(-child.pid!, sig) : child.kill(sig));
  const groupAlive = () => {
    try {
      process.kill(-child.pid!, 0);
      return true;
    } catch {
      return false;
    }
  };
  return {
    output: () => out,
    async waitFor(re: RegExp, timeoutMs = 30_000): Promise<RegExpMatchArray> {
      for (const end = Date.now() + timeoutMs; Date.now() < end; await sleep(50)) {
        const m = out.match(re);
        if (m) return m;
        if (child.exitCode !== null) break;
      }
      throw new Error(`no ${re} from ${argv.join(' ')} (exit ${child.exitCode}):\n${out.slice(-800)}`);
    },
    /**
     * SIGTERM, then the exit code within `timeoutMs` (SIGKILL and -1 after it). For a group: 0 once
     * every process of the group has exited, -1 if one had to be killed.
     */
    async stop(timeoutMs = 15_000): Promise<number | null> {
      if (!group && child.exitCode !== null) return child.exitCode;
      if (group && !groupAlive()) return 0;
      signal('SIGTERM');
      const end = Date.now() + timeoutMs;
      if (group) {
        while (groupAlive() && Date.now() < end) await sleep(50);
        if (!groupAlive()) return 0;
      } else {
        const code = await Promise.race([exited, sleep(timeoutMs).then(() => -1)]);
        if (code !== -1) return code;
      }
      signal('SIGKILL');
      return -1;
    },
  };
}

const slotline = (argv: string[], env: NodeJS.ProcessEnv, timeoutMs?: number) =>
  exec('npx', ['slotline', ...argv], { env, timeoutMs });

let tarball = flag('--tgz');
let unpackedSize = 0;

await check(
  `npm pack gives ${pkg.name}-${pkg.version}.tgz with dist, Lua and the console, under 10 MB unpacked`,
  () => {
    if (!tarball) {
      // What `prepack` runs, done here so its output does not mix into `npm pack --json`.
      mustSucceed(
        exec('npm', ['run', '--silent', 'build:web', '--', '--logLevel', 'warn'], { cwd: root }),
        'build:web',
      );
      mustSucceed(exec('npm', ['run', '--silent', 'build:lib'], { cwd: root }), 'build:lib');
      const out = mustSucceed(
        exec('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', tmp], { cwd: root }),
        'npm pack',
      );
      const [info] = JSON.parse(out) as Array<{
        filename: string;
        size: number;
        unpackedSize: number;
        files: Array<{ path: string }>;
      }>;
      if (info!.filename !== `${pkg.name}-${pkg.version}.tgz`) throw new Error(`tarball is ${info!.filename}`);
      const files = info!.files.map((f) => f.path);
      // Every Lua file the queue loads, whatever the scripts are called now.
      const luaDir = path.join(root, 'src-main/queue/commands');
      const lua = fs
        .readdirSync(luaDir, { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile() && e.name.endsWith('.lua'))
        .map((e) => path.posix.join('dist/commands', path.relative(luaDir, path.join(e.parentPath, e.name))));
      for (const want of [
        'bin/slotline.mjs',
        'dist/index.js',
        'dist/index.d.ts',
        'dist/cli.js',
        ...lua,
        'out/web/index.html',
      ])
        if (!files.includes(want)) throw new Error(`${want} is not in the tarball`);
      const stray = files.filter((f) => /^(src-main|src-renderer|shared|e2e|scripts)\/|\.map$|(?<!\.d)\.ts$/.test(f));
      if (stray.length > 0) throw new Error(`sources in the tarball: ${stray.slice(0, 5).join(', ')}`);
      if (info!.unpackedSize > MAX_UNPACKED) throw new Error(`unpacked ${info!.unpackedSize} bytes > 10 MB`);
      tarball = path.join(tmp, info!.filename);
      unpackedSize = info!.unpackedSize;
      return `${files.length} files, ${(info!.size / 1024).toFixed(0)} KiB packed, ${(info!.unpackedSize / 1024).toFixed(0)} KiB unpacked`;
    }
    return `reusing ${tarball}`;
  },
);

await check('npm run docs:api: the API reference builds from the types, every export documented', () => {
  // typedoc.json fails on any warning: an undocumented export, a broken link, a type left unexported.
  const out = mustSucceed(exec('npm', ['run', '--silent', 'docs:api'], { cwd: root, timeoutMs: 180_000 }), 'docs:api');
  if (!fs.existsSync(path.join(root, 'docs/api/index.html'))) throw new Error(`no docs/api/index.html:\n${out}`);
  for (const name of ['connect', 'Queue', 'Worker', 'UnrecoverableError', 'ConnectionError'])
    if (!fs.readFileSync(path.join(root, 'docs/api/index.html'), 'utf8').includes(`>${name}<`))
      throw new Error(`docs/api/index.html does not list ${name}`);
  return 'docs/api/index.html';
});

await check('npm install <tgz> alone into an empty folder', () => {
  fs.mkdirSync(consumer, { recursive: true });
  fs.writeFileSync(path.join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', private: true }) + '\n');
  // The consumer must not see the repository's node_modules: it sits in os.tmpdir().
  mustSucceed(exec('npm', ['install', '--no-audit', '--no-fund', path.resolve(tarball!)]), 'npm install');
  for (const f of ['consumer.mjs', 'consumer.cjs', 'consumer-types.mts'])
    fs.copyFileSync(path.join(root, 'scripts/package-smoke', f), path.join(consumer, f));
  fs.cpSync(path.join(root, 'examples'), path.join(consumer, 'examples'), { recursive: true });
  return consumer;
});

await check('npm ls --omit=dev lists no tsx, electron, react, vite, typescript, bullmq', () => {
  const out = mustSucceed(exec('npm', ['ls', '--omit=dev', '--all', '--parseable']), 'npm ls');
  const names = out
    .split('\n')
    .filter((l) => l.includes('node_modules'))
    .map((l) => l.slice(l.lastIndexOf('node_modules') + 'node_modules/'.length));
  const bad = names.filter((n) => DEV_ONLY.includes(n));
  if (bad.length > 0) throw new Error(`dev-only packages installed: ${bad.join(', ')}`);
  return `${names.length} packages: ${names.filter((n) => !n.includes('/') || n.startsWith('@')).join(' ')}`;
});

await check('internals stay internal: a deep import is refused by the exports map', () => {
  const r = exec('node', ['--input-type=module', '-e', "await import('slotline/dist/index.js')"]);
  if (r.code === 0 || !/ERR_PACKAGE_PATH_NOT_EXPORTED/.test(r.stderr))
    throw new Error(`deep import: exit ${r.code} ${r.stderr.slice(0, 300)}`);
  return 'ERR_PACKAGE_PATH_NOT_EXPORTED';
});

await check('the declarations type-check a strict nodenext consumer', () => {
  fs.writeFileSync(
    path.join(consumer, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        module: 'nodenext',
        moduleResolution: 'nodenext',
        target: 'es2022',
        strict: true,
        noEmit: true,
        types: ['node'],
        typeRoots: [path.join(root, 'node_modules/@types')],
      },
      files: ['consumer-types.mts'],
    }),
  );
  mustSucceed(exec(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', '.']), 'tsc');
  return 'tsc -p . (no errors)';
});

await check(
  'slotline --help loads no command module: dist/cli.js imports neither ioredis nor zod, ws, prom-client',
  () => {
    // The static import closure of the CLI entry is what `--help` loads; commands come in by import().
    const dist = path.join(consumer, 'node_modules/slotline/dist');
    const seen = new Set<string>();
    const packages = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const text = fs.readFileSync(path.join(dist, file), 'utf8');
      for (const m of text.matchAll(/^(?:import|export)\s[^;]*?from\s*"([^"]+)"|^import\s*"([^"]+)"/gms)) {
        const spec = (m[1] ?? m[2])!;
        if (spec.startsWith('./')) visit(spec.slice(2));
        else packages.add(spec);
      }
    };
    visit('cli.js');
    const heavy = [...packages].filter((p) => ['ioredis', 'zod', 'ws', 'prom-client', 'sirv'].includes(p));
    if (heavy.length > 0) throw new Error(`dist/cli.js loads ${heavy.join(', ')} at start`);
    const bytes = [...seen].reduce((n, f) => n + fs.statSync(path.join(dist, f)).size, 0);
    return `${seen.size} file(s), ${bytes} bytes, packages: ${[...packages].join(' ') || 'none'}`;
  },
);

await check('npx slotline --help', () => {
  const out = mustSucceed(slotline(['--help'], process.env), 'slotline --help');
  if (!/usage: slotline <command>/.test(out) || !/serve/.test(out)) throw new Error(`unexpected help:\n${out}`);
  return out.split('\n')[0]!;
});

await check('a malformed REDIS_CLUSTER_NODES gets the same message from connect() and the CLI', () => {
  const env = { ...process.env, REDIS_CLUSTER_ENABLED: 'true', REDIS_CLUSTER_NODES: '127.0.0.1:70000' };
  const expected = 'REDIS_CLUSTER_NODES: port 70000 in "127.0.0.1:70000" is out of range: expected 1-65535';
  const lib = exec(
    'node',
    ['-e', "require('slotline').connect().catch((e) => { console.log(e.code + ' ' + e.message); process.exit(3); })"],
    { env },
  );
  if (lib.code !== 3 || lib.stdout.trim() !== `invalid-setting ${expected}`)
    throw new Error(`connect(): exit ${lib.code} ${lib.stdout}${lib.stderr}`);
  const cli = slotline(['stats'], env);
  if (cli.code !== 1 || !cli.stderr.includes(expected)) throw new Error(`CLI: exit ${cli.code} ${cli.stderr}`);
  return expected;
});

async function inMode(mode: 'single' | 'cluster', env: NodeJS.ProcessEnv, clusterDir?: string): Promise<void> {
  for (const file of ['consumer.mjs', 'consumer.cjs']) {
    await check(`${mode}: node ${file}: 1000 tasks over 3 partitions, a Worker until all completed`, () => {
      const out = mustSucceed(exec('node', [file, `smoke-${path.extname(file).slice(1)}-${mode}`], { env }), file);
      const r = JSON.parse(out.trim().split('\n').pop()!) as {
        kind: string;
        completed: number;
        perPartition: number[];
        ms: number;
      };
      if (r.kind !== mode || r.completed !== 1000) throw new Error(`unexpected summary ${out}`);
      return `completed ${r.completed}, per partition ${r.perPartition.join('/')}, ${r.ms} ms`;
    });
  }

  const queue = `examples-${mode}`;
  const exEnv = { ...env, QUEUE: queue, PORT: '0' };
  await check(`${mode}: examples: producer, HTTP service per request, worker stopped by SIGTERM`, async () => {
    mustSucceed(exec('node', ['examples/producer.mjs', '20'], { env: exEnv }), 'producer.mjs');
    const service = start('node', ['examples/http-service.mjs'], exEnv);
    const ids: string[] = [];
    let failure: unknown;
    try {
      const [, base] = await service.waitFor(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
      for (let i = 0; i < 5; i++) {
        const res = await fetch(`${base}/emails`, {
          method: 'POST',
          body: JSON.stringify({ to: `http${i}@example.test` }),
        });
        const body = (await res.json()) as { id: string };
        if (res.status !== 202 || !body.id) throw new Error(`POST /emails: ${res.status} ${JSON.stringify(body)}`);
        ids.push(body.id);
      }
      const bad = await fetch(`${base}/emails`, { method: 'POST', body: 'not json' });
      if (bad.status !== 400) throw new Error(`a non-JSON body got ${bad.status}, expected 400`);
    } catch (e) {
      failure = e;
    }
    const serviceCode = await service.stop();
    if (failure) throw failure;
    if (serviceCode !== 0)
      throw new Error(`http-service.mjs exited ${serviceCode} on SIGTERM:\n${service.output().slice(-500)}`);
    const worker = start('node', ['examples/worker.mjs'], exEnv);
    await worker.waitFor(/worker \S+ on /);
    for (const id of ids) await worker.waitFor(new RegExp(`completed ${id}`));
    await worker.waitFor(/completed welcome-19/);
    const code = await worker.stop();
    if (code !== 0) throw new Error(`worker.mjs exited ${code} on SIGTERM:\n${worker.output().slice(-500)}`);
    const stopped = worker.output().match(/stopped: (\d+) completed/);
    if (!stopped || Number(stopped[1]) !== 25)
      throw new Error(`worker did not report 25 completed:\n${worker.output().slice(-500)}`);
    return `25 tasks (20 from the producer, 5 over HTTP) completed; both exited 0 on SIGTERM`;
  });

  await check(`${mode}: npx slotline stats ${queue} --json`, () => {
    const out = mustSucceed(slotline(['stats', queue, '--json'], env), 'slotline stats');
    const s = JSON.parse(out) as { queue: string; partitions: number; completed: number; waiting: number };
    if (s.queue !== queue || s.partitions !== 3 || s.completed !== 25 || s.waiting !== 0)
      throw new Error(`stats: ${out}`);
    return `partitions ${s.partitions}, completed ${s.completed}, waiting ${s.waiting}`;
  });

  if (mode !== 'cluster') return;
  await check('cluster: npx slotline cluster status --json on the harness cluster', () => {
    const out = mustSucceed(slotline(['cluster', 'status', '--dir', clusterDir!, '--json'], env), 'cluster status');
    const s = JSON.parse(out) as { nodes: Array<{ alive: boolean; role: string }> };
    const masters = s.nodes.filter((n) => n.alive && n.role === 'master').length;
    if (s.nodes.length !== 6 || masters !== 3) throw new Error(`status: ${out.slice(0, 400)}`);
    return `${s.nodes.length} nodes, ${masters} masters`;
  });

  await check('cluster: npx slotline serve --port 0: the console loads in Chromium and shows the cluster', async () => {
    const serve = start(
      'npx',
      ['slotline', 'serve', '--port', '0', '--data-dir', path.join(tmp, 'serve-data')],
      env,
      true,
    );
    let shown = '';
    let failure: unknown;
    const browser = await chromium.launch(chromiumLaunchOptions());
    try {
      const [url] = await serve.waitFor(/http:\/\/127\.0\.0\.1:\d+\/#token=\S+/);
      const page = await browser.newPage();
      await page.goto(url);
      await page.getByTestId('nav-overview').click();
      await page.locator('[data-testid="page-overview"][data-state="ready"]').waitFor({ timeout: 20_000 });
      const masters = page.getByTestId('overview-masters-value');
      const state = page.getByTestId('overview-cluster-state-value');
      for (const end = Date.now() + 20_000; Date.now() < end; await sleep(200)) {
        shown = `masters ${await masters.textContent()}, cluster_state ${await state.textContent()}`;
        if (shown === 'masters 3 / 0, cluster_state ok') break;
      }
      await page.screenshot({ path: path.join(tmp, 'serve-overview.png') });
    } catch (e) {
      failure = e;
    }
    await browser.close();
    const code = await serve.stop();
    if (failure) throw failure;
    if (shown !== 'masters 3 / 0, cluster_state ok') throw new Error(`the overview shows ${shown}`);
    if (code !== 0 || !/SIGTERM: stopping/.test(serve.output()))
      throw new Error(`slotline serve did not stop on SIGTERM (${code}):\n${serve.output().slice(-500)}`);
    return `${shown}; stopped on SIGTERM`;
  });
}

let single: LocalRedis | undefined;
let cluster: LocalCluster | undefined;
const baseEnv: NodeJS.ProcessEnv = { ...process.env, SLOTLINE_LOG: 'warn' };
for (const k of [
  'REDIS_URL',
  'REDIS_CLUSTER_ENABLED',
  'REDIS_CLUSTER_NODES',
  'REDIS_USERNAME',
  'REDIS_PASSWORD',
  'REDIS_TLS',
  'REDIS_NAT_MAP',
  'SLOTLINE_WEB_ROOT',
])
  delete baseEnv[k];
try {
  if (fs.existsSync(path.join(consumer, 'node_modules', 'slotline'))) {
    single = await startLocalRedis({ dir: path.join(tmp, 'single') });
    console.log(`[package-smoke] redis-server pid ${single.pid} on ${single.url}`);
    await inMode('single', { ...baseEnv, REDIS_URL: single.url });
    await single.stop();
    single = undefined;
    const dir = path.join(tmp, 'cluster');
    cluster = await startLocalCluster({ dir, masters: 3, replicasPerMaster: 1 });
    console.log(
      `[package-smoke] cluster ${cluster.seedList} (pids ${cluster.state.nodes.map((n) => n.pid).join(' ')})`,
    );
    await inMode('cluster', { ...baseEnv, REDIS_CLUSTER_ENABLED: 'true', REDIS_CLUSTER_NODES: cluster.seedList }, dir);
  }
} finally {
  await single?.stop();
  await cluster?.stop();
  if (!args.includes('--keep')) fs.rmSync(tmp, { recursive: true, force: true });
  else console.log(`[package-smoke] kept ${tmp}`);
}

const passed = checks.filter((c) => c.ok).length;
const failed = checks.length - passed;
const out = flag('--out');
if (out) fs.writeFileSync(out, JSON.stringify({ passed, failed, unpackedSize, checks }, null, 2));
console.log(`\npackage smoke: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 && checks.length > 0 ? 0 : 1);

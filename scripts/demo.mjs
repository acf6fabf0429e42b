#!/usr/bin/env node
// The README's first command: `npm run demo` (add `-- --single` for one Redis instead of a cluster).
// On a fresh Debian/Ubuntu machine with Node 20+ it installs what is missing, builds, starts a local
// 3+3 Redis Cluster with demo traffic and opens the console. Ctrl-C stops everything it started.
//   npm run demo -- [--single] [--web] [--port P] [--no-open] [--no-build] [--max-seconds S] [--read-only]
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ensureTools, IPTABLES_TOOL, REDIS_TOOLS } from './ensure-system.mjs';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const args = process.argv.slice(2);
const say = (line) => process.stdout.write(`[demo] ${line}\n`);

function run(cmd, cmdArgs, env = process.env) {
  const r = spawnSync(cmd, cmdArgs, { cwd: root, stdio: 'inherit', env });
  if (r.status !== 0) {
    process.stderr.write(`[demo] ${cmd} ${cmdArgs.join(' ')} failed (exit ${r.status})\n`);
    process.exit(r.status ?? 1);
  }
}

// 1. npm dependencies (falls back to ELECTRON_SKIP_BINARY_DOWNLOAD=1 and says so).
if (!fs.existsSync(path.join(root, 'node_modules', '.package-lock.json'))) {
  say('installing npm dependencies');
  run('node', ['scripts/install-deps.mjs']);
}

// 2. redis-server and redis-cli (apt-get when root on Debian/Ubuntu; else the exact command).
if (!ensureTools([...REDIS_TOOLS, IPTABLES_TOOL], say)) process.exit(1);

// 3. Build the console (renderer for the browser; the Electron bundles where Electron can run).
if (!args.includes('--no-build')) {
  say('building the console');
  run('npx', ['vite', 'build', '--config', 'vite.web.config.ts', '--logLevel', 'warn']);
  if (fs.existsSync(path.join(root, 'node_modules', 'electron', 'path.txt')))
    run('npx', ['electron-vite', 'build', '--logLevel', 'warn']);
}

// 4-7. Cluster, traffic, console, in this same process (tsx's loader registered here). A child
// process would get a terminal's Ctrl-C twice: once from the terminal, which signals the whole
// process group, and once forwarded by this script. One process sees each signal once, and
// `kill -INT <this pid>` reaches the runner as well. The runner stops everything it started.
process.argv = [
  process.argv[0],
  path.join(root, 'src-main/demo/run-demo.ts'),
  ...args.filter((a) => a !== '--no-build'),
];
const { register } = await import('tsx/esm/api');
register();
await import('../src-main/demo/run-demo.ts');

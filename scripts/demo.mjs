#!/usr/bin/env node
// The README's first command: `npm run demo` (add `-- --single` for one Redis instead of a cluster).
// On a fresh Debian/Ubuntu machine with Node 20+ it installs what is missing, builds, starts a local
// 3+3 Redis Cluster with demo traffic and opens the console. Ctrl-C stops everything it started.
//   npm run demo -- [--single] [--web] [--port P] [--no-open] [--no-build] [--max-seconds S] [--read-only]
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const args = process.argv.slice(2);
const say = (line) => process.stdout.write(`[demo] ${line}\n`);

function has(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

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

// 2. redis-server and redis-cli.
if (!has('redis-server') || !has('redis-cli')) {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (isRoot && has('apt-get')) {
    say('redis-server is missing: installing it with apt-get (Debian/Ubuntu)');
    run('apt-get', ['update', '-qq']);
    run('apt-get', ['install', '-y', '-qq', 'redis-server'], { ...process.env, DEBIAN_FRONTEND: 'noninteractive' });
  } else {
    process.stderr.write(
      '[demo] redis-server is not installed. Install it, then run the demo again:\n' +
        '  Debian/Ubuntu: sudo apt-get install -y redis-server\n' +
        '  Fedora/RHEL:   sudo dnf install -y redis\n' +
        '  macOS:         brew install redis\n',
    );
    process.exit(1);
  }
}

// 3. Build the console (renderer for the browser; the Electron bundles where Electron can run).
if (!args.includes('--no-build')) {
  say('building the console');
  run('npx', ['vite', 'build', '--config', 'vite.web.config.ts', '--logLevel', 'warn']);
  if (fs.existsSync(path.join(root, 'node_modules', 'electron', 'path.txt'))) run('npx', ['electron-vite', 'build', '--logLevel', 'warn']);
}

// 4-7. Cluster, traffic, console; Ctrl-C is forwarded so the runner stops everything by PID.
// One process (node with tsx's loader), so signals reach the runner directly.
const child = spawn(process.execPath, ['--import', 'tsx', 'src-main/demo/run-demo.ts', ...args.filter((a) => a !== '--no-build')], {
  cwd: root,
  stdio: 'inherit',
});
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code) => process.exit(code ?? 1));

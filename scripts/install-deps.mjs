#!/usr/bin/env node
// Installs the npm dependencies, falling back to ELECTRON_SKIP_BINARY_DOWNLOAD=1 when Electron's
// binary cannot be downloaded (offline machines, corporate proxies, CI without Electron's host).
// Usage: node scripts/install-deps.mjs [--if-missing]
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const ifMissing = process.argv.includes('--if-missing');

if (ifMissing && fs.existsSync(path.join(root, 'node_modules', '.package-lock.json'))) {
  process.exit(0);
}

const args = fs.existsSync(path.join(root, 'package-lock.json'))
  ? ['ci', '--no-audit', '--no-fund']
  : ['install', '--no-audit', '--no-fund'];
const first = spawnSync('npm', args, { cwd: root, stdio: 'inherit', env: process.env });
if (first.status === 0) process.exit(fetchElectronBinary());

console.error(
  "\nnpm install failed; retrying with ELECTRON_SKIP_BINARY_DOWNLOAD=1 (Electron's binary could not be downloaded).",
);
console.error('The CLI, `slotline serve` and every test work without it; only the desktop window needs it.\n');
const second = spawnSync('npm', args, {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' },
});
process.exit(second.status ?? 1);

// Since Electron 42 its npm package no longer downloads the binary on install (it has no postinstall):
// fetch it here, as `npx install-electron` does, so the demo can open the desktop window. Best effort.
function fetchElectronBinary() {
  const dir = path.join(root, 'node_modules', 'electron');
  if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD || !fs.existsSync(path.join(dir, 'install.js'))) return 0;
  if (fs.existsSync(path.join(dir, 'path.txt'))) return 0;
  const r = spawnSync(process.execPath, [path.join(dir, 'install.js')], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(
      "\nElectron's binary could not be downloaded; the CLI, `slotline serve` and every test work without it.",
    );
    console.error('Only the desktop window needs it: `npx install-electron` fetches it later.\n');
  }
  return 0;
}

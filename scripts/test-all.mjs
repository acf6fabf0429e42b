#!/usr/bin/env node
// Runs every check and test suite of the project and ends with one line `N passed, N failed, N skipped`
// summing the tests of every suite it ran (tests only: checks and the benchmark get lines of their own,
// and a failing one still makes the exit code non-zero). This is the README's test command and what
// .ci/run calls.
//   node scripts/test-all.mjs            everything
//   node scripts/test-all.mjs --only X   one step: typecheck, lint, vitest, e2e, package, bench
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CHROMIUM_TOOL, ensureTools, IPTABLES_TOOL, REDIS_TOOLS } from './ensure-system.mjs';
import { createTally } from './test-summary.mjs';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'slotline-test-all-'));
const tally = createTally();

function run(cmd, args, env = {}) {
  console.log(`\n$ ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  return r.status ?? 1;
}

function check(name, cmd, args) {
  // Checks are not tests: they get a line of their own, and a failing one fails the run.
  tally.check(name, run(cmd, args));
}

const steps = {
  typecheck: () => check('typecheck', 'npm', ['run', '--silent', 'typecheck']),
  lint: () => {
    check('lint', 'npx', ['eslint', '.']);
    check('format', 'npx', ['prettier', '--check', '.', '--log-level', 'warn']);
  },
  // The renderer for serve/e2e, and the Electron bundles (electron-vite builds without the binary).
  build: () => {
    check('build:web', 'npx', ['vite', 'build', '--config', 'vite.web.config.ts', '--logLevel', 'warn']);
    if (fs.existsSync(path.join(root, 'electron.vite.config.ts')))
      check('build:electron', 'npx', ['electron-vite', 'build', '--logLevel', 'warn']);
  },
  vitest: () => {
    const out = path.join(tmp, 'vitest.json');
    const code = run('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${out}`]);
    const r = fs.existsSync(out) ? JSON.parse(fs.readFileSync(out, 'utf8')) : null;
    const counts = r && {
      passed: r.numPassedTests,
      failed: r.numFailedTests,
      skipped: r.numPendingTests + r.numTodoTests,
    };
    tally.suite('vitest', counts, code, 'unit, renderer, redis-single, redis-cluster');
  },
  e2e: () => {
    if (!fs.existsSync(path.join(root, 'playwright.config.ts'))) return;
    const out = path.join(tmp, 'e2e.json');
    const code = run('npx', ['playwright', 'test', '--reporter=list,json'], { PLAYWRIGHT_JSON_OUTPUT_NAME: out });
    const s = fs.existsSync(out) ? JSON.parse(fs.readFileSync(out, 'utf8')).stats : null;
    tally.suite('e2e', s && { passed: s.expected + s.flaky, failed: s.unexpected, skipped: s.skipped }, code);
  },
  // The npm package as an application installs it (scripts/package-smoke.ts): each check is a test.
  package: () => {
    const out = path.join(tmp, 'package.json');
    const code = run('npx', ['tsx', 'scripts/package-smoke.ts', '--out', out]);
    const r = fs.existsSync(out) ? JSON.parse(fs.readFileSync(out, 'utf8')) : null;
    const size = r ? `${(r.unpackedSize / 1048576).toFixed(1)} MB unpacked` : '';
    tally.suite('package smoke', r && { passed: r.passed, failed: r.failed, skipped: 0 }, code, size);
  },
  bench: () => {
    if (!fs.existsSync(path.join(root, 'src-main/bench/run-bench.ts'))) return;
    const out = path.join(tmp, 'bench.json');
    // Scenarios are not tests: they cannot fail except by producing no figures. A line of their own.
    const code = run('npx', ['tsx', 'src-main/bench/run-bench.ts', '--quick', '--check', '--out', out]);
    const r = fs.existsSync(out) ? JSON.parse(fs.readFileSync(out, 'utf8')) : null;
    tally.bench(r?.scenarios ?? null, code);
  },
};

// A fresh machine: npm dependencies, redis-server, and Chromium for e2e.
if (!fs.existsSync(path.join(root, 'node_modules', '.package-lock.json'))) {
  if (run('node', ['scripts/install-deps.mjs']) !== 0) process.exit(1);
}
const needsChromium = !only || only === 'e2e' || only === 'package';
if (!ensureTools([...REDIS_TOOLS, IPTABLES_TOOL, ...(needsChromium ? [CHROMIUM_TOOL] : [])])) process.exit(1);

const order = only ? [only] : ['typecheck', 'lint', 'build', 'vitest', 'e2e', 'package', 'bench'];
for (const name of order) {
  if (!steps[name]) {
    console.error(`test-all: unknown step ${JSON.stringify(name)}: expected one of ${Object.keys(steps).join(', ')}`);
    process.exit(2);
  }
  steps[name]();
}
fs.rmSync(tmp, { recursive: true, force: true });
const { lines, exitCode } = tally.summary();
console.log('\n' + lines.join('\n'));
process.exit(exitCode);

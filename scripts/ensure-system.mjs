// Makes sure the system tools Slotline needs exist: redis-server/redis-cli (always) and Debian's
// Chromium (for e2e). As root on Debian/Ubuntu it installs them with apt-get; otherwise it prints
// the exact command and stops. Used by the demo and the test runner.
import { spawnSync } from 'node:child_process';

export function has(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
let aptUpdated = false;

function aptInstall(pkgs, say) {
  say(`installing ${pkgs.join(' ')} with apt-get`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  if (!aptUpdated) {
    spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    aptUpdated = true;
  }
  const r = spawnSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...pkgs], {
    stdio: 'inherit',
    env,
  });
  return r.status === 0;
}

/**
 * Ensures each tool: `{ command, apt, manual, optional? }`. Returns true when every required tool
 * is present afterwards; otherwise prints how to install the missing ones. A missing optional
 * tool is reported with what it costs, and does not make this fail.
 */
export function ensureTools(tools, say = (l) => process.stdout.write(l + '\n')) {
  const missing = tools.filter((t) => !has(t.command));
  if (missing.length === 0) return true;
  if (isRoot && has('apt-get')) {
    aptInstall([...new Set(missing.map((t) => t.apt))], say);
  }
  const still = tools.filter((t) => !has(t.command));
  for (const t of still) {
    if (t.optional)
      process.stderr.write(`${t.command} is not installed (optional: ${t.optional}). To add it:\n${t.manual}\n`);
    else process.stderr.write(`${t.command} is not installed. Install it, then run this again:\n${t.manual}\n`);
  }
  return still.every((t) => t.optional);
}

export const REDIS_TOOLS = [
  {
    command: 'redis-server',
    apt: 'redis-server',
    manual:
      '  Debian/Ubuntu: sudo apt-get install -y redis-server\n  Fedora/RHEL:   sudo dnf install -y redis\n  macOS:         brew install redis',
  },
  {
    command: 'redis-cli',
    apt: 'redis-tools',
    manual: '  Debian/Ubuntu: sudo apt-get install -y redis-tools\n  macOS: brew install redis',
  },
];

export const CHROMIUM_TOOL = {
  command: process.env.SLOTLINE_CHROMIUM ?? 'chromium',
  apt: 'chromium',
  manual: '  Debian: sudo apt-get install -y chromium (or set SLOTLINE_CHROMIUM to a Chromium/Chrome binary)',
};

/** Optional: the partition drill and its tests use it; without it (or without root) they say so and skip. */
export const IPTABLES_TOOL = {
  command: 'iptables',
  apt: 'iptables',
  optional: 'the partition drill and its tests skip without it, and print why',
  manual: '  Debian/Ubuntu: sudo apt-get install -y iptables (the partition drill also needs root)',
};

import { execFileSync } from 'node:child_process';
import { createLogger } from '../log/create-logger';
import { onExitOrSignal } from './exit-guard';
import { dropRules, hasSlotlineRules, jumpRules, jumpsToDelete, PARTITION_CHAIN } from './partition-rules';

const log = createLogger('partition');

/** Whether partitions can be injected here, and if not, why. */
export type IptablesProbe = { usable: true } | { usable: false; reason: string };

/**
 * iptables runs synchronously: each call takes milliseconds, and the clean-up on a signal or at
 * exit can only run synchronous code, so one code path serves both.
 */
function iptables(args: string[]): string {
  return execFileSync('iptables', ['-w', '5', ...args], {
    encoding: 'utf8',
    timeout: 10000,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function message(e: unknown): string {
  const err = e as NodeJS.ErrnoException & { stderr?: string };
  if (err.code === 'ENOENT') return 'iptables is not installed (Debian/Ubuntu: sudo apt-get install -y iptables)';
  return (err.stderr?.trim() || err.message).split('\n')[0]!;
}

function chainExists(): boolean {
  try {
    iptables(['-S', PARTITION_CHAIN]);
    return true;
  } catch {
    return false;
  }
}

/** Removes the jumps, the rules and the chain; what is already gone is skipped. */
function removeAll(): void {
  for (const table of ['INPUT', 'OUTPUT']) {
    let listing: string;
    try {
      listing = iptables(['-S', table]);
    } catch {
      continue;
    }
    for (const del of jumpsToDelete(listing)) {
      try {
        iptables(del);
      } catch {
        /* already gone */
      }
    }
  }
  if (chainExists()) {
    iptables(['-F', PARTITION_CHAIN]);
    iptables(['-X', PARTITION_CHAIN]);
  }
}

/**
 * Removes what a run that crashed (SIGKILL, power loss) left behind, saying so. Returns a line
 * describing what was removed, or undefined when there was nothing.
 */
export function removeLeftovers(): string | undefined {
  let listing: string;
  try {
    listing = iptables(['-S']);
  } catch {
    return undefined;
  }
  if (!hasSlotlineRules(listing)) return undefined;
  const n = listing.split('\n').filter((l) => l.includes(PARTITION_CHAIN)).length;
  removeAll();
  return `removed ${n} iptables line(s) of chain ${PARTITION_CHAIN} left behind by an earlier run that did not clean up`;
}

/**
 * Can partitions be injected? Needs the iptables binary, the right to list rules, and the right
 * to create and delete a chain (root, or CAP_NET_ADMIN). Leftovers of a crashed run are removed
 * first (reported through `onLine`).
 */
export function probeIptables(onLine: (line: string) => void = (l) => log.info(l)): IptablesProbe {
  if (process.platform !== 'linux')
    return { usable: false, reason: `iptables needs Linux (this is ${process.platform})` };
  try {
    iptables(['-S']);
  } catch (e) {
    const uid = typeof process.getuid === 'function' ? process.getuid() : undefined;
    const who = uid !== undefined && uid !== 0 ? ` (running as uid ${uid}, not root)` : '';
    return { usable: false, reason: `iptables -S failed${who}: ${message(e)}` };
  }
  try {
    const left = removeLeftovers();
    if (left) onLine(left);
    iptables(['-N', PARTITION_CHAIN]);
    iptables(['-X', PARTITION_CHAIN]);
  } catch (e) {
    return { usable: false, reason: `cannot create and delete an iptables chain: ${message(e)}` };
  }
  return { usable: true };
}

/**
 * Cuts loopback addresses apart with DROP rules in Slotline's own chain, jumped to from INPUT
 * (`-i lo`) and OUTPUT (`-o lo`). No other rule is ever touched. The chain and its jumps are
 * removed by close(), at process exit, and on SIGINT/SIGTERM; a run killed outright leaves them,
 * and the next open() removes them and says so.
 */
export class PartitionInjector {
  private closed = false;
  private readonly unguard: () => void;

  private constructor() {
    this.unguard = onExitOrSignal(() => this.removeNow());
  }

  /** Probes (see probeIptables), then creates the chain and its jumps; throws when not usable. */
  static open(onLine?: (line: string) => void): PartitionInjector {
    const probe = probeIptables(onLine);
    if (!probe.usable) throw new Error(`partitions cannot be injected: ${probe.reason}`);
    const injector = new PartitionInjector();
    try {
      iptables(['-N', PARTITION_CHAIN]);
      for (const j of jumpRules()) iptables(['-I', ...j]);
    } catch (e) {
      injector.close();
      throw new Error(`could not set up chain ${PARTITION_CHAIN}: ${message(e)}`, { cause: e });
    }
    return injector;
  }

  /** Replaces the current cut: from now on nothing passes between side `a` and side `b`. */
  cut(a: readonly string[], b: readonly string[]): void {
    if (this.closed) throw new Error('partition injector is closed');
    const rules = dropRules(a, b);
    iptables(['-F', PARTITION_CHAIN]);
    for (const r of rules) iptables(['-A', ...r]);
  }

  /** Lets everything through again (the chain stays, empty). */
  heal(): void {
    if (!this.closed) iptables(['-F', PARTITION_CHAIN]);
  }

  /** Removes the chain and its jumps. Safe to call more than once. */
  close(): void {
    this.removeNow();
    this.unguard();
  }

  private removeNow(): void {
    if (this.closed) return;
    this.closed = true;
    removeAll();
  }
}

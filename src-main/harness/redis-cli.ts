import { execFile } from 'node:child_process';
import { SlotlineError } from '../../shared/errors';

/** Raised when a Redis binary the harness needs is not installed. */
export class MissingBinaryError extends SlotlineError {
  constructor(binary: string) {
    super(
      'redis-missing',
      `${binary} was not found on PATH: install Redis first ` +
        `(Debian/Ubuntu: sudo apt-get install -y redis-server; Fedora: sudo dnf install -y redis; macOS: brew install redis)`,
    );
  }
}

/** Runs `redis-cli` with a hard timeout and returns its stdout. */
export function redisCli(args: string[], timeoutMs = 3000): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('redis-cli', args, { timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) {
        const e = err as NodeJS.ErrnoException;
        if (e.code === 'ENOENT') return reject(new MissingBinaryError('redis-cli'));
        // `redis-cli --cluster` prints its errors to stdout, so the reason is often only there.
        const reason = stderr.trim() || outputTail(stdout) || err.message;
        return reject(new Error(`redis-cli ${args.join(' ')} failed: ${reason}`));
      }
      resolve(stdout);
    });
  });
}

/** The last `lines` non-empty lines of redis-cli output, colour codes removed. */
export function outputTail(text: string, lines = 6): string {
  return (
    text
      // eslint-disable-next-line no-control-regex
      .replace(/\x1b\[[0-9;]*m/g, '')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l !== '')
      .slice(-lines)
      .join(' | ')
  );
}

/** A node's address; a bare port means 127.0.0.1. */
export type NodeTarget = number | { host?: string; port: number };

/** Sends one command to the node (a bare port: 127.0.0.1:port); resolves with the raw reply text. */
export function nodeCommand(target: NodeTarget, ...args: string[]): Promise<string> {
  const { host, port } = typeof target === 'number' ? { host: undefined, port: target } : target;
  return redisCli(['-h', host ?? '127.0.0.1', '-p', String(port), ...args]);
}

/** Parses `key:value` lines (INFO, CLUSTER INFO) into a record. */
export function parseInfoLines(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i > 0 && !line.startsWith('#')) out[line.slice(0, i)] = line.slice(i + 1).trim();
  }
  return out;
}

/** One master's `INFO commandstats`: total calls and time, and calls per command. */
export interface MasterCommandStats {
  port: number;
  calls: number;
  usec: number;
  commands: Record<string, { calls: number; usecPerCall: number }>;
}

/** Parses `INFO commandstats` (cmdstat_set:calls=3,usec=12,usec_per_call=4.00,…). */
export function parseCommandStats(text: string): Omit<MasterCommandStats, 'port'> {
  const out: Omit<MasterCommandStats, 'port'> = { calls: 0, usec: 0, commands: {} };
  for (const [k, v] of Object.entries(parseInfoLines(text))) {
    if (!k.startsWith('cmdstat_')) continue;
    const f = Object.fromEntries(v.split(',').map((kv) => kv.split('=') as [string, string]));
    const calls = Number(f.calls ?? 0);
    out.calls += calls;
    out.usec += Number(f.usec ?? 0);
    out.commands[k.slice('cmdstat_'.length)] = { calls, usecPerCall: Number(f.usec_per_call ?? 0) };
  }
  return out;
}

/** Resolves the absolute path of a binary, or throws MissingBinaryError. */
export function requireBinary(binary: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('sh', ['-c', `command -v ${binary}`], (err, stdout) => {
      if (err || stdout.trim() === '') reject(new MissingBinaryError(binary));
      else resolve(stdout.trim());
    });
  });
}

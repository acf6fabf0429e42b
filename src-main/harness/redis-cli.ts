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
        return reject(new Error(`redis-cli ${args.join(' ')} failed: ${stderr.trim() || err.message}`));
      }
      resolve(stdout);
    });
  });
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

/** Resolves the absolute path of a binary, or throws MissingBinaryError. */
export function requireBinary(binary: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('sh', ['-c', `command -v ${binary}`], (err, stdout) => {
      if (err || stdout.trim() === '') reject(new MissingBinaryError(binary));
      else resolve(stdout.trim());
    });
  });
}

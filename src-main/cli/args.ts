import { parseArgs, type ParseArgsConfig } from 'node:util';
import { parseSettings, type ParsedSettings } from '../../shared/settings/connection-settings';
import { UsageError } from './cli-error';

export type Options = NonNullable<ParseArgsConfig['options']>;

/** The connection flags every command that talks to Redis accepts. */
export const connectionFlags: Options = {
  url: { type: 'string' },
  cluster: { type: 'string' },
};

/** parseArgs with errors turned into UsageErrors that name the command. */
export function parseCommand(
  command: string,
  argv: string[],
  options: Options,
  allowPositionals = true,
): { values: Record<string, string | boolean | Array<string | boolean> | undefined>; positionals: string[] } {
  try {
    return parseArgs({
      args: argv,
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      allowPositionals,
      strict: true,
    });
  } catch (e) {
    throw new UsageError(`slotline ${command}: ${(e as Error).message}. Run slotline ${command} --help`);
  }
}

/** Reads an integer flag, with a clear error naming the flag, the value and the expected range. */
export function intFlag(
  name: string,
  value: unknown,
  fallback: number,
  min = 0,
  max = Number.MAX_SAFE_INTEGER,
): number {
  if (value === undefined) return fallback;
  const s = String(value);
  if (!/^-?\d+$/.test(s))
    throw new UsageError(`--${name} ${JSON.stringify(s)} is not a whole number: expected ${min}..${max}`);
  const n = Number(s);
  if (n < min || n > max) throw new UsageError(`--${name} ${n} is out of range: expected ${min}..${max}`);
  return n;
}

/** Reads a decimal flag within [min, max]. */
export function numberFlag(name: string, value: unknown, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || String(value).trim() === '')
    throw new UsageError(`--${name} ${JSON.stringify(value)} is not a number: expected ${min}..${max}`);
  if (n < min || n > max) throw new UsageError(`--${name} ${n} is out of range: expected ${min}..${max}`);
  return n;
}

/** Settings from the environment, overridden by --url or --cluster. */
export function settingsFrom(values: Record<string, unknown>, env: NodeJS.ProcessEnv = process.env): ParsedSettings {
  const e: Record<string, string | undefined> = { ...env };
  if (typeof values.url === 'string' && typeof values.cluster === 'string') {
    throw new UsageError('--url and --cluster cannot be used together: --url is one server, --cluster a seed list');
  }
  if (typeof values.url === 'string') {
    e.REDIS_URL = values.url;
    e.REDIS_CLUSTER_ENABLED = 'false';
  }
  if (typeof values.cluster === 'string') {
    e.REDIS_CLUSTER_ENABLED = 'true';
    e.REDIS_CLUSTER_NODES = values.cluster;
  }
  return parseSettings(e);
}

import { SettingsError } from '../errors';
import {
  formatHostPort,
  HostPortError,
  parseHostPort as parseAddress,
  parsePortText,
  type HostPort,
} from '../host-port';
import { redactUrl, urlWithoutCredentials } from './redact';

export type { HostPort };

interface CommonSettings {
  username?: string;
  password?: string;
  /** Use TLS for every connection (REDIS_TLS). */
  tls: boolean;
}

/** One Redis server, addressed by a redis:// or rediss:// URL. */
export interface SingleSettings extends CommonSettings {
  mode: 'single';
  url: string;
}

/** A Redis Cluster, reached through its seed nodes. */
export interface ClusterSettings extends CommonSettings {
  mode: 'cluster';
  nodes: HostPort[];
  /** Address translation for clusters behind NAT or Docker (announced `host:port` → reachable). */
  natMap?: Record<string, HostPort>;
}

/** Where and how to connect: one server or a cluster. */
export type ConnectionSettings = SingleSettings | ClusterSettings;

/** What {@link parseSettings} returns: the settings and notes worth logging. */
export interface ParsedSettings {
  settings: ConnectionSettings;
  /** Things worth logging that are not errors (duplicates removed, REDIS_URL ignored, …). */
  warnings: string[];
}

/** The environment variables Slotline reads, for docs and `.env.example`. */
export const SETTINGS_VARIABLES = [
  'REDIS_URL',
  'REDIS_CLUSTER_ENABLED',
  'REDIS_CLUSTER_NODES',
  'REDIS_USERNAME',
  'REDIS_PASSWORD',
  'REDIS_TLS',
  'REDIS_NAT_MAP',
] as const;

/** The environment variables {@link parseSettings} reads (`process.env` fits). */
export type SettingsEnv = Partial<Record<string, string | undefined>>;

/** Default URL when neither REDIS_URL nor cluster mode is set. */
export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

const TRUE_WORDS = ['true', '1', 'yes', 'on'];
const FALSE_WORDS = ['false', '0', 'no', 'off'];

/** Parses a boolean variable; empty or unset gives `fallback`. */
export function parseBoolean(variable: string, value: string | undefined, fallback: boolean): boolean {
  if (value === undefined || value.trim() === '') return fallback;
  const v = value.trim().toLowerCase();
  if (TRUE_WORDS.includes(v)) return true;
  if (FALSE_WORDS.includes(v)) return false;
  throw new SettingsError(
    variable,
    `${variable}=${JSON.stringify(value)} is not a boolean: expected one of true/false, 1/0, yes/no, on/off`,
  );
}

/** Runs a host-port parse, turning its error into a SettingsError that names the variable. */
function asSetting<T>(variable: string, parse: () => T): T {
  try {
    return parse();
  } catch (e) {
    if (e instanceof HostPortError) throw new SettingsError(variable, `${variable}: ${e.message}`);
    throw e;
  }
}

/** Parses a TCP port written as decimal digits, 1–65535. */
export function parsePort(variable: string, entry: string, raw: string): number {
  return asSetting(variable, () => parsePortText(raw, entry));
}

/** Parses one `host:port` or `[ipv6]:port` entry (the grammar lives in shared/host-port.ts). */
export function parseHostPort(variable: string, entry: string): HostPort {
  return asSetting(variable, () => parseAddress(entry));
}

export { formatHostPort };

/**
 * Parses a comma-separated node list. Surrounding spaces are trimmed; empty entries and
 * interior spaces are errors, since they usually mean a typo that would silently drop a node.
 * Duplicates are removed with a warning.
 */
export function parseNodeList(variable: string, value: string | undefined): { nodes: HostPort[]; warnings: string[] } {
  if (value === undefined || value.trim() === '') {
    throw new SettingsError(
      variable,
      `${variable} is empty: expected a comma-separated list of host:port, e.g. 127.0.0.1:7000,127.0.0.1:7001`,
    );
  }
  const entries = value.split(',').map((e) => e.trim());
  const nodes: HostPort[] = [];
  const seen = new Set<string>();
  const warnings: string[] = [];
  entries.forEach((entry, i) => {
    if (entry === '') {
      throw new SettingsError(
        variable,
        `${variable}=${JSON.stringify(value)} has an empty entry at position ${i + 1}: expected host:port between every comma`,
      );
    }
    if (/\s/.test(entry)) {
      throw new SettingsError(
        variable,
        `${variable}: ${JSON.stringify(entry)} contains a space: expected host:port with no spaces inside`,
      );
    }
    const hp = parseHostPort(variable, entry);
    const key = formatHostPort(hp).toLowerCase();
    if (seen.has(key)) {
      warnings.push(`${variable}: duplicate node ${key} ignored`);
      return;
    }
    seen.add(key);
    nodes.push(hp);
  });
  return { nodes, warnings };
}

/** Parses REDIS_NAT_MAP: `announced=reachable,…`, each side a host:port. */
export function parseNatMap(variable: string, value: string | undefined): Record<string, HostPort> | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const map: Record<string, HostPort> = {};
  for (const raw of value.split(',')) {
    const entry = raw.trim();
    const eq = entry.indexOf('=');
    if (entry === '' || eq === -1) {
      throw new SettingsError(
        variable,
        `${variable}: ${JSON.stringify(entry)} is not a mapping: expected announced-host:port=reachable-host:port`,
      );
    }
    const from = parseHostPort(variable, entry.slice(0, eq).trim());
    const to = parseHostPort(variable, entry.slice(eq + 1).trim());
    map[formatHostPort(from)] = to;
  }
  return map;
}

/**
 * Validates a redis:// or rediss:// URL. Its user and password come back as fields, and `url`
 * without them, so no later description or log line can carry them inside the URL.
 */
export function parseRedisUrl(
  variable: string,
  value: string,
): { url: string; tls: boolean; username?: string; password?: string } {
  const shown = JSON.stringify(redactUrl(value));
  let u: URL;
  try {
    u = new URL(value.trim());
  } catch {
    throw new SettingsError(
      variable,
      `${variable}=${shown} is not a URL: expected redis://[user:password@]host:port[/db]`,
    );
  }
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:') {
    throw new SettingsError(
      variable,
      `${variable}=${shown} has scheme ${JSON.stringify(u.protocol)}: expected redis:// or rediss://`,
    );
  }
  if (u.hostname === '') {
    throw new SettingsError(variable, `${variable}=${shown} has no host: expected redis://host:port`);
  }
  if (u.port !== '') parsePort(variable, value, u.port);
  const db = u.pathname.replace(/^\//, '');
  if (db !== '' && !/^\d+$/.test(db)) {
    throw new SettingsError(variable, `${variable}=${shown} has database ${JSON.stringify(db)}: expected a number`);
  }
  return {
    url: urlWithoutCredentials(value.trim()),
    tls: u.protocol === 'rediss:',
    username: u.username ? decodeURIComponent(u.username) : undefined,
    password: u.password ? decodeURIComponent(u.password) : undefined,
  };
}

/**
 * Turns the seed's environment variables into connection settings. Throws SettingsError naming the
 * variable, the (redacted) value and what was expected.
 */
export function parseSettings(env: SettingsEnv): ParsedSettings {
  const warnings: string[] = [];
  const clusterEnabled = parseBoolean('REDIS_CLUSTER_ENABLED', env.REDIS_CLUSTER_ENABLED, false);
  const tlsFlag = parseBoolean('REDIS_TLS', env.REDIS_TLS, false);
  const username = env.REDIS_USERNAME?.trim() || undefined;
  const password = env.REDIS_PASSWORD === undefined || env.REDIS_PASSWORD === '' ? undefined : env.REDIS_PASSWORD;

  if (clusterEnabled) {
    if (env.REDIS_CLUSTER_NODES === undefined || env.REDIS_CLUSTER_NODES.trim() === '') {
      throw new SettingsError(
        'REDIS_CLUSTER_NODES',
        'REDIS_CLUSTER_ENABLED is true but REDIS_CLUSTER_NODES is empty: expected a comma-separated list of host:port, e.g. 127.0.0.1:7000,127.0.0.1:7001',
      );
    }
    const { nodes, warnings: w } = parseNodeList('REDIS_CLUSTER_NODES', env.REDIS_CLUSTER_NODES);
    warnings.push(...w);
    if (env.REDIS_URL !== undefined && env.REDIS_URL.trim() !== '') {
      warnings.push(`REDIS_URL=${redactUrl(env.REDIS_URL)} is ignored because REDIS_CLUSTER_ENABLED is true`);
    }
    const natMap = parseNatMap('REDIS_NAT_MAP', env.REDIS_NAT_MAP);
    return {
      settings: { mode: 'cluster', nodes, username, password, tls: tlsFlag, ...(natMap ? { natMap } : {}) },
      warnings,
    };
  }

  const rawUrl = env.REDIS_URL === undefined || env.REDIS_URL.trim() === '' ? DEFAULT_REDIS_URL : env.REDIS_URL;
  const parsed = parseRedisUrl('REDIS_URL', rawUrl);
  if (env.REDIS_CLUSTER_NODES !== undefined && env.REDIS_CLUSTER_NODES.trim() !== '') {
    warnings.push('REDIS_CLUSTER_NODES is ignored because REDIS_CLUSTER_ENABLED is not true');
  }
  return {
    settings: {
      mode: 'single',
      url: parsed.url,
      username: username ?? parsed.username,
      password: password ?? parsed.password,
      tls: tlsFlag || parsed.tls,
    },
    warnings,
  };
}

/**
 * A one-line, password-free description of the settings, for logs and the console. The URL is
 * shown through the URL parser with its password blanked, never cut with a pattern.
 */
export function describeSettings(s: ConnectionSettings): string {
  const user = s.username ? ` as ${s.username}` : '';
  const tls = s.tls ? ' (TLS)' : '';
  if (s.mode === 'single') return `single ${redactUrl(s.url)}${user}${tls}`;
  return `cluster ${s.nodes.map(formatHostPort).join(',')}${user}${tls}`;
}

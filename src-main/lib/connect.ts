import { SettingsError } from '../../shared/errors';
import { parseSettings, type ParsedSettings, type SettingsEnv } from '../../shared/settings/connection-settings';
import { createLogger } from '../log/create-logger';
import { createConnection } from '../redis/create-connection';
import type { RedisHandle } from '../redis/handle';

const log = createLogger('slotline');

/**
 * How {@link connect} reaches Redis. Every field is optional: with none, the settings come from
 * `process.env` exactly as the `slotline` CLI reads them (`REDIS_URL`, `REDIS_CLUSTER_ENABLED`,
 * `REDIS_CLUSTER_NODES`, `REDIS_USERNAME`, `REDIS_PASSWORD`, `REDIS_TLS`, `REDIS_NAT_MAP`).
 *
 * Passing `url` or `cluster` makes the call self-contained: the environment is then not read at
 * all, so a stray `REDIS_PASSWORD` cannot change what an application configured in code.
 */
export interface ConnectOptions {
  /** One server: `redis://[user:password@]host:port[/db]`, `rediss://` for TLS. */
  url?: string;
  /** A Redis Cluster: seed nodes as `host:port` (IPv6 as `[::1]:7000`), e.g. `['127.0.0.1:7000']`. */
  cluster?: readonly string[];
  /** ACL user. Overrides `REDIS_USERNAME` and the URL's user. */
  username?: string;
  /** Password. Overrides `REDIS_PASSWORD` and the URL's password. Never logged. */
  password?: string;
  /** TLS for every connection. Default: `REDIS_TLS`, else true for `rediss://` URLs, else false. */
  tls?: boolean;
  /** Cluster behind NAT or Docker: announced `host:port` → reachable `host:port`. */
  natMap?: Readonly<Record<string, string>>;
  /** Where settings not given above come from. Default `process.env` (ignored when `url` or `cluster` is given). */
  env?: SettingsEnv;
  /** How long connecting may take before it fails with `timeout` or `unreachable`. Default 10000 ms. */
  timeoutMs?: number;
  /** Connection name shown in `CLIENT LIST`. Default `slotline`. */
  connectionName?: string;
  /**
   * Receives notes that are not errors (a duplicate seed node dropped, `REDIS_URL` ignored in cluster
   * mode). Default: logged at `warn` on stderr (`SLOTLINE_LOG=silent` mutes it).
   */
  onWarning?: (message: string) => void;
}

/**
 * A connection to one Redis or a Redis Cluster: what {@link Queue.open} takes. `close()` quits
 * every socket gracefully; call it after the queue's workers have stopped.
 */
export type Connection = RedisHandle;

/** Which `connect()` option each environment variable stands for, to name it in errors. */
const OPTION_OF: Record<string, string> = {
  REDIS_URL: 'url',
  REDIS_CLUSTER_NODES: 'cluster',
  REDIS_USERNAME: 'username',
  REDIS_PASSWORD: 'password',
  REDIS_TLS: 'tls',
  REDIS_NAT_MAP: 'natMap',
};

function optionError(option: string, value: unknown, expected: string): SettingsError {
  return new SettingsError(option, `connect(): option ${option} ${describe(value)} is invalid: expected ${expected}`);
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(describe).join(', ')}]`;
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

/** Checks the options' types, so a wrong type gets a message naming the option, not a variable. */
function checkOptions(o: ConnectOptions): void {
  if (o.url !== undefined && o.cluster !== undefined)
    throw new SettingsError(
      'url',
      'connect(): url and cluster cannot be used together: url is one server, cluster a seed list',
    );
  if (o.url !== undefined && (typeof o.url !== 'string' || o.url.trim() === ''))
    throw optionError('url', o.url, 'a redis:// or rediss:// URL');
  if (o.cluster !== undefined) {
    if (!Array.isArray(o.cluster) || o.cluster.length === 0)
      throw optionError('cluster', o.cluster, "a non-empty array of 'host:port' strings, e.g. ['127.0.0.1:7000']");
    const bad = o.cluster.find((n) => typeof n !== 'string' || n.trim() === '' || n.includes(','));
    if (bad !== undefined)
      throw optionError('cluster', o.cluster, `one 'host:port' string per entry (got ${describe(bad)})`);
  }
  for (const key of ['username', 'password'] as const)
    if (o[key] !== undefined && typeof o[key] !== 'string') throw optionError(key, '(not shown)', 'a string');
  if (o.tls !== undefined && typeof o.tls !== 'boolean') throw optionError('tls', o.tls, 'true or false');
  if (o.natMap !== undefined && (typeof o.natMap !== 'object' || o.natMap === null))
    throw optionError('natMap', o.natMap, "an object such as { '10.0.0.5:6379': '127.0.0.1:7000' }");
}

/**
 * Turns {@link ConnectOptions} into connection settings with the CLI's own parser, so both accept
 * and refuse exactly the same values with the same messages. Throws `SettingsError`
 * (`code: 'invalid-setting'`) naming the variable or option, the value and what was expected.
 */
export function resolveSettings(options: ConnectOptions = {}): ParsedSettings {
  checkOptions(options);
  const explicit = options.url !== undefined || options.cluster !== undefined;
  const env: Record<string, string | undefined> = explicit ? {} : { ...(options.env ?? process.env) };
  if (options.url !== undefined) {
    env.REDIS_URL = options.url;
    env.REDIS_CLUSTER_ENABLED = 'false';
  }
  if (options.cluster !== undefined) {
    env.REDIS_CLUSTER_ENABLED = 'true';
    env.REDIS_CLUSTER_NODES = options.cluster.join(',');
  }
  if (options.username !== undefined) env.REDIS_USERNAME = options.username;
  if (options.password !== undefined) env.REDIS_PASSWORD = options.password;
  if (options.tls !== undefined) env.REDIS_TLS = String(options.tls);
  if (options.natMap !== undefined)
    env.REDIS_NAT_MAP = Object.entries(options.natMap)
      .map(([from, to]) => `${from}=${to}`)
      .join(',');
  try {
    return parseSettings(env);
  } catch (e) {
    // The parser names the environment variable; when the value came from an option, name that.
    if (e instanceof SettingsError && explicitlyGiven(options, e.variable)) {
      const option = OPTION_OF[e.variable]!;
      throw new SettingsError(
        option,
        `connect(): option ${option}: ${e.message.replace(`${e.variable}`, '').replace(/^[:=]\s?/, '')}`,
      );
    }
    throw e;
  }
}

function explicitlyGiven(o: ConnectOptions, variable: string): boolean {
  const option = OPTION_OF[variable];
  return option !== undefined && (o as Record<string, unknown>)[option] !== undefined;
}

/**
 * Connects to Redis and returns the {@link Connection} that `Queue.open` takes.
 *
 * - `connect()` reads `REDIS_URL` / `REDIS_CLUSTER_ENABLED` / `REDIS_CLUSTER_NODES` /
 *   `REDIS_USERNAME` / `REDIS_PASSWORD` / `REDIS_TLS` / `REDIS_NAT_MAP` from `process.env`, as the CLI does.
 * - `connect({ url: 'redis://127.0.0.1:6379' })` or `connect({ cluster: ['127.0.0.1:7000', …] })`
 *   configures it in code.
 *
 * Every master answers `PING` before the promise resolves. Fails with `SettingsError`
 * (`invalid-setting`) for a malformed value, or `ConnectionError` whose `code` is one of
 * `unreachable`, `auth-failed`, `not-a-cluster`, `is-cluster-node`, `cluster-down`, `timeout`.
 *
 * @example
 * ```js
 * const connection = await connect();
 * const emails = await Queue.open(connection, 'emails', { partitions: 3 });
 * await emails.enqueue({ to: 'ada@example.test' });
 * await connection.close();
 * ```
 */
export async function connect(options: ConnectOptions = {}): Promise<Connection> {
  const { settings, warnings } = resolveSettings(options);
  const warn = options.onWarning ?? ((m: string) => log.warn(m));
  for (const w of warnings) warn(w);
  return createConnection(settings, {
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.connectionName !== undefined ? { connectionName: options.connectionName } : {}),
  });
}

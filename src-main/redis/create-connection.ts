import { Cluster, Redis, type ClusterOptions, type RedisOptions } from 'ioredis';
import { formatHostPort, type HostPort } from '../../shared/host-port';
import type { ConnectionSettings } from '../../shared/settings/connection-settings';
import { describeSettings } from '../../shared/settings/connection-settings';
import { redactSecrets } from '../../shared/settings/redact';
import { createLogger } from '../log/create-logger';
import { withTimeout } from '../lib/with-timeout';
import { ConnectionError } from './connection-error';
import type { RedisHandle } from './handle';
import { IoRedisHandle, type IoClient } from './ioredis-handle';
import { localAddressOptions } from './local-address-connector';

const log = createLogger('redis');

export interface ConnectOptions {
  /** How long connecting may take before it fails with `timeout`/`unreachable`. Default 10000 ms. */
  timeoutMs?: number;
  /** ioredis auto-pipelining (batches concurrent commands per node). Default true. */
  autoPipelining?: boolean;
  /** Connection name shown in CLIENT LIST. Default `slotline`. */
  connectionName?: string;
  /**
   * Source address of every socket (127.0.0.0/8 only), so a drill can put a client on one side
   * of a partition. Default: the operating system's choice.
   */
  localAddress?: string;
}

/**
 * Options for every socket, single or cluster node.
 * - connectTimeout 5000: a dead host fails in seconds instead of the OS's minutes.
 * - maxRetriesPerRequest 50: with retryStrategy's 2 s cap this keeps a command queued for well
 *   over a minute of reconnects (a restarting single Redis) before it fails.
 * - keepAlive: so a half-open socket after a NAT or VM pause is noticed.
 */
function socketOptions(s: ConnectionSettings, o: ConnectOptions): RedisOptions {
  return {
    username: s.username,
    password: s.password,
    tls: s.tls ? {} : undefined,
    connectTimeout: 5000,
    maxRetriesPerRequest: 50,
    keepAlive: 10000,
    connectionName: o.connectionName ?? 'slotline',
    ...(o.localAddress !== undefined ? localAddressOptions(o.localAddress) : {}),
  };
}

/**
 * Cluster tuning. Each value turns a failover into a wait instead of failed commands (measured
 * with cluster-node-timeout 2000: with ioredis defaults about 60 writes per master kill fail with
 * "Too many Cluster redirections"; with these, none do and writes resume ~65 ms after promotion).
 */
function clusterOptions(s: ConnectionSettings & { mode: 'cluster' }, o: ConnectOptions): ClusterOptions {
  return {
    // Queues need their own writes back: replicas answer MOVED/READONLY and lag behind.
    scaleReads: 'master',
    // The default 16 redirections × 100 ms is shorter than an election; 100 × 100 ms outlasts it.
    maxRedirections: 100,
    // "Connection is closed" while the dead master's slots still point at it: wait and retry.
    retryDelayOnFailover: 100,
    // CLUSTERDOWN during the FAIL → promotion window: wait and retry.
    retryDelayOnClusterDown: 100,
    // TRYAGAIN during a slot migration of a multi-key script: wait and retry.
    retryDelayOnTryAgain: 100,
    // A short pause after MOVED avoids ping-pong while nodes disagree about the new owner.
    retryDelayOnMoved: 20,
    // Off unless set (the docs claim 5000, the code skips the timer): refresh so a promotion is
    // noticed even when no command happens to hit the dead node.
    slotsRefreshInterval: 2000,
    // Slow nodes under load answer CLUSTER SLOTS late; the 1000 default gives up too early.
    slotsRefreshTimeout: 2000,
    // Retry the whole cluster connection with a capped backoff if every node is lost.
    clusterRetryStrategy: (times: number) => Math.min(100 * times, 2000),
    // clusterNodeRetryStrategy is deliberately not set: measured here, it made the client hang.
    enableOfflineQueue: true,
    enableReadyCheck: true,
    enableAutoPipelining: o.autoPipelining ?? true,
    natMap: s.natMap,
    redisOptions: socketOptions(s, o),
  };
}

function singleOptions(s: ConnectionSettings, o: ConnectOptions): RedisOptions {
  return {
    ...socketOptions(s, o),
    lazyConnect: true,
    enableOfflineQueue: true,
    enableAutoPipelining: o.autoPipelining ?? true,
    retryStrategy: (times: number) => Math.min(100 * times, 2000),
  };
}

/** Classifies an error from a first contact with a node. */
function classify(err: unknown, where: string, secrets: Array<string | undefined>): ConnectionError {
  const raw = err instanceof Error ? err.message : String(err);
  const msg = redactSecrets(raw, secrets);
  if (/WRONGPASS|NOAUTH|invalid username-password|AUTH failed|invalid password/i.test(raw)) {
    return new ConnectionError(
      'auth-failed',
      `authentication to ${where} failed: ${msg}. Check REDIS_USERNAME / REDIS_PASSWORD`,
      { cause: err },
    );
  }
  if (/timed? ?out|ETIMEDOUT/i.test(raw)) {
    return new ConnectionError('timeout', `${where} did not answer in time: ${msg}`, { cause: err });
  }
  return new ConnectionError('unreachable', `${where} is unreachable: ${msg}`, { cause: err });
}

/** Connects one plain client to a node with a hard deadline, without retries. */
async function probe(
  hp: HostPort,
  s: ConnectionSettings,
  timeoutMs: number,
  localAddress: string | undefined,
): Promise<Redis> {
  const client = new Redis({
    ...socketOptions(s, { localAddress }),
    host: hp.host,
    port: hp.port,
    lazyConnect: true,
    connectTimeout: Math.min(timeoutMs, 5000),
    retryStrategy: () => null,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
  });
  // connect() rejects with a bare "Connection is closed"; the reason (WRONGPASS, ECONNREFUSED)
  // only arrives as an 'error' event, so keep the last one.
  let lastError: Error | undefined;
  client.on('error', (e: Error) => {
    lastError = e;
  });
  try {
    await client.connect();
    return client;
  } catch (e) {
    client.disconnect();
    throw lastError ?? e;
  }
}

async function clusterInfo(client: Redis): Promise<{ enabled: boolean; state?: string }> {
  const info = String(await client.info('cluster'));
  const enabled = /cluster_enabled:1/.test(info);
  if (!enabled) return { enabled };
  const ci = String(await client.call('CLUSTER', 'INFO'));
  return { enabled, state: /cluster_state:(\w+)/.exec(ci)?.[1] };
}

/**
 * Turns settings into a ready handle, or fails with a ConnectionError that says which of these
 * happened: unreachable, auth-failed, not-a-cluster, is-cluster-node, cluster-down, timeout.
 * Every master answers PING before this resolves.
 */
export async function createConnection(
  settings: ConnectionSettings,
  options: ConnectOptions = {},
): Promise<RedisHandle> {
  const timeoutMs = options.timeoutMs ?? 10000;
  const secrets = [settings.password];
  const description = describeSettings(settings);

  if (settings.mode === 'single') {
    const client = new Redis(settings.url, singleOptions(settings, options));
    let lastError: Error | undefined;
    client.on('error', (e: Error) => {
      lastError = e;
      log.debug(`single: ${redactSecrets(e.message, secrets)}`);
    });
    const where = description.replace(/^single /, '');
    try {
      await withTimeout(client.connect(), timeoutMs, () => new Error(`connect timed out after ${timeoutMs} ms`));
      const ci = await clusterInfo(client);
      if (ci.enabled) {
        throw new ConnectionError(
          'is-cluster-node',
          `${where} is a Redis Cluster node, but cluster mode is off: set REDIS_CLUSTER_ENABLED=true and REDIS_CLUSTER_NODES=<host:port,…>`,
        );
      }
      await client.ping();
    } catch (e) {
      client.disconnect();
      throw e instanceof ConnectionError ? e : classify(lastError ?? e, where, secrets);
    }
    return new IoRedisHandle('single', description, client as IoClient, settings, options);
  }

  // Cluster: learn from the first seed that answers what kind of server it is, so a
  // misconfiguration gets a precise message instead of ioredis's endless slot refreshes.
  const failures: string[] = [];
  let answered = false;
  for (const seed of settings.nodes) {
    const where = formatHostPort(seed);
    let client: Redis | undefined;
    try {
      client = await probe(seed, settings, timeoutMs, options.localAddress);
      const ci = await clusterInfo(client);
      answered = true;
      if (!ci.enabled) {
        throw new ConnectionError(
          'not-a-cluster',
          `${where} is not a cluster node (cluster_enabled:0), but REDIS_CLUSTER_ENABLED is true: use REDIS_URL=redis://${where} for a single server`,
        );
      }
      if (ci.state !== 'ok') {
        throw new ConnectionError(
          'cluster-down',
          `the cluster is down: ${where} reports cluster_state:${ci.state ?? 'unknown'}`,
        );
      }
      break;
    } catch (e) {
      if (e instanceof ConnectionError && e.code !== 'unreachable' && e.code !== 'timeout') throw e;
      const c = e instanceof ConnectionError ? e : classify(e, where, secrets);
      if (c.code === 'auth-failed') throw c;
      failures.push(c.message);
    } finally {
      client?.disconnect();
    }
  }
  if (!answered) {
    throw new ConnectionError('unreachable', `no seed node answered: ${failures.join('; ')}`);
  }

  const cluster = new Cluster(
    settings.nodes.map((n) => ({ host: n.host, port: n.port })),
    clusterOptions(settings, options),
  );
  cluster.on('error', (e: Error) => log.debug(`cluster: ${redactSecrets(e.message, secrets)}`));
  const handle = new IoRedisHandle('cluster', description, cluster as IoClient, settings, options);
  try {
    await withTimeout(
      new Promise<void>((resolve, reject) => {
        if (cluster.status === 'ready') return resolve();
        cluster.once('ready', () => resolve());
        cluster.once('end', () => reject(new Error('cluster connection ended before it was ready')));
      }),
      timeoutMs,
      () => new ConnectionError('timeout', `the cluster at ${description} was not ready within ${timeoutMs} ms`),
    );
    const masters = cluster.nodes('master');
    if (masters.length === 0) throw new ConnectionError('cluster-down', 'the cluster reports no masters');
    await Promise.all(
      masters.map((m) =>
        withTimeout(
          m.ping(),
          timeoutMs,
          () => new ConnectionError('timeout', `master ${m.options.host}:${m.options.port} did not answer PING`),
        ),
      ),
    );
  } catch (e) {
    cluster.disconnect();
    throw e instanceof ConnectionError ? e : classify(e, description, secrets);
  }
  return handle;
}

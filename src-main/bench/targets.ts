import path from 'node:path';
import { Cluster, Redis } from 'ioredis';
import type { ConnectionSettings } from '../../shared/settings/connection-settings';
import { startLocalCluster } from '../harness/local-cluster';
import { startLocalRedis } from '../harness/local-single';
import { nodeCommand, parseCommandStats, parseInfoLines, type MasterCommandStats } from '../harness/redis-cli';

export { parseCommandStats, type MasterCommandStats };

/** A Redis deployment the benchmark started itself, on loopback, and stops by PID. */
export interface BenchTarget {
  kind: 'single' | 'cluster';
  /** Settings for Slotline's createConnection. */
  settings: ConnectionSettings;
  /** Every node's port (masters and replicas). */
  ports: number[];
  /**
   * A fresh ioredis client for BullMQ, configured as BullMQ asks (maxRetriesPerRequest null);
   * `autoPipelining` sets ioredis's `enableAutoPipelining` (off unless asked, ioredis's default).
   */
  bullConnection(options?: { autoPipelining?: boolean }): Redis | Cluster;
  /** Ports of the current masters. */
  masters(): Promise<number[]>;
  /** FLUSHALL on every master (and waits for replicas to follow). */
  flush(): Promise<void>;
  /** CONFIG RESETSTAT on every master. */
  resetStats(): Promise<void>;
  /** Per master: total calls and calls per command since the last reset. */
  commandStats(): Promise<MasterCommandStats[]>;
  /** CPU seconds (user + sys, `INFO cpu`) every redis-server process of the target has used. */
  redisCpuSeconds(): Promise<number>;
  stop(): Promise<void>;
}

const SERVER_CONFIG = ['slowlog-log-slower-than 10000', 'slowlog-max-len 1024'];

async function statsOf(ports: number[]): Promise<MasterCommandStats[]> {
  return Promise.all(
    ports.map(async (port) => ({ port, ...parseCommandStats(await nodeCommand(port, 'INFO', 'commandstats')) })),
  );
}

/** Parses `INFO cpu`: the server process's user + system CPU seconds. */
export function parseCpuSeconds(text: string): number {
  const f = parseInfoLines(text);
  const user = Number(f.used_cpu_user);
  const sys = Number(f.used_cpu_sys);
  if (!Number.isFinite(user) || !Number.isFinite(sys))
    throw new Error(`INFO cpu: expected used_cpu_user and used_cpu_sys, got ${JSON.stringify(text.slice(0, 200))}`);
  return user + sys;
}

async function cpuOf(ports: number[]): Promise<number> {
  const each = await Promise.all(ports.map(async (port) => parseCpuSeconds(await nodeCommand(port, 'INFO', 'cpu'))));
  return each.reduce((a, b) => a + b, 0);
}

/** The bench target for a redis-server on 127.0.0.1:port; `stop` stops it (tests pass their own). */
export function singleBenchTarget(port: number, stop: () => Promise<void>): BenchTarget {
  const ports = [port];
  return {
    kind: 'single',
    settings: { mode: 'single', url: `redis://127.0.0.1:${port}`, tls: false },
    ports,
    bullConnection: (o = {}) =>
      new Redis({
        host: '127.0.0.1',
        port,
        maxRetriesPerRequest: null,
        enableAutoPipelining: o.autoPipelining ?? false,
      }),
    masters: async () => ports,
    flush: async () => void (await nodeCommand(port, 'FLUSHALL')),
    resetStats: async () => void (await nodeCommand(port, 'CONFIG', 'RESETSTAT')),
    commandStats: () => statsOf(ports),
    redisCpuSeconds: () => cpuOf(ports),
    stop,
  };
}

/** Starts one redis-server for a scenario pair. */
export async function startSingleTarget(dir: string): Promise<BenchTarget> {
  const redis = await startLocalRedis({ dir: path.join(dir, `single-${Date.now()}`), extraConfig: SERVER_CONFIG });
  return singleBenchTarget(redis.port, () => redis.stop());
}

/** Starts a local 3 masters + 3 replicas cluster for the cluster scenarios. */
export async function startClusterTarget(dir: string): Promise<BenchTarget> {
  const cluster = await startLocalCluster({
    dir: path.join(dir, `cluster-${Date.now()}`),
    masters: 3,
    replicasPerMaster: 1,
  });
  const masters = async () => (await cluster.status()).filter((s) => s.role === 'master').map((s) => s.port);
  return {
    kind: 'cluster',
    settings: { mode: 'cluster', nodes: cluster.ports.map((port) => ({ host: '127.0.0.1', port })), tls: false },
    ports: cluster.ports,
    bullConnection: (o = {}) =>
      new Cluster(
        cluster.ports.map((port) => ({ host: '127.0.0.1', port })),
        {
          scaleReads: 'master',
          enableAutoPipelining: o.autoPipelining ?? false,
          redisOptions: { maxRetriesPerRequest: null },
        },
      ),
    masters,
    flush: async () => {
      for (const p of await masters()) await nodeCommand(p, 'FLUSHALL');
    },
    resetStats: async () => {
      for (const p of await masters()) await nodeCommand(p, 'CONFIG', 'RESETSTAT');
    },
    commandStats: async () => statsOf(await masters()),
    redisCpuSeconds: () => cpuOf(cluster.ports),
    stop: () => cluster.stop(),
  };
}

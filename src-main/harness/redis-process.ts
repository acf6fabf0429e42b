import { setTimeout as sleep } from 'node:timers/promises';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { SlotlineError } from '../../shared/errors';
import { isPortFree } from './free-port';
import { requireLoopback } from './loopback-address';
import { nodeCommand, requireBinary } from './redis-cli';

/** One redis-server process the harness started. */
export interface RedisNodeProcess {
  port: number;
  /** The loopback address it binds and announces. Absent (older cluster.json): 127.0.0.1. */
  host?: string;
  pid: number;
  /** The node's working folder: config, log, nodes.conf. */
  dir: string;
}

export interface RedisServerOptions {
  port: number;
  /** Loopback address to bind and announce (cluster-announce-ip). Default 127.0.0.1. */
  host?: string;
  /** Folder for this node; created if missing. */
  dir: string;
  cluster?: boolean;
  /** cluster-node-timeout in ms (cluster only). Default 2000. */
  nodeTimeoutMs?: number;
  /** requirepass / masterauth. */
  password?: string;
  /** Extra `directive value` lines for redis.conf. */
  extraConfig?: string[];
}

export class PortInUseError extends SlotlineError {
  constructor(port: number, host = '127.0.0.1') {
    super(
      'port-in-use',
      `port ${port} on ${host} is already in use: choose another --port, or omit --port to use free ports`,
    );
  }
}

function configText(o: RedisServerOptions): string {
  const lines = [
    `port ${o.port}`,
    `bind ${o.host ?? '127.0.0.1'}`,
    'protected-mode no',
    'daemonize no',
    `dir ${o.dir}`,
    `logfile ${path.join(o.dir, 'redis.log')}`,
    `pidfile ${path.join(o.dir, 'redis.pid')}`,
    'save ""',
    'appendonly no',
    // DEBUG SLEEP is how drills and tests make a node slow rather than dead.
    'enable-debug-command local',
  ];
  if (o.cluster) {
    lines.push(
      'cluster-enabled yes',
      'cluster-config-file nodes.conf',
      `cluster-node-timeout ${o.nodeTimeoutMs ?? 2000}`,
      // A replica must be able to take over no matter how long its master was gone in a drill.
      'cluster-replica-validity-factor 0',
    );
    // The address other nodes and clients are told.
    if (o.host !== undefined) lines.push(`cluster-announce-ip ${o.host}`);
  }
  // Outgoing bus and replication links leave from the node's own address (Redis 7 otherwise uses
  // 127.0.0.1), so a partition between addresses cuts every link of the node.
  if (o.host !== undefined) lines.push(`bind-source-addr ${o.host}`);
  if (o.password) lines.push(`requirepass ${o.password}`, `masterauth ${o.password}`);
  lines.push(...(o.extraConfig ?? []));
  return lines.join('\n') + '\n';
}

/** True while a process with this PID exists (and is not a zombie). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/\) Z /.test(stat);
  } catch {
    return true;
  }
}

/** True when the PID is a redis-server serving this port (guards against recycled PIDs). */
export function isRedisOnPort(pid: number, port: number): boolean {
  if (!isAlive(pid)) return false;
  try {
    const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return cmd.includes('redis-server') && cmd.includes(`:${port}`);
  } catch {
    return true; // no /proc (macOS): trust the recorded PID
  }
}

/** Waits until host:port (default 127.0.0.1) answers PING, or throws with the tail of the node's log. */
export async function waitForPing(
  port: number,
  dir: string,
  pid: number,
  timeoutMs = 10000,
  host?: string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) break;
    try {
      const out = await nodeCommand({ host, port }, 'PING');
      if (out.trim() === 'PONG' || out.includes('NOAUTH')) return;
    } catch {
      /* not up yet */
    }
    await sleep(50);
  }
  let tail = '';
  try {
    tail = fs.readFileSync(path.join(dir, 'redis.log'), 'utf8').split('\n').slice(-5).join('\n');
  } catch {
    /* no log */
  }
  throw new SlotlineError(
    'redis-start-failed',
    `redis-server on port ${port} did not start (see ${dir}/redis.log):\n${tail}`,
  );
}

/**
 * Starts one redis-server on its loopback address (default 127.0.0.1) with its own folder, detached so it outlives a CLI that
 * started it; stop it by PID with stopNode.
 */
export async function startRedisServer(o: RedisServerOptions): Promise<RedisNodeProcess> {
  const bin = await requireBinary('redis-server');
  await requireBinary('redis-cli');
  fs.mkdirSync(o.dir, { recursive: true });
  const conf = path.join(o.dir, 'redis.conf');
  const host = o.host === undefined ? undefined : requireLoopback(o.host, 'host');
  if (!fs.existsSync(conf)) {
    if (!(await isPortFree(o.port, host))) throw new PortInUseError(o.port, host);
    if (o.cluster && !(await isPortFree(o.port + 10000, host))) throw new PortInUseError(o.port + 10000, host);
    fs.writeFileSync(conf, configText(o));
  }
  return launch(bin, o.port, o.dir, host);
}

/** Starts a node again from its existing folder (its config and nodes.conf are kept). */
export async function restartRedisServer(port: number, dir: string, host?: string): Promise<RedisNodeProcess> {
  const bin = await requireBinary('redis-server');
  if (!(await isPortFree(port, host))) throw new PortInUseError(port, host);
  return launch(bin, port, dir, host);
}

async function launch(bin: string, port: number, dir: string, host?: string): Promise<RedisNodeProcess> {
  const child = spawn(bin, [path.join(dir, 'redis.conf')], { detached: true, stdio: 'ignore', cwd: dir });
  child.unref();
  const pid = child.pid;
  if (pid === undefined) throw new SlotlineError('redis-start-failed', `could not spawn ${bin} for port ${port}`);
  await waitForPing(port, dir, pid, 10000, host);
  return host === undefined ? { port, pid, dir } : { port, host, pid, dir };
}

/** Stops a node by PID: SIGTERM, then SIGKILL after `graceMs`. Resolves once it is gone. */
export async function stopNode(node: Pick<RedisNodeProcess, 'pid' | 'port'>, graceMs = 3000): Promise<void> {
  if (!isRedisOnPort(node.pid, node.port)) return;
  try {
    process.kill(node.pid, 'SIGTERM');
  } catch {
    return;
  }
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline && isAlive(node.pid)) await sleep(25);
  if (isAlive(node.pid)) {
    try {
      process.kill(node.pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
    while (isAlive(node.pid)) await sleep(25);
  }
}

/** SIGKILLs a node (for failover drills) and waits until the process is gone. */
export async function killNode(node: Pick<RedisNodeProcess, 'pid' | 'port'>): Promise<void> {
  if (!isRedisOnPort(node.pid, node.port)) return;
  process.kill(node.pid, 'SIGKILL');
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline && isAlive(node.pid)) await sleep(10);
}

import { setTimeout as sleep } from 'node:timers/promises';
import fs from 'node:fs';
import path from 'node:path';
import { SlotlineError } from '../../shared/errors';
import type { ClusterSettings } from '../../shared/settings/connection-settings';
import { findFreePortRange } from './free-port';
import { requireLoopback } from './loopback-address';
import { nodeCommand, parseInfoLines, redisCli, requireBinary, type NodeTarget } from './redis-cli';
import {
  isRedisOnPort,
  killNode,
  restartRedisServer,
  startRedisServer,
  stopNode,
  type RedisNodeProcess,
} from './redis-process';

export interface LocalClusterOptions {
  masters?: number;
  replicasPerMaster?: number;
  /** First port; ports are consecutive. Default: a free range. */
  basePort?: number;
  /** Folder holding one sub-folder per node plus `cluster.json`. */
  dir: string;
  /** cluster-node-timeout in ms. Default 2000, so a failover takes about 3–5 s. */
  nodeTimeoutMs?: number;
  /** How long to wait for the cluster to be ready. Default 30 s. */
  readyTimeoutMs?: number;
  /**
   * One loopback address per node (127.0.0.0/8 only), in node order: masters first, then
   * replicas. Each node binds and announces its own, so a partition can cut between addresses.
   * Default: every node on 127.0.0.1.
   */
  hosts?: string[];
  /** min-replicas-to-write on every node (a master refuses writes with fewer replicas in reach). Default 0 (off). */
  minReplicasToWrite?: number;
  /** min-replicas-max-lag in seconds (how stale a replica may be and still count). Redis default 10. */
  minReplicasMaxLagS?: number;
}

/** What `cluster.json` in the cluster's folder records. */
export interface LocalClusterState {
  dir: string;
  masters: number;
  replicasPerMaster: number;
  nodeTimeoutMs: number;
  minReplicasToWrite?: number;
  minReplicasMaxLagS?: number;
  createdAt: string;
  nodes: RedisNodeProcess[];
}

export interface NodeStatus {
  port: number;
  pid: number;
  alive: boolean;
  role: 'master' | 'replica' | 'unknown';
  /** Port of this replica's master. */
  masterPort?: number;
  flags: string[];
  slots: number;
  linkStatus?: string;
}

const STATE_FILE = 'cluster.json';

export function readClusterState(dir: string): LocalClusterState {
  const file = path.join(dir, STATE_FILE);
  if (!fs.existsSync(file)) {
    throw new SlotlineError(
      'no-cluster',
      `no local cluster in ${dir} (${file} is missing): start one with slotline cluster up --dir ${dir}`,
    );
  }
  return JSON.parse(fs.readFileSync(file, 'utf8')) as LocalClusterState;
}

export function writeClusterState(state: LocalClusterState): void {
  fs.writeFileSync(path.join(state.dir, STATE_FILE), JSON.stringify(state, null, 2) + '\n');
}

/** A started local cluster. */
export class LocalCluster {
  constructor(public state: LocalClusterState) {}

  get ports(): number[] {
    return this.state.nodes.map((n) => n.port);
  }

  /** The loopback address of the node on `port` (127.0.0.1 unless the cluster was started with hosts). */
  hostOf(port: number): string {
    return this.node(port).host ?? '127.0.0.1';
  }

  /** Every node's address, in node order. */
  get endpoints(): Array<{ host: string; port: number }> {
    return this.state.nodes.map((n) => ({ host: n.host ?? '127.0.0.1', port: n.port }));
  }

  /** Connection settings that reach this cluster (every node as a seed). */
  get settings(): ClusterSettings {
    return { mode: 'cluster', nodes: this.endpoints, tls: false };
  }

  /** `host1:p1,host2:p2,…` for REDIS_CLUSTER_NODES. */
  get seedList(): string {
    return this.endpoints.map((e) => `${e.host}:${e.port}`).join(',');
  }

  node(port: number): RedisNodeProcess {
    const n = this.state.nodes.find((x) => x.port === port);
    if (!n)
      throw new SlotlineError(
        'unknown-node',
        `port ${port} is not a node of the cluster in ${this.state.dir}: expected one of ${this.ports.join(', ')}`,
      );
    return n;
  }

  /** Live roles, as every alive node reports them. */
  async status(): Promise<NodeStatus[]> {
    const out: NodeStatus[] = [];
    const aliveViews = new Map<number, NodeStatus>();
    for (const n of this.state.nodes) {
      const alive = isRedisOnPort(n.pid, n.port);
      const st: NodeStatus = { port: n.port, pid: n.pid, alive, role: 'unknown', flags: [], slots: 0 };
      if (alive) {
        try {
          const nodes = await nodeCommand(endpointOf(n), 'CLUSTER', 'NODES');
          for (const line of nodes.trim().split('\n')) {
            const parts = line.split(' ');
            if (!parts[2]?.includes('myself')) continue;
            st.flags = parts[2].split(',').filter((f) => f !== 'myself');
            st.role = st.flags.includes('master') ? 'master' : st.flags.includes('slave') ? 'replica' : 'unknown';
            st.slots = countSlots(parts.slice(8));
            if (st.role === 'replica') {
              const masterId = parts[3];
              const masterLine = nodes.split('\n').find((l) => l.startsWith(`${masterId} `));
              const addr = masterLine?.split(' ')[1];
              if (addr) st.masterPort = Number(addr.split('@')[0]!.split(':').pop());
              st.linkStatus = parseInfoLines(
                await nodeCommand(endpointOf(n), 'INFO', 'replication'),
              ).master_link_status;
            }
          }
        } catch {
          /* reported as unknown */
        }
        aliveViews.set(n.port, st);
      }
      out.push(st);
    }
    return out;
  }

  /** Takes the PIDs that `cluster.json` records now (another process may have restarted a node). */
  private reload(): void {
    try {
      const onDisk = readClusterState(this.state.dir);
      for (const n of this.state.nodes) {
        const d = onDisk.nodes.find((x) => x.port === n.port);
        if (d) n.pid = d.pid;
      }
    } catch {
      // no state file (removed, or never written): keep what this object knows
    }
  }

  /** SIGKILLs the node on `port` (a drill). */
  async kill(port: number): Promise<void> {
    this.reload();
    await killNode(this.node(port));
  }

  /** Starts a killed node again from its folder; it rejoins (as a replica if it was failed over). */
  async restart(port: number): Promise<RedisNodeProcess> {
    this.reload();
    const n = this.node(port);
    if (isRedisOnPort(n.pid, n.port)) return n;
    const started = await restartRedisServer(port, n.dir, n.host);
    n.pid = started.pid;
    writeClusterState(this.state);
    return n;
  }

  /**
   * Stops every node of this cluster by PID and removes its folder. The PIDs are read again from
   * `cluster.json` first: another process (a drill, an e2e spec, `slotline cluster restart`) may
   * have restarted a node since this object was made.
   */
  async stop(options: { keepFiles?: boolean } = {}): Promise<void> {
    this.reload();
    await Promise.all(this.state.nodes.map((n) => stopNode(n)));
    if (!options.keepFiles) fs.rmSync(this.state.dir, { recursive: true, force: true });
  }

  /** Resolves once the cluster is ready (see waitClusterReady). */
  waitReady(timeoutMs = 30000): Promise<void> {
    return waitClusterReady(this.state.nodes.filter((n) => isRedisOnPort(n.pid, n.port)).map(endpointOf), timeoutMs);
  }

  static open(dir: string): LocalCluster {
    return new LocalCluster(readClusterState(dir));
  }
}

function endpointOf(n: RedisNodeProcess): { host: string; port: number } {
  return { host: n.host ?? '127.0.0.1', port: n.port };
}

function countSlots(ranges: string[]): number {
  let total = 0;
  for (const r of ranges) {
    if (r.startsWith('[')) continue; // migrating/importing markers
    const [a, b] = r.split('-');
    total += b === undefined ? 1 : Number(b) - Number(a) + 1;
  }
  return total;
}

/**
 * Ready means: every node says `cluster_state:ok`, every node sees the same set of masters with
 * slots, and every replica's link to its master is up. A replica that never synced refuses to be
 * promoted, so calling a cluster ready any earlier makes the first failover drill hang.
 */
export async function waitClusterReady(ports: NodeTarget[], timeoutMs = 30000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let reason = 'not checked';
  while (Date.now() < deadline) {
    reason = await notReadyReason(ports);
    if (reason === '') return;
    await sleep(100);
  }
  throw new SlotlineError(
    'cluster-not-ready',
    `cluster on ports ${ports.map(label).join(',')} not ready after ${timeoutMs} ms: ${reason}`,
  );
}

const label = (t: NodeTarget): string => (typeof t === 'number' ? String(t) : `${t.host ?? '127.0.0.1'}:${t.port}`);

async function notReadyReason(targets: NodeTarget[]): Promise<string> {
  let masterView: string | undefined;
  for (const port of targets) {
    let info: Record<string, string>;
    let nodes: string;
    try {
      info = parseInfoLines(await nodeCommand(port, 'CLUSTER', 'INFO'));
      nodes = await nodeCommand(port, 'CLUSTER', 'NODES');
    } catch (e) {
      return `node ${label(port)} does not answer (${(e as Error).message})`;
    }
    if (info.cluster_state !== 'ok') return `node ${label(port)} reports cluster_state:${info.cluster_state}`;
    const lines = nodes
      .trim()
      .split('\n')
      .map((l) => l.split(' '));
    const masters = lines
      .filter((p) => p[2]?.split(',').includes('master') && !p[2].includes('fail') && p.length > 8)
      .map((p) => p[0])
      .sort()
      .join(',');
    if (masterView === undefined) masterView = masters;
    else if (masterView !== masters) return `node ${label(port)} sees different masters`;
    const me = lines.find((p) => p[2]?.includes('myself'));
    if (me?.[2]?.includes('slave')) {
      const repl = parseInfoLines(await nodeCommand(port, 'INFO', 'replication'));
      if (repl.master_link_status !== 'up')
        return `replica ${label(port)} link is ${repl.master_link_status ?? 'unknown'}`;
    }
  }
  return '';
}

/**
 * Starts masters × (1 + replicas) redis-server processes (on 127.0.0.1, or each on its own
 * loopback address from `hosts`), joins them with
 * `redis-cli --cluster create`, waits until ready and records the nodes in `<dir>/cluster.json`.
 * On failure every started process is stopped again.
 */
export async function startLocalCluster(o: LocalClusterOptions): Promise<LocalCluster> {
  const masters = o.masters ?? 3;
  const replicas = o.replicasPerMaster ?? 1;
  const nodeTimeoutMs = o.nodeTimeoutMs ?? 2000;
  if (!Number.isInteger(masters) || masters < 1)
    throw new SlotlineError('invalid-argument', `masters=${masters}: expected a whole number >= 1`);
  if (!Number.isInteger(replicas) || replicas < 0)
    throw new SlotlineError('invalid-argument', `replicas=${replicas}: expected a whole number >= 0`);
  const count = masters * (1 + replicas);
  const hosts = o.hosts?.map((h) => requireLoopback(h, 'hosts'));
  if (hosts !== undefined && hosts.length !== count)
    throw new SlotlineError(
      'invalid-argument',
      `hosts: ${hosts.length} address(es) for ${count} nodes (${masters} masters × ${1 + replicas}): expected exactly ${count}`,
    );
  if (hosts !== undefined && new Set(hosts).size !== hosts.length)
    throw new SlotlineError('invalid-argument', `hosts ${hosts.join(',')}: expected distinct addresses`);
  const minReplicas = o.minReplicasToWrite ?? 0;
  if (!Number.isInteger(minReplicas) || minReplicas < 0 || minReplicas > replicas)
    throw new SlotlineError(
      'invalid-argument',
      `min-replicas-to-write=${minReplicas}: expected a whole number 0..${replicas} (the replicas per master)`,
    );
  const maxLag = o.minReplicasMaxLagS;
  if (maxLag !== undefined && (!Number.isInteger(maxLag) || maxLag < 1 || maxLag > 3600))
    throw new SlotlineError('invalid-argument', `min-replicas-max-lag=${maxLag}: expected whole seconds 1..3600`);
  const extraConfig = [
    ...(minReplicas > 0 ? [`min-replicas-to-write ${minReplicas}`] : []),
    ...(maxLag !== undefined ? [`min-replicas-max-lag ${maxLag}`] : []),
  ];
  await requireBinary('redis-server');
  await requireBinary('redis-cli');
  if (fs.existsSync(path.join(o.dir, STATE_FILE))) {
    throw new SlotlineError(
      'cluster-exists',
      `${o.dir} already holds a cluster (${STATE_FILE}): run slotline cluster down --dir ${o.dir} first`,
    );
  }
  fs.mkdirSync(o.dir, { recursive: true });
  const base = o.basePort ?? (await findFreePortRange(count));
  const state: LocalClusterState = {
    dir: path.resolve(o.dir),
    masters,
    replicasPerMaster: replicas,
    nodeTimeoutMs,
    ...(minReplicas > 0 ? { minReplicasToWrite: minReplicas } : {}),
    ...(maxLag !== undefined ? { minReplicasMaxLagS: maxLag } : {}),
    createdAt: new Date().toISOString(),
    nodes: [],
  };
  const cluster = new LocalCluster(state);
  try {
    for (let i = 0; i < count; i++) {
      const port = base + i;
      state.nodes.push(
        await startRedisServer({
          port,
          host: hosts?.[i],
          dir: path.join(state.dir, String(port)),
          cluster: true,
          nodeTimeoutMs,
          extraConfig,
        }),
      );
      writeClusterState(state);
    }
    if (masters < 3) {
      // redis-cli --cluster create insists on 3 masters; assign slots by hand for smaller clusters.
      await assembleSmallCluster(state);
    } else {
      await redisCli(
        [
          '--cluster',
          'create',
          ...cluster.endpoints.map((e) => `${e.host}:${e.port}`),
          '--cluster-replicas',
          String(replicas),
          '--cluster-yes',
        ],
        60000,
      );
    }
    await cluster.waitReady(o.readyTimeoutMs ?? 30000);
    return cluster;
  } catch (e) {
    await cluster.stop();
    throw e;
  }
}

async function assembleSmallCluster(state: LocalClusterState): Promise<void> {
  const ports = state.nodes.map(endpointOf);
  // A lone node never learns its own address from a MEET, so CLUSTER SLOTS would name it with an
  // empty host, which clients cannot connect to.
  if (ports.length === 1) await nodeCommand(ports[0]!, 'CONFIG', 'SET', 'cluster-announce-ip', ports[0]!.host);
  for (const p of ports.slice(1)) await nodeCommand(ports[0]!, 'CLUSTER', 'MEET', p.host, String(p.port));
  const per = Math.ceil(16384 / state.masters);
  for (let m = 0; m < state.masters; m++) {
    const from = m * per;
    const to = Math.min(16383, from + per - 1);
    await nodeCommand(ports[m]!, 'CLUSTER', 'ADDSLOTSRANGE', String(from), String(to));
  }
  const ids: string[] = [];
  for (const p of ports) ids.push((await nodeCommand(p, 'CLUSTER', 'MYID')).trim());
  // Replicas can only be attached once they know their master.
  const deadline = Date.now() + 10000;
  for (let r = state.masters; r < ports.length; r++) {
    const masterId = ids[(r - state.masters) % state.masters]!;
    for (;;) {
      try {
        await nodeCommand(ports[r]!, 'CLUSTER', 'REPLICATE', masterId).then((out) => {
          if (!out.includes('OK')) throw new Error(out);
        });
        break;
      } catch (e) {
        if (Date.now() > deadline) throw e;
        await sleep(100);
      }
    }
  }
}

import fs from 'node:fs';
import path from 'node:path';
import { SlotlineError } from '../../shared/errors';
import { findFreePortRange, isPortFree } from './free-port';
import { writeClusterState, type LocalCluster } from './local-cluster';
import { nodeCommand, redisCli } from './redis-cli';
import { PortInUseError, startRedisServer, stopNode, type RedisNodeProcess } from './redis-process';
import { runSlotMove, waitMembershipAgreed, type SlotMoveOptions, type SlotMoveResult } from './slot-moves';

/** A cluster operation refused before it changed anything. */
export class ClusterOperationError extends SlotlineError {
  constructor(message: string) {
    super('cluster-operation-refused', message);
  }
}

const addr = (port: number) => `127.0.0.1:${port}`;

interface LiveNode {
  port: number;
  id: string;
  role: 'master' | 'replica';
  masterId?: string;
  slots: number;
}

/** Every alive recorded node as the cluster sees it (id, role, master, slot count). */
async function liveNodes(cluster: LocalCluster): Promise<LiveNode[]> {
  const status = (await cluster.status()).filter((s) => s.alive && s.role !== 'unknown');
  const ids = new Map<number, string>();
  for (const s of status) ids.set(s.port, (await nodeCommand(s.port, 'CLUSTER', 'MYID')).trim());
  return status.map((s) => ({
    port: s.port,
    id: ids.get(s.port)!,
    role: s.role as 'master' | 'replica',
    slots: s.slots,
    masterId: s.masterPort === undefined ? undefined : ids.get(s.masterPort),
  }));
}

function aliveMaster(nodes: LiveNode[], except?: number): LiveNode {
  const m = nodes.find((n) => n.role === 'master' && n.slots > 0 && n.port !== except);
  if (!m) throw new ClusterOperationError('no alive master with slots to talk to: is the cluster up?');
  return m;
}

export interface AddMasterOptions {
  /** Replicas for the new master. Default 1. */
  replicas?: number;
  /** First port of the new nodes (consecutive). Default: a free range. */
  basePort?: number;
}

/**
 * Starts one new master (and its replicas) on free loopback ports and joins them with
 * `redis-cli --cluster add-node`; the master holds no slots until a rebalance. Records the nodes
 * in `cluster.json`. Taken ports are refused before anything starts; a failed join stops the
 * nodes it started.
 */
export async function addMaster(cluster: LocalCluster, o: AddMasterOptions = {}): Promise<RedisNodeProcess[]> {
  const replicas = o.replicas ?? 1;
  if (!Number.isInteger(replicas) || replicas < 0 || replicas > 5)
    throw new ClusterOperationError(`replicas=${replicas}: expected a whole number 0..5`);
  const count = 1 + replicas;
  const nodes = await liveNodes(cluster);
  const seed = aliveMaster(nodes);
  let base: number;
  if (o.basePort === undefined) base = await findFreePortRange(count);
  else {
    base = o.basePort;
    for (let p = base; p < base + count; p++) {
      if (p > 55535) throw new ClusterOperationError(`port ${p}: expected at most 55535 (its bus port is +10000)`);
      if (!(await isPortFree(p))) throw new PortInUseError(p);
      if (!(await isPortFree(p + 10000))) throw new PortInUseError(p + 10000);
    }
  }
  const started: RedisNodeProcess[] = [];
  const state = cluster.state;
  try {
    for (let i = 0; i < count; i++) {
      const port = base + i;
      const n = await startRedisServer({
        port,
        dir: path.join(state.dir, String(port)),
        cluster: true,
        nodeTimeoutMs: state.nodeTimeoutMs,
      });
      started.push(n);
      state.nodes.push(n);
      writeClusterState(state);
    }
    const master = started[0]!;
    // add-node checks that every node agrees on the configuration, and a node added just before
    // (or a move just finished) may not be known everywhere yet: wait for the gossip each time.
    const joining = started.map((n) => n.port);
    await waitMembershipAgreed(cluster, 30_000, joining);
    await redisCli(['--cluster', 'add-node', addr(master.port), addr(seed.port)], 60_000);
    const masterId = (await nodeCommand(master.port, 'CLUSTER', 'MYID')).trim();
    joining.shift();
    await waitMembershipAgreed(cluster, 30_000, joining);
    for (const r of started.slice(1)) {
      // Joined as an empty node first, then told to replicate once it has heard of its master:
      // redis-cli's --cluster-slave sends CLUSTER REPLICATE right after the MEET, and a node that
      // has not learnt the master's id by gossip yet answers "ERR Unknown node" (seen in CI).
      await redisCli(['--cluster', 'add-node', addr(r.port), addr(seed.port)], 60_000);
      await waitKnows(r.port, masterId, 30_000);
      await nodeCommand(r.port, 'CLUSTER', 'REPLICATE', masterId);
      joining.shift();
      await waitMembershipAgreed(cluster, 30_000, joining);
    }
    state.masters += 1;
    writeClusterState(state);
    await cluster.waitReady();
    return started;
  } catch (e) {
    await forgetEverywhere(
      cluster,
      started.map((n) => n.port),
    );
    await Promise.all(started.map((n) => stopNode(n)));
    state.nodes = state.nodes.filter((n) => !started.includes(n));
    for (const n of started) fs.rmSync(n.dir, { recursive: true, force: true });
    writeClusterState(state);
    throw e;
  }
}

/**
 * Moves slots so every master holds a fair share, empty masters included
 * (`redis-cli --cluster rebalance --cluster-use-empty-masters`), with the bounded retries and
 * open-slot fixes of runSlotMove (default 4 attempts).
 */
export async function rebalance(cluster: LocalCluster, o: SlotMoveOptions = {}): Promise<SlotMoveResult> {
  return runSlotMove(
    cluster,
    async () => aliveMaster(await liveNodes(cluster)).port,
    (seed) => ['rebalance', seed, '--cluster-use-empty-masters'],
    o,
  );
}

/**
 * Moves every slot of the master on `port` to the other masters (a rebalance that gives it weight
 * 0), then removes it and its replicas with `redis-cli --cluster del-node` and stops their
 * processes by PID. Refused, with nothing changed, for an unknown port, a node that is not a
 * master, or the last master. The slot move retries as runSlotMove does; `onSlotMove` gets its
 * result (attempts, fixes).
 */
export async function removeMaster(
  cluster: LocalCluster,
  port: number,
  o: SlotMoveOptions & { onSlotMove?: (r: SlotMoveResult) => void } = {},
): Promise<RedisNodeProcess[]> {
  cluster.node(port); // throws for an unknown port
  const nodes = await liveNodes(cluster);
  const target = nodes.find((n) => n.port === port);
  if (!target) throw new ClusterOperationError(`node ${port} is not running: expected an alive master`);
  if (target.role !== 'master') {
    const masters = nodes.filter((n) => n.role === 'master').map((n) => n.port);
    throw new ClusterOperationError(
      `node ${port} is a replica, not a master: expected one of the masters ${masters.join(', ')}`,
    );
  }
  const others = nodes.filter((n) => n.role === 'master' && n.port !== port);
  if (others.length === 0)
    throw new ClusterOperationError(`node ${port} is the last master: a cluster needs at least one master`);
  const replicas = nodes.filter((n) => n.role === 'replica' && n.masterId === target.id);
  if (target.slots > 0) {
    // A rebalance with weight 0 spreads the node's slots over the others in one redis-cli run.
    const moved = await runSlotMove(
      cluster,
      async () => others[0]!.port,
      (seed) => ['rebalance', seed, '--cluster-weight', `${target.id}=0`, '--cluster-use-empty-masters'],
      o,
    );
    o.onSlotMove?.(moved);
    await waitFor(async () => countOwnSlots(await nodeCommand(port, 'CLUSTER', 'NODES')) === 0, 30_000);
  }
  // Replicas first: del-node refuses nothing for them, and the master goes once it is empty.
  const gone = [...replicas, target];
  const seedPort = others[0]!.port;
  for (const n of gone) await redisCli(['--cluster', 'del-node', addr(seedPort), n.id], 60_000);
  const processes = cluster.state.nodes.filter((n) => gone.some((g) => g.port === n.port));
  await Promise.all(processes.map((n) => stopNode(n)));
  cluster.state.nodes = cluster.state.nodes.filter((n) => !processes.includes(n));
  cluster.state.masters = Math.max(1, cluster.state.masters - 1);
  writeClusterState(cluster.state);
  for (const n of processes) fs.rmSync(n.dir, { recursive: true, force: true });
  await cluster.waitReady();
  return processes;
}

function countOwnSlots(nodesText: string): number {
  const me = nodesText.split('\n').find((l) => l.split(' ')[2]?.includes('myself'));
  if (!me) return -1;
  let total = 0;
  for (const f of me.split(' ').slice(8)) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(f);
    if (m) total += m[2] === undefined ? 1 : Number(m[2]) - Number(m[1]) + 1;
  }
  return total;
}

/** After a failed add: the other nodes forget the half-joined ones (best effort). */
async function forgetEverywhere(cluster: LocalCluster, ports: number[]): Promise<void> {
  const ids: string[] = [];
  for (const p of ports) {
    try {
      ids.push((await nodeCommand(p, 'CLUSTER', 'MYID')).trim());
    } catch {
      /* never answered: nobody knows it */
    }
  }
  for (const n of cluster.state.nodes) {
    if (ports.includes(n.port)) continue;
    for (const id of ids) await nodeCommand(n.port, 'CLUSTER', 'FORGET', id).catch(() => undefined);
  }
}

async function waitFor(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new ClusterOperationError(`cluster did not settle within ${timeoutMs} ms`);
}

/** Waits until the node at `port` lists `nodeId` in its CLUSTER NODES (bounded by `timeoutMs`). */
async function waitKnows(port: number, nodeId: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await nodeCommand(port, 'CLUSTER', 'NODES')).includes(nodeId)) {
    if (Date.now() > deadline)
      throw new ClusterOperationError(
        `node 127.0.0.1:${port} did not learn of master ${nodeId} within ${timeoutMs} ms`,
      );
    await new Promise((r) => setTimeout(r, 100));
  }
}

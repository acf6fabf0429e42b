import { setTimeout as sleep } from 'node:timers/promises';
import { SlotlineError } from '../../shared/errors';
import { parseClusterNodes } from '../topology/parse-cluster-nodes';
import type { LocalCluster } from './local-cluster';
import { nodeCommand, redisCli } from './redis-cli';
import { isRedisOnPort } from './redis-process';

/** Slot moves can take minutes with many keys; redis-cli itself reports progress and errors. */
export const MOVE_TIMEOUT_MS = 10 * 60_000;

/** A slot left MIGRATING on one node or IMPORTING on another by an interrupted move. */
export interface OpenSlot {
  slot: number;
  /** The node reporting the open state. */
  port: number;
  state: 'migrating' | 'importing';
  /** The other side's node id. */
  peerId: string;
}

/** Options of a robust slot move. */
export interface SlotMoveOptions {
  /** Attempts of the redis-cli command, at least 1. Default 4. */
  attempts?: number;
  /** Progress lines (a failed attempt, a fix); default none. */
  log?: (line: string) => void;
  /** How long to wait for the nodes to agree on who is in the cluster before each attempt. Default 30 s. */
  settleMs?: number;
}

/** What a robust slot move did. */
export interface SlotMoveResult {
  /** redis-cli's stdout of the attempt that succeeded. */
  output: string;
  /** Attempts it took (1 when the first one worked). */
  attempts: number;
  /** The failed attempts' reasons, in order. */
  failures: string[];
  /** How many times `redis-cli --cluster fix` closed slots left open. */
  fixes: number;
}

const alivePorts = (cluster: LocalCluster): number[] =>
  cluster.state.nodes.filter((n) => isRedisOnPort(n.pid, n.port)).map((n) => n.port);

/**
 * Resolves once every alive node lists the same node ids and none of them is still in a
 * handshake or without an address. `redis-cli --cluster` checks only that the nodes agree on
 * the slots, so right after add-node it may start moving a slot to a master the source has not
 * heard of yet: `CLUSTER SETSLOT … MIGRATING` then fails with "I don't know about node …" and
 * leaves the slot IMPORTING on the new master (seen under drill load, where gossip is slower);
 * and `add-node` refuses with "Nodes don't agree about configuration!" while the node added just
 * before does not know every other node yet. `notYetJoined`: started nodes not added yet.
 */
export async function waitMembershipAgreed(
  cluster: LocalCluster,
  timeoutMs = 30_000,
  notYetJoined: number[] = [],
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let reason = 'not checked';
  while (Date.now() < deadline) {
    reason = await membershipDisagreement(alivePorts(cluster).filter((p) => !notYetJoined.includes(p)));
    if (reason === '') return;
    await sleep(200);
  }
  throw new SlotlineError(
    'cluster-not-settled',
    `the nodes did not agree on the cluster's members within ${timeoutMs} ms: ${reason}`,
  );
}

async function membershipDisagreement(ports: number[]): Promise<string> {
  let first: { port: number; ids: string } | undefined;
  for (const port of ports) {
    let view;
    try {
      view = parseClusterNodes(await nodeCommand(port, 'CLUSTER', 'NODES'));
    } catch (e) {
      return `node ${port} does not answer (${(e as Error).message})`;
    }
    const pending = view.nodes.find((n) => n.flags.includes('handshake') || n.flags.includes('noaddr'));
    if (pending) return `node ${port} still has ${pending.id.slice(0, 8)} in ${pending.flags.join(',')}`;
    const ids = view.nodes
      .map((n) => n.id)
      .sort()
      .join(',');
    if (first === undefined) first = { port, ids };
    else if (first.ids !== ids) return `nodes ${first.port} and ${port} know different members`;
  }
  return '';
}

/** Every slot an alive node reports as MIGRATING or IMPORTING. */
export async function openSlots(cluster: LocalCluster): Promise<OpenSlot[]> {
  const out: OpenSlot[] = [];
  for (const port of alivePorts(cluster)) {
    const view = parseClusterNodes(await nodeCommand(port, 'CLUSTER', 'NODES').catch(() => ''));
    const me = view.nodes.find((n) => n.flags.includes('myself'));
    for (const m of me?.migrations ?? []) {
      const migrating = m.fromId === me!.id;
      out.push({
        slot: m.slot,
        port,
        state: migrating ? 'migrating' : 'importing',
        peerId: migrating ? m.toId : m.fromId,
      });
    }
  }
  return out;
}

/** A redis-cli failure's reason (its stderr, or the tail of its stdout), without the command line. */
function reasonOf(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  const i = msg.indexOf(' failed: ');
  return i < 0 ? msg : msg.slice(i + ' failed: '.length);
}

/**
 * Runs a slot-moving `redis-cli --cluster` command (rebalance, reshard) with bounded retries.
 * Before each attempt it waits for the nodes to agree on the members; after a failed attempt it
 * logs the reason, closes any slot left open with `redis-cli --cluster fix` (a half-moved slot
 * makes multi-key scripts on it answer TRYAGAIN until it is closed), and waits a little longer
 * each time. A rebalance is idempotent (it moves what is still uneven), so running it again is
 * safe. Throws the last failure once every attempt failed.
 */
export async function runSlotMove(
  cluster: LocalCluster,
  seedPort: () => Promise<number>,
  args: (seed: string) => string[],
  o: SlotMoveOptions = {},
): Promise<SlotMoveResult> {
  const attempts = Math.max(1, o.attempts ?? 4);
  const log = o.log ?? (() => undefined);
  const failures: string[] = [];
  let fixes = 0;
  for (let attempt = 1; ; attempt++) {
    await waitMembershipAgreed(cluster, o.settleMs ?? 30_000);
    const command = args(`127.0.0.1:${await seedPort()}`);
    try {
      const output = await redisCli(['--cluster', ...command], MOVE_TIMEOUT_MS);
      return { output, attempts: attempt, failures, fixes };
    } catch (e) {
      const reason = reasonOf(e);
      failures.push(reason);
      log(`redis-cli --cluster ${command[0]} attempt ${attempt}/${attempts} failed: ${reason}`);
      const open = await openSlots(cluster);
      if (open.length > 0) {
        log(
          `slots left open: ${open.map((s) => `${s.slot} ${s.state} on ${s.port}`).join(', ')}; running redis-cli --cluster fix`,
        );
        await waitMembershipAgreed(cluster, o.settleMs ?? 30_000).catch(() => undefined);
        await redisCli(['--cluster', 'fix', `127.0.0.1:${await seedPort()}`, '--cluster-yes'], MOVE_TIMEOUT_MS).catch(
          (fe: unknown) => log(`redis-cli --cluster fix failed: ${reasonOf(fe)}`),
        );
        fixes++;
        const left = await openSlots(cluster);
        if (left.length > 0) log(`still open after the fix: ${left.map((s) => `${s.slot} on ${s.port}`).join(', ')}`);
      }
      if (attempt >= attempts) throw e;
      await sleep(1000 * attempt);
    }
  }
}

import type { RedisHandle } from '../redis/handle';
import { redactSecrets } from '../../shared/settings/redact';
import type { TopologySnapshot } from '../../shared/types/topology';
import { buildClusterSnapshot } from './build-snapshot';
import { compareSlotViews } from './compare-views';
import { mergeNodesViews } from './merge-views';
import { parseClusterNodes, type NodesView } from './parse-cluster-nodes';
import { parseClusterShards, type ShardsEntry } from './parse-cluster-shards';
import { parseClusterInfo, parseInfo, type ClusterInfo, type NodeInfo } from './parse-info';
import { tryParseHostPort } from '../../shared/host-port';
import { withTimeout } from '../lib/with-timeout';
import type { QuickTimeouts } from './quick-timeouts';

/** The outcome of one round: a snapshot, or why no node could be asked. */
export type RoundResult = { ok: true; snapshot: TopologySnapshot } | { ok: false; error: string };

interface NodeReply {
  address: string;
  view?: NodesView;
  clusterInfo?: ClusterInfo;
  info?: NodeInfo;
  error?: string;
}

function message(e: unknown): string {
  const m = e instanceof Error ? e.message : String(e);
  // The node clients fail queued commands this way while their socket is down: say that.
  return /max retries per request/i.test(m) ? 'not connected (reconnecting)' : m;
}

/** `a: x; b: x; c: y` → `a, b: x; c: y`, so an outage of a large cluster stays one readable line. */
function summarize(replies: readonly NodeReply[]): string {
  const byReason = new Map<string, string[]>();
  for (const r of replies) {
    const why = r.error ?? 'empty CLUSTER NODES';
    byReason.set(why, [...(byReason.get(why) ?? []), r.address]);
  }
  return [...byReason].map(([why, addrs]) => `${addrs.join(', ')}: ${why}`).join('; ');
}

interface Settled<T> {
  value?: T;
  error?: string;
}

const skipped: Settled<string> = {};

async function settle<T>(p: Promise<T>): Promise<Settled<T>> {
  try {
    return { value: await p };
  } catch (e) {
    return { error: message(e) };
  }
}

/**
 * Asks one node. INFO runs up to the full timeout even when the round waits only `timeoutMs` for
 * it: a late answer still tells `quick` that the node is alive (see QuickTimeouts).
 */
async function askNode(
  handle: RedisHandle,
  address: string,
  o: { fullMs: number; quick: QuickTimeouts | undefined; withView: boolean },
): Promise<NodeReply> {
  const hp = tryParseHostPort(address);
  if (!hp) return { address, error: `${address} has no usable address` };
  const timeoutMs = o.quick?.timeoutFor(address) ?? o.fullMs;
  const client = handle.node(hp.host, hp.port);
  const ask = (ms: number, ...cmd: [string, ...string[]]) =>
    withTimeout(client.call(...cmd), ms, `${address} ${cmd.join(' ')}`).then(String);
  const fullInfo = o.quick ? o.quick.answer(address, () => ask(o.fullMs, 'INFO')) : ask(o.fullMs, 'INFO');
  // Noted when the round gives up, so a late answer (noted when it comes) always wins over it.
  const roundInfo = (timeoutMs < o.fullMs ? withTimeout(fullInfo, timeoutMs, `${address} INFO`) : fullInfo).catch(
    (e: unknown) => {
      o.quick?.noteMiss(address);
      throw e;
    },
  );
  // Sent together on the node's one socket, so a round costs one round-trip per node.
  const [nodes, cinfo, info] = await Promise.all([
    o.withView ? settle(ask(timeoutMs, 'CLUSTER', 'NODES')) : skipped,
    o.withView ? settle(ask(timeoutMs, 'CLUSTER', 'INFO')) : skipped,
    settle(roundInfo),
  ]);
  const reply: NodeReply = { address };
  if (nodes.value !== undefined) reply.view = parseClusterNodes(nodes.value);
  if (cinfo.value !== undefined) reply.clusterInfo = parseClusterInfo(cinfo.value);
  if (info.value !== undefined) reply.info = parseInfo(info.value);
  const error = info.error ?? nodes.error;
  if (error !== undefined) reply.error = error;
  return reply;
}

/** Options for one cluster round. */
export interface ClusterRoundOptions {
  /** Addresses to ask, in rotation order: every node the last snapshot knew, then the seeds. */
  candidates: readonly string[];
  /** Per-command timeout for each node. */
  nodeTimeoutMs: number;
  /**
   * Which nodes get a short timeout this round (those that missed and have not answered since);
   * updated with this round's answers and misses. Without it, every node gets nodeTimeoutMs.
   */
  quick?: QuickTimeouts;
  /** Whether to ask for CLUSTER SHARDS (turned off after a server rejects it). */
  useShards: boolean;
  /** How many answering nodes' slot views to compare (default MAX_COMPARED_VIEWS). */
  maxComparedViews?: number;
  /** Secrets to blank out of error texts. */
  secrets?: Array<string | undefined>;
  now: () => number;
}

/**
 * One polling round against a cluster. Every candidate is asked, in parallel, for CLUSTER NODES,
 * CLUSTER INFO and INFO: asking every known node (not just the seeds) means a dead seed never
 * blinds the monitor, pfail suspicions of any observer are seen, and migration markers, which
 * only a node's own `myself` line carries, are found. The views are merged (freshest config
 * epoch wins; the rotation order breaks ties). Nodes the merged view names that were not asked
 * yet (just added) get their INFO in a second, smaller wave. Never throws.
 */
export async function pollCluster(
  handle: RedisHandle,
  o: ClusterRoundOptions,
): Promise<RoundResult & { shardsUnsupported?: boolean }> {
  try {
    const ask = { fullMs: o.nodeTimeoutMs, quick: o.quick };
    const replies = await Promise.all(o.candidates.map((a) => askNode(handle, a, { ...ask, withView: true })));
    const answered = replies.filter((r) => r.view !== undefined && r.view.nodes.length > 0);
    const view = mergeNodesViews(answered.map((r) => r.view!));
    if (!view) {
      const why = replies.length > 0 ? summarize(replies) : 'no known node addresses';
      return { ok: false, error: redactSecrets(`no node answered CLUSTER NODES (${why})`, o.secrets ?? []) };
    }
    const infos = new Map<string, NodeInfo>();
    for (const r of replies) if (r.info) infos.set(r.address, r.info);
    const asked = new Set(o.candidates);
    const late = view.nodes.map((n) => n.address).filter((a) => !asked.has(a) && tryParseHostPort(a));
    for (const r of await Promise.all(late.map((a) => askNode(handle, a, { ...ask, withView: false })))) {
      if (r.info) infos.set(r.address, r.info);
    }

    // The base view's own node is known to answer; it also gives the freshest CLUSTER INFO.
    const baseAddress = view.nodes.find((n) => n.id === view.myselfId)?.address;
    const base = answered.find((r) => r.address === baseAddress) ?? answered[0]!;
    let shards: ShardsEntry[] | undefined;
    let shardsUnsupported = false;
    if (o.useShards) {
      const hp = tryParseHostPort(base.address)!;
      try {
        shards = parseClusterShards(
          await withTimeout(
            handle.node(hp.host, hp.port).call('CLUSTER', 'SHARDS'),
            o.nodeTimeoutMs,
            `${base.address} CLUSTER SHARDS`,
          ),
        );
      } catch (e) {
        // Redis before 7.0 has no CLUSTER SHARDS: stop asking; CLUSTER NODES has everything needed.
        if (/unknown subcommand|unknown command/i.test(message(e))) shardsUnsupported = true;
      }
    }
    const clusterInfo = base.clusterInfo ?? answered.find((r) => r.clusterInfo)?.clusterInfo;
    const snapshot = buildClusterSnapshot({
      takenAt: o.now(),
      view,
      infos,
      ...(clusterInfo ? { clusterInfo } : {}),
      ...(shards ? { shards } : {}),
    });
    // Every answering node's own view, compared: a split shows as nodes naming different owners.
    const disagreement = compareSlotViews(
      answered.map((r) => ({ address: r.address, view: r.view! })),
      snapshot.takenAt,
      o.maxComparedViews,
    );
    if (disagreement) snapshot.disagreement = disagreement;
    return { ok: true, snapshot, shardsUnsupported };
  } catch (e) {
    return { ok: false, error: redactSecrets(message(e), o.secrets ?? []) };
  }
}

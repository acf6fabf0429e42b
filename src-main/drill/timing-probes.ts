import { setTimeout as sleep } from 'node:timers/promises';
import { parseInfoLines } from '../harness/redis-cli';
import type { RedisHandle } from '../redis/handle';
import { withTimeout } from '../lib/with-timeout';
import { failureFlag, ownerOfSlot, parseClusterNodes, portOf, type NodesView } from './cluster-view';

/** Asks one node for CLUSTER NODES; a node that does not answer within 1 s gives undefined. */
export type ViewSource = (port: number) => Promise<NodesView | undefined>;

/**
 * CLUSTER NODES through the handle's standalone node clients (no process per probe: at 20 probes
 * a second a redis-cli per call would cost the 2-core load machine more than the probe measures).
 */
export function viewSource(handle: RedisHandle): ViewSource {
  return async (port) => {
    try {
      const text = await withTimeout(
        handle.node('127.0.0.1', port).call('CLUSTER', 'NODES'),
        1000,
        `CLUSTER NODES on ${port}`,
      );
      return parseClusterNodes(String(text));
    } catch {
      return undefined;
    }
  };
}

/** The first answer from any of the ports, in order. */
export async function anyView(
  source: ViewSource,
  ports: number[],
): Promise<{ port: number; view: NodesView } | undefined> {
  for (const port of ports) {
    const view = await source(port);
    if (view) return { port, view };
  }
  return undefined;
}

export interface FailoverTimes {
  pfailAt?: number;
  failAt?: number;
  promotedAt?: number;
  newMasterPort?: number;
}

/**
 * Polls `observers` every `intervalMs` until one of them sees a master other than the victim own
 * `slot` (the promotion), or `timeoutMs` passes. Along the way it notes when the victim was first
 * flagged `fail?` and `fail`. The promoted replica updates its own view first, so it is the best
 * observer; a second, unrelated master shows when the FAIL reached the rest of the cluster.
 */
export async function watchFailover(o: {
  source: ViewSource;
  observers: number[];
  victimId: string;
  slot: number;
  timeoutMs: number;
  intervalMs?: number;
}): Promise<FailoverTimes> {
  const times: FailoverTimes = {};
  const deadline = Date.now() + o.timeoutMs;
  while (Date.now() < deadline) {
    const round = await Promise.all(o.observers.map(async (port) => ({ view: await o.source(port), at: Date.now() })));
    for (const { view, at } of round) {
      if (!view) continue;
      const flag = failureFlag(view, o.victimId);
      if (flag && times.pfailAt === undefined) times.pfailAt = at;
      if (flag === 'fail' && times.failAt === undefined) times.failAt = at;
      const owner = ownerOfSlot(view, o.slot);
      if (owner && owner.id !== o.victimId && times.promotedAt === undefined) {
        times.promotedAt = at;
        times.newMasterPort = portOf(owner);
      }
    }
    if (times.promotedAt !== undefined) return times;
    await sleep(o.intervalMs ?? 50);
  }
  return times;
}

export interface RejoinResult {
  rejoinedAt?: number;
  role: 'replica' | 'master' | 'not-rejoined';
  masterPort?: number;
}

/**
 * Waits until the node on `port` calls itself a replica and its replication link is up (a
 * replica that has not synced cannot be promoted in the next fault), within `timeoutMs`.
 */
export async function waitRejoin(
  handle: RedisHandle,
  source: ViewSource,
  port: number,
  timeoutMs: number,
): Promise<RejoinResult> {
  const deadline = Date.now() + timeoutMs;
  let last: RejoinResult = { role: 'not-rejoined' };
  while (Date.now() < deadline) {
    const view = await source(port);
    const me = view?.nodes.find((n) => n.id === view.myselfId);
    if (view && me) {
      if (me.role === 'master' && me.slots.length > 0) last = { role: 'master' };
      if (me.role === 'replica') {
        const master = me.masterId ? view.nodes.find((n) => n.id === me.masterId) : undefined;
        last = { role: 'replica', masterPort: master ? portOf(master) : undefined };
        try {
          const info = parseInfoLines(
            String(
              await withTimeout(handle.node('127.0.0.1', port).call('INFO', 'replication'), 1000, `INFO on ${port}`),
            ),
          );
          if (info.master_link_status === 'up') return { ...last, rejoinedAt: Date.now() };
        } catch {
          /* asked again next round */
        }
      }
    }
    await sleep(100);
  }
  return last.role === 'replica' ? { role: 'not-rejoined', masterPort: last.masterPort } : last;
}

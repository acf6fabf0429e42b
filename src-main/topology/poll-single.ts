import type { NodeClient, RedisHandle } from '../redis/handle';
import { redactSecrets } from '../../shared/settings/redact';
import { tryParseHostPort } from '../../shared/host-port';
import { withTimeout } from '../lib/with-timeout';
import { buildSingleSnapshot } from './build-snapshot';
import { parseInfo, type NodeInfo } from './parse-info';
import type { RoundResult } from './poll-cluster';

/** Options for one single-server round. */
export interface SingleRoundOptions {
  /** `host:port` of the server; also its node id in the snapshot. */
  address: string;
  nodeTimeoutMs: number;
  now: () => number;
}

/**
 * One polling round against a single server: INFO on it, then INFO on each replica its
 * `connected_slaveN` lines name. A direct node client is used where the address is known,
 * because it fails fast while the server is down instead of queueing behind reconnects.
 * Never throws.
 */
export async function pollSingle(handle: RedisHandle, o: SingleRoundOptions): Promise<RoundResult> {
  const hp = tryParseHostPort(o.address);
  const server: Pick<NodeClient, 'call'> = hp ? handle.node(hp.host, hp.port) : handle;
  try {
    const info = parseInfo(String(await withTimeout(server.call('INFO'), o.nodeTimeoutMs, `${o.address} INFO`)));
    const replicaInfos = new Map<string, NodeInfo>();
    await Promise.all(
      info.replicas.map(async (r) => {
        const rhp = tryParseHostPort(r.address);
        if (!rhp) return;
        try {
          replicaInfos.set(
            r.address,
            parseInfo(
              String(
                await withTimeout(handle.node(rhp.host, rhp.port).call('INFO'), o.nodeTimeoutMs, `${r.address} INFO`),
              ),
            ),
          );
        } catch {
          // Reported as reachable:false; a replica the monitor cannot reach is not an outage.
        }
      }),
    );
    return { ok: true, snapshot: buildSingleSnapshot({ takenAt: o.now(), address: o.address, info, replicaInfos }) };
  } catch (e) {
    return { ok: false, error: redactSecrets(e instanceof Error ? e.message : String(e), []) };
  }
}

import { setTimeout as sleep } from 'node:timers/promises';
import type { LocalCluster } from '../harness/local-cluster';
import type { RedisHandle } from '../redis/handle';
import { ownerOfSlot, portOf, replicasOf, shardSlots } from './cluster-view';
import type { DrillMode, KillRecord } from './drill-types';
import { injectFault } from './inject-fault';
import { anyView, viewSource, waitRejoin, watchFailover } from './timing-probes';

export interface ScheduleOptions {
  cluster: LocalCluster;
  /** Handle whose node clients probe CLUSTER NODES. */
  handle: RedisHandle;
  kills: number;
  intervalMs: number;
  mode: DrillMode;
  nodeTimeoutMs: number;
  /** The hash slot of each queue partition, by partition index. */
  partitionSlots: number[];
  /** Stop early (the caller gave up). */
  cancelled?: () => boolean;
  log?: (line: string) => void;
}

/** A KillRecord plus the absolute times the report's load timings are computed from. */
export interface FaultOutcome {
  record: KillRecord;
  /** After this moment an ack on an affected partition can only come from the new master. */
  resumeBound?: number;
  promotedAt?: number;
}

/**
 * Injects `kills` faults, `intervalMs` apart (a fault never starts before the cluster healed from
 * the last one), rotating over the shards in slot order so each shard loses its master in turn.
 * Each fault: find the shard's master and replica, inject, watch for FAIL and the promotion
 * (bounded), bring the victim back and wait for it to rejoin as a replica (bounded), then wait
 * for the whole cluster to be ready.
 */
export async function runFaults(o: ScheduleOptions): Promise<FaultOutcome[]> {
  const source = viewSource(o.handle);
  const out: FaultOutcome[] = [];
  const promotionTimeoutMs = Math.max(30000, 10 * o.nodeTimeoutMs);
  const rejoinTimeoutMs = Math.max(60000, 20 * o.nodeTimeoutMs);
  const t0 = Date.now();
  for (let i = 0; i < o.kills && !o.cancelled?.(); i++) {
    const due = t0 + i * o.intervalMs;
    while (Date.now() < due && !o.cancelled?.()) await sleep(Math.min(200, due - Date.now()));
    if (o.cancelled?.()) break;
    out.push(await oneFault(o, i, source, promotionTimeoutMs, rejoinTimeoutMs));
    const r = out[out.length - 1]!.record;
    o.log?.(
      `fault ${i + 1}/${o.kills} (${o.mode} ${r.victimPort}): ` +
        (r.error ??
          `fail +${r.failMs ?? '-'} ms, promoted ${r.newMasterPort} +${r.promotedMs} ms, rejoined as ${r.rejoinedAs} +${r.rejoinedMs ?? '-'} ms`),
    );
    try {
      await o.cluster.waitReady(rejoinTimeoutMs);
    } catch (e) {
      r.error = `${r.error ? `${r.error}; ` : ''}cluster not ready afterwards: ${(e as Error).message}`;
      break;
    }
  }
  return out;
}

async function oneFault(
  o: ScheduleOptions,
  index: number,
  source: ReturnType<typeof viewSource>,
  promotionTimeoutMs: number,
  rejoinTimeoutMs: number,
): Promise<FaultOutcome> {
  const record: KillRecord = { index: index + 1, mode: o.mode, at: Date.now(), victimPort: 0, partitions: [] };
  const seen = await anyView(source, o.cluster.ports);
  if (!seen) return { record: { ...record, error: 'no node answered CLUSTER NODES' } };
  const shards = shardSlots(seen.view);
  const slot = shards[index % shards.length]!;
  const victim = ownerOfSlot(seen.view, slot)!;
  record.victimPort = portOf(victim);
  record.partitions = o.partitionSlots.flatMap((s, p) => (ownerOfSlot(seen.view, s)?.id === victim.id ? [p] : []));
  const replica = replicasOf(seen.view, victim.id).find((n) => !n.flags.some((f) => f.startsWith('fail')));
  if (!replica)
    return { record: { ...record, error: `master ${record.victimPort} has no healthy replica: not injecting` } };
  record.replicaPort = portOf(replica);
  const otherMaster = seen.view.nodes.find((n) => n.role === 'master' && n.id !== victim.id && n.slots.length > 0);
  const observers = [record.replicaPort, ...(otherMaster ? [portOf(otherMaster)] : [])];

  record.at = Date.now();
  const fault = await injectFault(o.mode, o.cluster, record.victimPort, record.replicaPort, o.nodeTimeoutMs);
  const times = await watchFailover({ source, observers, victimId: victim.id, slot, timeoutMs: promotionTimeoutMs });
  const rel = (t?: number) => (t === undefined ? undefined : t - record.at);
  record.pfailMs = rel(times.pfailAt);
  record.failMs = rel(times.failAt);
  record.promotedMs = rel(times.promotedAt);
  record.newMasterPort = times.newMasterPort;
  if (times.promotedAt === undefined) record.error = `no promotion seen within ${promotionTimeoutMs} ms`;

  await fault.recover();
  record.restartedMs = Date.now() - record.at;
  const rejoin = await waitRejoin(o.handle, source, record.victimPort, rejoinTimeoutMs);
  record.rejoinedAs = rejoin.role;
  record.rejoinedMasterPort = rejoin.masterPort;
  record.rejoinedMs = rel(rejoin.rejoinedAt);
  if (rejoin.role !== 'replica') {
    record.error = `${record.error ? `${record.error}; ` : ''}${record.victimPort} did not rejoin as a replica within ${rejoinTimeoutMs} ms (it is ${rejoin.role})`;
  } else if (times.newMasterPort !== undefined && rejoin.masterPort !== times.newMasterPort) {
    record.error = `${record.error ? `${record.error}; ` : ''}${record.victimPort} rejoined as a replica of ${rejoin.masterPort}, not of the promoted ${times.newMasterPort}`;
  }
  // Until FAIL, writes to the victim's slots stall (kill, pause) rather than succeed, so the
  // first ack after it is the new master's. A graceful failover keeps writing until the switch.
  const resumeBound = o.mode === 'failover' ? times.promotedAt : (times.failAt ?? times.promotedAt);
  return { record, resumeBound, promotedAt: times.promotedAt };
}

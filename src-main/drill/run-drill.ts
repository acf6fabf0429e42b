import { setTimeout as sleep } from 'node:timers/promises';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { LocalCluster, startLocalCluster } from '../harness/local-cluster';
import { slotOf } from '../queue/partition-plan';
import { resolveDrillOptions } from './drill-options';
import { finishDrillLoad, loadProblems, openDrillSession, type DrillSession } from './drill-session';
import type { DrillOptions, DrillReport, KillRecord } from './drill-types';
import { runFaults } from './kill-scheduler';
import { firstAfter } from './ledger';

/** Load before the first fault, so the pool is busy when it hits. */
const WARMUP_MS = 3000;
/** Load after the last fault healed, so writes and completions after the rejoin are measured. */
const TAIL_MS = 3000;

/**
 * Runs a failover drill: a cluster (its own, or `clusterDir`), producers and a worker pool on a
 * fresh queue, `kills` faults with timings, a bounded drain, then a reconciliation of the ledger
 * against the worker runs and the tasks left in Redis. Stops every process it started.
 */
export async function runDrill(input: Partial<DrillOptions> = {}): Promise<DrillReport> {
  const o = resolveDrillOptions(input);
  const log = o.onProgress ?? (() => undefined);
  const startedAt = new Date();
  const runId = `${startedAt.getTime().toString(36)}-${randomBytes(2).toString('hex')}`;
  const startedByDrill = o.clusterDir === undefined;
  let cluster: LocalCluster;
  if (o.clusterDir !== undefined) {
    cluster = LocalCluster.open(o.clusterDir);
    await cluster.waitReady(30000);
  } else {
    const dir = path.join(os.tmpdir(), `slotline-drill-${process.pid}-${runId}`);
    log(`starting a 3-master/3-replica cluster in ${dir} (node-timeout ${o.nodeTimeoutMs} ms)`);
    cluster = await startLocalCluster({ dir, masters: 3, replicasPerMaster: 1, nodeTimeoutMs: o.nodeTimeoutMs });
  }
  let session: DrillSession | undefined;
  try {
    const queueName = `drill-${runId}`;
    session = await openDrillSession(
      { mode: 'cluster', nodes: cluster.ports.map((port) => ({ host: '127.0.0.1', port })), tls: false },
      {
        queueName,
        partitions: o.partitions,
        connectionPrefix: 'slotline-drill',
        load: {
          rate: o.rate,
          concurrency: o.concurrency,
          durable: o.durable,
          idPrefix: `t-${runId}`,
          waitEvery: o.waitEvery,
          // A wait outlives the faults and the drain; past that it is counted, not awaited forever.
          waitTimeoutMs: Math.max(30_000, o.drainMs),
        },
      },
    );
    const { pq, load, ledger } = session;

    log(
      `load: ${o.rate} enqueues/s (alternating durable and plain; every ${o.waitEvery || '—'}th an enqueueAndWait), concurrency ${o.concurrency}, ${o.partitions} partition(s), queue ${queueName}`,
    );
    const loadStart = Date.now();
    load.start();
    await sleep(o.kills > 0 ? WARMUP_MS : 0);
    const faults = await runFaults({
      cluster,
      handle: session.producerHandle,
      kills: o.kills,
      intervalMs: o.intervalS * 1000,
      mode: o.mode,
      nodeTimeoutMs: o.nodeTimeoutMs,
      partitionSlots: pq.partitions.map((p) => slotOf(p.keys.marker)),
      log,
    });
    const loadEnd = Math.max(loadStart + o.durationS * 1000, Date.now() + (o.kills > 0 ? TAIL_MS : 0));
    while (Date.now() < loadEnd) await sleep(Math.min(200, loadEnd - Date.now()));

    log(
      `stopping producers after ${((Date.now() - loadStart) / 1000).toFixed(1)} s; draining (at most ${o.drainMs} ms), then reconciling the ledger with Redis`,
    );
    const end = await finishDrillLoad(session, { drainMs: o.drainMs, loadStart });

    const kills: KillRecord[] = faults.map((f) => {
      const r = { ...f.record };
      if (f.resumeBound !== undefined && f.promotedAt !== undefined) {
        const enq = firstAfter(ledger.ackTimes, r.partitions, f.resumeBound);
        const done = firstAfter(ledger.completionTimes, r.partitions, f.resumeBound);
        if (enq !== undefined) r.firstEnqueueAfterPromotionMs = enq - f.promotedAt;
        if (done !== undefined) r.firstCompletionAfterPromotionMs = done - f.promotedAt;
      }
      return r;
    });

    const problems = loadProblems(end, o.drainMs);
    for (const k of kills) if (k.error) problems.push(`fault ${k.index}: ${k.error}`);
    if (kills.length < o.kills) problems.push(`only ${kills.length} of ${o.kills} fault(s) were injected`);

    const { onProgress: _drop, ...options } = o;
    return {
      startedAt: startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
      options,
      cluster: { dir: cluster.state.dir, ports: cluster.ports, startedByDrill },
      queue: queueName,
      loadSeconds: end.loadSeconds,
      drainMs: end.drainMs,
      drained: end.drained,
      throttled: end.throttled,
      kills,
      reconciliation: end.reconciliation,
      errors: end.errors,
      worker: end.worker,
      waits: end.waits,
      problems,
      ok: problems.length === 0,
    };
  } finally {
    await session?.close();
    if (startedByDrill) {
      await cluster.stop();
      log(`stopped the drill's cluster (${cluster.ports.join(', ')})`);
    }
  }
}

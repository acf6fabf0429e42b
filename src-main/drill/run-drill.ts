import { setTimeout as sleep } from 'node:timers/promises';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { LocalCluster, startLocalCluster } from '../harness/local-cluster';
import { slotOf } from '../queue/partition-plan';
import { Queue } from '../queue/queue';
import { createConnection } from '../redis/create-connection';
import type { RedisHandle } from '../redis/handle';
import { DrillLoad } from './drill-load';
import { resolveDrillOptions } from './drill-options';
import type { DrillOptions, DrillReport, KillRecord } from './drill-types';
import { listUnfinished, lookUpStates } from './final-states';
import { runFaults } from './kill-scheduler';
import { firstAfter, Ledger } from './ledger';
import { idsToLookUp, reconcile } from './reconcile';

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
  const handles: RedisHandle[] = [];
  try {
    const settings = {
      mode: 'cluster' as const,
      nodes: cluster.ports.map((port) => ({ host: '127.0.0.1', port })),
      tls: false,
    };
    // Producers and workers on separate connections, as separate processes would be.
    const producerHandle = await createConnection(settings, { connectionName: 'slotline-drill-producer' });
    handles.push(producerHandle);
    const workerHandle = await createConnection(settings, { connectionName: 'slotline-drill-worker' });
    handles.push(workerHandle);
    const queueName = `drill-${runId}`;
    // Every record is kept for the reconciliation: retention must not remove what it counts.
    const keepAll = { maxCount: 1_000_000_000, maxAgeMs: 7 * 86_400_000 };
    const pq = await Queue.open(producerHandle, queueName, {
      partitions: o.partitions,
      retention: { completed: keepAll, failed: keepAll },
    });
    const wq = await Queue.open(workerHandle, queueName, { partitions: o.partitions });
    const ledger = new Ledger(o.partitions);
    const load = new DrillLoad(pq, wq, ledger, {
      rate: o.rate,
      concurrency: o.concurrency,
      durable: o.durable,
      idPrefix: `t-${runId}`,
      waitEvery: o.waitEvery,
      // A wait outlives the faults and the drain; past that it is counted, not awaited forever.
      waitTimeoutMs: Math.max(30_000, o.drainMs),
    });

    log(
      `load: ${o.rate} enqueues/s (alternating durable and plain; every ${o.waitEvery || '—'}th an enqueueAndWait), concurrency ${o.concurrency}, ${o.partitions} partition(s), queue ${queueName}`,
    );
    const loadStart = Date.now();
    load.start();
    await sleep(o.kills > 0 ? WARMUP_MS : 0);
    const faults = await runFaults({
      cluster,
      handle: producerHandle,
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
      `stopping producers after ${((Date.now() - loadStart) / 1000).toFixed(1)} s; draining (at most ${o.drainMs} ms)`,
    );
    const loadSeconds = (Date.now() - loadStart) / 1000;
    const unanswered = await load.stopProducers(30000);
    const drainStart = Date.now();
    const drained = await load.drain(o.drainMs);
    const drainMs = Date.now() - drainStart;
    const waits = await load.settleWaits();
    await load.stopWorkers();

    log('reconciling the ledger with Redis');
    const states = await lookUpStates(pq, idsToLookUp(ledger.entries.values()));
    const residual = await listUnfinished(pq);
    const reconciliation = reconcile(ledger.entries.values(), states, residual);

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

    const problems: string[] = [];
    const lost = reconciliation.lost;
    if (lost.durable > 0)
      problems.push(`${lost.durable} acknowledged durable task(s) lost (e.g. ${lost.sample.slice(0, 3).join(', ')})`);
    if (reconciliation.stuck.total > 0)
      problems.push(
        `${reconciliation.stuck.total} task(s) stuck after the drain: ${JSON.stringify(reconciliation.stuck.byState)}`,
      );
    if (!drained) problems.push(`the queue did not drain within ${o.drainMs} ms`);
    if (unanswered > 0) problems.push(`${unanswered} enqueue(s) still unanswered 30 s after the producers stopped`);
    for (const k of kills) if (k.error) problems.push(`fault ${k.index}: ${k.error}`);
    if (kills.length < o.kills) problems.push(`only ${kills.length} of ${o.kills} fault(s) were injected`);
    if (waits.hung > 0) problems.push(`${waits.hung} enqueueAndWait call(s) hung past their timeout`);
    if (waits.wrongResult > 0) problems.push(`${waits.wrongResult} wait(s) resolved with another task's result`);

    const ws = load.workerStats;
    let runs = 0;
    for (const e of ledger.entries.values()) runs += e.runs;
    const { onProgress: _drop, ...options } = o;
    return {
      startedAt: startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
      options,
      cluster: { dir: cluster.state.dir, ports: cluster.ports, startedByDrill },
      queue: queueName,
      loadSeconds,
      drainMs,
      drained,
      throttled: load.throttled,
      kills,
      reconciliation,
      errors: {
        producer: load.producerErrors.count,
        worker: load.workerErrors.count,
        producerSamples: load.producerErrors.samples(),
        workerSamples: load.workerErrors.samples(),
      },
      worker: { ...ws, runs },
      waits,
      problems,
      ok: problems.length === 0,
    };
  } finally {
    await Promise.all(handles.map((h) => h.close().catch(() => h.disconnect())));
    if (startedByDrill) {
      await cluster.stop();
      log(`stopped the drill's cluster (${cluster.ports.join(', ')})`);
    }
  }
}

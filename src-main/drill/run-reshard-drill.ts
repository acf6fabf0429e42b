import { setTimeout as sleep } from 'node:timers/promises';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { addMaster, rebalance, removeMaster } from '../harness/cluster-ops';
import { LocalCluster, startLocalCluster } from '../harness/local-cluster';
import { nodeCommand } from '../harness/redis-cli';
import { isRedisOnPort } from '../harness/redis-process';
import type { SlotMoveResult } from '../harness/slot-moves';
import { Queue } from '../queue/queue';
import { createConnection } from '../redis/create-connection';
import type { RedisHandle } from '../redis/handle';
import { parseClusterNodes, type NodesView } from './cluster-view';
import { onExitOrSignal } from './exit-guard';
import { finishDrillLoad, loadProblems, openDrillSession, type DrillSession } from './drill-session';
import {
  mastersOf,
  partitionsByPort,
  sampleCommandStats,
  slotSpreadOf,
  spreadOf,
  type SpreadCheck,
} from './load-spread';
import { resolveReshardOptions } from './reshard-options';
import type { ReshardDrillOptions, ReshardDrillReport, ReshardStep, ReshardStepKind } from './reshard-types';

/** Load before the first step, so the pool is busy when the slots start moving. */
const WARMUP_MS = 3000;
/** Load after the last step, so writes after the last rebalance are reconciled too. */
const TAIL_MS = 3000;

/** A step that failed: the remaining steps are skipped, the load is still drained and reconciled. */
class StepFailed extends Error {}

/**
 * The reshard drill (issue 15): under load (durable and plain producers, waiters, workers) a
 * cluster goes from its masters to `addMasters` more, the slots are rebalanced onto them, the
 * queue is rebalanced to one partition per master and its retired partitions drain; then
 * (scaleIn) the added masters are removed and the queue goes back to one partition per remaining
 * master. Each step is timed, with the longest write wait during it; after each slot move the
 * slots per master, and after each step the queue's load per master (INFO commandstats deltas
 * over `spreadWindowS`), are measured: the load must be within SPREAD_LIMIT of the mean after
 * each queue rebalance. Then every acknowledged id is reconciled as the kill drill does. Stops
 * every process it started.
 */
export async function runReshardDrill(input: Partial<ReshardDrillOptions> = {}): Promise<ReshardDrillReport> {
  const o = resolveReshardOptions(input);
  const log = o.onProgress ?? (() => undefined);
  const startedAt = new Date();
  const runId = `${startedAt.getTime().toString(36)}-${randomBytes(2).toString('hex')}`;
  const startedByDrill = o.clusterDir === undefined;
  let cluster: LocalCluster;
  if (o.clusterDir !== undefined) {
    cluster = LocalCluster.open(o.clusterDir);
    await cluster.waitReady(30000);
  } else {
    const dir = path.join(os.tmpdir(), `slotline-reshard-${process.pid}-${runId}`);
    log(`starting a 3-master/3-replica cluster in ${dir} (node-timeout ${o.nodeTimeoutMs} ms)`);
    cluster = await startLocalCluster({ dir, masters: 3, replicasPerMaster: 1, nodeTimeoutMs: o.nodeTimeoutMs });
  }
  // A Ctrl-C or a crash between the steps must not leave the drill's redis-servers running
  // (added nodes included: they are in cluster.state as soon as they start).
  const unguard = startedByDrill ? onExitOrSignal(() => killNodesNow(cluster)) : () => undefined;
  let session: DrillSession | undefined;
  let admin: RedisHandle | undefined;
  try {
    const firstMasters = mastersOf(await view(cluster)).length;
    const queueName = `reshard-${runId}`;
    session = await openDrillSession(cluster.settings, {
      queueName,
      partitions: firstMasters,
      ledgerPartitions: firstMasters + o.addMasters,
      connectionPrefix: 'slotline-reshard',
      load: {
        rate: o.rate,
        concurrency: o.concurrency,
        durable: o.durable,
        idPrefix: `r-${runId}`,
        waitEvery: o.waitEvery,
        waitTimeoutMs: Math.max(30_000, o.drainMs),
      },
    });
    const { load } = session;
    // The operator's connection, as `slotline queues rebalance` would be: not the producers' own.
    admin = await createConnection(cluster.settings, { connectionName: 'slotline-reshard-admin' });
    const adminHandle = admin;
    const aq = await Queue.open(admin, queueName, { mustExist: true });

    const spread = async (checked: boolean, note?: string): Promise<SpreadCheck> => {
      await aq.refreshDefinition();
      const v = await view(cluster);
      const ports = mastersOf(v).map((m) => m.port);
      const info = async (port: number) =>
        String(await adminHandle.node(cluster.hostOf(port), port).call('INFO', 'commandstats'));
      const t0 = Date.now();
      const before = await sampleCommandStats(ports, info);
      await sleep(o.spreadWindowS * 1000);
      const after = await sampleCommandStats(ports, info);
      const partitions = partitionsByPort(
        v,
        aq.partitions.map((p) => p.keys.tag),
      );
      return spreadOf({ before, after, partitions, windowMs: Date.now() - t0, checked, note });
    };

    log(
      `load: ${o.rate} enqueues/s (alternating durable and plain; every ${o.waitEvery || '—'}th an enqueueAndWait), concurrency ${o.concurrency}, ${firstMasters} partition(s) on ${firstMasters} masters, queue ${queueName}`,
    );
    const loadStart = Date.now();
    load.start();
    await sleep(WARMUP_MS);
    let baseline: SpreadCheck | undefined;
    if (o.reportOnlySpreads) {
      log(`measuring the spread before any step (${o.spreadWindowS} s)`);
      baseline = await spread(false, 'before any step: reported only');
    }

    const steps: ReshardStep[] = [];
    const step = async (
      kind: ReshardStepKind,
      name: string,
      run: () => Promise<Partial<ReshardStep>>,
      measure: (masters: number) => { checked: boolean; note?: string } | undefined,
    ): Promise<void> => {
      log(`step ${steps.length + 1}: ${name}`);
      const t0 = Date.now();
      const errors0 = load.producerErrors.count;
      load.takeLongestWait();
      let extra: Partial<ReshardStep> = {};
      let error: string | undefined;
      try {
        extra = await run();
      } catch (e) {
        error = e instanceof Error ? e.message : String(e);
      }
      const ms = Date.now() - t0;
      const s: ReshardStep = {
        kind,
        name,
        ms,
        longestWriteWaitMs: load.takeLongestWait(),
        producerErrors: load.producerErrors.count - errors0,
        masters: 0,
        ...extra,
        ...(error === undefined ? {} : { error }),
      };
      steps.push(s);
      log(
        `step ${steps.length}: ${error ? `FAILED after ${ms} ms: ${error}` : `done in ${ms} ms`}; longest write wait ${s.longestWriteWaitMs} ms`,
      );
      if (error) throw new StepFailed(error);
      const v = await view(cluster);
      s.masters = v.nodes.filter((n) => n.role === 'master' && !n.flags.includes('fail')).length;
      if (kind === 'add-masters') return;
      if (kind !== 'rebalance-queue') s.slotSpread = slotSpreadOf(v);
      const m = measure(s.masters);
      if (m && (m.checked || o.reportOnlySpreads)) {
        log(`measuring the load spread over ${s.masters} masters (${o.spreadWindowS} s)`);
        s.loadSpread = await spread(m.checked, m.note);
        log(
          `spread: max deviation ${(s.loadSpread.maxDeviation * 100).toFixed(1)}% (${s.loadSpread.masters.map((x) => `${x.port}=${x.calls}`).join(' ')})`,
        );
      }
    };
    const slotMove = (acc: Partial<ReshardStep>) => (r: SlotMoveResult) => {
      acc.attempts = (acc.attempts ?? 0) + r.attempts;
      acc.fixes = (acc.fixes ?? 0) + r.fixes;
      acc.failures = [...(acc.failures ?? []), ...r.failures];
    };
    const unevenNote = (masters: number) =>
      `reported only: the queue's ${aq.partitions.length} partition(s) cannot cover ${masters} masters until the queue is rebalanced`;
    const queueRebalance = async (partitions: number): Promise<Partial<ReshardStep>> => {
      const t0 = Date.now();
      const r = await aq.rebalance({ partitions });
      const rebalanceMs = Date.now() - t0;
      log(
        `generation ${r.generation}: ${r.partitionsBefore} → ${r.partitionsAfter} partitions; draining the retired ones`,
      );
      const d0 = Date.now();
      await waitRetiredGone(aq, o.drainMs);
      return { rebalanceMs, drainMs: Date.now() - d0 };
    };

    const added: number[] = [];
    try {
      const plural = (n: number) => `${n} master${n === 1 ? '' : 's'}`;
      await step(
        'add-masters',
        `add ${plural(o.addMasters)} (${o.replicas} replica(s) each)`,
        async () => {
          for (let i = 0; i < o.addMasters; i++) {
            const nodes = await addMaster(cluster, { replicas: o.replicas });
            added.push(nodes[0]!.port);
            log(
              `added master ${nodes[0]!.port}${
                nodes.length > 1
                  ? ` with replica(s) ${nodes
                      .slice(1)
                      .map((n) => n.port)
                      .join(', ')}`
                  : ''
              }`,
            );
          }
          return {};
        },
        () => undefined,
      );
      await step(
        'rebalance-slots',
        'rebalance slots (empty masters included)',
        async () => {
          const acc: Partial<ReshardStep> = {};
          slotMove(acc)(await rebalance(cluster, { attempts: o.slotMoveAttempts, log }));
          await cluster.waitReady(60_000);
          return acc;
        },
        (m) => ({ checked: false, note: unevenNote(m) }),
      );
      const wide = firstMasters + o.addMasters;
      await step(
        'rebalance-queue',
        `rebalance queue to ${wide} partitions`,
        () => queueRebalance(wide),
        () => ({ checked: true }),
      );
      if (o.scaleIn) {
        await step(
          'remove-masters',
          `remove the ${plural(added.length)} added (slots moved away, then del-node with replicas)`,
          async () => {
            const acc: Partial<ReshardStep> = {};
            for (const port of added) {
              await removeMaster(cluster, port, { attempts: o.slotMoveAttempts, log, onSlotMove: slotMove(acc) });
              log(`removed master ${port}`);
            }
            adminHandle.retainNodes(cluster.endpoints.map((e) => `${e.host}:${e.port}`));
            return acc;
          },
          (m) => ({ checked: false, note: unevenNote(m) }),
        );
        await step(
          'rebalance-queue',
          `rebalance queue to ${firstMasters} partitions`,
          () => queueRebalance(firstMasters),
          () => ({ checked: true }),
        );
      }
    } catch (e) {
      if (!(e instanceof StepFailed)) throw e;
    }

    await sleep(TAIL_MS);
    log(
      `stopping producers after ${((Date.now() - loadStart) / 1000).toFixed(1)} s; draining (at most ${o.drainMs} ms), then reconciling`,
    );
    const end = await finishDrillLoad(session, { drainMs: o.drainMs, loadStart });
    const problems = loadProblems(end, o.drainMs);
    for (const [i, s] of steps.entries()) {
      const label = `step ${i + 1} (${s.name})`;
      if (s.error) problems.push(`${label} failed: ${s.error}`);
      if (s.slotSpread && !s.slotSpread.ok)
        problems.push(
          `${label}: slots per master ${s.slotSpread.masters.map((m) => `${m.port}=${m.slots}`).join(' ')} are ${pct(s.slotSpread.maxDeviation)} off the even share (limit ${pct(s.slotSpread.limit)})`,
        );
      if (s.loadSpread && !s.loadSpread.ok)
        problems.push(
          `${label}: load spread ${pct(s.loadSpread.maxDeviation)} off the mean (limit ${pct(s.loadSpread.limit)})${s.loadSpread.note ? `: ${s.loadSpread.note}` : ''}`,
        );
    }
    const planned = 3 + (o.scaleIn ? 2 : 0);
    if (steps.length < planned) problems.push(`only ${steps.length} of ${planned} step(s) ran`);

    const { onProgress: _drop, ...options } = o;
    return {
      startedAt: startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
      options,
      cluster: { dir: cluster.state.dir, ports: cluster.ports, startedByDrill },
      queue: queueName,
      mastersBefore: firstMasters,
      baseline,
      steps,
      ...end,
      problems,
      ok: problems.length === 0,
    };
  } finally {
    await session?.close();
    await admin?.close().catch(() => admin?.disconnect());
    if (startedByDrill) {
      await cluster.stop();
      log(`stopped the drill's cluster (${cluster.ports.join(', ')})`);
    }
    unguard();
  }
}

/** SIGKILLs every node the cluster records that is still a redis-server on its port (synchronous, for exit). */
function killNodesNow(cluster: LocalCluster): void {
  for (const n of cluster.state.nodes) {
    if (isRedisOnPort(n.pid, n.port)) process.kill(n.pid, 'SIGKILL');
  }
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/** CLUSTER NODES from the first recorded node that answers. */
async function view(cluster: LocalCluster): Promise<NodesView> {
  let last: unknown;
  for (const n of cluster.state.nodes) {
    if (!isRedisOnPort(n.pid, n.port)) continue;
    try {
      return parseClusterNodes(await nodeCommand({ host: n.host, port: n.port }, 'CLUSTER', 'NODES'));
    } catch (e) {
      last = e;
    }
  }
  throw new Error(`no node of the cluster in ${cluster.state.dir} answered CLUSTER NODES: ${String(last)}`);
}

/** Waits until the workers have drained and removed every retired generation, at most `timeoutMs`. */
async function waitRetiredGone(q: Queue, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await q.refreshDefinition();
    if (q.retired.length === 0) return;
    if (Date.now() > deadline) {
      const left = await Promise.all(q.retired.flatMap((g) => g.parts.map((p) => q.partitionCounts(p))));
      const open = left.reduce((n, c) => n + c.waiting + c.delayed + c.active, 0);
      throw new Error(
        `retired generation(s) ${q.retired.map((g) => g.generation).join(', ')} not removed within ${timeoutMs} ms (${open} task(s) still waiting, delayed or active there)`,
      );
    }
    await sleep(250);
  }
}

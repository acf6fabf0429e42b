import { setTimeout as sleep } from 'node:timers/promises';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { startLocalCluster } from '../harness/local-cluster';
import { nodeCommand } from '../harness/redis-cli';
import { withTimeout } from '../lib/with-timeout';
import { slotOf } from '../queue/partition-plan';
import { Queue } from '../queue/queue';
import { createConnection } from '../redis/create-connection';
import type { RedisHandle } from '../redis/handle';
import { parseClusterNodes, type NodesView } from './cluster-view';
import { DrillLoad } from './drill-load';
import type { Reconciliation } from './drill-types';
import { listUnfinished, lookUpStates } from './final-states';
import { Ledger } from './ledger';
import { PartitionInjector, probeIptables } from './partition-injector';
import { scenarioCut, type ScenarioName } from './partition-scenarios';
import { idsToLookUp, reconcile } from './reconcile';

/** Options of the partition drill. */
export interface PartitionDrillOptions {
  /** Scenarios in order; `minority-master` may appear with min-replicas-to-write via `minReplicasRuns`. Default all four. */
  scenarios?: ScenarioName[];
  /** Also run scenario 1 with min-replicas-to-write 1 / max-lag 2 s. Default true. */
  withMinReplicas?: boolean;
  /** cluster-node-timeout of the drill's cluster. Default 2000 ms. */
  nodeTimeoutMs?: number;
  /** How long each split is held. Default 3 × node-timeout + 2 s (well past node-timeout). */
  holdMs?: number;
  /** Enqueues per second. Default 300. */
  rate?: number;
  /** Default 20. */
  concurrency?: number;
  /** Drain bound per scenario. Default 30000 ms. */
  drainMs?: number;
  /** Node addresses (6). Default 127.0.0.11–16. */
  hosts?: string[];
  /** The clients' source address. Default 127.0.0.2. */
  clientHost?: string;
  onProgress?: (line: string) => void;
}

/** What one scenario measured. */
export interface ScenarioResult {
  name: ScenarioName;
  minReplicasToWrite: number;
  description: string;
  holdMs: number;
  /** ms after the cut when an observer first saw a `fail?`/`fail` flag (undefined: never). */
  detectedMs?: number;
  /** ms after the heal when the cluster was ready again. */
  wholeMs?: number;
  reconciliation: Reconciliation;
  producerErrors: number;
  workerErrors: number;
  producerSamples: string[];
  longestWaitMs: number;
  /** Acks during the hold on partitions the cut did not touch (scenario 4's availability). */
  acksElsewhereDuringHold: number;
  drained: boolean;
  problems: string[];
}

export interface PartitionDrillReport {
  skipped?: string;
  nodeTimeoutMs: number;
  rate: number;
  scenarios: ScenarioResult[];
  ok: boolean;
}

const WARMUP_MS = 2000;
const TAIL_MS = 2000;

/**
 * Partition drill: a 3+3 cluster of its own on its own loopback addresses, clients on
 * `clientHost`, an observer on 127.0.0.1 (never cut). Per scenario: fresh queue and ledger, load,
 * cut, hold, heal, wait until whole (bounded), drain (bounded), reconcile. Where iptables cannot be
 * used it returns `skipped` with the reason. The chain is removed on every way out.
 */
export async function runPartitionDrill(o: PartitionDrillOptions = {}): Promise<PartitionDrillReport> {
  const log = o.onProgress ?? (() => undefined);
  const nodeTimeoutMs = o.nodeTimeoutMs ?? 2000;
  const rate = o.rate ?? 300;
  const probe = probeIptables(log);
  if (!probe.usable) return { skipped: probe.reason, nodeTimeoutMs, rate, scenarios: [], ok: true };
  const holdMs = o.holdMs ?? 3 * nodeTimeoutMs + 2000;
  const clientHost = o.clientHost ?? '127.0.0.2';
  const runId = `${Date.now().toString(36)}-${randomBytes(2).toString('hex')}`;
  const dir = path.join(os.tmpdir(), `slotline-partition-${process.pid}-${runId}`);
  const hosts = o.hosts ?? ['127.0.0.11', '127.0.0.12', '127.0.0.13', '127.0.0.14', '127.0.0.15', '127.0.0.16'];
  log(`starting a 3+3 cluster on ${hosts.join(',')} in ${dir} (node-timeout ${nodeTimeoutMs} ms)`);
  const cluster = await startLocalCluster({ dir, hosts, nodeTimeoutMs });
  const injector = PartitionInjector.open(log);
  const results: ScenarioResult[] = [];
  const observer = await createConnection(cluster.settings, { connectionName: 'slotline-partition-observer' });
  try {
    const plan: Array<{ name: ScenarioName; minReplicas: number }> = [];
    for (const name of o.scenarios ?? ['minority-master', 'replica-cut', 'split-3-3', 'clients-cut-from-master']) {
      plan.push({ name, minReplicas: 0 });
      if (name === 'minority-master' && o.withMinReplicas !== false) plan.push({ name, minReplicas: 1 });
    }
    for (const step of plan) {
      results.push(await oneScenario(step.name, step.minReplicas));
      const last = results[results.length - 1]!;
      log(
        `${last.name}${last.minReplicasToWrite ? ' (min-replicas-to-write 1)' : ''}: lost durable ${last.reconciliation.lost.durable}, plain ${last.reconciliation.lost.plain}, stuck ${last.reconciliation.stuck.total}`,
      );
    }
  } finally {
    injector.close();
    await observer.close().catch(() => observer.disconnect());
    await cluster.stop();
    log(`removed chain and stopped the drill's cluster (${cluster.ports.join(', ')})`);
  }
  return { nodeTimeoutMs, rate, scenarios: results, ok: results.every((r) => r.problems.length === 0) };

  async function view(port: number): Promise<NodesView | undefined> {
    try {
      const text = await withTimeout(
        observer.node(cluster.hostOf(port), port).call('CLUSTER', 'NODES'),
        1000,
        `CLUSTER NODES on ${port}`,
      );
      return parseClusterNodes(String(text));
    } catch {
      return undefined;
    }
  }

  async function setMinReplicas(n: number): Promise<void> {
    for (const e of cluster.endpoints) {
      await nodeCommand(e, 'CONFIG', 'SET', 'min-replicas-to-write', String(n));
      await nodeCommand(e, 'CONFIG', 'SET', 'min-replicas-max-lag', n > 0 ? '2' : '10');
    }
  }

  async function oneScenario(name: ScenarioName, minReplicas: number): Promise<ScenarioResult> {
    await cluster.waitReady(60000);
    await setMinReplicas(minReplicas);
    const seen = await view(cluster.ports[0]!);
    if (!seen) throw new Error('the observer got no CLUSTER NODES view');
    const cut = scenarioCut(name, seen, clientHost);
    const handles: RedisHandle[] = [];
    const settings = cluster.settings;
    const ph = await createConnection(settings, {
      connectionName: 'slotline-pdrill-producer',
      localAddress: clientHost,
    });
    handles.push(ph);
    const wh = await createConnection(settings, { connectionName: 'slotline-pdrill-worker', localAddress: clientHost });
    handles.push(wh);
    try {
      const queueName = `pdrill-${runId}-${results.length}`;
      const keepAll = { maxCount: 1_000_000_000, maxAgeMs: 7 * 86_400_000 };
      const pq = await Queue.open(ph, queueName, { partitions: 3, retention: { completed: keepAll, failed: keepAll } });
      const wq = await Queue.open(wh, queueName, { partitions: 3 });
      const ledger = new Ledger(3);
      const load = new DrillLoad(pq, wq, ledger, {
        rate,
        concurrency: o.concurrency ?? 20,
        durable: { replicas: 1, timeoutMs: 500 },
        idPrefix: `p-${runId}-${results.length}`,
        waitEvery: 0,
      });
      load.start();
      await sleep(WARMUP_MS);
      // Partitions whose slots the cut side's master does not own: they must keep working.
      const cutHosts = new Set(cut.name === 'clients-cut-from-master' ? cut.sideB : cut.sideA);
      const untouched = pq.partitions.flatMap((part, i) => {
        const slot = slotOf(part.keys.marker);
        const owner = seen.nodes.find((n) => n.role === 'master' && n.slots.some(([a, b]) => slot >= a && slot <= b));
        return owner && !cutHosts.has(owner.address.slice(0, owner.address.lastIndexOf(':'))) ? [i] : [];
      });
      log(`${name}: ${cut.description}; holding ${holdMs} ms`);
      const cutAt = Date.now();
      injector.cut(cut.sideA, cut.sideB);
      let detectedAt: number | undefined;
      try {
        while (Date.now() - cutAt < holdMs) {
          if (detectedAt === undefined) {
            const views = await Promise.all(cluster.ports.map((p) => view(p)));
            if (views.some((v) => v?.nodes.some((n) => n.flags.some((f) => f.startsWith('fail')))))
              detectedAt = Date.now();
          }
          await sleep(200);
        }
      } finally {
        injector.heal();
      }
      const healAt = Date.now();
      let wholeAt: number | undefined;
      const problems: string[] = [];
      try {
        await cluster.waitReady(90000);
        wholeAt = Date.now();
      } catch (e) {
        problems.push(`not whole again: ${(e as Error).message}`);
      }
      const acksElsewhere = untouched.reduce(
        (n, i) => n + (ledger.ackTimes[i] ?? []).filter((t) => t > cutAt && t < healAt).length,
        0,
      );
      await sleep(TAIL_MS);
      await load.stopProducers(30000);
      const drained = await load.drain(o.drainMs ?? 30000);
      await load.stopWorkers();
      const states = await lookUpStates(pq, idsToLookUp(ledger.entries.values()));
      const residual = await listUnfinished(pq);
      const rec = reconcile(ledger.entries.values(), states, residual);
      if (rec.lost.durable > 0) problems.push(`${rec.lost.durable} acknowledged durable task(s) lost`);
      if (rec.stuck.total > 0) problems.push(`${rec.stuck.total} task(s) stuck: ${JSON.stringify(rec.stuck.byState)}`);
      if (!drained) problems.push('the queue did not drain');
      return {
        name,
        minReplicasToWrite: minReplicas,
        description: cut.description,
        holdMs,
        detectedMs: detectedAt === undefined ? undefined : detectedAt - cutAt,
        wholeMs: wholeAt === undefined ? undefined : wholeAt - healAt,
        reconciliation: rec,
        producerErrors: load.producerErrors.count,
        workerErrors: load.workerErrors.count,
        producerSamples: load.producerErrors.samples(),
        longestWaitMs: load.longestWaitMs,
        acksElsewhereDuringHold: acksElsewhere,
        drained,
        problems,
      };
    } finally {
      await Promise.all(handles.map((h) => h.close().catch(() => h.disconnect())));
    }
  }
}

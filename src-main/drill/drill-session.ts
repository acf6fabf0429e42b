import type { ConnectionSettings } from '../../shared/settings/connection-settings';
import { Queue } from '../queue/queue';
import { createConnection } from '../redis/create-connection';
import type { RedisHandle } from '../redis/handle';
import { DrillLoad, type LoadOptions, type WaitTally } from './drill-load';
import type { Reconciliation } from './drill-types';
import { listUnfinished, lookUpStates } from './final-states';
import { Ledger } from './ledger';
import { idsToLookUp, reconcile } from './reconcile';

/**
 * What every load-and-reconcile drill shares (the kill drill, the reshard drill): a producer and
 * a worker connection, the queue opened on each, the ledger and the load; then the bounded end
 * (stop producers, drain, settle the waits, stop workers) and the reconciliation.
 */
export interface DrillSession {
  producerHandle: RedisHandle;
  workerHandle: RedisHandle;
  /** The producers' queue (also used for counts and look-ups). */
  pq: Queue;
  /** The workers' queue. */
  wq: Queue;
  ledger: Ledger;
  load: DrillLoad;
  /** Closes both connections. */
  close(): Promise<void>;
}

export interface DrillSessionOptions {
  queueName: string;
  partitions: number;
  /**
   * Partition indexes the ledger keeps timestamps for. Default `partitions`; a queue that is
   * rebalanced to more partitions needs the largest count it will have.
   */
  ledgerPartitions?: number;
  load: LoadOptions;
  /** Client names, `<prefix>-producer` / `<prefix>-worker`. */
  connectionPrefix: string;
}

/** Every record is kept for the reconciliation: retention must not remove what it counts. */
const KEEP_ALL = { maxCount: 1_000_000_000, maxAgeMs: 7 * 86_400_000 };

/** Opens the connections, the queue on each, the ledger and the load (not started). */
export async function openDrillSession(settings: ConnectionSettings, o: DrillSessionOptions): Promise<DrillSession> {
  const handles: RedisHandle[] = [];
  const close = () => Promise.all(handles.map((h) => h.close().catch(() => h.disconnect()))).then(() => undefined);
  try {
    // Producers and workers on separate connections, as separate processes would be.
    const producerHandle = await createConnection(settings, { connectionName: `${o.connectionPrefix}-producer` });
    handles.push(producerHandle);
    const workerHandle = await createConnection(settings, { connectionName: `${o.connectionPrefix}-worker` });
    handles.push(workerHandle);
    const pq = await Queue.open(producerHandle, o.queueName, {
      partitions: o.partitions,
      retention: { completed: KEEP_ALL, failed: KEEP_ALL },
    });
    const wq = await Queue.open(workerHandle, o.queueName, { partitions: o.partitions });
    const ledger = new Ledger(o.ledgerPartitions ?? o.partitions);
    const load = new DrillLoad(pq, wq, ledger, o.load);
    return { producerHandle, workerHandle, pq, wq, ledger, load, close };
  } catch (e) {
    await close();
    throw e;
  }
}

/** How a drill's load ended and what the reconciliation found. */
export interface LoadOutcome {
  loadSeconds: number;
  /** Enqueues still unanswered 30 s after the producers stopped. */
  unanswered: number;
  drainMs: number;
  drained: boolean;
  waits: WaitTally;
  reconciliation: Reconciliation;
  throttled: number;
  /** The longest an enqueue took to be answered over the whole load, ms. */
  longestWriteWaitMs: number;
  errors: { producer: number; worker: number; producerSamples: string[]; workerSamples: string[] };
  worker: { completed: number; failed: number; retried: number; leaseLost: number; runs: number };
}

/**
 * Stops the producers (waiting up to 30 s for outstanding enqueues), drains for at most
 * `drainMs`, settles the waits, stops the workers and reconciles the ledger with Redis.
 */
export async function finishDrillLoad(
  s: DrillSession,
  o: { drainMs: number; loadStart: number },
): Promise<LoadOutcome> {
  const { load, ledger, pq } = s;
  const loadSeconds = (Date.now() - o.loadStart) / 1000;
  const unanswered = await load.stopProducers(30000);
  const drainStart = Date.now();
  const drained = await load.drain(o.drainMs);
  const drainMs = Date.now() - drainStart;
  const waits = await load.settleWaits();
  await load.stopWorkers();

  const states = await lookUpStates(pq, idsToLookUp(ledger.entries.values()));
  const residual = await listUnfinished(pq);
  const reconciliation = reconcile(ledger.entries.values(), states, residual);
  let runs = 0;
  for (const e of ledger.entries.values()) runs += e.runs;
  return {
    loadSeconds,
    unanswered,
    drainMs,
    drained,
    waits,
    reconciliation,
    throttled: load.throttled,
    longestWriteWaitMs: load.longestWaitMs,
    errors: {
      producer: load.producerErrors.count,
      worker: load.workerErrors.count,
      producerSamples: load.producerErrors.samples(),
      workerSamples: load.workerErrors.samples(),
    },
    worker: { ...load.workerStats, runs },
  };
}

/** Why a load failed: durable loss, stuck tasks, no drain, unanswered enqueues, hung or wrong waits. */
export function loadProblems(r: LoadOutcome, drainMs: number): string[] {
  const problems: string[] = [];
  const { lost, stuck } = r.reconciliation;
  if (lost.durable > 0)
    problems.push(`${lost.durable} acknowledged durable task(s) lost (e.g. ${lost.sample.slice(0, 3).join(', ')})`);
  if (stuck.total > 0) problems.push(`${stuck.total} task(s) stuck after the drain: ${JSON.stringify(stuck.byState)}`);
  if (!r.drained) problems.push(`the queue did not drain within ${drainMs} ms`);
  if (r.unanswered > 0) problems.push(`${r.unanswered} enqueue(s) still unanswered 30 s after the producers stopped`);
  if (r.waits.hung > 0) problems.push(`${r.waits.hung} enqueueAndWait call(s) hung past their timeout`);
  if (r.waits.wrongResult > 0) problems.push(`${r.waits.wrongResult} wait(s) resolved with another task's result`);
  return problems;
}

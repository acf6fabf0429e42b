import type { FakeBridge } from '../testing/fake-bridge';
import {
  depthSampleAt,
  failoverEvents,
  initialShards,
  promote,
  queueName,
  queueSummaryAt,
  snapshotOf,
  type ClusterShape,
} from './synthetic-cluster';

/** The stream the bench plays through the fake bridge. */
export interface StreamOptions extends ClusterShape {
  queues: number;
  /** Every n-th tick promotes a replica (one shard's slots change owner). */
  promoteEvery: number;
  tickMs: number;
}

/** Milliseconds of main-thread work each tick caused, measured up to the next task (React flushes before it). */
export type TickCost = number;

const nextTask = () =>
  new Promise<void>((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => resolve();
    channel.port2.postMessage(null);
  });

/**
 * Answers the store's first requests with an hour of recorded history (so the depth chart starts full,
 * as it is after the console has been open a while) and returns a `start` that plays one topology
 * snapshot and one depth sample per queue per tick, with a failover every `promoteEvery` ticks.
 */
export function prepareStream(bridge: FakeBridge, options: StreamOptions) {
  const t0 = Date.now();
  let shards = initialShards(options);
  let epoch = options.masters * 2;
  let seq = 0;
  const history = Array.from({ length: 10 }, (_, k) => {
    const at = t0 - 3_600_000 + k * 300_000;
    return failoverEvents(shards[k % options.masters]!, at, seq++, epoch);
  }).flat();
  bridge.handle('topology:snapshot', () => snapshotOf(shards, Date.now(), epoch));
  bridge.handle('topology:history', () => history);
  bridge.handle('queue:list', () => Array.from({ length: options.queues }, (_, i) => queueSummaryAt(i, Date.now())));
  bridge.handle('metrics:depth', ({ queue }) => {
    const i = Number(queue.replace(queueName(0).slice(0, -2), ''));
    return Array.from({ length: 720 }, (_, k) => depthSampleAt(i, t0 - 3_600_000 + k * 5000));
  });

  let timer: ReturnType<typeof setTimeout> | undefined;
  const costs: TickCost[] = [];
  let tick = 0;

  const step = async () => {
    const at = Date.now();
    const started = performance.now();
    tick++;
    if (tick % options.promoteEvery === 0) {
      const index = (tick / options.promoteEvery) % options.masters;
      epoch++;
      for (const event of failoverEvents(shards[index]!, at, seq++, epoch)) bridge.emit('topology:event', event);
      shards = promote(shards, index);
    }
    bridge.emit('topology:changed', snapshotOf(shards, at, epoch));
    bridge.emit(
      'queue:depth',
      Array.from({ length: options.queues }, (_, i) => depthSampleAt(i, at)),
    );
    await nextTask();
    costs.push(performance.now() - started);
  };
  let due = 0;
  // Chained timeouts aimed at a fixed cadence, so a slow tick does not stretch the stream.
  const loop = () => {
    due = (due || performance.now()) + options.tickMs;
    timer = setTimeout(() => void step().then(loop), Math.max(0, due - performance.now()));
  };

  return {
    start: loop,
    stop: () => clearTimeout(timer),
    /** Per-tick cost so far, and how many ticks promoted a replica. */
    costs: () => [...costs],
    ticks: () => tick,
  };
}

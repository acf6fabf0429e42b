import type { LoadOutcome } from './drill-session';
import type { SlotSpread, SpreadCheck } from './load-spread';

/** Options of the reshard drill; `resolveReshardOptions` fills the defaults. */
export interface ReshardDrillOptions {
  /** Enqueues per second over all producers. Default 200. */
  rate: number;
  /** Tasks run at once over the worker pool. Default 20. */
  concurrency: number;
  /** Masters to add (and, with scaleIn, remove again). Default 3. */
  addMasters: number;
  /** Replicas of each added master (0..5). Default 1. With 0, durable writes to them stay unconfirmed. */
  replicas: number;
  /** After scaling out, remove the added masters and rebalance the queue back. Default true. */
  scaleIn: boolean;
  /** Seconds of load over which each spread is measured. Default 10. */
  spreadWindowS: number;
  /**
   * Also measure the spreads that are only reported (before any step; after each slot move, when
   * the queue's partitions cannot cover the masters yet). Default true; the short test skips them.
   */
  reportOnlySpreads: boolean;
  /** Attempts of each slot move (redis-cli --cluster rebalance), with fixes between. Default 4. */
  slotMoveAttempts: number;
  /** cluster-node-timeout of a cluster the drill starts. Default 2000 ms. */
  nodeTimeoutMs: number;
  /** Bound of each wait for retired partitions to drain, and of the final drain. Default 60000 ms. */
  drainMs: number;
  /** Every n-th enqueue is an enqueueAndWait (0 = none). Default 10. */
  waitEvery: number;
  /** Durable writes: WAIT for this many replicas within timeoutMs. Default 1 replica, 500 ms. */
  durable: { replicas: number; timeoutMs: number };
  /** Use this existing harness cluster (slotline cluster up) instead of starting a 3+3 one. */
  clusterDir?: string;
  /** Progress lines; default none. */
  onProgress?: (line: string) => void;
}

export type ReshardStepKind = 'add-masters' | 'rebalance-slots' | 'rebalance-queue' | 'remove-masters';

/** One step of the reshard drill, timed. */
export interface ReshardStep {
  kind: ReshardStepKind;
  /** e.g. `add 3 masters`, `rebalance queue to 6 partitions`. */
  name: string;
  /** Wall time of the step (a queue rebalance: the call and the drain of the retired partitions). */
  ms: number;
  /** Queue rebalance only: the rebalance call itself, and then the retired partitions' drain and removal. */
  rebalanceMs?: number;
  drainMs?: number;
  /** Slot moves: redis-cli attempts over the step, `--cluster fix` runs, and the failed attempts' reasons. */
  attempts?: number;
  fixes?: number;
  failures?: string[];
  /** The longest enqueue answered during the step, ms. */
  longestWriteWaitMs: number;
  /** Producer errors during the step. */
  producerErrors: number;
  /** Masters after the step (empty ones included). */
  masters: number;
  /** Slot moves: slots per master after the step. */
  slotSpread?: SlotSpread;
  /** The queue's load per master over a window after the step (checked after queue rebalances). */
  loadSpread?: SpreadCheck;
  /** Why the step failed (the drill then skips the rest and reconciles). */
  error?: string;
}

/** The reshard drill's whole result; `--json` writes exactly this. */
export interface ReshardDrillReport extends LoadOutcome {
  startedAt: string;
  finishedAt: string;
  options: Omit<ReshardDrillOptions, 'onProgress'>;
  cluster: { dir: string; ports: number[]; startedByDrill: boolean };
  queue: string;
  /** Masters owning slots when the drill began (the queue's first partition count). */
  mastersBefore: number;
  /** The spread before any step (one partition per first master), reported only; absent when not measured. */
  baseline?: SpreadCheck;
  steps: ReshardStep[];
  problems: string[];
  ok: boolean;
}

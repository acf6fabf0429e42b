/** How the drill takes a master away. */
export type DrillMode = 'kill' | 'failover' | 'pause' | 'partition';

/** Options of one drill; `resolveDrillOptions` fills the defaults. */
export interface DrillOptions {
  /** Faults to inject. Default 5. */
  kills: number;
  /** Seconds from one fault to the next (at least; a fault waits for the cluster to heal). Default 20. */
  intervalS: number;
  /** Seconds of load at least; the load always outlasts the faults. Default 0 (just the faults). */
  durationS: number;
  /** Enqueues per second over all producers. Default 1000. */
  rate: number;
  /** Tasks run at once over the worker pool. Default 50. */
  concurrency: number;
  /** Partitions of the drill's queue. Default 3. */
  partitions: number;
  /**
   * kill: SIGKILL; failover: CLUSTER FAILOVER on the replica; pause: DEBUG SLEEP on the master;
   * partition: iptables splits (runPartitionDrill, its own report). Default kill.
   */
  mode: DrillMode;
  /** cluster-node-timeout of a cluster the drill starts. Default 2000 ms. */
  nodeTimeoutMs: number;
  /** Use this existing harness cluster (slotline cluster up) instead of starting one. */
  clusterDir?: string;
  /** How long the drain after the load may take. Default 60000 ms. */
  drainMs: number;
  /** Every n-th enqueue is an enqueueAndWait whose wait is tallied (0 = none). Default 10. */
  waitEvery: number;
  /** Durable writes: WAIT for this many replicas within timeoutMs. Default 1 replica, 500 ms. */
  durable: { replicas: number; timeoutMs: number };
  /** Progress lines (kills, phases); default: none. */
  onProgress?: (line: string) => void;
}

/** Per-kind enqueue tallies. */
export interface EnqueueTally {
  attempted: number;
  /** Redis acknowledged the enqueue (durable: and WAIT saw the replicas). */
  acked: number;
  /** Durable only: the script ran, WAIT did not see enough replicas (DurabilityError). */
  unconfirmed: number;
  /** The client got an error. */
  errored: number;
}

/** What the reconciliation found, per the ledger and the final state in Redis. */
export interface Reconciliation {
  enqueued: { durable: EnqueueTally; plain: EnqueueTally };
  /** Acknowledged, never processed and not in Redis. */
  lost: { durable: number; plain: number; sample: string[] };
  /** Processed more than once (at-least-once delivery around a fault). */
  duplicates: { tasks: number; extraRuns: number; sample: string[] };
  /** The client got an error, yet the task is in Redis. */
  noack: { errored: number; checked: number; present: number; sample: string[] };
  /** Durable enqueues that threw DurabilityError: present in Redis or not, processed or not. */
  unconfirmed: { total: number; present: number; missing: number; processed: number; sample: string[] };
  /** Waiting, delayed or active at the end of the drain. */
  stuck: { total: number; byState: Record<string, number>; sample: string[] };
  /** Acknowledged tasks that never completed (lost, stuck, failed or unchecked). */
  ackedNotCompleted: number;
  /** Acknowledged tasks that ended in failed. */
  failed: number;
  /** Processed, acknowledged, and yet gone from Redis (the completed record was lost). */
  forgotten: number;
  /** Ids whose state could not be looked up (over the lookup cap). */
  unchecked: number;
  /** Enqueues answered `created: false` (the id was there already: a client-side retry). */
  retriedEnqueues: number;
}

/** Timings and outcome of one injected fault; times are ms after `at` (the fault). */
export interface KillRecord {
  index: number;
  mode: DrillMode;
  /** Epoch ms of the fault. */
  at: number;
  victimPort: number;
  replicaPort?: number;
  /** Queue partitions whose slots the victim owned. */
  partitions: number[];
  /** First `fail?` (PFAIL) seen by a live node. */
  pfailMs?: number;
  /** First `fail` flag seen by a live node. */
  failMs?: number;
  /** A replica owns the victim's slots. */
  promotedMs?: number;
  newMasterPort?: number;
  /** First enqueue acknowledged on an affected partition after the promotion, ms after the promotion. */
  firstEnqueueAfterPromotionMs?: number;
  /** First completion on an affected partition after the promotion, ms after the promotion. */
  firstCompletionAfterPromotionMs?: number;
  /** The victim answers again (restarted, or woke up). */
  restartedMs?: number;
  /** The victim is a replica with its link up. */
  rejoinedMs?: number;
  rejoinedAs?: 'replica' | 'master' | 'not-rejoined';
  rejoinedMasterPort?: number;
  /** What went wrong with this fault, if anything (promotion or rejoin not seen in time). */
  error?: string;
}

/** The drill's whole result; `--json` writes exactly this. */
export interface DrillReport {
  startedAt: string;
  finishedAt: string;
  options: Omit<DrillOptions, 'onProgress'>;
  cluster: { dir: string; ports: number[]; startedByDrill: boolean };
  queue: string;
  loadSeconds: number;
  drainMs: number;
  drained: boolean;
  /** Producer intervals skipped because too many enqueues were in flight. */
  throttled: number;
  kills: KillRecord[];
  reconciliation: Reconciliation;
  errors: { producer: number; worker: number; producerSamples: string[]; workerSamples: string[] };
  worker: { completed: number; failed: number; retried: number; leaseLost: number; runs: number };
  /** How the enqueueAndWait producers' waits ended; `hung` must be 0. */
  waits: {
    started: number;
    resolved: number;
    failedClearly: number;
    wrongResult: number;
    hung: number;
    byCode: Record<string, number>;
  };
  /** Why the drill failed; empty when it passed. */
  problems: string[];
  ok: boolean;
}

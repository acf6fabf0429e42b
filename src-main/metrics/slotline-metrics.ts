import { Counter, Gauge, Registry } from 'prom-client';
import type { DepthSample } from '../../shared/types/queue';
import type { TopologyEvent, TopologySnapshot } from '../../shared/types/topology';

const STATES = ['waiting', 'delayed', 'active', 'completed', 'failed', 'cancelled'] as const;

/** Lifecycle counters: metric name suffix, DepthSample field, help text. */
const LIFECYCLE = [
  ['cancelled', 'cancelledTotal', 'Tasks cancelled since the queue was created, as counted in Redis.'],
  ['timed_out', 'timedOutTotal', 'Attempts that ran past their timeoutMs, as counted in Redis.'],
  ['expired', 'expiredTotal', 'Tasks that expired (expiresInMs) before they started, as counted in Redis.'],
  ['retention_removed', 'retentionRemovedTotal', 'Finished tasks the retention sweep removed, as counted in Redis.'],
  ['late_results', 'lateResultsTotal', 'Results that arrived after their attempt timed out and were discarded.'],
  ['stalled', 'stalledTotal', 'Leases that expired (the worker died or hung), as counted in Redis.'],
  ['schedule_fires', 'scheduleFiresTotal', 'Schedule ticks that enqueued a task, as counted in Redis.'],
  ['schedule_skipped', 'scheduleSkippedTotal', 'Schedule ticks skipped as missed (catch-up), as counted in Redis.'],
] as const;

/** Limiter counters (issue 14): metric name, DepthSample field, help text. */
const LIMITS = [
  [
    'slotline_rate_limited_waits_total',
    'rateLimitedWaitsTotal',
    'Limiter acquires that granted fewer starts than asked, because of the rate limit or a 429 hold.',
  ],
  [
    'slotline_concurrency_capped_waits_total',
    'concurrencyCappedWaitsTotal',
    'Limiter acquires that granted fewer starts than asked, because of the global concurrency cap.',
  ],
] as const;

export interface SlotlineMetricsOptions {
  /** Live workers per queue, read on every scrape. Omit to leave the gauge empty. */
  workersAlive?: () => Promise<Map<string, number> | undefined>;
}

/**
 * The console's Prometheus metrics in a Registry of their own (never prom-client's global one),
 * fed from the same snapshots, events and depth samples the renderer gets.
 */
export class SlotlineMetrics {
  readonly registry = new Registry();
  private readonly clusterOk: Gauge;
  private readonly reachable: Gauge;
  private readonly nodes: Gauge;
  private readonly replicas: Gauge;
  private readonly slots: Gauge;
  private readonly failovers: Counter;
  private readonly lastFailover: Gauge;
  private readonly depth: Gauge;
  private readonly replicaLinkUp: Gauge;
  private readonly replicaLag: Gauge;
  private readonly completedTotal: Counter;
  private readonly failedTotal: Counter;
  private readonly lifecycle: Array<{
    field: (typeof LIFECYCLE)[number][1] | (typeof LIMITS)[number][1];
    counter: Counter;
  }>;

  constructor(options: SlotlineMetricsOptions = {}) {
    const registers = [this.registry];
    this.clusterOk = new Gauge({
      name: 'slotline_cluster_state_ok',
      help: '1 when cluster_state is ok (a reachable single server counts as ok).',
      registers,
    });
    this.reachable = new Gauge({
      name: 'slotline_topology_reachable',
      help: '1 when the monitor reached at least one node in its last round.',
      registers,
    });
    this.nodes = new Gauge({
      name: 'slotline_nodes',
      help: 'Nodes by role and status (up: answering and not flagged failing).',
      labelNames: ['role', 'status'],
      registers,
    });
    this.replicas = new Gauge({
      name: 'slotline_replicas',
      help: 'Replicas per master.',
      labelNames: ['master'],
      registers,
    });
    this.slots = new Gauge({
      name: 'slotline_slots',
      help: 'Hash slots by owner status (ok, pfail, fail, unassigned).',
      labelNames: ['status'],
      registers,
    });
    this.failovers = new Counter({
      name: 'slotline_failovers_total',
      help: 'Replica promotions seen since start.',
      registers,
    });
    this.lastFailover = new Gauge({
      name: 'slotline_last_failover_duration_seconds',
      help: 'From the first suspicion of the old master to the promotion, of the last failover.',
      registers,
    });
    this.depth = new Gauge({
      name: 'slotline_queue_depth',
      help: 'Tasks per queue and state.',
      labelNames: ['queue', 'state'],
      registers,
    });
    this.replicaLinkUp = new Gauge({
      name: 'slotline_replica_link_up',
      help: "1 when a replica's link to its master is up (master_link_status), else 0.",
      labelNames: ['replica', 'master'],
      registers,
    });
    this.replicaLag = new Gauge({
      name: 'slotline_replica_lag_bytes',
      help: "Bytes a replica's replication offset is behind its master's.",
      labelNames: ['replica', 'master'],
      registers,
    });
    // Throughput is exported only as counters mirroring Redis's own totals: Prometheus takes
    // `rate()` itself, which survives console restarts and missed samples (a per-second gauge does not).
    this.completedTotal = new Counter({
      name: 'slotline_queue_completed_total',
      help: 'Tasks completed since the queue was created, as counted in Redis.',
      labelNames: ['queue'],
      registers,
    });
    this.failedTotal = new Counter({
      name: 'slotline_queue_failed_total',
      help: 'Tasks failed for good since the queue was created, as counted in Redis.',
      labelNames: ['queue'],
      registers,
    });
    this.lifecycle = [
      ...LIFECYCLE.map(([suffix, field, help]) => ({
        field,
        // Schedule counters count ticks, not tasks: slotline_schedule_fires_total, slotline_schedule_skipped_total.
        counter: new Counter({
          name: suffix.startsWith('schedule_') ? `slotline_${suffix}_total` : `slotline_tasks_${suffix}_total`,
          help,
          labelNames: ['queue'],
          registers,
        }),
      })),
      ...LIMITS.map(([name, field, help]) => ({
        field,
        counter: new Counter({ name, help, labelNames: ['queue'], registers }),
      })),
    ];
    const workersAlive = options.workersAlive;
    new Gauge({
      name: 'slotline_workers_alive',
      help: 'Workers with a fresh heartbeat, per queue.',
      labelNames: ['queue'],
      registers,
      async collect() {
        this.reset();
        const byQueue = await workersAlive?.().catch(() => undefined);
        for (const [queue, n] of byQueue ?? []) this.set({ queue }, n);
      },
    });
  }

  /** Records the state of a new topology snapshot. */
  observeSnapshot(s: TopologySnapshot): void {
    this.reachable.set(s.reachable ? 1 : 0);
    this.clusterOk.set(s.clusterState === 'ok' ? 1 : 0);
    this.nodes.reset();
    this.replicas.reset();
    this.replicaLinkUp.reset();
    this.replicaLag.reset();
    for (const role of ['master', 'replica'] as const)
      for (const status of ['up', 'down'] as const) this.nodes.set({ role, status }, 0);
    for (const shard of s.shards) {
      for (const n of [shard.master, ...shard.replicas]) {
        const up = n.reachable && (n.health === 'online' || n.health === 'loading');
        this.nodes.inc({ role: n.role, status: up ? 'up' : 'down' });
      }
      if (shard.slots.length > 0 || shard.master.health !== 'fail')
        this.replicas.set({ master: shard.master.address }, shard.replicas.length);
      for (const r of shard.replicas) {
        const labels = { replica: r.address, master: shard.master.address };
        // An unreachable replica reports no link status: its link counts as down.
        this.replicaLinkUp.set(labels, r.reachable && r.linkStatus === 'up' ? 1 : 0);
        if (r.lagBytes !== undefined) this.replicaLag.set(labels, Math.max(0, r.lagBytes));
      }
    }
    const c = s.coverage;
    this.slots.set({ status: 'ok' }, c.ok);
    this.slots.set({ status: 'pfail' }, c.pfail);
    this.slots.set({ status: 'fail' }, c.fail);
    this.slots.set({ status: 'unassigned' }, c.unassigned);
  }

  /** Counts failovers and keeps the last one's duration. */
  observeEvent(e: TopologyEvent): void {
    if (e.type !== 'replica-promoted') return;
    this.failovers.inc();
    if (e.durationMs !== undefined) this.lastFailover.set(e.durationMs / 1000);
  }

  /** Replaces the queue gauges with a sampler batch (one sample per known queue). */
  observeDepth(batch: DepthSample[]): void {
    this.depth.reset();
    this.completedTotal.reset();
    this.failedTotal.reset();
    for (const l of this.lifecycle) l.counter.reset();
    for (const s of batch) {
      for (const state of STATES) this.depth.set({ queue: s.queue, state }, s[state] ?? 0);
      for (const l of this.lifecycle) {
        const v = s[l.field];
        if (v !== undefined) l.counter.inc({ queue: s.queue }, Math.max(0, v));
      }
      // Redis holds the count; the counter shows it as it is (a counter cannot be set, only raised).
      if (s.completedTotal !== undefined) this.completedTotal.inc({ queue: s.queue }, Math.max(0, s.completedTotal));
      if (s.failedTotal !== undefined) this.failedTotal.inc({ queue: s.queue }, Math.max(0, s.failedTotal));
    }
  }

  /** The Prometheus text exposition. */
  render(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}

import { toWireError } from '../../shared/errors';
import type { AutoRebalanceSettings } from '../../shared/settings/auto-rebalance';
import type { AutoRebalanceStatus } from '../../shared/types/partitions';
import type { TopologySnapshot } from '../../shared/types/topology';
import { PollLoop } from '../lib/poll-loop';
import { createLogger } from '../log/create-logger';
import { RETIRE_GRACE_MS } from '../queue/generations';
import { partitionCounts } from '../queue/partition-counts';
import { Queue, type RebalanceResult } from '../queue/queue';
import { listQueueDefinitions } from '../queue/registry';
import type { RedisHandle } from '../redis/handle';
import type { AuditLog } from './audit-log';
import { decideAutoRebalance, topologyBlocker } from './auto-rebalance-decision';

const log = createLogger('auto-rebalance');

/** Who the audit log names for the automatic rebalance's actions. */
export const AUTO_REBALANCE_ACTOR = 'auto-rebalance';

/** What an AutoRebalancer works with. */
export interface AutoRebalancerDeps {
  handle: RedisHandle;
  /** The topology monitor's latest snapshot. */
  snapshot: () => TopologySnapshot | null | undefined;
  audit: Pick<AuditLog, 'record'>;
  settings: AutoRebalanceSettings;
  /** After a rebalance changed a queue's definition. Must not throw. */
  onRebalanced?: (r: RebalanceResult) => void;
  /** Clock, for tests. Default Date.now. */
  now?: () => number;
  /**
   * How often it looks without a new snapshot (a generation that finished draining changes no
   * topology). Default 30 000 ms.
   */
  intervalMs?: number;
}

/**
 * The retired generations of a queue that still drain: retired less than RETIRE_GRACE_MS ago
 * (producers may still write there), or holding waiting, delayed or active tasks (one counts
 * call per partition). A generation kept only for its failed tasks does not drain.
 */
export async function drainingGenerations(handle: RedisHandle, queue: string, now: number): Promise<number[]> {
  const q = await Queue.open(handle, queue, { mustExist: true });
  const out: number[] = [];
  for (const g of q.retired) {
    if (now - g.retiredAt < RETIRE_GRACE_MS) {
      out.push(g.generation);
      continue;
    }
    const parts = await Promise.all(g.parts.map((p) => partitionCounts(q, p)));
    if (parts.some(({ counts: c }) => c.waiting + c.delayed + c.active > 0)) out.push(g.generation);
  }
  return out;
}

/**
 * The console's automatic queue rebalance (off unless its settings enable it; never in a
 * read-only console): on each topology snapshot, and every `intervalMs`, it reads the queue
 * definitions (one HGETALL) while the cluster is healthy and still, and rebalances each queue
 * decideAutoRebalance says to, one at a time, recording each in the audit log as
 * `auto-rebalance`. Evaluations never overlap; a snapshot arriving meanwhile asks for one more.
 */
export class AutoRebalancer {
  private readonly now: () => number;
  private readonly attempts = new Map<string, { at: number; outcome: string }>();
  private readonly decisions = new Map<string, string>();
  /** Why no queue may be rebalanced on the latest topology, if so. */
  private blocked: string | undefined;
  private chain: Promise<void> = Promise.resolve();
  private queued = false;
  private stopped = false;
  private readonly loop: PollLoop;

  constructor(private readonly deps: AutoRebalancerDeps) {
    this.now = deps.now ?? Date.now;
    this.loop = new PollLoop({
      intervalMs: deps.intervalMs ?? 30_000,
      round: () => this.request(),
      onError: (e) => log.warn(`evaluation failed: ${toWireError(e).message}`),
    });
  }

  get settings(): AutoRebalanceSettings {
    return this.deps.settings;
  }

  /** Starts the periodic look (the first after `intervalMs`: snapshots trigger the early ones). */
  start(): void {
    this.loop.start(this.deps.intervalMs ?? 30_000);
  }

  /** Stops, and resolves once an evaluation (and a rebalance it started) has finished. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.loop.stop();
    await this.chain;
  }

  /** A topology snapshot arrived. */
  onSnapshot(): void {
    void this.request();
  }

  /** Runs one evaluation after the one in flight (at most one waits); resolves when it ran. */
  request(): Promise<void> {
    if (this.queued) return this.chain;
    this.queued = true;
    this.chain = this.chain
      .then(async () => {
        this.queued = false;
        if (!this.stopped) await this.evaluate();
      })
      .catch((e: unknown) => log.warn(`evaluation failed: ${toWireError(e).message}`));
    return this.chain;
  }

  /** What the queue view shows: the setting, this console's last attempt, the decision now. */
  status(queue: string): AutoRebalanceStatus {
    const last = this.attempts.get(queue);
    const decision = this.blocked ? `waits: ${this.blocked}` : this.decisions.get(queue);
    return {
      enabled: this.deps.settings.enabled,
      minIntervalMs: this.deps.settings.minIntervalMs,
      ...(last ? { lastAt: last.at, lastOutcome: last.outcome } : {}),
      ...(decision && this.deps.settings.enabled ? { decision } : {}),
    };
  }

  private async evaluate(): Promise<void> {
    if (!this.deps.settings.enabled) return;
    const snapshot = this.deps.snapshot();
    this.blocked = topologyBlocker(snapshot);
    if (this.blocked) return;
    const defs = await listQueueDefinitions(this.deps.handle);
    for (const q of [...this.decisions.keys()]) if (!defs.some((d) => d.name === q)) this.decisions.delete(q);
    for (const def of defs) {
      if (this.stopped) return;
      const input = {
        snapshot: this.deps.snapshot(),
        def,
        now: this.now(),
        minIntervalMs: this.deps.settings.minIntervalMs,
        lastAttemptAt: this.attempts.get(def.name)?.at,
        draining: [],
      };
      let d = decideAutoRebalance(input);
      // Which retired generations still drain costs reads: only asked once all else says rebalance.
      if (d.rebalance && def.retired?.length)
        d = decideAutoRebalance({
          ...input,
          draining: await drainingGenerations(this.deps.handle, def.name, input.now),
        });
      this.decisions.set(def.name, d.rebalance ? `rebalancing: ${d.reason}` : `no rebalance: ${d.why}`);
      if (d.rebalance) await this.rebalance(def.name, d.reason);
    }
  }

  private async rebalance(queue: string, reason: string): Promise<void> {
    const at = this.now();
    const started = performance.now();
    this.attempts.set(queue, { at, outcome: 'running' });
    try {
      const q = await Queue.open(this.deps.handle, queue, { mustExist: true });
      const r = await q.rebalance();
      const outcome = `generation ${r.generation}: ${r.partitionsBefore} → ${r.partitionsAfter} partitions`;
      this.attempts.set(queue, { at, outcome });
      this.decisions.set(queue, `rebalanced (${outcome}) because ${reason}`);
      log.info(`rebalanced queue ${queue} (${outcome}) because ${reason}`);
      await this.record(queue, reason, performance.now() - started, {
        generation: r.generation,
        partitions: r.partitionsAfter,
      });
      this.deps.onRebalanced?.(r);
    } catch (e) {
      const w = toWireError(e);
      this.attempts.set(queue, { at, outcome: `failed: ${w.code}: ${w.message}` });
      log.warn(`could not rebalance queue ${queue} (${reason}): ${w.message}`);
      await this.record(queue, reason, performance.now() - started, {}, `${w.code}: ${w.message}`);
    }
  }

  private record(
    queue: string,
    reason: string,
    durationMs: number,
    filter: Record<string, number>,
    error?: string,
  ): Promise<void> {
    return this.deps.audit.record({
      at: this.now(),
      who: AUTO_REBALANCE_ACTOR,
      action: 'queue:rebalance',
      target: { queue },
      filter: { ...filter, reason: reason.slice(0, 200) },
      outcome: error ? 'error' : 'ok',
      ...(error ? { error: error.slice(0, 500) } : {}),
      durationMs: Math.round(durationMs * 10) / 10,
    });
  }
}

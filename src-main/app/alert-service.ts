import type { Alert, AlertRule, AlertWebhookBody } from '../../shared/types/alerts';
import type { DepthSample } from '../../shared/types/queue';
import type { TopologyEvent, TopologySnapshot } from '../../shared/types/topology';
import { createLogger } from '../log/create-logger';
import type { RedisHandle } from '../redis/handle';
import { AlertEvaluator, type AlertTransition, type QueueReading } from './alert-engine';
import { AlertStore } from './alert-store';
import { deliverWebhook, type WebhookRetryOptions } from './alert-webhook';

const log = createLogger('alerts');

/** A desktop notification sink: Electron's `Notification` in the app (src-main/electron/), a fake in tests. */
export interface Notifier {
  notify(n: { title: string; body: string }): void;
}

/** What an AlertService reads besides Redis; AppContext passes its monitor and worker list. */
export interface AlertServiceDeps {
  /** The monitor's latest snapshot. */
  topology: () => TopologySnapshot | undefined;
  /** Live workers per queue. */
  workers: () => Promise<Map<string, number> | undefined>;
  /** Called with the active alerts after every change (AppContext emits `alert:changed`). */
  changed: (alerts: Alert[], change?: { event: 'firing' | 'resolved'; alert: Alert }) => void;
  notifiers: () => Iterable<Notifier>;
}

export interface AlertServiceOptions {
  /** Clock. Default Date.now. */
  now?: () => number;
  /** Rules are read again at most this often (and at once after a change through this process). Default 5000 ms. */
  rulesRefreshMs?: number;
  /** HMAC key for rules without their own. Default `$SLOTLINE_ALERT_WEBHOOK_SECRET`. */
  webhookSecret?: string;
  retry?: WebhookRetryOptions;
}

/** The notification text of a change. */
export function alertNotification(event: 'firing' | 'resolved', a: Alert): { title: string; body: string } {
  return { title: `Slotline alert ${event}: ${a.ruleName}`, body: a.message };
}

/**
 * The thin loop around AlertEvaluator: fed by the depth sampler's batches and the topology
 * monitor's events, it gathers readings, evaluates, records each fire and resolve in Redis
 * (where exactly one console wins it) and delivers what it won: notifiers, webhook, the event.
 * It runs in main, so alerts fire while no window is open.
 */
export class AlertService {
  readonly store: AlertStore;
  private readonly evaluator = new AlertEvaluator();
  private readonly now: () => number;
  private rulesCache: AlertRule[] = [];
  private rulesReadAt = -Infinity;
  private failovers: Array<{ at: number; message: string }> = [];
  private running: Promise<void> | undefined;
  private again: DepthSample[] | undefined;
  private lastSamples: DepthSample[] = [];
  private adopted = false;
  private stopped = false;
  private failing = false;
  /** Webhook deliveries in flight (tests and `stop` wait for them). */
  readonly deliveries = new Set<Promise<void>>();

  constructor(
    handle: RedisHandle,
    private readonly deps: AlertServiceDeps,
    private readonly options: AlertServiceOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.store = new AlertStore(handle, this.now);
  }

  /** One sampler batch: evaluates (a batch arriving mid-round runs right after it). */
  onSamples(batch: DepthSample[]): Promise<void> {
    this.lastSamples = batch;
    return this.schedule(batch);
  }

  onTopologyEvent(e: TopologyEvent): Promise<void> {
    if (e.type !== 'replica-promoted') return Promise.resolve();
    this.failovers.push({
      at: e.at,
      message: `failover: ${e.newMasterAddress} took over from ${e.oldMasterAddress}`,
    });
    return this.schedule(this.lastSamples);
  }

  /** Rules changed through this process: read them again on the next round. */
  rulesChanged(): void {
    this.rulesReadAt = -Infinity;
  }

  /** Firing alerts from Redis (every console's) with this engine's pending ones. */
  async active(): Promise<Alert[]> {
    const firing = await this.store.firing();
    const keys = new Set(firing.map((a) => a.key));
    const pending = this.evaluator.active().filter((a) => a.state === 'pending' && !keys.has(a.key));
    return [...firing, ...pending];
  }

  async ack(key: string, who: string): Promise<Alert> {
    const a = await this.store.ack(key, who);
    this.evaluator.annotate(key, { ackedAt: a.ackedAt, ackedBy: a.ackedBy });
    this.deps.changed(await this.active());
    return a;
  }

  async snooze(key: string, until: number, who: string): Promise<Alert> {
    const a = await this.store.snooze(key, until, who);
    this.evaluator.annotate(key, { snoozedUntil: a.snoozedUntil });
    this.deps.changed(await this.active());
    return a;
  }

  /** Stops evaluating; waits for the round and webhook deliveries in flight. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.running;
    await Promise.all([...this.deliveries]);
  }

  private schedule(batch: DepthSample[]): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.running) {
      this.again = batch;
      return this.running;
    }
    this.running = (async () => {
      try {
        let next: DepthSample[] | undefined = batch;
        while (next && !this.stopped) {
          this.again = undefined;
          await this.round(next);
          next = this.again;
        }
        if (this.failing) log.info('alert evaluation works again');
        this.failing = false;
      } catch (e) {
        // Once per outage (a failover fails every round for seconds), not once a second.
        if (!this.failing)
          log.warn(`alert evaluation failed (logged once until it works again): ${(e as Error).message}`);
        this.failing = true;
      } finally {
        this.running = undefined;
      }
    })();
    return this.running;
  }

  private async rules(): Promise<AlertRule[]> {
    const now = this.now();
    if (now - this.rulesReadAt >= (this.options.rulesRefreshMs ?? 5000)) {
      this.rulesCache = await this.store.rules();
      this.rulesReadAt = now;
    }
    return this.rulesCache;
  }

  private async round(batch: DepthSample[]): Promise<void> {
    if (!this.adopted) {
      this.evaluator.adopt(await this.store.firing());
      this.adopted = true;
    }
    const rules = await this.rules();
    const at = this.now();
    // The sampler reads live workers and the oldest waiting task each tick (handle-depth-source.ts);
    // the worker list is read here only for samples that came without them.
    const workers =
      rules.some((r) => r.enabled && r.condition.kind === 'no-worker') && batch.some((s) => s.liveWorkers === undefined)
        ? await this.deps.workers()
        : undefined;
    const queues: QueueReading[] = batch.map((s) => ({
      queue: s.queue,
      waiting: s.waiting,
      completedTotal: s.completedTotal ?? 0,
      failedTotal: s.failedTotal ?? 0,
      stalledTotal: s.stalledTotal,
      liveWorkers: s.liveWorkers ?? workers?.get(s.queue) ?? 0,
      ...(s.oldestWaitingAt !== undefined ? { oldestWaitingAt: s.oldestWaitingAt } : {}),
    }));
    const failovers = this.failovers;
    this.failovers = [];
    const transitions = this.evaluator.evaluate(rules, { at, queues, topology: this.deps.topology(), failovers });
    if (transitions.length === 0) return;
    for (const t of transitions) await this.apply(t, rules);
    this.deps.changed(await this.active());
  }

  private async apply(t: AlertTransition, rules: AlertRule[]): Promise<void> {
    if (t.to !== 'firing' && t.to !== 'resolved') return;
    const event = t.to;
    // A round works from rules read up to rulesRefreshMs ago (and this one may have started before
    // a removal): a rule removed meanwhile, here or on another console, must not fire again.
    if (event === 'firing' && !(await this.store.hasRule(t.alert.ruleId))) return;
    const stored = event === 'firing' ? await this.store.fire(t.alert) : await this.store.resolve(t.alert);
    const rule = rules.find((r) => r.id === t.alert.ruleId);
    const alert = stored ?? t.alert;
    const snoozed = (await this.store.snoozedUntil(alert.key)) > this.now();
    // Each console tells its own operator; the webhook goes once, from the console that recorded it.
    if (rule?.notify && !snoozed) for (const n of this.deps.notifiers()) n.notify(alertNotification(event, alert));
    if (!stored) return;
    this.deps.changed(await this.active(), { event, alert: stored });
    if (rule?.webhook && !snoozed) this.sendWebhook(rule, event, stored);
  }

  private sendWebhook(rule: AlertRule, event: 'firing' | 'resolved', alert: Alert): void {
    const body: AlertWebhookBody = {
      event,
      alert,
      rule: { id: rule.id, name: rule.name, ...(rule.queue ? { queue: rule.queue } : {}), condition: rule.condition },
      sentAt: this.now(),
    };
    const secret =
      rule.webhook!.secret ?? this.options.webhookSecret ?? (process.env.SLOTLINE_ALERT_WEBHOOK_SECRET || undefined);
    const p = deliverWebhook(rule.webhook!.url, JSON.stringify(body), secret, this.options.retry).then((r) => {
      if (!r.ok) log.warn(`alert ${alert.key} ${event}: webhook gave up after ${r.attempts} attempt(s): ${r.error}`);
    });
    this.deliveries.add(p);
    void p.finally(() => this.deliveries.delete(p));
  }
}

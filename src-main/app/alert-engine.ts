import type { Alert, AlertCondition, AlertRule } from '../../shared/types/alerts';
import type { TopologySnapshot } from '../../shared/types/topology';

/** One queue as the engine sees it at one evaluation. */
export interface QueueReading {
  queue: string;
  waiting: number;
  /** Running totals (QueueCounts): the failure rate and stall rules use their deltas. */
  completedTotal: number;
  failedTotal: number;
  /** Lease expiries so far; absent when the queue's counts do not carry it. */
  stalledTotal?: number;
  /** Enqueue time of the oldest task at the head of a partition; null when none waits; absent when not read. */
  oldestWaitingAt?: number | null;
  /** Workers with a fresh heartbeat for this queue. */
  liveWorkers: number;
}

/** Everything one evaluation looks at; `at` is the injected clock. */
export interface AlertInputs {
  at: number;
  queues: QueueReading[];
  /** The monitor's latest snapshot; absent = no judgement on cluster rules this round. */
  topology?: TopologySnapshot;
  /** Replica promotions seen since the previous evaluation. */
  failovers?: Array<{ at: number; message: string }>;
}

/** A change of one alert. `dropped`: a pending alert whose condition ended before it fired. */
export interface AlertTransition {
  alert: Alert;
  from: 'none' | 'pending' | 'firing';
  to: 'pending' | 'firing' | 'resolved' | 'dropped';
}

interface Measure {
  subject: string;
  /** The condition holds now. */
  active: boolean;
  value?: number;
  message: string;
}

interface TotalsPoint {
  at: number;
  completed: number;
  failed: number;
  stalled?: number;
}

/** Longest window kept per queue, and most points: bounds memory whatever the rules say. */
const MAX_WINDOW_MS = 7 * 86_400_000;
const MAX_POINTS = 20_000;

function secs(ms: number): string {
  return ms >= 120_000 ? `${Math.round(ms / 60_000)} min` : `${Math.round(ms / 1000)} s`;
}

/** How long the condition must hold before firing. */
export function holdFor(c: AlertCondition): number {
  return 'forMs' in c ? c.forMs : 0;
}

/**
 * The alert rules' state machine, evaluated in main: for each rule and subject, `pending` while a
 * condition holds for less than its `forMs`, `firing` after, `resolved` when it ends. Pure over
 * its inputs and clock (no I/O, no timers): the caller feeds readings and applies transitions.
 */
export class AlertEvaluator {
  private readonly alerts = new Map<string, Alert>();
  private readonly totals = new Map<string, TotalsPoint[]>();
  private lastFailover: { at: number; message: string } | undefined;

  /** Pending and firing alerts, oldest first. */
  active(): Alert[] {
    return [...this.alerts.values()].sort((a, b) => a.since - b.since);
  }

  /** Replaces the engine's view of alerts already firing (read back from Redis at start). */
  adopt(firing: Alert[]): void {
    for (const a of firing) if (a.state === 'firing') this.alerts.set(a.key, a);
  }

  /** One round: records the readings, evaluates every enabled rule, returns what changed. */
  evaluate(rules: AlertRule[], inputs: AlertInputs): AlertTransition[] {
    const now = inputs.at;
    this.record(inputs);
    const out: AlertTransition[] = [];
    const seen = new Set<string>();
    for (const rule of rules) {
      if (!rule.enabled) continue;
      const measures = this.measure(rule, inputs);
      if (measures === undefined) {
        // No data for this rule this round: keep its alerts as they are.
        for (const k of this.alerts.keys()) if (k.startsWith(`${rule.id}|`)) seen.add(k);
        continue;
      }
      for (const m of measures) {
        const key = `${rule.id}|${m.subject}`;
        const prev = this.alerts.get(key);
        if (!m.active) continue;
        seen.add(key);
        const since = prev?.since ?? now;
        const firing = prev?.state === 'firing' || now - since >= holdFor(rule.condition);
        const next: Alert = {
          ...(prev ?? {}),
          key,
          ruleId: rule.id,
          ruleName: rule.name,
          kind: rule.condition.kind,
          subject: m.subject,
          state: firing ? 'firing' : 'pending',
          since,
          ...(firing ? { firedAt: prev?.firedAt ?? now } : {}),
          ...(m.value === undefined ? {} : { value: m.value }),
          message: m.message,
        };
        this.alerts.set(key, next);
        const from = prev?.state ?? 'none';
        if (from !== next.state)
          out.push({ alert: next, from: from as AlertTransition['from'], to: next.state as 'pending' | 'firing' });
      }
    }
    for (const [key, a] of this.alerts) {
      if (seen.has(key)) continue;
      this.alerts.delete(key);
      if (a.state === 'firing')
        out.push({ alert: { ...a, state: 'resolved', resolvedAt: now }, from: 'firing', to: 'resolved' });
      else out.push({ alert: a, from: 'pending', to: 'dropped' });
    }
    return out;
  }

  /** Sets ack or snooze fields on an active alert (so the next transitions carry them). */
  annotate(key: string, fields: Pick<Alert, 'ackedAt' | 'ackedBy' | 'snoozedUntil'>): void {
    const a = this.alerts.get(key);
    if (a) this.alerts.set(key, { ...a, ...fields });
  }

  private record(inputs: AlertInputs): void {
    for (const q of inputs.queues) {
      const pts = this.totals.get(q.queue) ?? [];
      pts.push({ at: inputs.at, completed: q.completedTotal, failed: q.failedTotal, stalled: q.stalledTotal });
      while (pts.length > MAX_POINTS || (pts.length > 1 && inputs.at - pts[0]!.at > MAX_WINDOW_MS)) pts.shift();
      this.totals.set(q.queue, pts);
    }
    for (const name of this.totals.keys()) if (!inputs.queues.some((q) => q.queue === name)) this.totals.delete(name);
    for (const f of inputs.failovers ?? [])
      if (!this.lastFailover || f.at >= this.lastFailover.at) this.lastFailover = f;
  }

  /** The reading at or just before `at - windowMs` (the oldest kept one if the window is longer). */
  private baseline(queue: string, at: number, windowMs: number): TotalsPoint | undefined {
    const pts = this.totals.get(queue);
    if (!pts || pts.length < 2) return undefined;
    let base = pts[0]!;
    for (const p of pts) {
      if (p.at <= at - windowMs) base = p;
      else break;
    }
    return base === pts.at(-1) ? undefined : base;
  }

  private measure(rule: AlertRule, inputs: AlertInputs): Measure[] | undefined {
    const c = rule.condition;
    const queues = rule.queue ? inputs.queues.filter((q) => q.queue === rule.queue) : inputs.queues;
    const now = inputs.at;
    switch (c.kind) {
      case 'backlog':
        return queues.map((q) => ({
          subject: q.queue,
          active: q.waiting > c.threshold,
          value: q.waiting,
          message: `${q.queue}: ${q.waiting} waiting (over ${c.threshold} for ${secs(c.forMs)})`,
        }));
      case 'oldest-waiting':
        return queues.flatMap((q): Measure[] => {
          if (q.oldestWaitingAt === undefined) return [];
          const age = q.oldestWaitingAt === null ? 0 : Math.max(0, now - q.oldestWaitingAt);
          return [
            {
              subject: q.queue,
              active: age > c.ageMs,
              value: age,
              message: `${q.queue}: oldest waiting task is ${secs(age)} old (limit ${secs(c.ageMs)})`,
            },
          ];
        });
      case 'failure-rate':
        return queues.flatMap((q): Measure[] => {
          const base = this.baseline(q.queue, now, c.windowMs);
          if (!base) return [{ subject: q.queue, active: false, message: '' }];
          const failed = q.failedTotal - base.failed;
          const finished = q.completedTotal - base.completed + failed;
          const pct = finished > 0 ? (100 * failed) / finished : 0;
          return [
            {
              subject: q.queue,
              active: finished >= c.minTasks && pct > c.percent,
              value: Math.round(pct * 10) / 10,
              message: `${q.queue}: ${failed} of ${finished} tasks failed in the last ${secs(now - base.at)} (${pct.toFixed(1)} %, limit ${c.percent} %)`,
            },
          ];
        });
      case 'stalls':
        return queues.flatMap((q): Measure[] => {
          const base = this.baseline(q.queue, now, c.windowMs);
          if (q.stalledTotal === undefined) return [];
          const stalls = base?.stalled === undefined ? 0 : q.stalledTotal - base.stalled;
          return [
            {
              subject: q.queue,
              active: stalls > c.count,
              value: stalls,
              message: `${q.queue}: ${stalls} stalled attempts in the last ${secs(c.windowMs)} (limit ${c.count})`,
            },
          ];
        });
      case 'no-worker':
        return queues.map((q) => ({
          subject: q.queue,
          active: q.liveWorkers === 0,
          value: q.liveWorkers,
          message: `${q.queue}: no live worker (no fresh heartbeat) for ${secs(c.forMs)}`,
        }));
      case 'cluster-state': {
        const t = inputs.topology;
        if (!t) return undefined;
        const state = t.reachable ? t.clusterState : 'unreachable';
        return [
          {
            subject: 'cluster',
            active: state !== 'ok',
            message: `cluster_state is ${state}${t.error ? ` (${t.error})` : ''}`,
          },
        ];
      }
      case 'failover': {
        const f = this.lastFailover;
        return [
          {
            subject: 'cluster',
            active: f !== undefined && now - f.at < c.holdMs,
            message: f ? f.message : '',
          },
        ];
      }
      case 'replica-link-down':
      case 'replication-lag': {
        const t = inputs.topology;
        if (!t) return undefined;
        return t.shards.flatMap((s) =>
          s.replicas.map((r) => {
            if (c.kind === 'replica-link-down') {
              const down = r.linkStatus === 'down' || r.health === 'fail';
              return {
                subject: r.address,
                active: down,
                message: `replica ${r.address} of ${s.master.address}: ${r.health === 'fail' ? 'failed' : 'master link down'}`,
              };
            }
            const lag = r.lagBytes ?? 0;
            return {
              subject: r.address,
              active: lag > c.bytes,
              value: lag,
              message: `replica ${r.address} is ${lag} bytes behind ${s.master.address} (limit ${c.bytes})`,
            };
          }),
        );
      }
    }
  }
}

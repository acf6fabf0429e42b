import { describe, expect, it } from 'vitest';
import { AlertRuleSchema, type AlertRule } from '../../shared/types/alerts';
import type { TopologySnapshot } from '../../shared/types/topology';
import { AlertEvaluator, type QueueReading } from './alert-engine';

function rule(partial: Partial<AlertRule> & Pick<AlertRule, 'condition'>): AlertRule {
  return AlertRuleSchema.parse({ id: 'r1', name: 'rule', enabled: true, notify: true, updatedAt: 0, ...partial });
}

function q(over: Partial<QueueReading> = {}): QueueReading {
  return { queue: 'emails', waiting: 0, completedTotal: 0, failedTotal: 0, stalledTotal: 0, liveWorkers: 1, ...over };
}

function topo(over: Partial<TopologySnapshot> = {}, replica: Record<string, unknown> = {}): TopologySnapshot {
  const node = (id: string, role: 'master' | 'replica', extra = {}) => ({
    id,
    address: `127.0.0.1:${id}`,
    role,
    health: 'online' as const,
    flags: [],
    reachable: true,
    ...extra,
  });
  return {
    takenAt: 0,
    mode: 'cluster',
    clusterState: 'ok',
    shards: [{ slots: [[0, 16383]], master: node('7000', 'master'), replicas: [node('7001', 'replica', replica)] }],
    coverage: { assigned: 16384, ok: 16384, pfail: 0, fail: 0, unassigned: 0 },
    migrations: [],
    reachable: true,
    ...over,
  } as TopologySnapshot;
}

describe('AlertEvaluator', () => {
  it('backlog: pending until forMs has passed, then firing, then resolved when the backlog drains', () => {
    const e = new AlertEvaluator();
    const rules = [rule({ condition: { kind: 'backlog', threshold: 10, forMs: 5000 } })];
    expect(e.evaluate(rules, { at: 0, queues: [q({ waiting: 5 })] })).toEqual([]);
    const t1 = e.evaluate(rules, { at: 1000, queues: [q({ waiting: 11 })] });
    expect(t1.map((t) => [t.from, t.to])).toEqual([['none', 'pending']]);
    expect(t1[0]!.alert).toMatchObject({ key: 'r1|emails', subject: 'emails', value: 11, since: 1000 });
    expect(e.evaluate(rules, { at: 5999, queues: [q({ waiting: 50 })] })).toEqual([]);
    const t2 = e.evaluate(rules, { at: 6000, queues: [q({ waiting: 50 })] });
    expect(t2.map((t) => [t.from, t.to])).toEqual([['pending', 'firing']]);
    expect(t2[0]!.alert).toMatchObject({ state: 'firing', firedAt: 6000, since: 1000 });
    expect(e.active().map((a) => a.state)).toEqual(['firing']);
    const t3 = e.evaluate(rules, { at: 7000, queues: [q({ waiting: 0 })] });
    expect(t3.map((t) => [t.from, t.to])).toEqual([['firing', 'resolved']]);
    expect(t3[0]!.alert).toMatchObject({ state: 'resolved', resolvedAt: 7000, firedAt: 6000 });
    expect(e.active()).toEqual([]);
  });

  it('a pending alert whose condition ends before forMs is dropped, never fired', () => {
    const e = new AlertEvaluator();
    const rules = [rule({ condition: { kind: 'backlog', threshold: 10, forMs: 5000 } })];
    e.evaluate(rules, { at: 0, queues: [q({ waiting: 20 })] });
    expect(e.evaluate(rules, { at: 1000, queues: [q({ waiting: 3 })] }).map((t) => t.to)).toEqual(['dropped']);
    // Starting again starts the clock again.
    e.evaluate(rules, { at: 2000, queues: [q({ waiting: 20 })] });
    expect(e.evaluate(rules, { at: 6000, queues: [q({ waiting: 20 })] })).toEqual([]);
    expect(e.evaluate(rules, { at: 7000, queues: [q({ waiting: 20 })] }).map((t) => t.to)).toEqual(['firing']);
  });

  it('a rule without a queue makes one alert per queue; a rule with one only watches it; disabled rules do nothing', () => {
    const e = new AlertEvaluator();
    const queues = [q({ queue: 'a', waiting: 5 }), q({ queue: 'b', waiting: 5 })];
    const t = e.evaluate(
      [
        rule({ id: 'all', condition: { kind: 'backlog', threshold: 1, forMs: 0 } }),
        rule({ id: 'one', queue: 'b', condition: { kind: 'backlog', threshold: 1, forMs: 0 } }),
        rule({ id: 'off', enabled: false, condition: { kind: 'backlog', threshold: 1, forMs: 0 } }),
      ],
      { at: 0, queues },
    );
    expect(t.map((x) => `${x.alert.key}:${x.to}`).sort()).toEqual(['all|a:firing', 'all|b:firing', 'one|b:firing']);
  });

  it('oldest waiting age from the head task enqueue time; null (nothing waits) is age 0', () => {
    const e = new AlertEvaluator();
    const rules = [rule({ condition: { kind: 'oldest-waiting', ageMs: 60_000, forMs: 0 } })];
    expect(e.evaluate(rules, { at: 100_000, queues: [q({ oldestWaitingAt: 50_000 })] })).toEqual([]);
    const t = e.evaluate(rules, { at: 120_000, queues: [q({ oldestWaitingAt: 50_000 })] });
    expect(t[0]!.alert).toMatchObject({ state: 'firing', value: 70_000 });
    expect(e.evaluate(rules, { at: 121_000, queues: [q({ oldestWaitingAt: null })] }).map((x) => x.to)).toEqual([
      'resolved',
    ]);
  });

  it('failure rate from total deltas over the window, not from all-time totals, and only with minTasks finished', () => {
    const e = new AlertEvaluator();
    const rules = [rule({ condition: { kind: 'failure-rate', percent: 20, windowMs: 60_000, minTasks: 10 } })];
    // Long history of mostly failures, then a clean minute: the window must not see the old ones.
    e.evaluate(rules, { at: 0, queues: [q({ completedTotal: 0, failedTotal: 1000 })] });
    expect(e.evaluate(rules, { at: 60_000, queues: [q({ completedTotal: 100, failedTotal: 1000 })] })).toEqual([]);
    // 5 failed of 5: over 20 % but fewer than minTasks.
    expect(e.evaluate(rules, { at: 120_000, queues: [q({ completedTotal: 100, failedTotal: 1005 })] })).toEqual([]);
    // 30 failed + 70 completed in the last minute: 30 %.
    const t = e.evaluate(rules, { at: 180_000, queues: [q({ completedTotal: 170, failedTotal: 1030 })] });
    expect(t.map((x) => x.to)).toEqual(['firing']);
    expect(t[0]!.alert.value).toBeCloseTo(100 * (25 / 95), 0);
  });

  it('stalls: more than count lease expiries inside the window', () => {
    const e = new AlertEvaluator();
    const rules = [rule({ condition: { kind: 'stalls', count: 2, windowMs: 10_000 } })];
    e.evaluate(rules, { at: 0, queues: [q({ stalledTotal: 7 })] });
    expect(e.evaluate(rules, { at: 5000, queues: [q({ stalledTotal: 9 })] })).toEqual([]);
    const t = e.evaluate(rules, { at: 9000, queues: [q({ stalledTotal: 10 })] });
    expect(t[0]!.alert).toMatchObject({ state: 'firing', value: 3 });
    // Once the window (from the reading at 9 s) holds no new stalls, it resolves.
    expect(e.evaluate(rules, { at: 25_000, queues: [q({ stalledTotal: 10 })] }).map((x) => x.to)).toEqual(['resolved']);
  });

  it('no live worker for a queue', () => {
    const e = new AlertEvaluator();
    const rules = [rule({ condition: { kind: 'no-worker', forMs: 1000 } })];
    expect(e.evaluate(rules, { at: 0, queues: [q({ liveWorkers: 0 })] }).map((x) => x.to)).toEqual(['pending']);
    expect(e.evaluate(rules, { at: 1000, queues: [q({ liveWorkers: 0 })] }).map((x) => x.to)).toEqual(['firing']);
    expect(e.evaluate(rules, { at: 2000, queues: [q({ liveWorkers: 2 })] }).map((x) => x.to)).toEqual(['resolved']);
  });

  it('cluster_state not ok (and an unreachable cluster), but no judgement without a snapshot', () => {
    const e = new AlertEvaluator();
    const rules = [rule({ condition: { kind: 'cluster-state', forMs: 0 } })];
    expect(e.evaluate(rules, { at: 0, queues: [], topology: topo() })).toEqual([]);
    const t = e.evaluate(rules, { at: 1, queues: [], topology: topo({ clusterState: 'fail' }) });
    expect(t[0]!.alert).toMatchObject({ state: 'firing', subject: 'cluster', message: 'cluster_state is fail' });
    expect(e.evaluate(rules, { at: 2, queues: [] })).toEqual([]);
    expect(e.active()).toHaveLength(1);
    expect(
      e.evaluate(rules, { at: 3, queues: [], topology: topo({ reachable: false, error: 'ECONNREFUSED' }) }),
    ).toEqual([]);
    expect(e.active()[0]!.message).toBe('cluster_state is unreachable (ECONNREFUSED)');
    expect(e.evaluate(rules, { at: 4, queues: [], topology: topo() }).map((x) => x.to)).toEqual(['resolved']);
  });

  it('a failover fires at once and resolves holdMs after the last promotion', () => {
    const e = new AlertEvaluator();
    const rules = [rule({ condition: { kind: 'failover', holdMs: 10_000 } })];
    expect(e.evaluate(rules, { at: 0, queues: [] })).toEqual([]);
    const t = e.evaluate(rules, { at: 1000, queues: [], failovers: [{ at: 900, message: 'b took over from a' }] });
    expect(t[0]!.alert).toMatchObject({ state: 'firing', message: 'b took over from a' });
    expect(e.evaluate(rules, { at: 10_000, queues: [], failovers: [{ at: 9000, message: 'c took over' }] })).toEqual(
      [],
    );
    expect(e.evaluate(rules, { at: 18_999, queues: [] })).toEqual([]);
    expect(e.evaluate(rules, { at: 19_000, queues: [] }).map((x) => x.to)).toEqual(['resolved']);
  });

  it('replica link down and replication lag, one alert per replica', () => {
    const e = new AlertEvaluator();
    const rules = [
      rule({ id: 'link', condition: { kind: 'replica-link-down', forMs: 0 } }),
      rule({ id: 'lag', condition: { kind: 'replication-lag', bytes: 1000, forMs: 0 } }),
    ];
    expect(e.evaluate(rules, { at: 0, queues: [], topology: topo({}, { linkStatus: 'up', lagBytes: 10 }) })).toEqual(
      [],
    );
    const t = e.evaluate(rules, { at: 1, queues: [], topology: topo({}, { linkStatus: 'down', lagBytes: 5000 }) });
    expect(t.map((x) => x.alert.key).sort()).toEqual(['lag|127.0.0.1:7001', 'link|127.0.0.1:7001']);
    expect(t.find((x) => x.alert.ruleId === 'lag')!.alert.value).toBe(5000);
  });

  it('a queue that disappears resolves its alerts; annotations ride on later transitions', () => {
    const e = new AlertEvaluator();
    const rules = [rule({ condition: { kind: 'backlog', threshold: 0, forMs: 0 } })];
    e.evaluate(rules, { at: 0, queues: [q({ waiting: 1 })] });
    e.annotate('r1|emails', { ackedAt: 5, ackedBy: 'cli:me@host' });
    const t = e.evaluate(rules, { at: 10, queues: [] });
    expect(t[0]!.alert).toMatchObject({ state: 'resolved', ackedBy: 'cli:me@host' });
  });

  it('rule input validation names the bad field', () => {
    expect(() =>
      AlertRuleSchema.parse({
        id: 'x',
        name: 'n',
        enabled: true,
        notify: true,
        updatedAt: 0,
        condition: { kind: 'backlog' },
      }),
    ).toThrow(/threshold/);
  });
});

import { describe, expect, it } from 'vitest';
import { DRILL_DEFAULTS } from './drill-options';
import type { DrillReport } from './drill-types';
import { formatReport } from './format-report';

function report(over: Partial<DrillReport> = {}): DrillReport {
  return {
    startedAt: '2026-01-01T00:00:00.000Z',
    finishedAt: '2026-01-01T00:02:00.000Z',
    options: { ...DRILL_DEFAULTS, kills: 1 },
    cluster: { dir: '/tmp/x', ports: [7001, 7002, 7003, 7004, 7005, 7006], startedByDrill: true },
    queue: 'drill-x',
    loadSeconds: 12.34,
    drainMs: 800,
    drained: true,
    throttled: 0,
    kills: [
      {
        index: 1,
        mode: 'kill',
        at: 0,
        victimPort: 7001,
        replicaPort: 7004,
        partitions: [0],
        pfailMs: 2100,
        failMs: 2600,
        promotedMs: 3400,
        newMasterPort: 7004,
        firstEnqueueAfterPromotionMs: 61,
        firstCompletionAfterPromotionMs: 90,
        restartedMs: 3500,
        rejoinedMs: 9100,
        rejoinedAs: 'replica',
        rejoinedMasterPort: 7004,
      },
    ],
    reconciliation: {
      enqueued: {
        durable: { attempted: 6000, acked: 5400, unconfirmed: 600, errored: 0 },
        plain: { attempted: 6000, acked: 6000, unconfirmed: 0, errored: 0 },
      },
      lost: { durable: 0, plain: 0, sample: [] },
      duplicates: { tasks: 7, extraRuns: 7, sample: ['a'] },
      noack: { errored: 0, checked: 0, present: 0, sample: [] },
      unconfirmed: { total: 600, present: 600, missing: 0, processed: 600, sample: [] },
      stuck: { total: 0, byState: {}, sample: [] },
      ackedNotCompleted: 0,
      failed: 0,
      forgotten: 0,
      unchecked: 0,
      retriedEnqueues: 0,
    },
    errors: { producer: 0, worker: 3, producerSamples: [], workerSamples: ['3× Connection is closed.'] },
    worker: { completed: 12007, failed: 0, retried: 0, leaseLost: 7, runs: 12007 },
    waits: { started: 1200, resolved: 1195, failedClearly: 5, wrongResult: 0, hung: 0, byCode: { 'wait-timeout': 5 } },
    problems: [],
    ok: true,
    ...over,
  };
}

describe('formatReport', () => {
  it('prints the enqueue table, one row per fault and the outcomes', () => {
    const text = formatReport(report());
    expect(text).toContain('Slotline failover drill: 1 × kill, node-timeout 2000 ms, 1000 enqueues/s');
    expect(text).toMatch(/^durable\s+6000\s+5400\s+600\s+0\s+0$/m);
    expect(text).toMatch(/^plain\s+6000\s+6000\s+-\s+0\s+0$/m);
    expect(text).toMatch(
      /^1\s+7001\s+7004\s+0\s+2100\s+2600\s+3400\s+7004\s+61\s+90\s+3500\s+9100\s+replica of 7004$/m,
    );
    expect(text).toContain('duplicates (run more than once)        7 task(s), 7 extra run(s)');
    expect(text).toContain('worker:   3× Connection is closed.');
    expect(text).toContain('1200 started: 1195 resolved, 5 failed clearly (wait-timeout 5), 0 hung, 0 wrong result');
    expect(text.trim().split('\n').at(-1)).toBe('PASS: no acknowledged durable task lost, none stuck');
  });

  it('lists the problems of a failed drill', () => {
    const text = formatReport(report({ ok: false, problems: ['2 acknowledged durable task(s) lost'], drained: false }));
    expect(text).toContain('NOT drained');
    expect(text).toMatch(/FAIL:\n {2}- 2 acknowledged durable task\(s\) lost$/);
  });
});

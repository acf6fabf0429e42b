import { describe, expect, it } from 'vitest';
import { formatReshardReport } from './format-reshard-report';
import type { SpreadCheck } from './load-spread';
import { RESHARD_DEFAULTS } from './reshard-options';
import type { ReshardDrillReport } from './reshard-types';

const spread = (calls: number[], checked: boolean): SpreadCheck => {
  const mean = calls.reduce((a, b) => a + b, 0) / calls.length;
  const masters = calls.map((c, i) => ({
    port: 7001 + i,
    partitions: 1,
    calls: c,
    enqueues: c / 40,
    deviation: (c - mean) / mean,
  }));
  const maxDeviation = Math.max(...masters.map((m) => Math.abs(m.deviation)));
  return { windowMs: 10_000, masters, mean, maxDeviation, limit: 0.1, checked, ok: !checked || maxDeviation <= 0.1 };
};

function report(over: Partial<ReshardDrillReport> = {}): ReshardDrillReport {
  const rec = {
    enqueued: {
      durable: { attempted: 100, acked: 100, unconfirmed: 0, errored: 0 },
      plain: { attempted: 100, acked: 100, unconfirmed: 0, errored: 0 },
    },
    lost: { durable: 0, plain: 0, sample: [] },
    duplicates: { tasks: 0, extraRuns: 0, sample: [] },
    noack: { errored: 0, checked: 0, present: 0, sample: [] },
    unconfirmed: { total: 0, present: 0, missing: 0, processed: 0, sample: [] },
    stuck: { total: 0, byState: {}, sample: [] },
    ackedNotCompleted: 0,
    failed: 0,
    forgotten: 0,
    unchecked: 0,
    retriedEnqueues: 0,
  };
  return {
    startedAt: '2026-01-01T00:00:00.000Z',
    finishedAt: '2026-01-01T00:05:00.000Z',
    options: RESHARD_DEFAULTS,
    cluster: { dir: '/tmp/x', ports: [7001], startedByDrill: true },
    queue: 'reshard-x',
    mastersBefore: 3,
    steps: [
      {
        kind: 'add-masters',
        name: 'add 3 masters',
        ms: 30_000,
        longestWriteWaitMs: 120,
        producerErrors: 0,
        masters: 6,
      },
      {
        kind: 'rebalance-slots',
        name: 'rebalance slots',
        ms: 90_000,
        attempts: 2,
        fixes: 1,
        failures: ["clusterManagerMoveSlot: ERR I don't know about node abc"],
        longestWriteWaitMs: 900,
        producerErrors: 0,
        masters: 6,
        slotSpread: { masters: [], maxDeviation: 0.0004, limit: 0.1, ok: true },
        loadSpread: spread([1000, 1000, 1000, 0, 0, 0], false),
      },
      {
        kind: 'rebalance-queue',
        name: 'rebalance queue to 6 partitions',
        ms: 6000,
        rebalanceMs: 40,
        drainMs: 5960,
        longestWriteWaitMs: 80,
        producerErrors: 0,
        masters: 6,
        loadSpread: spread([1000, 1020, 980, 1000, 1100, 900], true),
      },
    ],
    loadSeconds: 200,
    unanswered: 0,
    drainMs: 100,
    drained: true,
    waits: { started: 10, resolved: 10, failedClearly: 0, wrongResult: 0, hung: 0, byCode: {} },
    reconciliation: rec,
    throttled: 0,
    longestWriteWaitMs: 900,
    errors: { producer: 0, worker: 0, producerSamples: [], workerSamples: [] },
    worker: { completed: 200, failed: 0, retried: 0, leaseLost: 0, runs: 200 },
    problems: [],
    ok: true,
    ...over,
  };
}

describe('formatReshardReport', () => {
  it('prints each step with its timing, tries, write wait and spreads, then the reconciliation', () => {
    const text = formatReshardReport(report());
    expect(text).toContain('Slotline reshard drill: 3 → 6 → 3 masters (added with 1 replica(s) each), 200 enqueues/s');
    expect(text).toMatch(/2\. rebalance slots +90000 +- +- +2\/1 +900 +0 +6 +0\.0% +100\.0%\* +ok/);
    expect(text).toMatch(/3\. rebalance queue to 6 partitions +6000 +40 +5960 +- +80 +0 +6 +- +10\.0% +ok/);
    expect(text).toContain('after step 3: max 10.0% off the mean of 1000 over 10.0 s, OK (limit 10.0%)');
    expect(text).toContain(
      "step 2: a redis-cli attempt failed: clusterManagerMoveSlot: ERR I don't know about node abc",
    );
    expect(text).toContain('lost (acked, never run, not in Redis)  durable 0, plain 0');
    expect(text).toMatch(/PASS: .*within 10% after each queue rebalance$/);
  });

  it('marks a spread outside 10% and lists the problems', () => {
    const r = report({
      ok: false,
      problems: ['step 3 (rebalance queue to 6 partitions): load spread 20.0% off the mean'],
    });
    r.steps[2]!.loadSpread = spread([1000, 1200, 800, 1000, 1000, 1000], true);
    const text = formatReshardReport(r);
    expect(text).toMatch(/3\. rebalance queue to 6 partitions .* 20\.0% +FAIL/);
    expect(text).toContain('FAIL (limit 10.0%)');
    expect(text).toContain('FAIL:\n  - step 3 (rebalance queue to 6 partitions): load spread 20.0% off the mean');
  });
});

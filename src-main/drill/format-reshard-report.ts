import { enqueueTable, reconciliationLines, table } from './format-report';
import type { SpreadCheck } from './load-spread';
import type { ReshardDrillReport, ReshardStep } from './reshard-types';

const ms = (v: number | undefined) => (v === undefined ? '-' : String(Math.round(v)));
const pct = (v: number | undefined) => (v === undefined ? '-' : `${(v * 100).toFixed(1)}%`);
const signed = (v: number) => `${v >= 0 ? '+' : ''}${(v * 100).toFixed(1)}%`;

function verdict(s: SpreadCheck): string {
  if (!s.checked) return 'reported only';
  return s.ok ? `OK (limit ${pct(s.limit)})` : `FAIL (limit ${pct(s.limit)})`;
}

function spreadLines(label: string, s: SpreadCheck): string[] {
  return [
    `  ${label}: max ${pct(s.maxDeviation)} off the mean of ${Math.round(s.mean)} over ${(s.windowMs / 1000).toFixed(1)} s, ${verdict(s)}`,
    `    ${s.masters.map((m) => `${m.port}: ${m.calls} (${signed(m.deviation)}; ${m.partitions} part., ${m.enqueues} tasks)`).join('  ')}`,
    ...(s.note && s.checked ? [`    ${s.note}`] : []),
  ];
}

function stepRow(i: number, s: ReshardStep): string[] {
  return [
    `${i + 1}. ${s.name}`,
    ms(s.ms),
    ms(s.rebalanceMs),
    ms(s.drainMs),
    s.attempts === undefined ? '-' : `${s.attempts}/${s.fixes ?? 0}`,
    ms(s.longestWriteWaitMs),
    String(s.producerErrors),
    String(s.masters || '-'),
    pct(s.slotSpread?.maxDeviation),
    s.loadSpread ? `${pct(s.loadSpread.maxDeviation)}${s.loadSpread.checked ? '' : '*'}` : '-',
    s.error ? 'FAILED' : (s.slotSpread && !s.slotSpread.ok) || (s.loadSpread && !s.loadSpread.ok) ? 'FAIL' : 'ok',
  ];
}

/** The reshard drill's report as the readable text the CLI prints. */
export function formatReshardReport(r: ReshardDrillReport): string {
  const o = r.options;
  const first = r.mastersBefore;
  const lines: string[] = [
    `Slotline reshard drill: ${first} → ${first + o.addMasters}${o.scaleIn ? ` → ${first}` : ''} masters (added with ${o.replicas} replica(s) each), ${o.rate} enqueues/s, concurrency ${o.concurrency}, spread window ${o.spreadWindowS} s`,
    `load ${r.loadSeconds.toFixed(1)} s, drain ${(r.drainMs / 1000).toFixed(1)} s (${r.drained ? 'drained' : 'NOT drained'})${r.throttled > 0 ? `, ${r.throttled} enqueue(s) skipped by the in-flight cap` : ''}; longest write wait ${ms(r.longestWriteWaitMs)} ms`,
    '',
    ...table(
      ['step', 'ms', 'rebalance', 'drain', 'tries/fix', 'write wait', 'errors', 'masters', 'slots ±', 'load ±', ''],
      r.steps.map((s, i) => stepRow(i, s)),
    ),
    '  (ms: the step; rebalance/drain: the queue.rebalance call, then until the retired partitions were drained and removed;',
    "   tries/fix: redis-cli attempts, summed over the step's slot moves / --cluster fix runs;",
    '   write wait: longest enqueue answered during the step, ms;',
    '   slots ±, load ±: largest distance of one master from the mean; * = reported only, not checked)',
    '',
    'load spread (commands per master over the window, cluster, replication and connection housekeeping excluded;',
    'within 10% = every master within ±10% of the mean over the masters owning slots):',
  ];
  if (r.baseline) lines.push(...spreadLines('before any step', r.baseline));
  r.steps.forEach((s, i) => {
    if (s.loadSpread) lines.push(...spreadLines(`after step ${i + 1}`, s.loadSpread));
  });
  for (const [i, s] of r.steps.entries())
    for (const f of s.failures ?? []) lines.push(`  step ${i + 1}: a redis-cli attempt failed: ${f}`);
  lines.push('', ...enqueueTable(r.reconciliation), '', ...reconciliationLines(r), '');
  if (r.ok)
    lines.push('PASS: no acknowledged durable task lost, none stuck, the load within 10% after each queue rebalance');
  else lines.push('FAIL:', ...r.problems.map((p) => `  - ${p}`));
  return lines.join('\n');
}

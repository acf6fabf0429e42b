import type { PartitionDrillReport } from './run-partition-drill';

const v = (n: number | undefined) => (n === undefined ? '-' : String(Math.round(n)));

/** The partition drill's report as one table row per scenario, then the problems. */
export function formatPartitionReport(r: PartitionDrillReport): string {
  if (r.skipped) return `partition drill skipped: ${r.skipped}`;
  const header = [
    'scenario',
    'min-repl',
    'durable ack',
    'plain ack',
    'lost d/p',
    'dup',
    'stuck',
    'unconf',
    'err p/w',
    'split at',
    'whole +',
    'max wait',
    'acks elsewhere',
  ];
  const rows = r.scenarios.map((s) => {
    const rec = s.reconciliation;
    return [
      s.name,
      String(s.minReplicasToWrite),
      String(rec.enqueued.durable.acked),
      String(rec.enqueued.plain.acked),
      `${rec.lost.durable}/${rec.lost.plain}`,
      String(rec.duplicates.tasks),
      String(rec.stuck.total),
      String(rec.unconfirmed.total),
      `${s.producerErrors}/${s.workerErrors}`,
      v(s.detectedMs),
      v(s.wholeMs),
      v(s.longestWaitMs),
      String(s.acksElsewhereDuringHold),
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  const out = [
    `Slotline partition drill: node-timeout ${r.nodeTimeoutMs} ms, ${r.rate} enqueues/s; each split held ${r.scenarios[0]?.holdMs ?? '-'} ms`,
    line(header),
    ...rows.map(line),
    '  (split at: ms after the cut when a node flagged another fail?/fail; whole +: ms after the heal until ready; max wait: longest enqueue answer, ms; acks elsewhere: acks on untouched partitions during the split)',
  ];
  for (const s of r.scenarios)
    for (const p of s.producerSamples.slice(0, 2)) out.push(`  ${s.name}/${s.minReplicasToWrite}: ${p}`);
  const problems = r.scenarios.flatMap((s) => s.problems.map((p) => `${s.name}: ${p}`));
  out.push(
    problems.length === 0
      ? 'PASS: no acknowledged durable task lost, none stuck'
      : ['FAIL:', ...problems.map((p) => `  - ${p}`)].join('\n'),
  );
  return out.join('\n');
}

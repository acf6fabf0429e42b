import type { DrillReport, EnqueueTally, KillRecord, Reconciliation } from './drill-types';
import type { LoadOutcome } from './drill-session';

const ms = (v: number | undefined) => (v === undefined ? '-' : String(Math.round(v)));

/** A table: the first column left-aligned, the others right-aligned. */
export function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)];
}

function enqueueRow(kind: string, t: EnqueueTally, lost: number, durable: boolean): string[] {
  return [
    kind,
    String(t.attempted),
    String(t.acked),
    durable ? String(t.unconfirmed) : '-',
    String(t.errored),
    String(lost),
  ];
}

function rejoined(k: KillRecord): string {
  if (k.rejoinedAs === 'replica') return `replica of ${k.rejoinedMasterPort ?? '?'}`;
  return k.rejoinedAs ?? '-';
}

/** The drill's report as the readable text the CLI prints. */
export function formatReport(r: DrillReport): string {
  const o = r.options;
  const lines: string[] = [];
  lines.push(
    `Slotline failover drill: ${r.kills.length} × ${o.mode}, node-timeout ${o.nodeTimeoutMs} ms, ${o.rate} enqueues/s, concurrency ${o.concurrency}, ${o.partitions} partition(s)`,
    `load ${r.loadSeconds.toFixed(1)} s, drain ${(r.drainMs / 1000).toFixed(1)} s (${r.drained ? 'drained' : 'NOT drained'})${r.throttled > 0 ? `, ${r.throttled} enqueue(s) skipped by the in-flight cap` : ''}`,
    '',
  );
  lines.push(...enqueueTable(r.reconciliation), '');
  if (r.kills.length > 0) {
    lines.push(
      ...table(
        [
          'fault',
          'victim',
          'replica',
          'parts',
          'pfail',
          'fail',
          'promoted',
          'new master',
          'write +',
          'done +',
          'back',
          'rejoined',
          'as',
        ],
        r.kills.map((k) => [
          String(k.index),
          String(k.victimPort),
          String(k.replicaPort ?? '-'),
          k.partitions.join(',') || '-',
          ms(k.pfailMs),
          ms(k.failMs),
          ms(k.promotedMs),
          String(k.newMasterPort ?? '-'),
          ms(k.firstEnqueueAfterPromotionMs),
          ms(k.firstCompletionAfterPromotionMs),
          ms(k.restartedMs),
          ms(k.rejoinedMs),
          rejoined(k),
        ]),
      ),
      '  (ms after the fault; "write +" / "done +": first enqueue ack / completion on the victim\'s partitions, ms after the promotion was seen)',
      '',
    );
  }
  lines.push(...reconciliationLines(r));
  lines.push('');
  if (r.ok) lines.push('PASS: no acknowledged durable task lost, none stuck');
  else {
    lines.push('FAIL:');
    for (const p of r.problems) lines.push(`  - ${p}`);
  }
  return lines.join('\n');
}

/** The enqueues table: attempted, acked, unconfirmed, errored and lost, durable and plain. */
export function enqueueTable(rec: Reconciliation): string[] {
  return table(
    ['enqueues', 'attempted', 'acked', 'unconfirmed', 'errored', 'lost'],
    [
      enqueueRow('durable', rec.enqueued.durable, rec.lost.durable, true),
      enqueueRow('plain', rec.enqueued.plain, rec.lost.plain, false),
    ],
  );
}

/** The reconciliation, worker, waits and error lines every drill report prints. */
export function reconciliationLines(r: Pick<LoadOutcome, 'reconciliation' | 'worker' | 'waits' | 'errors'>): string[] {
  const rec = r.reconciliation;
  const lines: string[] = [];
  const u = rec.unconfirmed;
  lines.push(
    `lost (acked, never run, not in Redis)  durable ${rec.lost.durable}, plain ${rec.lost.plain}${rec.lost.sample.length ? `  e.g. ${rec.lost.sample.slice(0, 3).join(', ')}` : ''}`,
    `duplicates (run more than once)        ${rec.duplicates.tasks} task(s), ${rec.duplicates.extraRuns} extra run(s)`,
    `noack (client error, task in Redis)    ${rec.noack.present} of ${rec.noack.errored} errored (${rec.noack.checked} checked)`,
    `durable-unconfirmed (WAIT short)       ${u.total}: ${u.present} in Redis, ${u.missing} gone, ${u.processed} processed`,
    `stuck (not done after the drain)       ${rec.stuck.total}${rec.stuck.total ? ` ${JSON.stringify(rec.stuck.byState)}` : ''}`,
    `acked but not completed                ${rec.ackedNotCompleted} (failed ${rec.failed}, unchecked ${rec.unchecked}); forgotten after running ${rec.forgotten}`,
    `worker                                 ${r.worker.runs} run(s), ${r.worker.completed} completed, ${r.worker.leaseLost} lease(s) lost, ${r.worker.retried} retried`,
    `waits (enqueueAndWait)                 ${r.waits.started} started: ${r.waits.resolved} resolved, ${r.waits.failedClearly} failed clearly${
      Object.keys(r.waits.byCode).length
        ? ` (${Object.entries(r.waits.byCode)
            .map(([c, n]) => `${c} ${n}`)
            .join(', ')})`
        : ''
    }, ${r.waits.hung} hung, ${r.waits.wrongResult} wrong result`,
    `errors                                 producer ${r.errors.producer}, worker ${r.errors.worker}`,
  );
  for (const s of r.errors.producerSamples.slice(0, 5)) lines.push(`  producer: ${s}`);
  for (const s of r.errors.workerSamples.slice(0, 5)) lines.push(`  worker:   ${s}`);
  return lines;
}

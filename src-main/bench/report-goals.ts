/**
 * The goal lines of a bench report: each of the performance issue's goals, met or not and by how
 * much, computed from the result JSON alone.
 */
import { fmt, masterSpreadPct, ratioText, ratioVsBee, ratioVsBestBull, type BenchResult, type Target } from './report';
import type { ScenarioResult } from './scenarios';
import { spread } from './stats';
import type { SystemId } from './system';

export function goalLines(r: BenchResult): string[] {
  const byId = new Map(r.scenarios.map((s) => [s.id, s]));
  const ratios = (target: Target, id: SystemId, prefix: string) =>
    [1, 10, 50].map((c) => byId.get(`${target}:${prefix}${c}`)).filter((s): s is ScenarioResult => !!s?.systems?.[id]);
  const process = (target: Target) =>
    ratios(target, 'slotline', 'process-c')
      .map((s) => ratioText(s.ratio))
      .join(', ');
  const allProcess = (['single', 'cluster'] as const).flatMap((t) => ratios(t, 'slotline', 'process-c'));
  const met = (ok: boolean) => (ok ? 'met' : 'not met');
  const out: string[] = [];
  if (allProcess.length) {
    const p0 = (target: Target) =>
      ratios(target, 'slotline-prefetch0', 'process-c')
        .map((s) => ratioText(ratioVsBestBull(s, 'slotline-prefetch0')))
        .join(', ');
    const hasP0 = (['single', 'cluster'] as const).some((t) => p0(t) !== '');
    out.push(
      `- **Process ≥ 2.5× BullMQ at equal concurrency: ${met(allProcess.every((s) => (s.ratio ?? 0) >= 2.5))}** against BullMQ's defaults` +
        ` (single ${process('single') || '–'}; cluster ${process('cluster') || '–'} at concurrency 1, 10, 50).` +
        ` Slotline leases up to \`prefetch\` (100) tasks ahead, BullMQ fetches one next per slot; ` +
        (hasP0
          ? `with \`prefetch: 0\` Slotline against the best BullMQ row: single ${p0('single') || '–'}; cluster ${p0('cluster') || '–'}.`
          : 'this run has no `prefetch: 0` row to show what that is worth.'),
    );
  }
  const p99 = byId.get('single:latency-p99');
  if (p99?.systems?.slotline) {
    const floorP99 = r.latencyFloor.length ? spread(r.latencyFloor.map((f) => f.ping.p99)).median : NaN;
    out.push(
      `- **p99 enqueue → handler start ≤ 2 ms at 1k tasks/s: ${met(p99.systems.slotline.median <= 2)}** (${fmt(p99.systems.slotline.median, 'ms')} ms;` +
        ` BullMQ ${fmt(p99.systems.bullmq?.median, 'ms')} ms;` +
        (p99.systems['bee-queue'] ? ` Bee-Queue ${fmt(p99.systems['bee-queue'].median, 'ms')} ms;` : '') +
        ` a bare PING's p99 on the same server ${fmt(floorP99, 'ms')} ms).`,
    );
  }
  const clusterRows = r.scenarios.filter((s) => s.target === 'cluster' && s.commandStats?.slotline);
  if (clusterRows.length) {
    const worst = Math.max(...clusterRows.map((s) => masterSpreadPct(s.commandStats!.slotline!)));
    const x3 = clusterRows.filter((s) => s.commandStats?.['bullmq-x3']);
    const x3Worst = x3.length ? Math.max(...x3.map((s) => masterSpreadPct(s.commandStats!['bullmq-x3']!))) : NaN;
    out.push(
      `- **Per-master load within 10% on the cluster: ${met(worst <= 10)}** (largest gap ±${worst.toFixed(1)}% of the mean; BullMQ with one \`{bench}\` queue puts everything on one master` +
        (x3.length ? `; BullMQ ×3 queues, round-robin by call or chunk: ±${x3Worst.toFixed(1)}%).` : ').'),
    );
  }
  const enq = (['single', 'cluster'] as const).flatMap((t) =>
    ['enqueue', 'bulk'].map((k) => byId.get(`${t}:${k}`)).filter((s): s is ScenarioResult => !!s?.ratio),
  );
  if (enq.length) {
    out.push(
      `- **Enqueue ≥ 4× BullMQ: ${met(enq.every((s) => (s.ratio ?? 0) >= 4))}** (${enq.map((s) => `${s.target} ${s.id.endsWith('bulk') ? 'bulk' : 'one at a time'} ${ratioText(s.ratio)}`).join('; ')}).`,
    );
  }
  // Bee-Queue runs on the single server only (no cluster support).
  const vsBee = (ids: string[], min: number, what: string) => {
    const rows = ids
      .map((k) => byId.get(`single:${k}`))
      .filter((s): s is ScenarioResult => ratioVsBee(s ?? ({} as ScenarioResult), 'slotline') !== undefined);
    if (rows.length === 0) return;
    const each = rows.map((s) => `${s.id.slice('single:'.length)} ${ratioText(ratioVsBee(s, 'slotline'))}`);
    out.push(
      `- **${what} ≥ ${min}× Bee-Queue: ${met(rows.every((s) => ratioVsBee(s, 'slotline')! >= min))}** (one server: ${each.join('; ')}).`,
    );
  };
  vsBee(['enqueue', 'bulk'], 1.2, 'Enqueue');
  vsBee(['process-c1', 'process-c10', 'process-c50'], 2, 'Process');
  return out;
}
